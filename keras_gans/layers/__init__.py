"""Reusable layers."""

from keras_gans.layers.highway import Highway
from keras_gans.layers.packing import PackSamples
from keras_gans.layers.packing import RepeatPacks

__all__ = ["Highway", "PackSamples", "RepeatPacks"]
