"""GAN families, each a `keras.Model` trained with `fit`, on one base.

`AdversarialModel` is the base every family builds on (see the guide
"Adding a family"); `Update` declares one gradient update of a step.
"""

from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.conditional import ConditionalGAN
from keras_gans.models.conditional import conditional_discriminator
from keras_gans.models.conditional import conditional_generator
from keras_gans.models.cyclegan import CycleGAN
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.dcgan import dcgan_discriminator
from keras_gans.models.dcgan import dcgan_generator
from keras_gans.models.gan import GAN
from keras_gans.models.image_networks import patchgan_discriminator
from keras_gans.models.image_networks import resnet_generator
from keras_gans.models.image_networks import unet_generator
from keras_gans.models.mlp import mlp_discriminator
from keras_gans.models.mlp import mlp_generator
from keras_gans.models.pix2pix import Pix2Pix

__all__ = [
    "AdversarialModel",
    "Update",
    "ConditionalGAN",
    "DCGAN",
    "GAN",
    "conditional_discriminator",
    "conditional_generator",
    "dcgan_discriminator",
    "dcgan_generator",
    "mlp_discriminator",
    "mlp_generator",
    "Pix2Pix",
    "patchgan_discriminator",
    "resnet_generator",
    "unet_generator",
    "CycleGAN",
]
