"""
Title: GAWWN: telling the generator what and where to draw
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: Train GAWWN on captioned Fashion-MNIST with a box, then with keypoints.
Accelerator: None
"""

"""
## Introduction

Reed et al. (2016, [Learning What and Where to
Draw](https://arxiv.org/abs/1610.02454)) give a text-to-image GAN a second
condition: *where* the object goes. The Generative Adversarial What-Where
Network (GAWWN) takes a bounding box, or the positions of a few parts
(keypoints), beside the caption. Both the generator and the discriminator
have a global pathway (the text, and the noise or the image features) and a
local one, in which the text embedding is replicated only inside the box
(or near the visible keypoints). With keypoints a third network learns to
fill in the parts the user does not give, from the caption and the given
ones.

`keras_gans.datasets.load("captioned_fashion")` renders each Fashion-MNIST
garment tinted, sized and placed on a black canvas, with a caption, its
bounding box (keras-cv `"rel_yxyx"`) and four keypoints (the top, bottom,
left and right extremes of the garment). This example trains
`keras_gans.models.GAWWN(location="box")`, moves one caption's box across
the canvas, then trains `GAWWN(location="keypoints")` and draws garments
from keypoints of which half were completed by `complete_keypoints`.
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
from keras_gans import models
from keras_gans import text

SEED = 0
SIZE = 32
BATCH_SIZE = 64
# The budget: steps of the box model and of the keypoint model.
BOX_STEPS = 600
KEYPOINT_STEPS = 600
TRAIN_COUNT = 12800
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    steps = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
    BOX_STEPS, KEYPOINT_STEPS = max(1, steps // 2), max(1, steps - steps // 2)
    TRAIN_COUNT = 4 * BATCH_SIZE
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)
start = time.time()

"""
## The data

`captioned_fashion_arrays` renders the first examples of a split as NumPy
arrays, from the local Fashion-MNIST files (nothing is downloaded). Each
example has an `image` in `[-1, 1]`, a `caption`, a `box` `[y1, x1, y2,
x2]` in fractions of the canvas and `keypoints` `[4, 3]` (x, y,
visibility).
"""

train = datasets.captioned_fashion_arrays("train", SIZE, count=TRAIN_COUNT)
test = datasets.captioned_fashion_arrays("test", SIZE, count=200)
for i in range(3):
    print(train["caption"][i].decode(), train["box"][i].round(2))

"""
## The text encoder

As in the text-to-image example, a character-level CNN-RNN
(`keras_gans.text.CharCNNRNN`) is pre-trained with a structured joint
embedding of images and captions (`keras_gans.text.JointEmbedding`), here
for one pass over the training examples. GAWWN keeps it frozen.
"""

encoder = text.CharCNNRNN(embedding_dim=64, max_length=64, char_embedding_dim=32,
                          conv_filters=(64, 64), rnn_units=64)
joint = text.JointEmbedding(encoder, text.image_encoder((SIZE, SIZE, 3), 64, filters=16))
joint.compile(optimizer=keras.optimizers.Adam(1e-3))
composition = np.ravel_multi_index(train["attributes"].T, (10, 8, 3, 9))
joint.fit((train["image"], train["caption"]), composition, batch_size=BATCH_SIZE,
          epochs=1, verbose=0)

"""
## Training GAWWN

`gawwn_generator` projects `[z, compressed text]` to a 4×4 map (the global
pathway) and, beside it, convolves the text replicated inside the box plus
the box's own map (the local pathway); the two are concatenated and
upsampled to 32×32. `gawwn_discriminator` depth-concatenates its 4×4 image
features with the text everywhere and the text inside the box. The
method is `"cls"`: a real image with another example's caption (at its
own location) is a third kind of fake. `fit` takes the dataset's dicts
directly (keys `image`, `caption` and `box` or `keypoints`).
"""


def train_gawwn(location, steps):
    keras.utils.set_random_seed(SEED)
    gan = models.GAWWN(
        models.gawwn_generator((SIZE, SIZE, 3), 64, 64, location, compressed_dim=64,
                               filters=32),
        models.gawwn_discriminator((SIZE, SIZE, 3), 64, location, compressed_dim=64,
                                   filters=32),
        encoder, location=location, latent_dim=64, seed=SEED)
    gan.compile(optimizers={player: keras.optimizers.Adam(2e-4, beta_1=0.5)
                            for player in gan.players})
    ds = tf.data.Dataset.from_tensor_slices(
        {"image": train["image"], "caption": train["caption"], location: train[location]})
    ds = (ds.shuffle(len(train["image"]), seed=SEED).repeat()
          .batch(BATCH_SIZE, drop_remainder=True).take(steps))
    logs = gan.fit(ds, epochs=1, verbose=0).history
    print(location, {k: round(v[-1], 3) for k, v in logs.items()},
          f"{time.time() - start:.0f} s")
    return gan


box_gan = train_gawwn("box", BOX_STEPS)

"""
## Moving the box

