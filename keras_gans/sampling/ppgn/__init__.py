"""Plug & Play Generative Networks: MALA-approx sampling with any classifier."""

from keras_gans.sampling.ppgn._checks import PRESETS
from keras_gans.sampling.ppgn.sampler import PlugAndPlaySampler

__all__ = ["PRESETS", "PlugAndPlaySampler"]
