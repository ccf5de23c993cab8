"""Callbacks for GAN training: sample grids, evaluation metrics, run checkpoints."""

from keras_gans.callbacks.checkpoint import RunCheckpoint
from keras_gans.callbacks.collapse import CollapseMonitor
from keras_gans.callbacks.evaluation import EvaluationCallback
from keras_gans.callbacks.evaluation import FIDCallback
from keras_gans.callbacks.grids import display_scale
from keras_gans.callbacks.grids import image_grid
from keras_gans.callbacks.grids import save_image_grid
from keras_gans.callbacks.health import GeneratorEMA
from keras_gans.callbacks.health import NaNGuard
from keras_gans.callbacks.sample_grid import SampleGrid

__all__ = [
    "EvaluationCallback",
    "FIDCallback",
    "RunCheckpoint",
    "SampleGrid",
    "display_scale",
    "image_grid",
    "save_image_grid",
    "GeneratorEMA",
    "NaNGuard",
    "CollapseMonitor",
]
