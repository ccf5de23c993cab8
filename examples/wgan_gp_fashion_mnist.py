"""
Title: WGAN-GP on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: A critic with a gradient penalty, five critic updates per generator update.
Accelerator: None
"""

"""
## Introduction

The Wasserstein GAN replaces the discriminator by a **critic** f whose
score difference `E[f(x)] − E[f(G(z))]` estimates the earth mover's
distance when f is 1-Lipschitz. [Gulrajani et al.
(2017)](https://arxiv.org/abs/1704.00028) enforce the constraint softly
with a gradient penalty `λ·(‖∇f(x̂)‖₂ − 1)²` on random interpolates
`x̂ = εx + (1 − ε)G(z)`, one ε ~ U[0, 1] per example.

`keras_gans.models.WGANGP` is a `GAN` whose critic is trained `d_steps = 5`
times per generator update, each time on a new real batch (`fit` regroups
the data). `compile()` without arguments uses the paper's Adam(1e-4,
β₁ = 0, β₂ = 0.9). The critic must not use batch normalisation (the penalty
is per example): `keras_gans.models.wgan_critic` is DCGAN's discriminator
without it.
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
import numpy as np

from keras_gans import datasets
from keras_gans import models
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
EPOCHS = 4
STEPS_PER_EPOCH = 50  # Generator updates; each comes with 5 critic updates.
LATENT_DIM = 64
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

Fashion-MNIST from the local disk in [-1, 1] (or scikit-learn's digits,
resized to 16x16, when it is not installed). The batched dataset must
have a static batch size (`drop_remainder=True`) so that the model can
regroup it into five real batches per step.
"""

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
"""

wgan = models.WGANGP(
    models.dcgan_generator(image_shape, LATENT_DIM, filters=32),
    models.wgan_critic(image_shape, filters=32),
    gp_weight=10.0,
    d_steps=5,
    seed=SEED,
)
wgan.compile()  # Adam(1e-4, beta_1=0, beta_2=0.9) for both players.

"""
## Training

The logs: `d_loss` (the critic's loss with the penalty), `d_real` and
`d_fake` (its mean scores: their gap estimates the Wasserstein distance),
`gradient_penalty` and `g_loss`.
"""

start = time.time()
history = wgan.fit(train_ds, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, verbose=2)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} generator steps in {time.time() - start:.0f} s")

"""
## Samples and the critic's estimate of the distance
"""

samples = wgan.generate(48, seed=SEED)
gap = np.array(history.history["d_real"]) - np.array(history.history["d_fake"])
figure, (left, right) = plt.subplots(1, 2, figsize=(11, 5), width_ratios=[1.4, 1])
left.imshow(image_grid(samples, rows=6).squeeze(), cmap="gray")
left.set_title("WGAN-GP samples")
left.axis("off")
right.plot(np.arange(1, len(gap) + 1) * STEPS_PER_EPOCH, gap, "o-")
right.set_xlabel("generator steps")
right.set_ylabel("mean f(x) − mean f(G(z))")
right.set_title("The critic's Wasserstein estimate")
figure.tight_layout()
path = os.path.join(OUT_DIR, "wgan_gp_fashion_mnist.png")
figure.savefig(path, dpi=100)
print("saved", path)
