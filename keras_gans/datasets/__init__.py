"""Datasets for GAN training, loaded offline as unbatched `tf.data.Dataset`s.

Example:
>>> from keras_gans import datasets
>>> datasets.available()
['digits', 'fashion_mnist', 'gaussian_1d', 'grid', 'ring']
>>> ds = datasets.load("fashion_mnist", image_size=32).shuffle(10_000).batch(128)
"""

from keras_gans.datasets._images import read_idx
from keras_gans.datasets._loaders import (
    DATASETS,
    available,
    load,
    load_arrays,
    toy_modes,
    toy_spec,
)

__all__ = [
    "DATASETS",
    "available",
    "load",
    "load_arrays",
    "read_idx",
    "toy_modes",
    "toy_spec",
]
