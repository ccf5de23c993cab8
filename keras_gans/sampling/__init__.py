"""Latent priors (names or TFP distributions, sampled with stateless seeds) and
latent-space tools: lerp/slerp, interpolation grids, analogies, J-diagrams,
attribute vectors and DCGAN-style vector arithmetic."""

from keras_gans.sampling.latent import analogy
from keras_gans.sampling.latent import attribute_vector
from keras_gans.sampling.latent import bias_corrected_attribute_vector
from keras_gans.sampling.latent import interpolation_grid
from keras_gans.sampling.latent import j_diagram
from keras_gans.sampling.latent import lerp
from keras_gans.sampling.latent import slerp
from keras_gans.sampling.latent import vector_arithmetic
from keras_gans.sampling.ppgn import PRESETS
from keras_gans.sampling.ppgn import PlugAndPlaySampler
from keras_gans.sampling.priors import deserialize_prior
from keras_gans.sampling.priors import get_prior
from keras_gans.sampling.priors import sample_prior
from keras_gans.sampling.priors import serialize_prior

__all__ = [
    "analogy",
    "attribute_vector",
    "bias_corrected_attribute_vector",
    "deserialize_prior",
    "get_prior",
    "interpolation_grid",
    "j_diagram",
    "lerp",
    "PlugAndPlaySampler",
    "PRESETS",
    "sample_prior",
    "serialize_prior",
    "slerp",
    "vector_arithmetic",
]
