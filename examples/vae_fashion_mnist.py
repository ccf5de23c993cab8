"""
Title: A variational autoencoder on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Train a VAE with fit, estimate its log-likelihood, reconstruct and walk its latents.
Accelerator: None
"""

"""
## Introduction

The [variational autoencoder](https://arxiv.org/abs/1312.6114) (Kingma &
Welling, 2014) is the model GANs are most often compared with: an encoder
q(z|x), a decoder p(x|z) and a N(0, I) prior, trained on the evidence lower
bound (ELBO). Unlike a GAN it gives a number for how well it models the
data: the importance-weighted estimate of log p(x)
([Burda et al., 2016](https://arxiv.org/abs/1509.00519)).

`keras_gans.models.VAE` is built on the same base as the GAN families, so it
trains with `fit`, saves and resumes exactly and exports for TF Serving.
Here we train it on binarised Fashion-MNIST, report the ELBO and the
importance-weighted log-likelihood of test images, and show reconstructions
and a spherical walk between two encoded images.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import time

import keras
import numpy as np
import tensorflow as tf

from keras_gans import datasets
from keras_gans import models
from keras_gans import sampling
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
STEPS = 3000
LATENT_DIM = 16
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

Images come from the disk in `[-1, 1]`. We binarise them with a fixed
threshold (a pixel is on when its grey level is above 127.5, i.e. above 0
after scaling), the usual protocol for a Bernoulli likelihood: the VAE then
models `(x + 1) / 2`, which is exactly 0 or 1.
"""


def arrays(name, split, **kwargs):
    ds = datasets.load(name, split=split, **kwargs)
    return next(iter(ds.batch(100_000))).numpy()


try:
    x_train, x_test = arrays("fashion_mnist", "train"), arrays("fashion_mnist", "test")
except FileNotFoundError:
    x_train = arrays("digits", "train", image_size=16)
    x_test = arrays("digits", "test", image_size=16)
x_train = np.where(x_train > 0, 1.0, -1.0).astype("float32")
x_test = np.where(x_test > 0, 1.0, -1.0).astype("float32")
image_shape = x_train.shape[1:]

"""
## The model

A convolutional encoder outputs the mean and (through softplus) the scale
of q(z|x); a transposed-convolutional decoder outputs one Bernoulli logit
per pixel.
"""

vae = models.VAE(
    models.vae_encoder(image_shape, LATENT_DIM, filters=32),
    models.vae_decoder(image_shape, LATENT_DIM, filters=32),
    latent_dim=LATENT_DIM,
    likelihood="bernoulli",
    seed=SEED,
)
vae.compile(optimizer=keras.optimizers.Adam(1e-3))

"""
## Training

The logs are the `elbo` (nats per image, higher is better), its
`reconstruction` term -E_q[log p(x|z)] and the `kl` term.
"""

train_ds = (
    tf.data.Dataset.from_tensor_slices(x_train)
    .shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True)
)
epochs = max(1, STEPS // 500)
start = time.time()
vae.fit(train_ds, epochs=epochs, steps_per_epoch=max(1, STEPS // epochs), verbose=2)
print(f"Trained {STEPS} steps in {time.time() - start:.0f} s")

"""
## How well does it model the test images?

The ELBO is a lower bound on log p(x); the importance-weighted estimate
with K posterior samples is a tighter one (at least the ELBO, in
expectation). Papers use K = 5,000; to keep the example quick we use 500
samples on 100 test images (`benchmarks/inference.py` runs the full
protocol).
"""

test = x_test[:100]
elbo = vae.elbo(test, num_samples=10)
log_px = vae.log_likelihood(test, num_samples=500, batch_size=10)
print(f"ELBO {elbo.mean():.1f} nats, importance-weighted log p(x) {log_px.mean():.1f} nats")

"""
## Reconstructions and a latent walk

Top: pairs of rows, test images and their reconstructions (the decoder's
mean for the posterior mean). Bottom: three walks along the great circle
between the codes of two test images (`sampling.slerp`), which keeps the
norm typical of the prior along the way.
"""

originals = x_test[:30]
reconstructions = vae.reconstruct(originals)
codes = vae.encode(x_test[30:36])
walks = np.concatenate([sampling.slerp(codes[2 * i], codes[2 * i + 1], 10) for i in range(3)])
walk_images = vae.decode(walks)
rows = []
for i in range(3):
    rows += [image_grid(originals[10 * i: 10 * (i + 1)], rows=1),
             image_grid(reconstructions[10 * i: 10 * (i + 1)], rows=1)]
walk_grid = image_grid(walk_images, rows=3)
gap = np.full((6, walk_grid.shape[1], walk_grid.shape[2]), 255, np.uint8)
picture = np.concatenate(rows + [gap, walk_grid], axis=0)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)
path = os.path.join(OUT_DIR, "vae_fashion_mnist.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")
