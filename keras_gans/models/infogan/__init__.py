"""InfoGAN: latent codes made meaningful by maximising their mutual information."""

from keras_gans.models.infogan.model import InfoGAN
from keras_gans.models.infogan.networks import infogan_discriminator
from keras_gans.models.infogan.networks import infogan_generator

__all__ = ["InfoGAN", "infogan_discriminator", "infogan_generator"]
