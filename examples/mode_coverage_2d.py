"""
Title: Mode coverage on the 2-D grid: one objective per panel
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/03
Description: The 25-mode grid with the non-saturating GAN, WGAN-GP, reverse KL, PacGAN and R1.
Accelerator: None
"""

"""
## Introduction

The 2-D grid (25 Gaussians at {−4, −2, 0, 2, 4}², std 0.05) is the mode
dropping test of VEEGAN, GDPP and PacGAN: a sample is *high quality*
within three standard deviations of its nearest mode, and a mode is
*covered* when one high-quality sample lands on it. This example trains the
same MLP generator (latent 2, two hidden layers of 128 ReLUs) with four
objectives of the library and draws 2,500 samples of each over the modes:

- the non-saturating GAN loss (`loss="non_saturating"`);
- WGAN-GP (`keras_gans.models.WGANGP`, a critic with gradient penalty);
- the reverse KL f-GAN (`loss="reverse_kl"`), mode seeking by design;
- PacGAN with packs of 4 (`keras_gans.models.packed_discriminator`).

A fifth panel is the configuration that covers every mode with sharp
samples in `benchmarks/objectives.py` (objective `r1`): the non-saturating
loss plus the R1 penalty of Mescheder et al. (γ/2·‖∇D(x)‖² on real samples,
`keras_gans.losses.r1_penalty`, added through the `discriminator_penalty`
hook), with γ and both learning rates decayed to 0 by a cosine, a deeper
generator (four hidden layers of 256) and discriminator (three of 256), and
20,000 generator updates.

`benchmarks/objectives.py` measures every objective over seeded runs.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import math
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from keras_gans import datasets
from keras_gans import losses
from keras_gans import metrics
from keras_gans import models

SEED = 0
STEPS = 4000  # Generator updates.
BATCH_SIZE = 128
R1_STEPS = 20000  # The R1 configuration's budget.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = R1_STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)

spec = datasets.toy_spec("grid")


class R1GAN(models.GAN):
    """A GAN whose discriminator also pays γ_t/2·‖∇D(x)‖² on real samples."""

    def __init__(self, *args, gamma, decay_steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.gamma, self.decay_steps = gamma, decay_steps

    def discriminator_penalty(self, real, fake, conditions, seed):
        # γ_t falls from γ to 0 with a cosine over the run, like the rates.
        done = keras.ops.minimum(
            keras.ops.cast(self.d_optimizer.iterations, "float32") / self.decay_steps, 1.0
        )
        gamma = self.gamma * 0.5 * (1.0 + keras.ops.cos(math.pi * done))
        score = lambda x: self.discriminator(x, training=True)  # noqa: E731
        return 0.5 * gamma * losses.r1_penalty(score, real)


def build(objective):
    keras.utils.set_random_seed(SEED)
    if objective == "R1":
        model = R1GAN(
            models.mlp_generator(2, 2, hidden_units=(256, 256, 256, 256)),
            models.mlp_discriminator(2, hidden_units=(256, 256, 256)),
            seed=SEED,
            gamma=0.1,
            decay_steps=R1_STEPS,
        )
        rates = [keras.optimizers.schedules.CosineDecay(1e-3, R1_STEPS) for _ in range(2)]
        model.compile(
            g_optimizer=keras.optimizers.Adam(rates[0], beta_1=0.5),
            d_optimizer=keras.optimizers.Adam(rates[1], beta_1=0.5),
            loss="non_saturating",
            steps_per_execution=min(100, R1_STEPS),
        )
        return model
    generator = models.mlp_generator(2, 2)
    if objective == "WGAN-GP":
        model = models.WGANGP(generator, models.mlp_discriminator(2), seed=SEED)
        model.compile(steps_per_execution=min(100, STEPS))  # Adam(1e-4, 0, 0.9)
        return model
    if objective == "PacGAN4":
        discriminator = models.packed_discriminator(models.mlp_discriminator(2 * 4), 4)
        loss = "non_saturating"
    else:
        discriminator, loss = models.mlp_discriminator(2), objective
    model = models.GAN(generator, discriminator, seed=SEED)
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        loss=loss,
        steps_per_execution=min(100, STEPS),  # Small networks: per-step overhead dominates.
    )
    return model


"""
## Training and scoring
"""

OBJECTIVES = ["non_saturating", "WGAN-GP", "reverse_kl", "PacGAN4", "R1"]
figure, axes = plt.subplots(1, 5, figsize=(20, 4.4))
for axis, objective in zip(axes, OBJECTIVES):
    model = build(objective)
    steps = R1_STEPS if objective == "R1" else STEPS
    x, _ = datasets.load_arrays("grid", num_samples=BATCH_SIZE * steps * model.d_steps, seed=SEED)
    model.fit(x, batch_size=BATCH_SIZE, epochs=1, shuffle=False, verbose=0)
    samples = model.generate(2500, seed=1)
    score = metrics.mode_coverage(samples, spec["means"], spec["std"], threshold=3.0)
    print(f"{objective}: {score['modes']} modes, {100 * score['high_quality']:.1f}% high quality")
    axis.scatter(samples[:, 0], samples[:, 1], s=2, alpha=0.4)
    axis.scatter(spec["means"][:, 0], spec["means"][:, 1], c="red", s=12, marker="x")
    axis.set_title(
        f"{objective}: {score['modes']}/25 modes, {100 * score['high_quality']:.0f}% HQ"
    )
    axis.set_xlim(-6, 6)
    axis.set_ylim(-6, 6)
    axis.set_aspect("equal")
figure.tight_layout()
path = os.path.join(OUT_DIR, "mode_coverage_2d.png")
figure.savefig(path, dpi=90)
print("saved", path)
