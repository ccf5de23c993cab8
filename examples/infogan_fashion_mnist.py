"""
Title: InfoGAN on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/04
Description: Unsupervised codes: a 10-way code that sorts garments, continuous codes for style.
Accelerator: None
"""

"""
## Introduction

[InfoGAN](https://arxiv.org/abs/1606.03657) (Chen et al., 2016) splits the
generator's input into incompressible noise and *codes*, and asks a third
network Q, a head on the discriminator's trunk, to recover the codes from
the generated image. Adding Q's log-likelihood of the codes (a variational
lower bound of the mutual information between codes and images) to both
players' losses makes each code control something visible, without any
label. On MNIST a 10-way categorical code ends up choosing the digit.

`keras_gans.models.InfoGAN` uses the paper's MNIST configuration by default:
62-d uniform noise, one 10-way categorical code and two continuous codes
uniform in `[-1, 1]`, lambda = 1. This example trains it on Fashion-MNIST
*without labels* and draws one row per categorical value, the columns
sweeping the first continuous code. It runs offline on a CPU in about six
minutes.
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
from scipy.optimize import linear_sum_assignment

from keras_gans import datasets
from keras_gans import metrics
from keras_gans import models
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
EPOCHS = 10
STEPS_PER_EPOCH = 250
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    EPOCHS, STEPS_PER_EPOCH = 1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)

"""
## The data: images only

InfoGAN is unsupervised: the labels are only used at the end, to see what
the categorical code learned.
"""

images = datasets.load("fashion_mnist")
train_ds = (
    images.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(4)
)

"""
## The model

The generator is a DCGAN generator of the 74-d input `[noise, one-hot code,
continuous codes]`; the discriminator a DCGAN trunk and, as in the paper's
network, a dense layer of 1,024 units (batch norm, LeakyReLU) that the
source logit and Q share (Q: one hidden layer of 128 units, then 10 logits
and 2 Gaussian means with unit variance). The paper's learning rates: `1e-3` for G, `2e-4` for D.
"""

gan = models.InfoGAN(
    (28, 28, 1),
    noise_dim=62,
    categorical_codes=(10,),
    continuous_codes=2,
    info_weight=1.0,
    generator_filters=32,
    discriminator_filters=32,
    seed=SEED,
)
gan.compile(
    g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
)

"""
## Training

`info_loss` is `L_I`: Q's negative log-likelihood of the codes of the
generated batch (the categorical cross-entropy plus the Gaussian one). It
falls well below its starting value (`log 10 + 2 x 1.25`) as the codes
become readable from the images.
"""

start = time.time()
gan.fit(train_ds, epochs=EPOCHS, steps_per_epoch=STEPS_PER_EPOCH, verbose=2)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} steps in {time.time() - start:.0f} s")

"""
## Rows: the categorical code; columns: a continuous code

Every image uses the same noise and the same second continuous code; row
`r` fixes the categorical code to `r`, and the columns sweep the first
continuous code from -1 to 1. `fix_codes` sets codes in given latents
(`generate(..., codes=...)` fixes codes and draws the rest).
"""

sweep = np.linspace(-1.0, 1.0, 10)
noise = np.repeat(gan.latents(1, seed=SEED + 1), 100, axis=0)
latents = gan.fix_codes(
    noise,
    {
        "categorical": np.repeat(np.arange(10), 10),  # Row r: code r.
        "continuous": np.stack([np.tile(sweep, 10), np.zeros(100)], axis=1),
    },
)
rows = [gan.predict(latents, verbose=0)]
grid = image_grid(np.concatenate(rows), rows=10)
grid = np.repeat(np.repeat(grid, 2, axis=0), 2, axis=1)[..., 0]
path = os.path.join(OUT_DIR, "infogan_fashion_mnist.png")
Image.fromarray(grid).save(path)
print(f"Saved {path}")

"""
## What did the categorical code learn?

We map each code value to a class with the Hungarian method on 1,000
generated images (100 per value, judged by the shipped classifier), and
read Q's code for the real test images (`infer_codes`) against their true
labels: a clustering accuracy with no label used in training.
"""


def clustering_accuracy(clusters, labels):
    counts = np.zeros((10, 10))
    np.add.at(counts, (clusters, labels), 1)
    rows, cols = linear_sum_assignment(-counts)
    return counts[rows, cols].sum() / len(labels)


codes = np.repeat(np.arange(10), 100)
samples = gan.generate(1000, seed=SEED + 2, codes={"categorical": codes})
predicted = metrics.fashion_mnist_probabilities(samples).argmax(1)
print(f"Generated images, code vs classifier: {clustering_accuracy(codes, predicted):.1%}")
x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
inferred = gan.infer_codes(x_test)["categorical"][0].argmax(1)
print(f"Real test images, Q's code vs label: {clustering_accuracy(inferred, y_test):.1%}")

"""
## Run it

```shell
python examples/infogan_fashion_mnist.py
```

It writes `infogan_fashion_mnist.png` to `example_outputs/`
(`KERAS_GANS_EXAMPLE_OUT` changes the directory, `KERAS_GANS_EXAMPLE_STEPS=N`
trains only `N` steps).
"""
