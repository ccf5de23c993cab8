"""
Title: pix2pix: from edge maps to garments
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Train pix2pix to draw Fashion-MNIST garments from their edge maps.
Accelerator: None
"""

"""
## Introduction

[pix2pix](https://arxiv.org/abs/1611.07004) (Isola et al., 2017) is a
conditional GAN on image pairs: a U-Net generator maps an input image to an
output image, and a PatchGAN discriminator judges (input, output) pairs one
patch at a time. The generator's loss adds `λ·|target − output|` (λ = 100)
to the adversarial term: L1 alone gives blurry outputs, the GAN term makes
them sharp.

Here the pairs are `keras_gans.datasets.load("fashion_edges")`: each
Fashion-MNIST garment (28×28) and its thresholded Sobel edge map, built
offline. The example trains on CPU in a few minutes, keeps a moving average
of the generator with `GeneratorEMA`, and shows input, output and the true
garment for test edge maps.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

from keras_gans import callbacks
from keras_gans import datasets
from keras_gans import models
from keras_gans.callbacks import save_image_grid

SEED = 0
BATCH_SIZE = 32
STEPS = 1500
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

`fashion_edges` yields `(edges, garment)` pairs in `[-1, 1]`, deterministic,
from the local Fashion-MNIST files (it never downloads).
"""

edges, garments, _ = datasets.fashion_edges_arrays("train")
test_edges, test_garments, _ = datasets.fashion_edges_arrays("test")
print("pairs:", edges.shape, garments.shape)

"""
## The model

A U-Net with two halvings (28 → 14 → 7) and a 16×16 PatchGAN (the paper's
70×70 at 256 px, scaled down: each logit sees about half the image).
"""

gan = models.Pix2Pix(
    models.unet_generator((28, 28, 1), 1, filters=32),
    models.patchgan_discriminator((28, 28, 2), receptive_field=16, filters=32),
    l1_weight=100.0,
    seed=SEED,
)
gan.compile(
    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
)

"""
## Training

`fit(inputs, targets)`; `GeneratorEMA` averages the generator's weights and
`translate` then uses the average.
"""

n = min(len(edges), STEPS * BATCH_SIZE)
gan.fit(edges[:n], garments[:n], batch_size=BATCH_SIZE, epochs=1, verbose=2,
        callbacks=[callbacks.GeneratorEMA(decay=0.99)])

"""
## Results

Each row: test edge maps, pix2pix's garments, the true garments.
"""

outputs = gan.translate(test_edges[:8])
l1 = float(np.abs(gan.translate(test_edges[:500]) - test_garments[:500]).mean())
print(f"mean L1 to the true garment on 500 test pairs: {l1:.4f}")
grid = np.concatenate([test_edges[:8], outputs, test_garments[:8]])
save_image_grid(grid, os.path.join(OUT_DIR, "pix2pix_fashion_edges.png"), rows=3)
