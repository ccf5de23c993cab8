"""Differentiable augmentation for the discriminator: DiffAugment and ADA's p."""

from keras_gans.augment.diffaugment import Adaptive
from keras_gans.augment.diffaugment import DiffAugment
from keras_gans.augment.diffaugment import get

__all__ = ["Adaptive", "DiffAugment", "get"]
