"""
Title: f-GAN: which Gaussian does each divergence fit to two modes?
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: One Gaussian fitted to two modes per f-divergence, and the π sweep.
Accelerator: None
"""

"""
## Introduction

[f-GAN](https://arxiv.org/abs/1606.00709) turns any f-divergence
`D_f(P‖Q) = ∫ q f(p/q)` into an adversarial game: the discriminator's raw
output `v` goes through an output activation `g_f(v)` and the two players
play `E_P[g_f(v)] − E_Q[f*(g_f(v))]`, where f* is the convex conjugate of
f. The classic experiment of the paper fits a **single Gaussian** to a
**mixture of two** — the model cannot be right, so the divergence decides
how it is wrong:

- `kl` (KL(P‖Q)) punishes the model for missing data: it spreads over both
  modes;
- `reverse_kl` (KL(Q‖P)) punishes the model for putting mass where there is
  no data: it picks one mode;
- Jensen–Shannon lies between, closer to covering.

[Huszár (2015)](https://arxiv.org/abs/1511.05101) made the trade-off a
dial: the π-weighted Jensen–Shannon divergence `JS_π` behaves like KL(P‖Q)
as π → 0 and like KL(Q‖P) as π → 1.

`keras_gans.losses.FDivergence(name)` and `keras_gans.losses.PiWeightedJS(pi)`
are plain losses: any family of the library trains with them.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from scipy import stats

from keras_gans import losses
from keras_gans import models

STEPS = 2000  # Generator updates per fit (5 discriminator updates each).
BATCH_SIZE = 256
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)

"""
## The data and the model

The data is ½N(−2, 0.5²) + ½N(2, 0.5²). The generator is one `Dense` unit
on a 1-D normal latent, `x = μ + σz`: its kernel is σ and its bias μ. It
starts at μ = 1, σ = 1, between the modes and a little to the right (the
reverse KL has a poor local minimum at μ = 0 that a symmetric start would
fall into). The discriminator is a small tanh MLP, updated five times per
generator update with a ten times larger learning rate, so that it stays
close to the optimum the variational bound needs.
"""


def sample_data(n, rng):
    return (rng.choice([-2.0, 2.0], n) + 0.5 * rng.normal(size=n)).astype("float32")


def fit_gaussian(loss, seed=0):
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential([
        keras.Input((1,)),
        keras.layers.Dense(
            1, kernel_initializer="ones", bias_initializer=keras.initializers.Constant(1.0)
        ),
    ])
    discriminator = models.mlp_discriminator(1, hidden_units=(32, 32), activation="tanh")
    gan = models.GAN(generator, discriminator, d_steps=5, seed=seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-2, beta_1=0.5),
        loss=loss,
        steps_per_execution=min(100, STEPS),  # Tiny networks: per-step overhead dominates.
    )
    x = sample_data(BATCH_SIZE * STEPS * 5, np.random.default_rng(seed))
    gan.fit(x[:, None], batch_size=BATCH_SIZE, epochs=1, verbose=0)
    kernel, bias = generator.get_weights()
    return float(bias[0]), abs(float(kernel[0, 0]))


"""
## One fit per divergence
"""

DIVERGENCES = ["kl", "reverse_kl", "squared_hellinger", "jensen_shannon"]
fits = {}
for name in DIVERGENCES:
    fits[name] = fit_gaussian(losses.FDivergence(name))
    print(f"{name:>18}: mu = {fits[name][0]:+.3f}, sigma = {fits[name][1]:.3f}")

"""
## The π sweep

Small π covers both modes, large π seeks one; `benchmarks/objectives.py`
computes where the exact optimum switches.
"""

PIS = [0.05, 0.3, 0.5, 0.9, 0.99]
sweep = {pi: fit_gaussian(losses.PiWeightedJS(pi)) for pi in PIS}
for pi, (mu, sigma) in sweep.items():
    print(f"pi = {pi:.2f}: mu = {mu:+.3f}, sigma = {sigma:.3f}")

"""
## The picture
"""

grid = np.linspace(-5, 5, 500)
density = 0.5 * stats.norm.pdf(grid, -2, 0.5) + 0.5 * stats.norm.pdf(grid, 2, 0.5)
figure, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
left.fill_between(grid, density, color="0.85", label="data")
for name, (mu, sigma) in fits.items():
    left.plot(grid, stats.norm.pdf(grid, mu, sigma), label=f"{name} (σ = {sigma:.2f})")
left.set_title(f"One Gaussian fitted per f-divergence ({STEPS} steps)")
left.set_xlabel("x")
left.legend(fontsize=8)
right.plot(PIS, [s for _, s in sweep.values()], "o-", label="fitted σ")
right.plot(PIS, [abs(m) for m, _ in sweep.values()], "s--", label="fitted |μ|")
right.set_xscale("logit")
right.set_xlabel("π (the weight of the data in JS_π)")
right.set_title("π-weighted JS: covering (σ ≈ 2) to seeking (σ ≈ 0.5)")
right.legend()
figure.tight_layout()
path = os.path.join(OUT_DIR, "fgan_divergences.png")
figure.savefig(path, dpi=100)
print("saved", path)
