"""
Title: ALI on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Adversarially learned inference: a stochastic encoder against a joint discriminator.
Accelerator: None
"""

"""
## Introduction

[ALI](https://arxiv.org/abs/1606.00704) (Dumoulin et al., 2017) plays
BiGAN's game, a discriminator telling encoder pairs `(x, z ~ q(z|x))` from
generator pairs `(G(z), z)`, but with a **stochastic** encoder: q(z|x) is
a Gaussian whose mean and scale the encoder outputs, sampled with the
reparameterisation trick (a `tfp.distributions.MultivariateNormalDiag`), so
the generator player's gradient flows through the sample. The prior is
N(0, I).

`keras_gans.models.ALI` trains through `fit`. In this example we train a
small ALI on Fashion-MNIST and show samples, reconstructions through the
posterior mean `G(E[z|x])`, and reconstructions through posterior draws
`G(z), z ~ q(z|x)`, which show how much the encoder is still unsure of.
We also score the encoder with a linear probe against its untrained self.
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
STEPS = 1500
LATENT_DIM = 32
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

Fashion-MNIST from the disk (never downloaded), scaled to `[-1, 1]`, with
labels kept only for the probe. Without Fashion-MNIST the example falls
back to scikit-learn's digits at 16x16.
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

The networks are BiGAN's builders: a DCGAN generator, a convolutional
encoder with `gaussian=True` (it outputs `2 * LATENT_DIM` numbers, the
mean and the pre-softplus scale of q(z|x)), and a joint discriminator with
a convolutional branch for x and a dense branch for z. As in the ALI paper
the discriminator learns more slowly than the generator and encoder
(Adam 1e-4 against 5e-4, beta_1 0.5), the setting of
`benchmarks/inference.py`.
"""

ali = models.ALI(
    models.dcgan_generator(image_shape, LATENT_DIM, filters=32),
    models.bigan_encoder(image_shape, LATENT_DIM, filters=32, gaussian=True),
    models.bigan_discriminator(image_shape, LATENT_DIM, filters=32, hidden_units=256),
    prior="normal",
    seed=SEED,
)
ali.compile(
    g_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
)


def probe():
    """Linear-probe accuracy of the posterior mean: 2,000 train, 1,000 test codes."""
    return metrics.linear_probe(
        ali.encode(x_train[:2000]), y_train[:2000],
        ali.encode(x_test[:1000]), y_test[:1000],
    )


untrained = probe()

"""
## Training

The logs are BiGAN's: `d_loss`, D's mean outputs `d_real` on encoder pairs
and `d_fake` on generator pairs, and the losses `g_loss` and `e_loss`.
"""

train_ds = (
    tf.data.Dataset.from_tensor_slices(x_train)
    .shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True)
)
epochs = max(1, STEPS // 500)
start = time.time()
ali.fit(train_ds, epochs=epochs, steps_per_epoch=max(1, STEPS // epochs), verbose=2)
print(f"Trained {STEPS} steps in {time.time() - start:.0f} s")

"""
## What the encoder learned

The labels were never used in training; a linear classifier on the
posterior mean tells how much class information the encoder picked up,
against the same network before training.
"""

trained = probe()
print(f"Linear probe of E[z|x]: {trained:.3f} trained, {untrained:.3f} untrained")

"""
## Samples and reconstructions

Two rows of samples G(z), z ~ N(0, I); then, for twelve test images, the
images, their reconstructions through the posterior mean and two
reconstructions through posterior draws (`encode(x, sample=True)`).
"""

samples = ali.generate(24, seed=SEED)
originals = x_test[:12]
through_mean = ali.reconstruct(originals)
draws = [ali.predict(ali.encode(originals, sample=True, seed=s), verbose=0) for s in (1, 2)]
rows = [image_grid(samples, rows=2)]
width, channels = rows[0].shape[1], rows[0].shape[2]
gap = np.full((4, width, channels), 255, np.uint8)
rows += [gap] + [image_grid(r, rows=1) for r in (originals, through_mean, *draws)]
picture = np.concatenate(rows, axis=0)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)
path = os.path.join(OUT_DIR, "ali_fashion_mnist.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")
