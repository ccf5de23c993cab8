"""Callbacks for GAN training: sample grids and evaluation metrics."""

from keras_gans.callbacks.evaluation import EvaluationCallback
from keras_gans.callbacks.evaluation import FIDCallback
from keras_gans.callbacks.grids import display_scale
from keras_gans.callbacks.grids import image_grid
from keras_gans.callbacks.grids import save_image_grid
from keras_gans.callbacks.sample_grid import SampleGrid

__all__ = [
    "EvaluationCallback",
    "FIDCallback",
    "SampleGrid",
    "display_scale",
    "image_grid",
    "save_image_grid",
]
