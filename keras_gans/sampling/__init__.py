"""Latent priors: names or TFP distributions, sampled with stateless seeds."""

from keras_gans.sampling.priors import deserialize_prior
from keras_gans.sampling.priors import get_prior
from keras_gans.sampling.priors import sample_prior
from keras_gans.sampling.priors import serialize_prior

__all__ = ["deserialize_prior", "get_prior", "sample_prior", "serialize_prior"]
from keras_gans.sampling.ppgn import PRESETS  # noqa: E402
from keras_gans.sampling.ppgn import PlugAndPlaySampler  # noqa: E402

__all__ += ["PRESETS", "PlugAndPlaySampler"]