The same caption and the same z, with a box of a medium garment's size
(0.55 of the canvas side) at each of the 3×3 positions the dataset uses.
The captions name a position of their own: the box, not the words, should
decide where the garment goes.
"""

side = 0.55
corners = [(row * (1 - side) / 2, col * (1 - side) / 2) for row in range(3) for col in range(3)]
grid_boxes = np.array([[y, x, y + side, x + side] for y, x in corners], "float32")
captions = test["caption"][:3]
moved = [box_gan.generate([caption] * 9, boxes=grid_boxes, seed=SEED + 1)
         for caption in captions]
for caption in captions:
    print("moved:", caption.decode())

"""
## Keypoints, half of them completed

The keypoint model trains the same way on the dataset's four keypoints;
its third player, `keypoint_completer`, learns to predict keypoints hidden
at random from the caption and the visible ones. For test examples we give
only the top and bottom keypoints, let `complete_keypoints` predict the
left and right ones, and draw the garment from the completed set.
"""

keypoint_gan = train_gawwn("keypoints", KEYPOINT_STEPS)
shown = np.array([True, True, False, False])  # top, bottom given; left, right hidden
rows = np.arange(6)
given = np.tile(shown, (len(rows), 1))
completed = keypoint_gan.complete_keypoints(test["caption"][rows], test["keypoints"][rows],
                                            given)
from_true = keypoint_gan.generate(test["caption"][rows], keypoints=test["keypoints"][rows],
                                  seed=SEED + 1)
from_completed = keypoint_gan.generate(test["caption"][rows], keypoints=completed,
                                       seed=SEED + 1)
error = np.linalg.norm(completed[:, 2:, :2] - test["keypoints"][rows, 2:, :2], axis=-1)
print("completed keypoints, mean distance to the true ones (canvas sides):",
      round(float(error.mean()), 3))

"""
## The picture

Rows 1-3: one test caption each, drawn with the box at the 3×3 positions
(the requested box outlined in grey). Rows 4-5: three test examples per
row, each as three cells: the real image with its four keypoints, the
garment drawn from the true keypoints, and the garment drawn from the top
and bottom keypoints (white) plus the completed left and right ones (red).
"""

SCALE = 3


def to_uint8(images):
    return ((np.asarray(images) + 1) * 127.5).clip(0, 255).astype("uint8")


def enlarge(image):
    return np.repeat(np.repeat(image, SCALE, axis=0), SCALE, axis=1)


def outline(image, box, colour=(128, 128, 128)):
    size = image.shape[0]
    y1, x1, y2, x2 = (int(round(v * size)) for v in box)
    y2, x2 = min(y2, size) - 1, min(x2, size) - 1
    image[y1, x1:x2 + 1] = image[y2, x1:x2 + 1] = colour
    image[y1:y2 + 1, x1] = image[y1:y2 + 1, x2] = colour
    return image


def dots(image, points, colours):
    size = image.shape[0]
    for (x, y), colour in zip(points[:, :2], colours):
        col, row = int(x * size), int(y * size)
        image[max(row - 1, 0):row + 2, max(col - 1, 0):col + 2] = colour
    return image


white, red = (255, 255, 255), (255, 40, 40)
pad = 4
lines = []
for images in moved:
    cells = [outline(enlarge(image), box) for image, box in zip(to_uint8(images), grid_boxes)]
    lines.append(np.concatenate(cells, axis=1))
cells = []
for i, row in enumerate(rows):
    real = dots(enlarge(to_uint8(test["image"][row])), test["keypoints"][row], [white] * 4)
    true = dots(enlarge(to_uint8(from_true[i])), test["keypoints"][row], [white] * 4)
    guess = dots(enlarge(to_uint8(from_completed[i])), completed[i],
                 [white if s else red for s in shown])
    cells += [real, true, guess]
for start_cell in (0, 9):
    lines.append(np.concatenate(cells[start_cell:start_cell + 9], axis=1))
width = lines[0].shape[1]
gap = np.full((pad, width, 3), 255, np.uint8)
picture = np.concatenate(lines[:3] + [gap] + lines[3:])
path = os.path.join(OUT_DIR, "gawwn_captioned_fashion.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path} after {time.time() - start:.0f} s")

"""
## Run it

```shell
python examples/gawwn_captioned_fashion.py
```

It writes `gawwn_captioned_fashion.png` to `example_outputs/`
(`$KERAS_GANS_EXAMPLE_OUT` changes the directory; `KERAS_GANS_EXAMPLE_STEPS=N`
trains N steps in all, for a quick check).
"""
