"""
Title: Tools for the latent space: slerp, J-diagrams, attribute vectors, arithmetic
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Tom White's sampling tools and DCGAN's vector arithmetic on a Fashion-MNIST VAE.
Accelerator: None
"""

"""
## Introduction

Tom White's [Sampling Generative Networks](https://arxiv.org/abs/1609.04468)
collects the ways to look into a generative model's latent space:
spherical interpolation (slerp) instead of linear, analogies laid out as
*J-diagrams*, and *attribute vectors* (the mean latent of the examples with
an attribute minus that of those without), with a *bias correction* when the
attribute comes with another one. DCGAN ([Radford et al., 2016](
https://arxiv.org/abs/1511.06434), section 6.3) showed vector arithmetic on
concepts, averaging three exemplars per concept.

`keras_gans.sampling` has them all, for any model with `generate` (and
`encode`, to start from images): GAN, BiGAN, ALI or VAE. Here we use a VAE,
which has a Gaussian prior and an encoder, trained for a few minutes.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import tensorflow as tf

from keras_gans import datasets
from keras_gans import models
from keras_gans import sampling
from keras_gans.callbacks import image_grid

SEED = 0
STEPS = 2500
LATENT_DIM = 32
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)


def arrays(name, split, **kwargs):
    ds = datasets.load(name, split=split, with_labels=True, **kwargs)
    x, y = next(iter(ds.batch(100_000)))
    return x.numpy(), y.numpy()


try:
    x_train, y_train = arrays("fashion_mnist", "train")
    x_test, y_test = arrays("fashion_mnist", "test")
    names = ["T-shirt", "trouser", "pullover", "dress", "coat",
             "sandal", "shirt", "sneaker", "bag", "ankle boot"]
except FileNotFoundError:  # scikit-learn's digits at 16x16.
    x_train, y_train = arrays("digits", "train", image_size=16)
    x_test, y_test = arrays("digits", "test", image_size=16)
    names = [str(d) for d in range(10)]
image_shape = x_train.shape[1:]

"""
## A VAE to explore

Grey-level images with the Bernoulli likelihood (the cross-entropy of
`(x + 1) / 2`), a 32-dimensional latent.
"""

vae = models.VAE(
    models.vae_encoder(image_shape, LATENT_DIM, filters=32),
    models.vae_decoder(image_shape, LATENT_DIM, filters=32),
    latent_dim=LATENT_DIM,
    seed=SEED,
)
vae.compile(optimizer=keras.optimizers.Adam(1e-3))
train_ds = (
    tf.data.Dataset.from_tensor_slices(x_train)
    .shuffle(10_000, seed=SEED).repeat().batch(64, drop_remainder=True)
)
epochs = max(1, STEPS // 500)
vae.fit(train_ds, epochs=epochs, steps_per_epoch=max(1, STEPS // epochs), verbose=2)

"""
## lerp against slerp

In 32 dimensions a N(0, I) latent has a norm close to `sqrt(32) ≈ 5.7`;
the midpoint of a straight line between two of them is about `1/sqrt(2)`
as long, a latent the decoder rarely saw. slerp follows the great circle
and keeps the norm.
"""

z0, z1 = np.random.default_rng(SEED).normal(size=(2, LATENT_DIM)).astype("float32")
linear = sampling.lerp(z0, z1, 10)
spherical = sampling.slerp(z0, z1, 10)
print("norms along lerp: ", np.round(np.linalg.norm(linear, axis=1), 2))
print("norms along slerp:", np.round(np.linalg.norm(spherical, axis=1), 2))
interpolations = np.concatenate([vae.decode(linear), vae.decode(spherical)])

"""
## A J-diagram

Three test images are the corners A (top left), B (top right) and C
(bottom left); the fourth corner is the analogy `B - A + C` ("A is to B as
C is to ?") and everything in between is interpolated.
"""

first = {c: np.flatnonzero(y_test == c) for c in range(10)}
corners = x_test[[first[7][0], first[9][0], first[5][0]]]  # sneaker, boot, sandal
_, j_images = sampling.j_diagram(vae, corners, size=6)

"""
## An attribute vector, with and without bias correction

"Dark garment": an image whose mean grey level is below the median. In
Fashion-MNIST darkness comes with the kind of garment: trousers, sandals
and sneakers cover less of the image than pullovers and coats. The plain
attribute vector (mean code of dark images minus that of light ones)
therefore also changes the garment. Regressing the codes on "dark" and on
the class (nine one-hot indicators; `bias_corrected_attribute_vector`) and
keeping the coefficient of "dark" removes the class part: what is left is
darkness within a class. We add each vector to the codes of T-shirts: top
row the originals, then with the plain vector, then with the corrected one.
"""

codes = vae.encode(x_train[:10_000])
labels = y_train[:10_000]
brightness = x_train[:10_000].mean(axis=(1, 2, 3))
dark = brightness < np.median(brightness)
classes = np.eye(10)[labels][:, 1:]  # One-hot, one column dropped (the intercept).
plain = sampling.attribute_vector(codes, dark)
corrected = sampling.bias_corrected_attribute_vector(codes, dark, classes)
trousers = sampling.attribute_vector(codes, labels == 1)


def cosine(a, b):
    return float(np.dot(a, b) / np.linalg.norm(a) / np.linalg.norm(b))


print(f"cosine with the 'trouser' vector: plain {cosine(plain, trousers):.2f}, "
      f"corrected {cosine(corrected, trousers):.2f}")
shirts = vae.encode(x_test[first[0][:10]])
attribute_rows = np.concatenate(
    [vae.decode(shirts), vae.decode(shirts + 1.5 * plain), vae.decode(shirts + 1.5 * corrected)]
)

"""
## DCGAN-style arithmetic on class means

Each concept is the mean code of three exemplars (one is not stable):
"ankle boot - sneaker + sandal". We decode the result and seven neighbours
with uniform noise of ±0.25 added, as in the DCGAN paper.
"""

groups = [x_test[first[9][:3]], x_test[first[7][:3]], x_test[first[5][:3]]]
_, arithmetic = sampling.vector_arithmetic(
    vae, groups, num_samples=8, noise_scale=0.25, seed=SEED
)
exemplars = np.concatenate(groups)

"""
## The picture

From top to bottom: lerp (row 1) and slerp (row 2) between the same two
latents; the 6x6 J-diagram; the T-shirts, with the plain "dark" vector and
with the corrected one; the nine exemplars of the arithmetic and its eight
results.
"""

sections = [
    image_grid(interpolations, rows=2),
    image_grid(j_images.reshape(-1, *image_shape), rows=6),
    image_grid(attribute_rows, rows=3),
    image_grid(np.concatenate([exemplars, arithmetic[:1]]), rows=1),
    image_grid(arithmetic, rows=1),
]
width = max(s.shape[1] for s in sections)
padded = []
for section in sections:
    section = np.pad(section, ((0, 6), (0, width - section.shape[1]), (0, 0)),
                     constant_values=255)
    padded.append(section)
picture = np.concatenate(padded, axis=0)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)
path = os.path.join(OUT_DIR, "latent_space_tools.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")
