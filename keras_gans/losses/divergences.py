"""f-GAN divergences, the boundary-seeking GAN and the π-weighted Jensen–Shannon cost."""

import math
import numbers

from keras import ops

from keras_gans._registry import register
from keras_gans.losses.adversarial import AdversarialLoss
from keras_gans.losses.adversarial import Minimax

LOG2 = math.log(2.0)


# Each divergence: the output activation g_f(v), the composition f*(g_f(v))
# in a closed form that stays finite for large |v| (f* is never applied to a
# raw logit), the generator function f(u) of Table 1 and the optimal logit
# v* = g_f^{-1}(f'(p/q)) as a function of log(p/q).
_DIVERGENCES = {
    "kl": {
        "activation": lambda v: v,
        "conjugate": lambda v: ops.exp(v - 1.0),
        "f": lambda u: u * ops.log(u),
        "optimal": lambda r: 1.0 + r,
    },
    "reverse_kl": {
        "activation": lambda v: -ops.exp(-v),
        "conjugate": lambda v: v - 1.0,  # -1 - log(exp(-v))
        "f": lambda u: -ops.log(u),
        "optimal": lambda r: r,
    },
    "pearson": {
        "activation": lambda v: v,
        "conjugate": lambda v: 0.25 * ops.square(v) + v,
        "f": lambda u: ops.square(u - 1.0),
        "optimal": lambda r: 2.0 * ops.expm1(r),
    },
    "neyman": {
        "activation": lambda v: -ops.expm1(-v),
        "conjugate": lambda v: 2.0 - 2.0 * ops.exp(-0.5 * v),  # 2 - 2 sqrt(1 - t)
        "f": lambda u: ops.square(1.0 - u) / u,
        "optimal": lambda r: 2.0 * r,
    },
    "squared_hellinger": {
        "activation": lambda v: -ops.expm1(-v),
        "conjugate": lambda v: ops.expm1(v),  # t / (1 - t)
        "f": lambda u: ops.square(ops.sqrt(u) - 1.0),
        "optimal": lambda r: 0.5 * r,
    },
    "jensen_shannon": {
        "activation": lambda v: LOG2 - ops.softplus(-v),
        "conjugate": lambda v: ops.softplus(v) - LOG2,  # -log(2 - exp(t))
        "f": lambda u: -(u + 1.0) * ops.log((1.0 + u) / 2.0) + u * ops.log(u),
        "optimal": lambda r: r,
    },
    "gan": {
        "activation": lambda v: -ops.softplus(-v),
        "conjugate": lambda v: ops.softplus(v),  # -log(1 - exp(t))
        "f": lambda u: u * ops.log(u) - (u + 1.0) * ops.log(u + 1.0),
        "optimal": lambda r: r,
    },
}

DIVERGENCES = tuple(_DIVERGENCES)


@register
class FDivergence(AdversarialLoss):
    """The variational f-divergence objective of f-GAN, one class for every f.

    The discriminator's raw output `v` goes through the divergence's output
    activation `T = g_f(v)` (which maps onto the domain of the convex
    conjugate f*) and the two players play
    `F = E_P[g_f(v(x))] - E_Q[f*(g_f(v(G(z))))]`, a lower bound on
    `D_f(P‖Q) = ∫ q f(p/q)` with P the data and Q the model, tight at
    `g_f(v) = f'(p/q)`. The discriminator minimises `-F` per example:
    `-g_f(v_real) + f*(g_f(v_fake))`; the generator minimises
    `-f*(g_f(v_fake))` (the paper's saddle point), or with
    `non_saturating=True` the paper's alternative `-g_f(v_fake)` (for
    `"gan"` this is the usual non-saturating GAN loss).

    f* is only ever evaluated on `g_f(v)`, in closed forms of `v` (softplus,
    exp, expm1), so the losses stay finite for |v| up to about 80 (float32).

    | divergence | f(u) | g_f(v) | f*(g_f(v)) |
    |---|---|---|---|
    | `kl` | u log u | v | exp(v − 1) |
    | `reverse_kl` | −log u | −exp(−v) | v − 1 |
    | `pearson` | (u − 1)² | v | v²/4 + v |
    | `neyman` | (1 − u)²/u | 1 − exp(−v) | 2 − 2 exp(−v/2) |
    | `squared_hellinger` | (√u − 1)² | 1 − exp(−v) | exp(v) − 1 |
    | `jensen_shannon` | u log u − (u+1) log((1+u)/2) | log 2 − softplus(−v) | softplus(v) − log 2 |
    | `gan` | u log u − (u+1) log(u+1) | −softplus(−v) | softplus(v) |

    Args:
        divergence: one of `"kl"`, `"reverse_kl"`, `"pearson"`, `"neyman"`,
            `"squared_hellinger"`, `"jensen_shannon"`, `"gan"`.
        non_saturating: if `True`, the generator maximises `E_Q[g_f(v)]`
            instead of minimising `-E_Q[f*(g_f(v))]`.

    Example:

    ```python
    import numpy as np
    import keras_gans

    loss = keras_gans.losses.FDivergence("reverse_kl")
    d = loss.discriminator_loss(np.array([1.0]), np.array([-1.0]))
    g = loss.generator_loss(np.array([-1.0]))
    same = keras_gans.losses.get("reverse_kl")
    ```

    Reference:
        [Nowozin et al., 2016. f-GAN: Training Generative Neural Samplers
        using Variational Divergence Minimization](
        https://arxiv.org/abs/1606.00709), Tables 1 and 2, eq. 6.
    """

    def __init__(self, divergence="gan", non_saturating=False):
        if not isinstance(divergence, str) or divergence not in _DIVERGENCES:
            raise ValueError(
                f"Unknown f-divergence. Received: divergence={divergence!r}. "
                f"Expected one of {list(DIVERGENCES)}."
            )
        if not isinstance(non_saturating, bool):
            raise ValueError(
                f"`non_saturating` must be a bool. Received: non_saturating={non_saturating!r}"
            )
        self.divergence = divergence
        self.non_saturating = non_saturating
        self._functions = _DIVERGENCES[divergence]

    @property
    def name(self):
        return self.divergence

    def activation(self, logits):
        """The output activation `g_f(v)`: the variational function T."""
        return self._functions["activation"](ops.cast(logits, "float32"))

    def conjugate_of_activation(self, logits):
        """`f*(g_f(v))`, computed in closed form from the raw logits `v`."""
        return self._functions["conjugate"](ops.cast(logits, "float32"))

    def f(self, ratio):
        """The generator function `f(u)` of the divergence (Table 1)."""
        return self._functions["f"](ops.cast(ratio, "float32"))

    def optimal_logits(self, log_ratio):
        """The logits at which the bound is tight: `g_f(v) = f'(p/q)`.

        Args:
            log_ratio: `log(p(x) / q(x))`, elementwise.
        """
        return self._functions["optimal"](ops.cast(log_ratio, "float32"))

    def real_term(self, real_logits):
        return -self.activation(real_logits)

    def fake_term(self, fake_logits):
        return self.conjugate_of_activation(fake_logits)

    def generator_term(self, fake_logits):
        if self.non_saturating:
            return -self.activation(fake_logits)
        return -self.conjugate_of_activation(fake_logits)

    def output(self, logits):
        return self.activation(logits)

    def get_config(self):
        return {"divergence": self.divergence, "non_saturating": self.non_saturating}

    def __hash__(self):
        return hash((type(self), self.divergence, self.non_saturating))

    def __repr__(self):
        return (
            f"FDivergence({self.divergence!r}"
            + (", non_saturating=True)" if self.non_saturating else ")")
        )


