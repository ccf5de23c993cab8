"""GAN families, each a `keras.Model` trained with `fit`, on one base.

`AdversarialModel` is the base every family builds on (see the guide
"Adding a family"); `Update` declares one gradient update of a step.
"""

from keras_gans.models.acgan import ACGAN
from keras_gans.models.acgan import acgan_discriminator
from keras_gans.models.ali import ALI
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.began import BEGAN
from keras_gans.models.began import began_autoencoder
from keras_gans.models.began import began_generator
from keras_gans.models.bernoulli import BernoulliGenerator
from keras_gans.models.bigan import BiGAN
from keras_gans.models.bigan import bigan_discriminator
from keras_gans.models.bigan import bigan_encoder
from keras_gans.models.conditional import ConditionalGAN
from keras_gans.models.conditional import conditional_discriminator
from keras_gans.models.conditional import conditional_generator
from keras_gans.models.conditional_vae import ConditionalVAE
from keras_gans.models.cyclegan import CycleGAN
from keras_gans.models.dae import DenoisingAutoencoder
from keras_gans.models.dae import dae_network
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.dcgan import dcgan_discriminator
from keras_gans.models.dcgan import dcgan_generator
from keras_gans.models.feature_inverter import FeatureInverter
from keras_gans.models.gan import GAN
from keras_gans.models.gawwn import GAWWN
from keras_gans.models.gawwn import gawwn_discriminator
from keras_gans.models.gawwn import gawwn_generator
from keras_gans.models.gawwn import keypoint_completer
from keras_gans.models.image_networks import patchgan_discriminator
from keras_gans.models.image_networks import resnet_generator
from keras_gans.models.image_networks import unet_generator
from keras_gans.models.infogan import InfoGAN
from keras_gans.models.infogan import infogan_discriminator
from keras_gans.models.infogan import infogan_generator
from keras_gans.models.lapgan import LAPGAN
from keras_gans.models.lapgan import lapgan_coarse_discriminator
from keras_gans.models.lapgan import lapgan_coarse_generator
from keras_gans.models.lapgan import lapgan_residual_discriminator
from keras_gans.models.lapgan import lapgan_residual_generator
from keras_gans.models.mlp import mlp_discriminator
from keras_gans.models.mlp import mlp_generator
from keras_gans.models.packing import packed_discriminator
from keras_gans.models.pix2pix import Pix2Pix
from keras_gans.models.text_to_image import TextToImageGAN
from keras_gans.models.text_to_image import text_to_image_discriminator
from keras_gans.models.text_to_image import text_to_image_generator
from keras_gans.models.vae import VAE
from keras_gans.models.vae import vae_decoder
from keras_gans.models.vae import vae_encoder
from keras_gans.models.wgan import WGAN
from keras_gans.models.wgan import WGANGP
from keras_gans.models.wgan import wgan_critic

__all__ = [
    "ACGAN",
    "acgan_discriminator",
    "AdversarialModel",
    "ALI",
    "BEGAN",
    "began_autoencoder",
    "began_generator",
    "BiGAN",
    "bigan_discriminator",
    "bigan_encoder",
    "conditional_discriminator",
    "conditional_generator",
    "ConditionalGAN",
    "ConditionalVAE",
    "CycleGAN",
    "dae_network",
    "DCGAN",
    "dcgan_discriminator",
    "dcgan_generator",
    "DenoisingAutoencoder",
    "FeatureInverter",
    "GAN",
    "InfoGAN",
    "infogan_discriminator",
    "infogan_generator",
    "LAPGAN",
    "lapgan_coarse_discriminator",
    "lapgan_coarse_generator",
    "lapgan_residual_discriminator",
    "lapgan_residual_generator",
    "mlp_discriminator",
    "mlp_generator",
    "packed_discriminator",
    "patchgan_discriminator",
    "Pix2Pix",
    "resnet_generator",
    "unet_generator",
    "Update",
    "VAE",
    "vae_decoder",
    "vae_encoder",
    "WGAN",
    "wgan_critic",
    "WGANGP",
    "TextToImageGAN",
    "text_to_image_discriminator",
    "text_to_image_generator",
    "GAWWN",
    "gawwn_discriminator",
    "gawwn_generator",
    "keypoint_completer",
    "BernoulliGenerator",
]
