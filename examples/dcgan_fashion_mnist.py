"""
Title: DCGAN on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/11/22
Last modified: 2026/11/22
Description: Train a deep convolutional GAN on Fashion-MNIST and walk its latent space.
Accelerator: None
"""

"""
## Introduction

[DCGAN](https://arxiv.org/abs/1511.06434) (Radford et al., 2016) is the
set of architecture rules that first made convolutional GANs train
reliably: strided convolutions instead of pooling, batch normalization,
ReLU in the generator and LeakyReLU in the discriminator, a `tanh` output.
`keras_gans.models.DCGAN` builds both networks from these rules for a given
image shape and trains them with the original GAN losses through plain
`model.fit`.

In this example we train a small DCGAN on
[Fashion-MNIST](https://github.com/zalandoresearch/fashion-mnist), watch
samples from fixed latents with the `SampleGrid` callback, walk the latent
space by linear interpolation, and save the model as a `.keras` file. It
runs offline on a CPU in three to five minutes.
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
from keras import ops

from keras_gans import datasets
from keras_gans import models
from keras_gans.callbacks import SampleGrid
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
EPOCHS = 20
STEPS_PER_EPOCH = 200
LATENT_DIM = 64
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data

`keras_gans.datasets.load` reads Fashion-MNIST from the local disk (an
explicit `path`, `$KERAS_GANS_DATA`, the Debian package
`dataset-fashion-mnist`, or the Keras cache) and never downloads. It
returns an unbatched `tf.data.Dataset` of 28x28x1 images scaled to
`[-1, 1]`, the range of the generator's `tanh`. Without Fashion-MNIST the
example falls back to scikit-learn's 8x8 digits, resized to 16x16.
"""

try:
    images = datasets.load("fashion_mnist")
    dataset_name = "Fashion-MNIST"
except FileNotFoundError:
    images = datasets.load("digits", image_size=16)
    dataset_name = "digits (Fashion-MNIST not found)"
image_shape = tuple(images.element_spec.shape)
print(f"Training on {dataset_name}, images of shape {image_shape}")
train_ds = (
    images.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(4)
)

"""
## The model

The DCGAN paper uses 128 filters and a 100-dimensional latent; a quarter of
the width and a 64-dimensional latent are enough for 28x28 grey images and
keep a step under 0.1 s on a CPU. The prior is the paper's uniform
distribution on `[-1, 1]`, and the optimizers are its Adam with a learning
rate of `2e-4` and `beta_1 = 0.5`. The loss is the non-saturating one.
"""

gan = models.DCGAN(
    image_shape,
    latent_dim=LATENT_DIM,
    generator_filters=32,
    discriminator_filters=32,
    seed=SEED,
)
gan.compile(
    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    loss="non_saturating",
)
gan.generator.summary()
gan.discriminator.summary()

"""
## Training with a sample grid

`SampleGrid` draws 64 latents once, when training begins, and after every
second epoch writes the generator's images for those same latents (in
inference mode, so batch normalization uses its moving statistics). Watching
one latent turn from noise into a garment is the quickest check that
training works; the pictures go to `OUT_DIR/dcgan_fashion_mnist_samples/`.
"""

sample_grid = SampleGrid(
    os.path.join(OUT_DIR, "dcgan_fashion_mnist_samples"),
    num_samples=64,
    every=2,
    seed=SEED,
)
start = time.time()
history = gan.fit(
    train_ds,
    epochs=EPOCHS,
    steps_per_epoch=STEPS_PER_EPOCH,
    callbacks=[sample_grid],
    verbose=2,
)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} steps in {time.time() - start:.0f} s")

"""
## Samples and a walk in latent space

Beyond independent samples, a GAN's latent space should be smooth: the
images along the straight line between two latents should change gradually
and look plausible all along, rather than jumping or passing through noise
(the DCGAN paper's section 6.1). We draw pairs of latents and decode eight
evenly spaced points between each pair, `z = (1 - t) z_0 + t z_1`.
"""


def lerp(z0, z1, num):
    t = ops.linspace(0.0, 1.0, num)[:, None]
    return (1.0 - t) * z0[None] + t * z1[None]


num_walks, walk_length = 3, 8
endpoints = ops.convert_to_numpy(
    gan.sample_latent(2 * num_walks, ops.convert_to_tensor([SEED + 1, 0]))
)
walks = ops.concatenate(
    [lerp(endpoints[2 * i], endpoints[2 * i + 1], walk_length) for i in range(num_walks)],
    axis=0,
)
walk_images = ops.convert_to_numpy(gan.generator(walks, training=False))
samples = gan.generate(5 * walk_length, seed=SEED)

"""
The picture stacks five rows of independent samples over the three latent
walks (one walk per row, from `z_0` on the left to `z_1` on the right),
separated by a white band.
"""

sample_rows = image_grid(samples, rows=5)
walk_rows = image_grid(walk_images, rows=num_walks)
gap = np.full((6, sample_rows.shape[1], sample_rows.shape[2]), 255, np.uint8)
picture = np.concatenate([sample_rows, gap, walk_rows], axis=0)
picture = np.repeat(np.repeat(picture, 2, axis=0), 2, axis=1)  # 2x for display
path = os.path.join(OUT_DIR, "dcgan_fashion_mnist.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path}")

"""
## Saving and reloading

The model is one `.keras` file: both networks, both optimizers' states and
the latent random-number state, so `fit` can continue exactly where it
stopped. The reloaded model generates the same images from the same seed.
"""

model_path = os.path.join(OUT_DIR, "dcgan_fashion_mnist.keras")
gan.save(model_path)
reloaded = keras.saving.load_model(model_path)
np.testing.assert_allclose(reloaded.generate(8, seed=SEED), gan.generate(8, seed=SEED), atol=1e-5)
print(f"Saved and reloaded {model_path}")

"""
## What the pictures show

With the settings above, the 4,000 steps take three to five minutes on two
CPU cores. After 400 steps (the first `SampleGrid` picture) the samples
are bright blobs on a dark background with a grid-like texture. After
4,000 steps most of them are recognisable Fashion-MNIST classes: shirts and
pullovers with sleeves, trousers, dresses, sneakers and ankle boots. Many
are still blurry or broken, and a few are shapeless; a longer run, the
paper's 128 filters, or both, give cleaner images.

The latent walks change gradually from one end to the other, with no jumps
and no stretch of pure noise: in our run one goes from an ankle boot to an
almost empty image, one from a pullover to a shirt, one from a boot to a
garment with legs. That smoothness is what the DCGAN paper takes as a sign
that the generator has not memorised training images.

## Run it

```shell
python examples/dcgan_fashion_mnist.py
```

It writes `dcgan_fashion_mnist.png`, the `SampleGrid` pictures and the
`.keras` model to `example_outputs/` (`$KERAS_GANS_EXAMPLE_OUT` changes
the directory).
"""
