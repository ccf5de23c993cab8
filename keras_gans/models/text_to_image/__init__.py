"""Text to image: GAN-CLS, GAN-INT, GAN-INT-CLS (Reed et al., 2016)."""

from keras_gans.models.text_to_image.model import TextToImageGAN
from keras_gans.models.text_to_image.networks import text_to_image_discriminator
from keras_gans.models.text_to_image.networks import text_to_image_generator

__all__ = ["TextToImageGAN", "text_to_image_discriminator", "text_to_image_generator"]
