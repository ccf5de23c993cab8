"""
Title: LAPGAN on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: A Laplacian pyramid of GANs: a 7x7 image, refined to 14x14, then 28x28.
Accelerator: None
"""

"""
## Introduction

[LAPGAN](https://arxiv.org/abs/1506.05751) (Denton et al., 2015) does not
generate an image in one go. A Laplacian pyramid splits an image into a
small, blurry version and the *residuals* that add the detail of each finer
scale. LAPGAN trains one GAN per scale: a GAN for the smallest image, and at
every finer scale a conditional GAN whose generator takes the upsampled
coarser image (and a noise plane) and returns the residual to add. Sampling
runs the chain coarse to fine.

`keras_gans.models.LAPGAN` builds the pyramid with
`keras_gans.layers.build_pyramid` (2x2 mean to downsample, nearest neighbour
to upsample) and trains every level in the same `fit`, each level on the
*real* coarser images of the batch's pyramid. This example trains a
28 -> 14 -> 7 pyramid on Fashion-MNIST and shows the chain. It runs offline
on a CPU in about seven minutes.
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
from PIL import Image

from keras_gans import datasets
from keras_gans import layers
from keras_gans import models
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
EPOCHS = 8
STEPS_PER_EPOCH = 200
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The pyramid

With `levels=2` a 28x28 image becomes a 7x7 image and two residuals, of
14x14 and 28x28. `reconstruct` inverts the split exactly.
"""

x_test, _ = datasets.load_arrays("fashion_mnist", split="test")
pyramid = layers.build_pyramid(x_test[:4], 2)
print("pyramid shapes:", [tuple(p.shape) for p in pyramid])
error = np.abs(np.asarray(layers.reconstruct(pyramid)) - x_test[:4]).max()
print(f"reconstruction error: {error:.1e}")

images = datasets.load("fashion_mnist")
train_ds = (
    images.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(4)
)

"""
## The model

Level 0 (7x7) is a small DCGAN-style pair fed a 64-d uniform latent. Levels
1 and 2 are conditional pairs: the generator sees a uniform noise plane
stacked with the upsampled coarse image and outputs a residual; the
discriminator sees a residual with that coarse image. (`num_classes=10`
would add the class to every level, the paper's class-conditional model.)
"""

gan = models.LAPGAN(
    (28, 28, 1),
    levels=2,
    latent_dim=64,
    generator_filters=32,
    discriminator_filters=32,
    seed=SEED,
)
gan.compile(
    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
)

"""
## Training

`d_loss_k` and `g_loss_k` are the losses of level `k`; `d_loss` and `g_loss`
their sums.
"""

start = time.time()
gan.fit(train_ds, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, verbose=2)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} steps in {time.time() - start:.0f} s")

"""
## The chain

`generate(..., return_levels=True)` returns the image at every scale. Each
column is one sample; the rows are: the 7x7 image of level 0, the residual
level 1 adds (grey is zero), the 14x14 image, the residual of level 2, and
the final 28x28 image. Everything is shown at 28x28 (nearest neighbour).
"""


def to_28(images):
    while images.shape[1] < 28:
        images = np.asarray(layers.upsample(images))
    return images


levels = gan.generate(10, seed=SEED + 1, return_levels=True)
rows = [to_28(levels[0])]
for k in (1, 2):
    residual = levels[k] - np.asarray(layers.upsample(levels[k - 1]))
    rows += [to_28(residual / np.abs(residual).max()), to_28(np.clip(levels[k], -1, 1))]
grid = image_grid(np.concatenate(rows), rows=len(rows))
grid = np.repeat(np.repeat(grid, 2, axis=0), 2, axis=1)[..., 0]
path = os.path.join(OUT_DIR, "lapgan_fashion_mnist.png")
Image.fromarray(grid).save(path)
print(f"Saved {path}")

"""
The chain is consistent: the pyramid of a final image has the sampled 7x7
image at its top, because the generated residuals, like real ones, have
zero mean over every 2x2 block.
"""

top = np.asarray(layers.build_pyramid(levels[-1], 2)[0])
print(f"coarsest level of the final images vs the sampled 7x7: {np.abs(top - levels[0]).max():.1e}")

"""
## Run it

```shell
python examples/lapgan_fashion_mnist.py
```

It writes `lapgan_fashion_mnist.png` to `example_outputs/`
(`KERAS_GANS_EXAMPLE_OUT` changes the directory, `KERAS_GANS_EXAMPLE_STEPS=N`
trains only `N` steps).
"""
