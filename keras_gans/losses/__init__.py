"""Adversarial losses and penalties.

Every loss follows one convention: `discriminator_loss(real_logits,
fake_logits)` and `generator_loss(fake_logits)` take the discriminator's raw
outputs of any rank (a patch discriminator's map included) and return one value
per example; the model reduces them.
"""

from keras_gans.losses.adversarial import AdversarialLoss
from keras_gans.losses.adversarial import Hinge
from keras_gans.losses.adversarial import LeastSquares
from keras_gans.losses.adversarial import Minimax
from keras_gans.losses.adversarial import NonSaturating
from keras_gans.losses.adversarial import Wasserstein
from keras_gans.losses.adversarial import get
from keras_gans.losses.adversarial import hinge
from keras_gans.losses.adversarial import least_squares
from keras_gans.losses.adversarial import minimax
from keras_gans.losses.adversarial import non_saturating
from keras_gans.losses.adversarial import wasserstein
from keras_gans.losses.divergences import BoundarySeeking
from keras_gans.losses.divergences import FDivergence
from keras_gans.losses.divergences import PiWeightedJS
from keras_gans.losses.penalties import gradient_penalty
from keras_gans.losses.penalties import r1_penalty

__all__ = [
    "AdversarialLoss",
    "Hinge",
    "LeastSquares",
    "Minimax",
    "NonSaturating",
    "Wasserstein",
    "get",
    "gradient_penalty",
    "hinge",
    "least_squares",
    "minimax",
    "non_saturating",
    "r1_penalty",
    "wasserstein",
    "BoundarySeeking",
    "FDivergence",
    "PiWeightedJS",
]
