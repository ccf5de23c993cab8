"""
Title: Augmenting the discriminator when data is scarce
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: FID vs training-set size for a small DCGAN: no augmentation, DiffAugment, ADA.
Accelerator: None
"""

"""
## Introduction

A discriminator that sees few real images memorises them: it becomes
certain on the training reals, its gradients stop telling the generator
anything useful, and sample quality falls as the data set shrinks.
Augmenting the reals alone does not help, because the generator then learns
to produce augmented images. Two papers of 2020 augment **both** the real
and the generated images D sees, with transforms that are differentiable so
that the generator's gradient flows through them:

- [DiffAugment](https://arxiv.org/abs/2006.10738) (Zhao et al.): colour,
  translation and cutout, always on;
- [ADA](https://arxiv.org/abs/2006.06676) (Karras et al.): each transform
  applies with a probability p, and a controller raises p while the
  overfitting heuristic `r_t = E[sign(D(real))]` is above a target (0.6)
  and lowers it otherwise.

In keras_gans both are one argument of every image family:
`augment=keras_gans.augment.DiffAugment(...)` or
`augment=keras_gans.augment.Adaptive(...)`. This example trains the same
small DCGAN on 1%, 10% and 100% of Fashion-MNIST with each and plots the
FID (with the shipped Fashion-MNIST classifier's features) against the
number of training images: three curves.
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
import tensorflow as tf

from keras_gans import augment
from keras_gans import datasets
from keras_gans import metrics
from keras_gans import models

SEED = 0
BATCH_SIZE = 64
FRACTIONS = (0.01, 0.1, 1.0)
AUGMENTATIONS = ("none", "DiffAugment", "ADA")
STEPS = 400 * len(FRACTIONS) * len(AUGMENTATIONS)  # in total, over the nine runs
EVAL_SAMPLES = 5000
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS, EVAL_SAMPLES = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"]), 500
STEPS_PER_RUN = max(STEPS // (len(FRACTIONS) * len(AUGMENTATIONS)), 1)
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)

"""
## The data and the score

A seeded random subset of the 60,000 training images for each size. The
score is the Fréchet distance between the shipped classifier's 128-d
features of generated samples and of the 10,000 test images (lower is
better); it never downloads anything.
"""

x_train, _ = datasets.load_arrays("fashion_mnist", split="train")
x_test, _ = datasets.load_arrays("fashion_mnist", split="test")
test_features = metrics.fashion_mnist_features(x_test[:EVAL_SAMPLES])


def fid(gan):
    samples = gan.generate(EVAL_SAMPLES, seed=SEED)
    return metrics.frechet_distance(test_features, metrics.fashion_mnist_features(samples))


"""
## One run

The DCGAN is small (16 filters, a 64-d latent) so the nine runs take a few
minutes on a CPU. The augmentation is the only difference between the
curves: `DiffAugment` applies colour, translation and cutout to every image
D sees; `Adaptive` applies the same transforms each with probability p,
adjusted every 4 discriminator updates (the paper's interval) by 0.02.
"""


def make_augment(name):
    if name == "DiffAugment":
        return augment.DiffAugment("color,translation,cutout")
    if name == "ADA":
        return augment.Adaptive(target=0.6, interval=4)
    return None


def train(x, name):
    keras.utils.set_random_seed(SEED)
    gan = models.DCGAN((28, 28, 1), latent_dim=64, generator_filters=16,
                       discriminator_filters=16, seed=SEED, augment=make_augment(name))
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    data = (tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=SEED).repeat()
            .batch(BATCH_SIZE, drop_remainder=True).prefetch(tf.data.AUTOTUNE))
    gan.fit(data, epochs=1, steps_per_epoch=STEPS_PER_RUN, verbose=0)
    return gan


"""
## Nine runs: three data sizes, three augmentations
"""

results = {name: [] for name in AUGMENTATIONS}
sizes = []
start = time.time()
for fraction in FRACTIONS:
    n = int(round(len(x_train) * fraction))
    sizes.append(n)
    x = x_train[np.random.default_rng(SEED).choice(len(x_train), n, replace=False)]
    for name in AUGMENTATIONS:
        gan = train(x, name)
        results[name].append(fid(gan))
        p = f", final p {float(gan.augment_p):.2f}" if name == "ADA" else ""
        print(f"{n:6d} images, {name:11s}: FID {results[name][-1]:8.3f}{p}")
print(f"{len(FRACTIONS) * len(AUGMENTATIONS)} runs of {STEPS_PER_RUN} steps in "
      f"{time.time() - start:.0f} s")

"""
## FID against the number of training images
"""

figure, axis = plt.subplots(figsize=(6, 4.2))
for name, marker in zip(AUGMENTATIONS, "osD"):
    axis.plot(sizes, results[name], marker=marker, label=name)
axis.set_xscale("log")
axis.set_xlabel("training images")
axis.set_ylabel("FID (Fashion-MNIST classifier features)")
axis.set_title(f"Small DCGAN, {STEPS_PER_RUN} steps of {BATCH_SIZE} per run")
axis.legend()
figure.tight_layout()
path = os.path.join(OUT_DIR, "small_data_augmentation.png")
figure.savefig(path, dpi=100)
print(f"Saved {path}")
