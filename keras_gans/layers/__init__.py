"""Reusable layers."""

from keras_gans.layers.highway import Highway
from keras_gans.layers.seeded_dropout import SeededDropout

__all__ = ["Highway", "SeededDropout"]
