"""
Title: Plug & Play Generative Networks on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Sample classes with a classifier and a learned prior (AM, PPGN-x, DGN-AM, PPGN-h).
Accelerator: None
"""

"""
## Introduction

[Plug & Play Generative Networks](https://arxiv.org/abs/1612.00005)
(Nguyen et al., 2017) make a class-conditional sampler out of three parts
trained separately: a classifier p(y | x), a prior p(x) learned by a
denoising autoencoder (DAE), and optionally a generator G(h) that maps a
classifier's features h back to images. One update rule covers the whole
family:

    s ← s + ε1 · ∂log p(s)/∂s + ε2 · ∂log p(y = c | s)/∂s + N(0, ε3²)

with ∂log p(s)/∂s ≈ R(s) − s from the DAE R (Alain & Bengio). The state s
is the image itself (x space) or G's input (h space, images G(h)). With
no prior and no noise it is activation maximisation, which finds "fooling"
images; a Gaussian prior is the L2 decay of the visualisation literature;
the DAE gives PPGN-x; in h space, DGN-AM (no prior), PPGN-h (a DAE on h)
and joint PPGN-h (the G → E loop as the DAE of h).

Here the classifier is the Fashion-MNIST CNN shipped with keras_gans, its
128-d `"features"` layer is h, and we judge the images with a second,
independent classifier. It runs offline on a CPU in four to five minutes.
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
from keras_gans.sampling import PlugAndPlaySampler

SEED = 0
INVERTER_STEPS = 800
DAE_STEPS = 1000
CHAIN_STEPS = 100
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    INVERTER_STEPS = DAE_STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
    CHAIN_STEPS = 4
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)
CLASSES = ["T-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker",
           "bag", "ankle boot"]

"""
## The data and the classifier

Fashion-MNIST comes from the local disk (never downloaded) as 28x28x1
images in [-1, 1]. The condition network is `fashion_mnist_classifier()`,
whose weights ship with keras_gans; `independent_fashion_mnist_classifier()`
(another architecture, seed and training run) only scores.
"""

x_train, _ = datasets.load_arrays("fashion_mnist", split="train")
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    x_train = x_train[:2048]  # A quick run needs no more.
classifier = metrics.fashion_mnist_classifier()
independent = metrics.independent_fashion_mnist_classifier()

"""
## The generator G(h): a `FeatureInverter`

DGN-AM's generator learns to invert the classifier's features: G(h) must
match the image in pixels, the classifier's features of G(h) must match h,
and a discriminator keeps G(h) realistic. The classifier stays fixed.
"""


def generator_network():
    return keras.Sequential(
        [keras.Input((128,)), keras.layers.Dense(7 * 7 * 64, activation="relu"),
         keras.layers.Reshape((7, 7, 64)),
         keras.layers.Conv2DTranspose(32, 4, strides=2, padding="same", activation="relu"),
         keras.layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")],
        name="generator",
    )


def discriminator_network():
    return keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 4, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Conv2D(64, 4, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Flatten(), keras.layers.Dense(1)],
        name="discriminator",
    )


inverter = models.FeatureInverter(
    classifier, generator_network(), discriminator_network(), feature_layer="features",
    seed=SEED,
)
inverter.compile(
    g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
)
train = tf.data.Dataset.from_tensor_slices(x_train).shuffle(len(x_train), seed=SEED).repeat()
start = time.time()
inverter.fit(train.batch(64, drop_remainder=True).prefetch(4), steps_per_epoch=INVERTER_STEPS,
             epochs=1, verbose=2)
print(f"FeatureInverter: {INVERTER_STEPS} steps in {time.time() - start:.0f} s")

"""
## The priors: two `DenoisingAutoencoder`s

