"""
Title: AC-GAN on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: A GAN whose discriminator also names the class, one row per class.
Accelerator: None
"""

"""
## Introduction

An [auxiliary classifier GAN](https://arxiv.org/abs/1610.09585) (AC-GAN,
Odena et al., 2017) conditions the generator on a class label, like a
conditional GAN, but the discriminator does not see the label: it has two
heads on one convolutional trunk, one telling real from generated images and
one predicting the class. Both players add the class log-likelihood to their
loss: the discriminator on real images (their labels) and on generated ones
(the labels they were asked for), the generator on its own images. So the
generator is rewarded for images whose class is *recognisable*.

`keras_gans.models.ACGAN` trains with `model.fit` on `(images, labels)`.
This example trains one on Fashion-MNIST, draws one row per class, and
checks the rows with the shipped Fashion-MNIST classifier. It runs offline
on a CPU in about five minutes (2,400 steps).
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
from PIL import Image

from keras_gans import datasets
from keras_gans import metrics
from keras_gans import models
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
EPOCHS = 12
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

`keras_gans.datasets.load("fashion_mnist", with_labels=True)` yields
`(image, label)` pairs: 28x28x1 images in `[-1, 1]` and class ids 0-9
(T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag,
Ankle boot).
"""

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]  # fmt: skip
pairs = datasets.load("fashion_mnist", with_labels=True)
train_ds = (
    pairs.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(4)
)

"""
## The model

The generator is `ConditionalGAN`'s (the one-hot label concatenated to
`z`); the discriminator is a DCGAN trunk with a source logit and ten class
logits (`acgan_discriminator`). `class_weight` weighs the class term in both
losses (1, as in the paper).
"""

gan = models.ACGAN(
    (28, 28, 1),
    latent_dim=LATENT_DIM,
    num_classes=10,
    class_weight=1.0,
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

Besides `d_loss` and `g_loss`, the logs show `d_class_loss` (the class
cross-entropy of real plus generated images) and `g_class_loss`.
"""

start = time.time()
gan.fit(train_ds, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, verbose=2)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} steps in {time.time() - start:.0f} s")

"""
## One row per class

Row `r` asks for class `r`; column `c` uses the same latent in every row.
"""

columns = 10
labels = np.repeat(np.arange(10, dtype="int32"), columns)
z = ops.convert_to_numpy(gan.sample_latent(columns, ops.convert_to_tensor([SEED + 1, 0])))
z = np.tile(z, (10, 1))  # Row r: z_0 ... z_9.
images = ops.convert_to_numpy(gan.generator([z, labels], training=False))
grid = image_grid(images, rows=10)
grid = np.repeat(np.repeat(grid, 2, axis=0), 2, axis=1)[..., 0]
path = os.path.join(OUT_DIR, "acgan_fashion_mnist.png")
Image.fromarray(grid).save(path)
print(f"Saved {path}")

"""
## Are the classes right?

The shipped Fashion-MNIST classifier (92% test accuracy, trained apart from
this model) judges 1,000 samples, 100 per class; the discriminator's own
class head (`classify`) is scored on the real test images.
"""

labels = np.repeat(np.arange(10, dtype="int32"), 100)
samples = gan.generate(1000, labels=labels, seed=SEED + 2)
predicted = metrics.fashion_mnist_probabilities(samples).argmax(1)
print(f"Classifier agrees with the requested class: {np.mean(predicted == labels):.1%}")
x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
head = gan.classify(x_test[:2000]).argmax(1)
print(f"D's class head on 2,000 real test images: {np.mean(head == y_test[:2000]):.1%}")

"""
## Run it

```shell
python examples/acgan_fashion_mnist.py
```

It writes `acgan_fashion_mnist.png` to `example_outputs/`
(`KERAS_GANS_EXAMPLE_OUT` changes the directory, `KERAS_GANS_EXAMPLE_STEPS=N`
trains only `N` steps).
"""