@register
class BoundarySeeking(Minimax):
    """The continuous boundary-seeking GAN (BGAN).

    The discriminator is the standard one (`sigmoid` of the logits, binary
    cross-entropy). The generator minimises `½(log D − log(1 − D))² =
    ½·logit²`: it pulls its samples onto the decision boundary D = ½, where
    the optimal discriminator's density ratio p/q is one.

    Example:

    ```python
    import numpy as np
    import keras_gans

    loss = keras_gans.losses.BoundarySeeking()
    g = loss.generator_loss(np.array([-3.0, 0.0]))  # [4.5, 0.0]
    ```

    Reference:
        [Hjelm et al., 2018. Boundary-Seeking Generative Adversarial
        Networks](https://arxiv.org/abs/1702.08431), eq. 8.
    """

    name = "boundary_seeking"

    def generator_term(self, fake_logits):
        return 0.5 * ops.square(fake_logits)


@register
class PiWeightedJS(AdversarialLoss):
    """Huszár's generalised Jensen–Shannon divergence JS_π(P‖Q).

    `JS_π(P‖Q) = π·KL(P‖M) + (1 − π)·KL(Q‖M)` with `M = πP + (1 − π)Q`,
    where **π weights P, the data** and 1 − π the model Q. The discriminator
    minimises the π-weighted binary cross-entropy
    `π·softplus(−v_real) + (1 − π)·softplus(v_fake)` (D = sigmoid(v), optimal
    D = πp / (πp + (1 − π)q)); at that optimum the negated loss equals
    `JS_π + π log π + (1 − π) log(1 − π)`. The generator minimises the
    divergence in its saturating form, `(1 − π)·log(1 − D(G(z)))` per example
    (`-(1 − π)·softplus(v_fake)`).

    The limits are the two KLs: `JS_π / π → KL(P‖Q)` as π → 0 (mode
    covering: the model spreads over every mode of the data), and
    `JS_π / (1 − π) → KL(Q‖P)` as π → 1 (mode seeking); π = ½ is the usual
    JS divergence.

    Args:
        pi: the weight of the data distribution, in (0, 1).

    Example:

    ```python
    import numpy as np
    import keras_gans

    loss = keras_gans.losses.PiWeightedJS(0.2)
    d = loss.discriminator_loss(np.array([1.0]), np.array([-1.0]))
    g = loss.generator_loss(np.array([-1.0]))
    ```

    Reference:
        [Huszár, 2015. How (not) to Train your Generative Model: Scheduled
        Sampling, Likelihood, Adversary?](https://arxiv.org/abs/1511.05101),
        section 4.
    """

    name = "pi_weighted_js"

    def __init__(self, pi=0.5):
        if (
            isinstance(pi, bool)
            or not isinstance(pi, numbers.Real)
            or not 0.0 < float(pi) < 1.0
        ):
            raise ValueError(f"`pi` must be a number in (0, 1). Received: pi={pi!r}")
        self.pi = float(pi)

    def real_term(self, real_logits):
        return self.pi * ops.softplus(-real_logits)

    def fake_term(self, fake_logits):
        return (1.0 - self.pi) * ops.softplus(fake_logits)

    def generator_term(self, fake_logits):
        return -(1.0 - self.pi) * ops.softplus(fake_logits)

    def output(self, logits):
        return ops.sigmoid(ops.cast(logits, "float32"))

    def get_config(self):
        return {"pi": self.pi}

    def __hash__(self):
        return hash((type(self), self.pi))

    def __repr__(self):
        return f"PiWeightedJS(pi={self.pi})"
