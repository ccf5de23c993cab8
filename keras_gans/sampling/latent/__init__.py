"""Tools for the latent space: interpolation, analogies, attribute vectors.

After Tom White's "Sampling Generative Networks" (slerp instead of lerp,
analogies laid out as J-diagrams, attribute vectors and their bias
correction) and DCGAN's latent vector arithmetic (Radford et al., §6.3).
Everything works on NumPy arrays; the functions that make pictures take any
model with `generate` (GAN, BiGAN, ALI, VAE) and, for images given as
corners, `encode`.
"""

from keras_gans.sampling.latent.attributes import attribute_vector
from keras_gans.sampling.latent.attributes import bias_corrected_attribute_vector
from keras_gans.sampling.latent.interpolation import analogy
from keras_gans.sampling.latent.interpolation import interpolation_grid
from keras_gans.sampling.latent.interpolation import lerp
from keras_gans.sampling.latent.interpolation import slerp
from keras_gans.sampling.latent.pictures import j_diagram
from keras_gans.sampling.latent.pictures import vector_arithmetic

__all__ = [
    "analogy",
    "interpolation_grid",
    "lerp",
    "slerp",
    "attribute_vector",
    "bias_corrected_attribute_vector",
    "j_diagram",
    "vector_arithmetic",
]
