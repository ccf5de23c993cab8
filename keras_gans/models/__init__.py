"""GAN families, each a `keras.Model` trained with `fit`, on one base.

`AdversarialModel` is the base every family builds on (see the guide
"Adding a family"); `Update` declares one gradient update of a step.
"""

from keras_gans.models.ali import ALI
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.bigan import BiGAN
from keras_gans.models.bigan import bigan_discriminator
from keras_gans.models.bigan import bigan_encoder
from keras_gans.models.conditional import ConditionalGAN
from keras_gans.models.conditional import conditional_discriminator
from keras_gans.models.conditional import conditional_generator
from keras_gans.models.conditional_vae import ConditionalVAE
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.dcgan import dcgan_discriminator
from keras_gans.models.dcgan import dcgan_generator
from keras_gans.models.gan import GAN
from keras_gans.models.mlp import mlp_discriminator
from keras_gans.models.mlp import mlp_generator
from keras_gans.models.vae import VAE
from keras_gans.models.vae import vae_decoder
from keras_gans.models.vae import vae_encoder

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
    "VAE",
    "vae_decoder",
    "vae_encoder",
    "ConditionalVAE",
    "ALI",
    "BiGAN",
    "bigan_discriminator",
    "bigan_encoder",
]
