"""keras_gans: classic GAN families as Keras models trained with `fit`."""

from keras_gans import callbacks
from keras_gans import datasets
from keras_gans import export
from keras_gans import losses
from keras_gans import metrics
from keras_gans import models
from keras_gans import sampling

__version__ = "0.1.0"

__all__ = [
    "callbacks",
    "datasets",
    "export",
    "losses",
    "metrics",
    "models",
    "sampling",
    "__version__",
]
