"""The adversarial losses of the GAN literature, one class each."""

import keras
from keras import ops

from keras_gans._registry import register


def _per_example(values):
    """Averages every axis but the first, so a patch map counts as one example."""
    if len(values.shape) <= 1:
        return values
    return ops.mean(ops.reshape(values, (ops.shape(values)[0], -1)), axis=-1)


class AdversarialLoss:
    """Base class of an adversarial loss pair.

    A subclass implements `real_term`, `fake_term` (the discriminator's loss on
    real and on generated samples, elementwise) and `generator_term`; the
    public methods average each over the non-batch axes. `output` maps raw
    logits to what the discriminator "says" (a probability for the
    cross-entropy losses, the critic value otherwise): the models log its mean
    on real and on generated data.

    Example:

    ```python
    import numpy as np
    import keras_gans

    loss = keras_gans.losses.get("non_saturating")
    d = loss.discriminator_loss(np.array([2.0]), np.array([-2.0]))
    g = loss.generator_loss(np.array([-2.0]))
    ```
    """

    name = None

    def real_term(self, real_logits):
        raise NotImplementedError

    def fake_term(self, fake_logits):
        raise NotImplementedError

    def generator_term(self, fake_logits):
        raise NotImplementedError

    def output(self, logits):
        return logits

    def discriminator_loss(self, real_logits, fake_logits):
        """Per-example discriminator loss: the real term plus the fake term."""
        real_logits = ops.cast(real_logits, "float32")
        fake_logits = ops.cast(fake_logits, "float32")
        return _per_example(self.real_term(real_logits)) + _per_example(
            self.fake_term(fake_logits)
        )

    def generator_loss(self, fake_logits):
        """Per-example generator loss."""
        return _per_example(self.generator_term(ops.cast(fake_logits, "float32")))

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __eq__(self, other):
        return type(self) is type(other) and self.get_config() == other.get_config()

    def __hash__(self):
        return hash(type(self))

    def __repr__(self):
        return f"{type(self).__name__}()"


@register
class Minimax(AdversarialLoss):
    """The value function of the original GAN, for both players.

    The discriminator minimises `-log D(x) - log(1 - D(G(z)))`; the generator
    minimises `log(1 - D(G(z)))`, which saturates when D rejects its samples
    with confidence (the paper's warning). D is `sigmoid(logits)`.

    Reference:
        [Goodfellow et al., 2014](https://arxiv.org/abs/1406.2661), eq. 1.
    """

    name = "minimax"

    def real_term(self, real_logits):
        return ops.softplus(-real_logits)

    def fake_term(self, fake_logits):
        return ops.softplus(fake_logits)

    def generator_term(self, fake_logits):
        # log(1 - sigmoid(l)) = -softplus(l), computed without cancellation.
        return -ops.softplus(fake_logits)

    def output(self, logits):
        return ops.sigmoid(ops.cast(logits, "float32"))


@register
class NonSaturating(Minimax):
    """The original GAN with the generator maximising `log D(G(z))`.

    The discriminator's loss is the minimax one; the generator minimises
    `-log D(G(z))`, which gives strong gradients early in training.

    Reference:
        [Goodfellow et al., 2014](https://arxiv.org/abs/1406.2661), section 3.
    """

    name = "non_saturating"

    def generator_term(self, fake_logits):
        return ops.softplus(-fake_logits)


@register
class Wasserstein(AdversarialLoss):
    """The Wasserstein critic loss: `D(G(z)) - D(x)`, generator `-D(G(z))`.

    Needs a Lipschitz constraint on the critic (for example
    `keras_gans.losses.gradient_penalty`).

    Reference:
        [Arjovsky et al., 2017](https://arxiv.org/abs/1701.07875).
    """

    name = "wasserstein"

    def real_term(self, real_logits):
        return -real_logits

    def fake_term(self, fake_logits):
        return fake_logits

    def generator_term(self, fake_logits):
        return -fake_logits


@register
class Hinge(AdversarialLoss):
    """The hinge loss: `relu(1 - D(x)) + relu(1 + D(G(z)))`, generator `-D(G(z))`.

    Reference:
        [Lim & Ye, 2017](https://arxiv.org/abs/1705.02894);
        [Miyato et al., 2018](https://arxiv.org/abs/1802.05957).
    """

    name = "hinge"

    def real_term(self, real_logits):
        return ops.relu(1.0 - real_logits)

    def fake_term(self, fake_logits):
        return ops.relu(1.0 + fake_logits)

    def generator_term(self, fake_logits):
        return -fake_logits


@register
class LeastSquares(AdversarialLoss):
    """The least-squares GAN loss with targets a = 0, b = c = 1.

    The discriminator minimises `½(D(x) - 1)² + ½D(G(z))²`, the generator
    `½(D(G(z)) - 1)²`.

    Reference:
        [Mao et al., 2017](https://arxiv.org/abs/1611.04076), eq. 9.
    """

    name = "least_squares"

    def real_term(self, real_logits):
        return 0.5 * ops.square(real_logits - 1.0)

    def fake_term(self, fake_logits):
        return 0.5 * ops.square(fake_logits)

    def generator_term(self, fake_logits):
        return 0.5 * ops.square(fake_logits - 1.0)


minimax = Minimax()
non_saturating = NonSaturating()
wasserstein = Wasserstein()
hinge = Hinge()
least_squares = LeastSquares()

_BY_NAME = {
    loss.name: type(loss)
    for loss in (minimax, non_saturating, wasserstein, hinge, least_squares)
}


def get(identifier):
    """Returns an adversarial loss from a name, a config or an instance.

    Args:
        identifier: one of `"minimax"`, `"non_saturating"`, `"wasserstein"`,
            `"hinge"`, `"least_squares"`, `"boundary_seeking"`,
            `"pi_weighted_js"` (π = ½), or an f-divergence of
            `FDivergence` (`"kl"`, `"reverse_kl"`, `"pearson"`, `"neyman"`,
            `"squared_hellinger"`, `"jensen_shannon"`, `"gan"`); a dict from
            `keras.saving.serialize_keras_object`; or an `AdversarialLoss`.

    Returns:
        An `AdversarialLoss` instance.

    Example:

    ```python
    import keras_gans

    loss = keras_gans.losses.get("hinge")
    ```
    """
    if isinstance(identifier, AdversarialLoss):
        return identifier
    if isinstance(identifier, str):
        from keras_gans.losses import divergences

        if identifier in divergences.DIVERGENCES:
            return divergences.FDivergence(identifier)
        by_name = {
            **_BY_NAME,
            "boundary_seeking": divergences.BoundarySeeking,
            "pi_weighted_js": divergences.PiWeightedJS,
        }
        if identifier not in by_name:
            raise ValueError(
                f"Unknown adversarial loss. Received: loss={identifier!r}. Expected one "
                f"of {sorted(by_name) + list(divergences.DIVERGENCES)} or an AdversarialLoss."
            )
        return by_name[identifier]()
    if isinstance(identifier, dict):
        loss = keras.saving.deserialize_keras_object(identifier)
        if isinstance(loss, AdversarialLoss):
            return loss
    raise ValueError(
        "`loss` must be a loss name, a serialized loss or an AdversarialLoss. "
        f"Received: loss={identifier!r}"
    )
