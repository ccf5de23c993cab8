"""VAE: the variational autoencoder GANs are compared with, on the base."""

from keras_gans.models.vae.model import VAE
from keras_gans.models.vae.networks import vae_decoder
from keras_gans.models.vae.networks import vae_encoder

__all__ = ["VAE", "vae_decoder", "vae_encoder"]
