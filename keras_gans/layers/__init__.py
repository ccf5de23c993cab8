"""Reusable layers."""

from keras_gans.layers.highway import Highway

__all__ = ["Highway"]
