"""GAN families, each a `keras.Model` trained with `fit`."""

from keras_gans.models.conditional import ConditionalGAN
from keras_gans.models.conditional import conditional_discriminator
from keras_gans.models.conditional import conditional_generator
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.dcgan import dcgan_discriminator
from keras_gans.models.dcgan import dcgan_generator
from keras_gans.models.gan import GAN
from keras_gans.models.gan import mlp_discriminator
from keras_gans.models.gan import mlp_generator

__all__ = [
    "ConditionalGAN",
    "DCGAN",
    "GAN",
    "conditional_discriminator",
    "conditional_generator",
    "dcgan_discriminator",
    "dcgan_generator",
    "mlp_discriminator",
    "mlp_generator",
]
