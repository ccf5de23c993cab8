"""
Title: The discrete boundary-seeking GAN on binary Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/06
Description: A Bernoulli generator trained by importance-weighted likelihood, no rollouts.
Accelerator: None
"""

"""
## Introduction

A GAN's generator cannot be trained by backpropagating through the
discriminator when its samples are discrete. The boundary-seeking GAN of
[Hjelm et al. (2018)](https://arxiv.org/abs/1702.08431) turns the
discriminator into importance weights instead: for a latent `z` draw M
samples `x^(m) ~ g(x | z)`, weight each by `w = D / (1 - D)` (the exponent
of D's logit), normalise the weights over the M samples, and maximise the
weighted log-likelihood `sum_m w~^(m) log g(x^(m) | z)`. No rollouts, no
REINFORCE variance from a baseline, and the same update works for token
sequences (`SequenceGenerator`) and binary images.

This example is the paper's discrete MNIST experiment on Fashion-MNIST
binarised at 0.5: `keras_gans.models.BernoulliGenerator` maps a latent to
independent Bernoulli pixels; `keras_gans.sequence.DiscreteBGAN` trains it.
As in the authors' code, the logits come from a DCGAN generator (batch norm,
5x5 transposed convolutions) with no output activation: an MLP generator
collapses on this data (see `benchmarks/RESULTS.md`).
It logs the effective sample size of the weights, `1 / sum w~^2` (M when D
cannot tell the samples apart, 1 when one sample takes all the weight).
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

from keras_gans import datasets
from keras_gans import models
from keras_gans import sequence

SEED = 0
BATCH_SIZE = 64
NUM_SAMPLES = 20  # M, the samples per latent (20 in the paper)
EPOCHS, STEPS_PER_EPOCH = 10, 100
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## Binary data

`datasets.load` returns images in `[-1, 1]`; a pixel is on when its
intensity is above one half. The data of this family lie in `[0, 1]`.
"""

try:
    images = datasets.load("fashion_mnist")
except FileNotFoundError:
    images = datasets.load("digits", image_size=16)
count = BATCH_SIZE * STEPS_PER_EPOCH
real = np.stack(list(images.take(count).as_numpy_iterator()))
binary = ((real + 1.0) / 2.0 > 0.5).astype("float32")
image_shape = binary.shape[1:]
print(binary.shape, "binary images; share of pixels on:", round(float(binary.mean()), 3))

"""
## The model
"""

discriminator = keras.Sequential(
    [
        keras.Input(image_shape),
        keras.layers.Conv2D(32, 4, strides=2, padding="same"),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Conv2D(64, 4, strides=2, padding="same"),
        keras.layers.LeakyReLU(0.2),
        keras.layers.Flatten(),
        keras.layers.Dense(1, dtype="float32"),
    ],
    name="discriminator",
)
network = models.dcgan_generator(image_shape, 64, filters=32, output_activation=None)
bgan = sequence.DiscreteBGAN(
    models.BernoulliGenerator(64, image_shape, network=network),
    discriminator,
    num_samples=NUM_SAMPLES,
    seed=SEED,
)
bgan.compile(
    g_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
)

"""
## Training

Each step: one discriminator update, then M = 20 samples for each of the 64
latents of the batch, weighted by D.
"""

history = bgan.fit(binary, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=2)
ess = history.history["ess"]

"""
## Samples and the effective sample size
"""

samples = bgan.generate(32, seed=1)
fig = plt.figure(figsize=(12, 4.5))
grid = fig.add_gridspec(2, 2, width_ratios=(2, 1))
for col, (title, shown) in enumerate((("real (binarised)", binary[:16]),
                                      ("DiscreteBGAN samples", samples[:16]))):
    ax = fig.add_subplot(grid[col, 0])
    ax.imshow(np.concatenate([np.concatenate(list(shown[i * 8:(i + 1) * 8, ..., 0]), axis=1)
                              for i in range(2)], axis=0), cmap="gray")
    ax.set_title(title)
    ax.set_axis_off()
ax = fig.add_subplot(grid[:, 1])
ax.plot(range(1, len(ess) + 1), ess, marker="o")
ax.set_ylim(1, NUM_SAMPLES)
ax.set_xlabel("epoch")
ax.set_ylabel("effective sample size (of M = 20)")
ax.set_title("ESS of the importance weights")
fig.tight_layout()
fig.savefig(os.path.join(OUT_DIR, "bgan_binary_fashion_mnist.png"), dpi=100)
print("saved", os.path.join(OUT_DIR, "bgan_binary_fashion_mnist.png"))
