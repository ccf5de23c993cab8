"""
Title: BiGAN on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Learn the inverse mapping x -> z with a bidirectional GAN; reconstruct through it.
Accelerator: None
"""

"""
## Introduction

A GAN learns a generator G: z -> x, but no way back. A
[BiGAN](https://arxiv.org/abs/1605.09782) (Donahue et al., 2017; the same
idea as [ALI](https://arxiv.org/abs/1606.00704)) adds an encoder E: x -> z
and lets the discriminator judge **pairs**: `(x, E(x))` for real images
against `(G(z), z)` for generated ones. The only way for G and E to fool it
is for the two joint distributions to match, which makes E the inverse of
G. `keras_gans.models.BiGAN` trains G and E together as one player (E on
the generator's loss with real and fake swapped), through `fit`.

In this example we train a small BiGAN on Fashion-MNIST, then show samples
and reconstructions `x -> E(x) -> G(E(x))` beside the originals, and
measure how linearly separable the classes are in E's latent space. It
runs offline on a CPU in a few minutes.
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
from keras_gans import metrics
from keras_gans import models
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
STEPS = 2000
LATENT_DIM = 32
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

`keras_gans.datasets.load` reads Fashion-MNIST from the disk and never
downloads; images come scaled to `[-1, 1]`. We keep the labels only to
score the encoder at the end. Without Fashion-MNIST the example falls back
to scikit-learn's digits at 16x16.
"""


def arrays(name, split, **kwargs):
    ds = datasets.load(name, split=split, with_labels=True, **kwargs)
    x, y = next(iter(ds.batch(100_000)))
    return x.numpy(), y.numpy()


try:
    x_train, y_train = arrays("fashion_mnist", "train")
    x_test, y_test = arrays("fashion_mnist", "test")
except FileNotFoundError:
    x_train, y_train = arrays("digits", "train", image_size=16)
    x_test, y_test = arrays("digits", "test", image_size=16)
image_shape = x_train.shape[1:]
print(f"Training on {len(x_train)} images of shape {image_shape}")

"""
## The model

The generator is a DCGAN generator; the encoder mirrors the DCGAN
discriminator (strided convolutions, LeakyReLU) and ends in a dense layer
of `LATENT_DIM` units; the discriminator has a convolutional branch for x,
a dense branch for z, and joins them. The prior is uniform on `[-1, 1]`,
as in the BiGAN paper, and the optimizers are DCGAN's Adam.
"""

bigan = models.BiGAN(
    models.dcgan_generator(image_shape, LATENT_DIM, filters=32),
    models.bigan_encoder(image_shape, LATENT_DIM, filters=32),
    models.bigan_discriminator(image_shape, LATENT_DIM, filters=32, hidden_units=256),
    prior="uniform",
    seed=SEED,
)
bigan.compile(
    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
)


def probe():
    """Linear-probe accuracy of E(x): an L2-SVM on 2,000 train, 1,000 test codes."""
    return metrics.linear_probe(
        bigan.encode(x_train[:2000]), y_train[:2000],
        bigan.encode(x_test[:1000]), y_test[:1000],
    )


untrained = probe()

"""
## Training

The logs are `d_loss`, D's mean outputs `d_real` on encoder pairs and
`d_fake` on generator pairs, and the losses `g_loss` of G and `e_loss` of E.
"""

train_ds = (
    tf.data.Dataset.from_tensor_slices(x_train)
    .shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True)
)
epochs = max(1, STEPS // 500)
start = time.time()
bigan.fit(train_ds, epochs=epochs, steps_per_epoch=max(1, STEPS // epochs), verbose=2)
print(f"Trained {STEPS} steps in {time.time() - start:.0f} s")

"""
## What the encoder learned

A linear classifier on E(x) is the BiGAN paper's test of the features
(the labels were never used in training). The same network before training
is the baseline: random convolutional features are far from useless.
"""

trained = probe()
print(f"Linear probe of E(x): {trained:.3f} trained, {untrained:.3f} untrained")

"""
## Samples and reconstructions

The picture has two rows of samples G(z), then pairs of rows: test images
and below each its reconstruction G(E(x)). A BiGAN reconstruction is not
pixel-exact (no loss asks for it): after a short run it keeps the class and
the rough shape more often than the details.
"""

samples = bigan.generate(24, seed=SEED)
originals = x_test[:36]
reconstructions = bigan.reconstruct(originals)
rows = [image_grid(samples, rows=2)]
for i in range(3):
    rows.append(image_grid(originals[12 * i: 12 * (i + 1)], rows=1))
    rows.append(image_grid(reconstructions[12 * i: 12 * (i + 1)], rows=1))
width = rows[0].shape[1]
gap = np.full((4, width, rows[0].shape[2]), 255, np.uint8)
picture = np.concatenate([rows[0], gap] + [r for pair in zip(rows[1::2], rows[2::2])
                                           for r in (*pair, gap)], axis=0)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)
path = os.path.join(OUT_DIR, "bigan_fashion_mnist.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")
