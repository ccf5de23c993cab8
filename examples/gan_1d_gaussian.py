"""
Title: The original GAN on a 1-D Gaussian: minimax vs. non-saturating
Author: keras_gans developers
Date created: 2026/11/22
Last modified: 2026/11/22
Description: Reproduce Figure 1 of Goodfellow et al. (2014) and compare the two generator losses of the paper.
Accelerator: None
"""

"""
## Introduction

Figure 1 of [Generative Adversarial Nets](https://arxiv.org/abs/1406.2661)
explains the game in one dimension: latents `z` are drawn uniformly and
mapped by the generator `G` to samples `x = G(z)`; the discriminator
`D(x)` is the probability that `x` came from the data rather than from `G`.
At the equilibrium the generator's density equals the data's and `D(x) = 1/2`
everywhere.

The paper proposes two losses for the generator:

- **minimax**: minimise `log(1 - D(G(z)))`, the value function itself;
- **non-saturating**: maximise `log D(G(z))` instead, because early in
  training, when `D` rejects generated samples with high confidence,
  `log(1 - D(G(z)))` saturates and gives the generator little gradient.

Here we train the same small networks, from the same initial weights and with
the same latents, once with each loss, and draw the paper's figure for both.
Everything runs on CPU in well under a minute.
"""

"""
## Setup
"""

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from keras import ops  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import models  # noqa: E402

SEED = 1
BATCH_SIZE = 128
EPOCHS = 30
STEPS_PER_EPOCH = 100
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)

"""
## The data

`keras_gans.datasets` holds the paper's toy distribution offline: 10,000
draws from a normal distribution with mean 4 and standard deviation 0.5.
"""

data = datasets.load("gaussian_1d")
train_ds = data.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE)
real, _ = datasets.load_arrays("gaussian_1d")
print(f"data: mean {real.mean():.3f}, std {real.std():.3f}")

"""
## One GAN per loss

The generator maps a 1-D uniform latent through two hidden ReLU layers to
`x`; the discriminator is the same shape with one logit out. The latent
prior is the paper's uniform one (on `[-1, 1]`). Seeding Keras before
building each pair gives both runs the same initial weights; the model's
`seed` fixes the latents of every step.
"""


def train(loss):
    keras.utils.set_random_seed(SEED)
    gan = models.GAN(
        models.mlp_generator(latent_dim=1, output_dim=1, hidden_units=(32, 32)),
        models.mlp_discriminator(input_dim=1, hidden_units=(32, 32)),
        prior="uniform",
        seed=SEED,
    )
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        loss=loss,
    )
    history = gan.fit(
        train_ds, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, verbose=0
    )
    return gan, history.history


results = {loss: train(loss) for loss in ("minimax", "non_saturating")}

"""
## Samples against the data

After the same number of steps, how close is each generator to N(4, 0.5)?
"""

samples = {loss: gan.generate(10_000, seed=0)[:, 0] for loss, (gan, _) in results.items()}
print(f"{'':16s}{'mean':>8s}{'std':>8s}{'D(G(z))':>10s}")
print(f"{'data':16s}{real.mean():8.3f}{real.std():8.3f}")
for loss, (gan, history) in results.items():
    x = samples[loss]
    print(f"{loss:16s}{x.mean():8.3f}{x.std():8.3f}{history['d_fake'][-1]:10.3f}")

"""
## The paper's figure

For each loss we draw the data density (black, dotted), the generator's
density (green) as a histogram of 10,000 samples, and the discriminator
`D(x) = sigmoid(logit(x))` (blue, dashed) on a grid of `x`, as in Figure 1.
Below it, the mean `D(G(z))` per epoch shows how strongly the discriminator
rejected the generator during training.
"""

grid = np.linspace(-1.0, 7.0, 400, dtype="float32")[:, None]
data_density = np.exp(-0.5 * ((grid[:, 0] - 4.0) / 0.5) ** 2) / (0.5 * np.sqrt(2 * np.pi))
figure, axes = plt.subplots(
    2, 2, figsize=(10, 6), gridspec_kw={"height_ratios": [3, 1.2]}, sharex="row"
)
titles = {"minimax": "minimax: min log(1 - D(G(z)))",
          "non_saturating": "non-saturating: max log D(G(z))"}  # fmt: skip
for column, (loss, (gan, history)) in enumerate(results.items()):
    top, bottom = axes[0, column], axes[1, column]
    top.plot(grid[:, 0], data_density, "k:", lw=2, label="data N(4, 0.5)")
    top.hist(
        np.clip(samples[loss], grid[0, 0], grid[-1, 0]),
        bins=160,
        range=(grid[0, 0], grid[-1, 0]),
        density=True,
        color="tab:green",
        alpha=0.6,
        label="generator",
    )
    d_of_x = ops.convert_to_numpy(ops.sigmoid(gan.discriminator(grid, training=False)))
    top.plot(grid[:, 0], d_of_x[:, 0], "--", color="tab:blue", lw=2, label="D(x)")
    top.axhline(0.5, color="gray", lw=0.5)
    top.set_ylim(0, 1.6)
    top.set_title(titles[loss])
    top.set_xlabel("x")
    top.legend(loc="upper left", fontsize=8)
    epochs = np.arange(1, len(history["d_fake"]) + 1)
    bottom.plot(epochs, history["d_fake"], "o-", color="tab:red", ms=3)
    bottom.set_ylim(0, 1)
    bottom.set_xlabel("epoch")
    bottom.set_ylabel("mean D(G(z))")
figure.tight_layout()
path = os.path.join(OUT_DIR, "gan_1d_gaussian.png")
figure.savefig(path, dpi=80)
print(f"saved {path}")

"""
## What the figure shows

TODO: filled in from a run.
"""
