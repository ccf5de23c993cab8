"""Datasets for GAN training, loaded offline as unbatched `tf.data.Dataset`s.

Example:
>>> from keras_gans import datasets
>>> datasets.available()
['digits', 'fashion_mnist', 'gaussian_1d', 'grid', 'ring']
>>> ds = datasets.load("fashion_mnist", image_size=32).shuffle(10_000).batch(128)
"""

from keras_gans.datasets._captioned import captioned_arrays as captioned_fashion_arrays
from keras_gans.datasets._captioned import held_out_compositions
from keras_gans.datasets._captioned import parse_caption
from keras_gans.datasets._edges import edge_arrays as fashion_edges_arrays
from keras_gans.datasets._edges import edge_maps
from keras_gans.datasets._images import read_idx
from keras_gans.datasets._loaders import DATASETS
from keras_gans.datasets._loaders import available
from keras_gans.datasets._loaders import load
from keras_gans.datasets._loaders import load_arrays
from keras_gans.datasets._loaders import toy_modes
from keras_gans.datasets._loaders import toy_spec

__all__ = [
    "DATASETS",
    "available",
    "captioned_fashion_arrays",
    "edge_maps",
    "fashion_edges_arrays",
    "held_out_compositions",
    "load",
    "load_arrays",
    "parse_caption",
    "read_idx",
    "toy_modes",
    "toy_spec",
]
