"""
Title: CycleGAN: unpaired edges to garments
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Train CycleGAN on unpaired Fashion-MNIST edge maps and garments.
Accelerator: None
"""

"""
## Introduction

[CycleGAN](https://arxiv.org/abs/1703.10593) (Zhu et al., 2017) learns to
translate between two image domains without pairs: two generators A→B and
B→A, one discriminator per domain, and a cycle-consistency loss that asks
`G_BA(G_AB(a)) ≈ a` and `G_AB(G_BA(b)) ≈ b`. The discriminators train on a
history pool of generated images.

Here domain A is edge maps and domain B garments from
`keras_gans.datasets.load("fashion_edges", paired=False)`: the training
split's two domains are shuffled independently, so the model never sees a
true pair; the test split keeps the pairs, so we can compare its outputs
with the true garments. The picture shows input edges, the translation, and
the reconstruction back to edges.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

from keras_gans import datasets
from keras_gans import models
from keras_gans.callbacks import save_image_grid

SEED = 0
BATCH_SIZE = 16
STEPS = 800
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data: two unpaired domains
"""

edges, garments, _ = datasets.fashion_edges_arrays("train", paired=False, seed=SEED)
test_edges, test_garments, _ = datasets.fashion_edges_arrays("test")

"""
## The model

ResNet generators (two halvings, 28 → 7, then residual blocks) and 16×16
PatchGAN discriminators; least-squares loss, cycle weight 10, identity
weight 0.5 × 10, a pool of 50 images, as in the paper.
"""


def generator():
    return models.resnet_generator((28, 28, 1), 1, filters=16, residual_blocks=3)


def discriminator():
    return models.patchgan_discriminator((28, 28, 1), receptive_field=16, filters=32)


gan = models.CycleGAN(generator(), generator(), discriminator(), discriminator(),
                      cycle_weight=10.0, identity_weight=0.5, pool_size=50, seed=SEED)
gan.compile(
    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
)

"""
## Training on unpaired images: `fit(images_a, images_b)`
"""

n = min(len(edges), STEPS * BATCH_SIZE)
gan.fit(edges[:n], garments[:n], batch_size=BATCH_SIZE, epochs=1, verbose=2)

"""
## Results

Rows: test edge maps, their translation to garments, the reconstruction
back to edges, and the true garments (never seen paired in training).
"""

fake = gan.translate(test_edges[:8], direction="ab")
reconstruction = gan.translate(fake, direction="ba")
l1 = float(np.abs(gan.translate(test_edges[:500]) - test_garments[:500]).mean())
print(f"mean L1 to the true garment on 500 test pairs: {l1:.4f}")
grid = np.concatenate([test_edges[:8], fake, reconstruction, test_garments[:8]])
save_image_grid(grid, os.path.join(OUT_DIR, "cyclegan_fashion_edges.png"), rows=4)
