"""LAPGAN: the model (`model.py`) and each level's networks (`networks.py`)."""

from keras_gans.models.lapgan.model import LAPGAN
from keras_gans.models.lapgan.networks import lapgan_coarse_discriminator
from keras_gans.models.lapgan.networks import lapgan_coarse_generator
from keras_gans.models.lapgan.networks import lapgan_residual_discriminator
from keras_gans.models.lapgan.networks import lapgan_residual_generator

__all__ = [
    "LAPGAN",
    "lapgan_coarse_discriminator",
    "lapgan_coarse_generator",
    "lapgan_residual_discriminator",
    "lapgan_residual_generator",
]
