"""Reusable layers."""

from keras_gans.layers.fused_batch_norm import FusedBatchNormalization
from keras_gans.layers.highway import Highway
from keras_gans.layers.packing import PackSamples
from keras_gans.layers.packing import RepeatPacks
from keras_gans.layers.pyramid import LaplacianPyramid
from keras_gans.layers.pyramid import build_pyramid
from keras_gans.layers.pyramid import downsample
from keras_gans.layers.pyramid import reconstruct
from keras_gans.layers.pyramid import upsample
from keras_gans.layers.seeded_dropout import SeededDropout

__all__ = [
    "build_pyramid",
    "downsample",
    "FusedBatchNormalization",
    "Highway",
    "LaplacianPyramid",
    "PackSamples",
    "reconstruct",
    "RepeatPacks",
    "SeededDropout",
    "upsample",
]
