"""
Title: Conditional GAN on Fashion-MNIST
Author: keras_gans developers
Date created: 2026/11/22
Last modified: 2026/11/22
Description: Generate Fashion-MNIST images of a chosen class with a conditional GAN.
Accelerator: None
"""

"""
## Introduction

An unconditional GAN draws an image of whatever class its latent happens to
land on. A [conditional GAN](https://arxiv.org/abs/1411.1784) (Mirza &
Osindero, 2014) gives the class label `y` to both players: the generator
makes `G(z, y)`, and the discriminator judges the pair `(x, y)`, so a
generated image is only accepted if it looks like a real image *of that
class*. After training, we choose the class.

`keras_gans.models.ConditionalGAN` builds DCGAN networks that take the
label: the generator concatenates the one-hot `y` to `z`, and the
discriminator sees it as ten constant planes stacked beside the image. It
trains with `model.fit` on `(images, labels)` batches. This example trains
one on Fashion-MNIST and draws one row per class. It runs offline on a CPU
in three to five minutes.
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
from PIL import ImageDraw
from PIL import ImageFont

from keras_gans import datasets
from keras_gans import models
from keras_gans.callbacks import SampleGrid
from keras_gans.callbacks import image_grid

SEED = 0
BATCH_SIZE = 64
EPOCHS = 16
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

With `with_labels=True`, `keras_gans.datasets.load` yields `(image, label)`
pairs: 28x28x1 images in `[-1, 1]` and integer class ids. The ten
Fashion-MNIST classes are:

| id | class | id | class |
|---|---|---|---|
| 0 | T-shirt/top | 5 | Sandal |
| 1 | Trouser | 6 | Shirt |
| 2 | Pullover | 7 | Sneaker |
| 3 | Dress | 8 | Bag |
| 4 | Coat | 9 | Ankle boot |

Without Fashion-MNIST on the disk, the example falls back to scikit-learn's
8x8 digits, resized to 16x16, whose classes are the digits 0 to 9.
"""

try:
    pairs = datasets.load("fashion_mnist", with_labels=True)
    class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]  # fmt: skip
except FileNotFoundError:
    pairs = datasets.load("digits", with_labels=True, image_size=16)
    class_names = [str(digit) for digit in range(10)]
    print("Fashion-MNIST not found: training on the digits instead.")
num_classes = len(class_names)
image_shape = tuple(pairs.element_spec[0].shape)
train_ds = (
    pairs.shuffle(10_000, seed=SEED).repeat().batch(BATCH_SIZE, drop_remainder=True).prefetch(4)
)

"""
## The model

The networks are those of the DCGAN example (`dcgan_fashion_mnist.py`)
with the label added: 32 filters, a 64-dimensional uniform latent, Adam with
a learning rate of `2e-4` and `beta_1 = 0.5`, the non-saturating loss.
"""

gan = models.ConditionalGAN(
    image_shape,
    latent_dim=LATENT_DIM,
    num_classes=num_classes,
    generator_filters=32,
    discriminator_filters=32,
    prior="uniform",
    seed=SEED,
)
gan.compile(
    g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    loss="non_saturating",
)

"""
## Training

For a conditional model `SampleGrid` also fixes the labels: with 100
samples and its defaults, row `r` of every picture shows class `r`.
"""

sample_grid = SampleGrid(
    os.path.join(OUT_DIR, "conditional_gan_fashion_mnist_samples"),
    num_samples=10 * num_classes,
    every=2,
    seed=SEED,
)
start = time.time()
gan.fit(
    train_ds,
    epochs=EPOCHS,
    steps_per_epoch=STEPS_PER_EPOCH,
    callbacks=[sample_grid],
    verbose=2,
)
print(f"Trained {EPOCHS * STEPS_PER_EPOCH} steps in {time.time() - start:.0f} s")

"""
## One row per class

We draw ten latents and decode each of them with every label: row `r` is
class `r`, and column `c` uses the same latent `z_c` in every row. The
label alone decides what kind of garment appears.
"""

columns = 10
z = ops.convert_to_numpy(gan.sample_latent(columns, ops.convert_to_tensor([SEED + 1, 0])))
z = np.tile(z, (num_classes, 1))  # Row r: z_0 ... z_9.
labels = np.repeat(np.arange(num_classes, dtype="int32"), columns)
images = ops.convert_to_numpy(gan.generator([z, labels], training=False))
grid = image_grid(images, rows=num_classes)

"""
A margin on the left names each row's class.
"""

scale, margin = 2, 90
grid = np.repeat(np.repeat(grid, scale, axis=0), scale, axis=1)[..., 0]
picture = Image.new("L", (grid.shape[1] + margin, grid.shape[0]), color=255)
picture.paste(Image.fromarray(grid), (margin, 0))
draw = ImageDraw.Draw(picture)
font = ImageFont.load_default()
row_height = (image_shape[0] + 1) * scale
for row, name in enumerate(class_names):
    draw.text((4, row * row_height + row_height // 2 - 6), name, fill=0, font=font)
path = os.path.join(OUT_DIR, "conditional_gan_fashion_mnist.png")
picture.save(path)
print(f"Saved {path}")

"""
## What the picture shows

With the settings above, the 3,200 steps take three to five minutes on two
CPU cores. In our run every row shows its class: T-shirts with short sleeves,
trousers, long-sleeved pullovers, coats and shirts, dresses, sneakers, bags
and ankle boots. The sandals, thin straps in the data, are the weakest row:
mostly scattered bright fragments. Pullovers, coats and shirts look alike
at this resolution, as they often do in the data too.

The latent carries what the label does not: along a column the class
changes, while some properties stay. Column 6 is darker than its neighbours
in most rows (the T-shirt, pullover, dress, coat, shirt and bag): part of
what `z` carries in this model is the garment's brightness, whatever the
class.

To generate a class from a trained model, pass the labels to `generate`:
"""

trousers = gan.generate(8, labels=[1] * 8, seed=SEED)
print(f"Generated {len(trousers)} images of class {class_names[1]!r}")

"""
## Run it

```shell
python examples/conditional_gan_fashion_mnist.py
```

It writes `conditional_gan_fashion_mnist.png` and the `SampleGrid` pictures
to `example_outputs/` (`$KERAS_GANS_EXAMPLE_OUT` changes the directory).
"""
