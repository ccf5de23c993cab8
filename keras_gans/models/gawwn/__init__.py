"""GAWWN: Learning What and Where to Draw (Reed et al., 2016)."""

from keras_gans.models.gawwn.model import GAWWN
from keras_gans.models.gawwn.networks import LocationMaps
from keras_gans.models.gawwn.networks import gawwn_discriminator
from keras_gans.models.gawwn.networks import gawwn_generator
from keras_gans.models.gawwn.networks import keypoint_completer

__all__ = ["GAWWN", "LocationMaps", "gawwn_discriminator", "gawwn_generator",
           "keypoint_completer"]
