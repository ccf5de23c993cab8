"""
Title: BEGAN on Fashion-MNIST: the equilibrium controller and M_global
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/04
Description: An autoencoder discriminator, its equilibrium controller and M_global.
Accelerator: None
"""

"""
## Introduction

[BEGAN](https://arxiv.org/abs/1703.10717) uses an **autoencoder** as the
discriminator: `L(v) = mean |v − AE(v)|` is low for images the autoencoder
knows. The autoencoder minimises `L(x) − k_t·L(G(z))`, the generator
minimises `L(G(z))`, and a proportional controller keeps the two in the
ratio γ:

`k_{t+1} = clip(k_t + λ_k·(γ·L(x) − L(G(z))), 0, 1)`.

The convergence measure `M_global = L(x) + |γ·L(x) − L(G(z))|`
falls as the samples improve, the paper says: a GAN loss that tracks
quality. On Fashion-MNIST at this scale that holds only while the samples
are still blobs; once the generator collapses to a few garment classes,
M_global keeps falling while FID rises (`benchmarks/RESULTS.md`).
`keras_gans.models.BEGAN` keeps k_t as saved controller state (a `.keras`
file resumes it exactly) and logs `k`, `m_global` and `balance`.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import time

import keras
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from keras_gans import datasets
from keras_gans import models
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 16
EPOCHS = 12
STEPS_PER_EPOCH = 250
LATENT_DIM = 64
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

try:
    images = datasets.load("fashion_mnist")
    dataset_name = "Fashion-MNIST"
except FileNotFoundError:
    images = datasets.load("digits", image_size=16)
    dataset_name = "digits (Fashion-MNIST not found)"
image_shape = tuple(images.element_spec.shape)
print(f"Training on {dataset_name}, images of shape {image_shape}")
train_ds = images.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True)

"""
## The model

The paper's networks (3x3 convolutions with ELU, no batch norm, nearest
upsampling; the generator has the decoder's architecture) at 16 filters
and a 64-dimensional z and h, γ = 0.5 and the paper's Adam(1e-4,
β₁ = 0.5), with batch 16.

One departure from the paper: λ_k = 0.01 instead of 0.001. Half of every
Fashion-MNIST image is the −1 background, and while k is near 0 the
generator only minimises L(G(z)), so it drifts to dim blobs that the
autoencoder reconstructs well. With the paper's gain k needs thousands of
steps to grow; ten times the gain lets the controller push back within
the first ~1,500 steps (`benchmarks/RESULTS.md`, "γ at a budget where
BEGAN leaves the blob stage").
"""

began = models.BEGAN(
    models.began_generator(image_shape, latent_dim=LATENT_DIM, filters=16),
    models.began_autoencoder(image_shape, hidden_dim=LATENT_DIM, filters=16),
    gamma=0.5,
    lambda_k=0.01,
    seed=SEED,
)
began.compile(
    g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
)

start = time.time()
history = began.fit(train_ds, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, verbose=2)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} steps in {time.time() - start:.0f} s")

"""
## Samples, M_global and k
"""

samples = began.generate(48, seed=SEED).clip(-1, 1)
steps = [STEPS_PER_EPOCH * (i + 1) for i in range(EPOCHS)]
figure, axes = plt.subplots(1, 3, figsize=(14, 4.5), width_ratios=[1.4, 1, 1])
axes[0].imshow(image_grid(samples, rows=6).squeeze(), cmap="gray")
axes[0].set_title("BEGAN samples")
axes[0].axis("off")
axes[1].plot(steps, history.history["m_global"], "o-")
axes[1].set_title("M_global (mean per epoch)")
axes[1].set_xlabel("steps")
axes[2].plot(steps, history.history["k"], "o-")
axes[2].set_title("k_t (mean per epoch)")
axes[2].set_xlabel("steps")
figure.tight_layout()
path = os.path.join(OUT_DIR, "began_fashion_mnist.png")
figure.savefig(path, dpi=100)
print("saved", path)
