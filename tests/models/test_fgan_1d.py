"""f-GAN in 1-D: a Gaussian x = μ + σz fitted to ½N(−2, 0.5²) + ½N(2, 0.5²).

The optimum of each divergence over single Gaussians is computed here, not
copied: D(P‖N(μ, σ²)) is integrated on a grid (a Riemann sum over [−12, 12],
24,001 points) and minimised with Nelder–Mead from four starts. The fit
starts every generator at μ = 1, σ = 1: the reverse KL also has a spurious
local minimum at μ = 0, σ ≈ 1.8 (value ≈ 1.88 against 0.69 at a mode), and
JS_π's covering solution stays a local minimum for every π, so the start
decides the basin; from (1, 1) the exact gradient flow reaches the mode for
π ≥ 0.95 and the covering solution for π ≤ 0.9.
"""

import keras
import numpy as np
import pytest
from scipy import optimize
from scipy import stats

from keras_gans import losses
from keras_gans import models

GRID = np.linspace(-12.0, 12.0, 24_001)
STEP = GRID[1] - GRID[0]
P = 0.5 * stats.norm.pdf(GRID, -2.0, 0.5) + 0.5 * stats.norm.pdf(GRID, 2.0, 0.5)
# Table 1 of Nowozin et al. in float64 (the library's f is float32).
F = {
    "kl": lambda u: u * np.log(u),
    "reverse_kl": lambda u: -np.log(u),
    "jensen_shannon": lambda u: -(u + 1) * np.log((1 + u) / 2) + u * np.log(u),
}


def _divergence(loss, mu, sigma):
    q = stats.norm.pdf(GRID, mu, sigma)
    if isinstance(loss, losses.PiWeightedJS):
        pi = loss.pi
        m = pi * P + (1 - pi) * q
        tiny = 1e-300
        kl_pm = np.where(P > 0, P * np.log(np.maximum(P, tiny) / np.maximum(m, tiny)), 0.0)
        kl_qm = np.where(q > 0, q * np.log(np.maximum(q, tiny) / np.maximum(m, tiny)), 0.0)
        return np.sum(pi * kl_pm + (1 - pi) * kl_qm) * STEP
    keep = (P > 1e-300) & (q > 1e-300)
    return np.sum(q[keep] * F[loss.divergence](P[keep] / q[keep])) * STEP


def optimum(loss):
    """(|μ|, σ) of the single Gaussian that minimises the divergence."""
    best = None
    for mu0 in (0.0, 1.9):
        for sigma0 in (0.5, 2.0):
            result = optimize.minimize(
                lambda t: _divergence(loss, t[0], np.exp(t[1])),
                [mu0, np.log(sigma0)],
                method="Nelder-Mead",
                options={"xatol": 1e-5, "fatol": 1e-10},
            )
            if best is None or result.fun < best.fun:
                best = result
    return abs(best.x[0]), float(np.exp(best.x[1]))


def fit_gaussian(loss, seed=0, steps=2000, batch_size=256):
    """Trains x = μ + σz against a small tanh MLP; returns the fitted (|μ|, σ)."""
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential(
        [
            keras.Input((1,)),
            keras.layers.Dense(
                1, kernel_initializer="ones", bias_initializer=keras.initializers.Constant(1.0)
            ),
        ]
    )
    discriminator = models.mlp_discriminator(1, hidden_units=(32, 32), activation="tanh")
    gan = models.GAN(generator, discriminator, d_steps=5, seed=seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-2, beta_1=0.5),
        loss=loss,
        steps_per_execution=100,  # Tiny networks: the per-step overhead dominates.
    )
    rng = np.random.default_rng(seed)
    n = batch_size * steps * 5
    x = rng.choice([-2.0, 2.0], n) + 0.5 * rng.normal(size=n)
    gan.fit(x.astype("float32")[:, None], batch_size=batch_size, epochs=1, verbose=0)
    kernel, bias = generator.get_weights()
    return abs(float(bias[0])), abs(float(kernel[0, 0]))


@pytest.mark.large
@pytest.mark.parametrize("divergence", ["kl", "reverse_kl", "jensen_shannon"])
def test_fgan_reaches_the_single_gaussian_optimum(divergence):
    loss = losses.FDivergence(divergence)
    best_mu, best_sigma = optimum(loss)
    mu, sigma = fit_gaussian(loss, steps=4000)  # KL converges the slowest.
    assert abs(sigma - best_sigma) < 0.15, (sigma, best_sigma)
    assert abs(mu - best_mu) < 0.3, (mu, best_mu)


@pytest.mark.large
def test_pi_weighted_js_covers_for_small_pi_and_seeks_for_large_pi():
    small, large = losses.PiWeightedJS(0.1), losses.PiWeightedJS(0.99)
    assert optimum(small)[1] > 1.9 and optimum(large)[1] < 0.6  # The two regimes.
    mu, sigma = fit_gaussian(small)
    assert sigma > 1.7 and mu < 0.5, (mu, sigma)  # Both modes covered.
    mu, sigma = fit_gaussian(large)
    assert sigma < 0.7 and mu > 1.6, (mu, sigma)  # One mode.
