"""
Title: A conditional VAE on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Condition a VAE on the class label; generate each class, move images across classes.
Accelerator: None
"""

"""
## Introduction

A conditional VAE ([Sohn et al., 2015](https://papers.nips.cc/paper/5775-learning-structured-output-representation-using-deep-conditional-generative-models);
[Kingma et al., 2014](https://arxiv.org/abs/1406.5298)) gives the class
label to both the encoder q(z|x, y) and the decoder p(x|z, y). The prior
on z stays N(0, I), so z is left to carry what the label does not say:
the style (thickness, brightness, size) rather than the kind of garment.

`keras_gans.models.ConditionalVAE` trains with `fit` on `(images, labels)`.
In this example we train it on binarised Fashion-MNIST, estimate the
log-likelihood of test images given their labels, generate every class
from the same latents, and move test images to other classes by keeping
their code z and changing the label.
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
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
STEPS = 2000
LATENT_DIM = 16
NUM_CLASSES = 10
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

Images with their labels, binarised with a fixed threshold (a pixel is on
when its grey level is above 127.5) for the Bernoulli likelihood. Without
Fashion-MNIST the example falls back to scikit-learn's digits at 16x16
(also 10 classes).
"""


def arrays(name, split, **kwargs):
    ds = datasets.load(name, split=split, with_labels=True, **kwargs)
    x, y = next(iter(ds.batch(100_000)))
    return np.where(x.numpy() > 0, 1.0, -1.0).astype("float32"), y.numpy().astype("int32")


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

`vae_encoder` and `vae_decoder` with `num_classes` take the label as a
second input (one-hot, joined to the convolutional features of the image
in the encoder and to z in the decoder).
"""

cvae = models.ConditionalVAE(
    models.vae_encoder(image_shape, LATENT_DIM, filters=32, num_classes=NUM_CLASSES),
    models.vae_decoder(image_shape, LATENT_DIM, filters=32, num_classes=NUM_CLASSES),
    latent_dim=LATENT_DIM,
    num_classes=NUM_CLASSES,
    seed=SEED,
)
cvae.compile(optimizer=keras.optimizers.Adam(1e-3))

"""
## Training

`fit` takes `(images, labels)` batches; the logs are the `elbo` and its
`reconstruction` and `kl` terms, as for the VAE.
"""

train_ds = (
    tf.data.Dataset.from_tensor_slices((x_train, y_train))
    .shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True)
)
epochs = max(1, STEPS // 500)
start = time.time()
cvae.fit(train_ds, epochs=epochs, steps_per_epoch=max(1, STEPS // epochs), verbose=2)
print(f"Trained {STEPS} steps in {time.time() - start:.0f} s")

"""
## Log-likelihood given the label

The ELBO and the importance-weighted estimate of log p(x | y) for 100 test
images (500 posterior samples each; `benchmarks/inference.py` runs the
5,000-sample protocol).
"""

test, labels = x_test[:100], y_test[:100]
elbo = cvae.elbo(test, labels=labels, num_samples=10)
log_px = cvae.log_likelihood(test, labels=labels, num_samples=500, batch_size=10)
print(f"ELBO {elbo.mean():.1f} nats, importance-weighted log p(x|y) {log_px.mean():.1f} nats")

"""
## Every class from the same latents

Top block: ten rows, one per class; the twelve columns share their z
(drawn from the prior), so a column keeps its style across classes.

Bottom block: eight test images (first column) encoded with their own
label, then decoded with each of the ten labels (the next ten columns).
If z held only the style, the garment would follow the label and z would
keep the rest; after a short run the encoder, which sees the image, still
puts much of the class into z, so the garment often stays (see the
gallery page).
"""

z = np.random.default_rng(SEED).standard_normal((12, LATENT_DIM)).astype("float32")
by_class = np.concatenate([
    cvae.decode(z, labels=np.full(12, c, "int32")) for c in range(NUM_CLASSES)
])
top = image_grid(by_class, rows=NUM_CLASSES)

sources, source_labels = x_test[:8], y_test[:8]
codes = cvae.encode(sources, labels=source_labels)
rows = []
for i in range(len(sources)):
    moved = cvae.decode(np.repeat(codes[i: i + 1], NUM_CLASSES, axis=0),
                        labels=np.arange(NUM_CLASSES, dtype="int32"))
    rows.append(np.concatenate([sources[i: i + 1], moved]))
bottom = image_grid(np.concatenate(rows), rows=len(sources))

width = max(top.shape[1], bottom.shape[1])


def pad(grid):
    right = np.full((grid.shape[0], width - grid.shape[1], grid.shape[2]), 255, np.uint8)
    return np.concatenate([grid, right], axis=1)


gap = np.full((6, width, top.shape[2]), 255, np.uint8)
picture = np.concatenate([pad(top), gap, pad(bottom)], axis=0)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)
path = os.path.join(OUT_DIR, "conditional_vae_fashion_mnist.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")
