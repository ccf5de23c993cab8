"""keras_gans: classic GAN families as Keras models trained with `fit`."""

from keras_gans import callbacks
from keras_gans import datasets
from keras_gans import export
from keras_gans import layers
from keras_gans import losses
from keras_gans import metrics
from keras_gans import models
from keras_gans import sampling
from keras_gans import sequence
from keras_gans import text

__version__ = "0.1.0"

__all__ = [
    "callbacks",
    "datasets",
    "export",
    "layers",
    "losses",
    "metrics",
    "models",
    "sampling",
    "sequence",
    "text",
    "__version__",
]