One on images (for PPGN-x), one on the features h of the training images
(for PPGN-h). Each `fit` step corrupts the batch with Gaussian noise and
learns to remove it; `score(s)` is R(s) − s.
"""


def train_dae(data, noise_std, hidden_units):
    dae = models.DenoisingAutoencoder(data.shape[1:], noise_std=noise_std,
                                      hidden_units=hidden_units, seed=SEED)
    dae.compile(optimizer=keras.optimizers.Adam(
        keras.optimizers.schedules.CosineDecay(1e-3, DAE_STEPS)))
    ds = tf.data.Dataset.from_tensor_slices(data).shuffle(len(data), seed=SEED).repeat()
    dae.fit(ds.batch(128, drop_remainder=True), steps_per_epoch=DAE_STEPS, epochs=1, verbose=2)
    return dae


dae_x = train_dae(x_train, 0.3, (512, 512))
dae_h = train_dae(inverter.encode(x_train), 0.5, (256, 256))

"""
## The samplers

Each variant is a preset of `PlugAndPlaySampler` (DGN-AM is spelled out).
The update is normalised as in the authors' code: each step moves the
state by `step_size` per coordinate on average, so the ε's only set the
mix of prior, class gradient and noise; h is clipped to the range of the
features the inverter saw in training.
"""

X_STEP, H_STEP = 0.02, 0.1
samplers = {
    "activation maximisation": PlugAndPlaySampler.from_preset(
        "activation_maximization", classifier, step_size=X_STEP),
    "Gaussian prior": PlugAndPlaySampler.from_preset(
        "gaussian_prior", classifier, step_size=X_STEP),
    "PPGN-x": PlugAndPlaySampler.from_preset(
        "ppgn_x", classifier, prior=dae_x, step_size=X_STEP),
    "DGN-AM": PlugAndPlaySampler(
        classifier, generator=inverter, space="h", epsilon1=0.0, epsilon2=1.0, epsilon3=0.0,
        step_size=H_STEP),
    "PPGN-h": PlugAndPlaySampler.from_preset(
        "ppgn_h", classifier, prior=dae_h, generator=inverter, step_size=H_STEP),
    "noiseless joint PPGN-h": PlugAndPlaySampler.from_preset(
        "noiseless_joint_ppgn_h", classifier, generator=inverter, step_size=H_STEP),
}

classes = np.arange(10)
x_start = np.clip(0.5 * np.random.default_rng(SEED).standard_normal((10, 28, 28, 1)), -1, 1)
h_start = inverter.sample_features(10, tf.constant([SEED, 1], tf.int64)).numpy()
finals, frames = {}, None
for name, sampler in samplers.items():
    start = time.time()
    initial = h_start if sampler.space == "h" else x_start.astype("float32")
    if name == "PPGN-h":
        every = max(CHAIN_STEPS // 8, 1)
        finals[name], frames = sampler.sample(
            classes, 10, steps=CHAIN_STEPS, initial=initial, seed=SEED, return_chain=True,
            chain_every=every)
    else:
        finals[name] = sampler.sample(classes, 10, steps=CHAIN_STEPS, initial=initial, seed=SEED)
    judged = np.argmax(independent.predict(np.clip(finals[name], -1, 1), verbose=0), axis=1)
    print(f"{name:>24}: independent classifier agrees on {np.mean(judged == classes):.0%} "
          f"of the 10 classes ({time.time() - start:.1f} s)")

"""
## The picture

One row per class (T-shirt at the top, ankle boot at the bottom). On the
left, the last image of each variant side by side, in the order above; on
the right, one PPGN-h chain's frames over time, from its random start code
to the last step.
"""

rows = []
for c in classes:
    cells = [finals[name][c] for name in samplers]
    cells += [np.full((28, 8, 1), 1.0, "float32")]  # A white band.
    cells += [frame[c] for frame in frames]
    rows.append(np.concatenate([np.clip(cell, -1, 1) for cell in cells], axis=1))
picture = image_grid(np.stack(rows), rows=10)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)  # 2x for display
path = os.path.join(OUT_DIR, "ppgn_fashion_mnist.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")

"""
## What the picture shows

Activation maximisation turns noise into images the shipped classifier is
sure about but that look like noise to a person and to the independent
classifier (fooling images). The Gaussian prior and the DAE on pixels pull
the images toward plausible intensities. Sampling in h through the
inverter's G gives garment-shaped images from the first steps, and the
PPGN-h chain's frames show the image settling into its class. See
`benchmarks/ppgn.py` for the measured comparison.
"""
