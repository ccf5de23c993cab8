"""
Title: Text to image on captioned Fashion-MNIST: GAN-CLS, GAN-INT, GAN-INT-CLS
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: A char-CNN-RNN text encoder and Reed et al.'s four text-to-image GANs.
Accelerator: None
"""

"""
## Introduction

Reed et al. (2016, [Generative Adversarial Text to Image
Synthesis](https://arxiv.org/abs/1605.05396)) condition a DCGAN on a text
embedding and compare four ways of training it: `plain` (the discriminator
judges real and generated pairs), `cls` (the *matching-aware*
discriminator also learns that a real image with the wrong caption is
fake), `int` (the generator is also trained on interpolations of two
captions' embeddings) and `int_cls` (both). The embedding comes from a
character-level CNN-RNN pre-trained with a structured joint embedding of
images and captions.

`keras_gans.datasets.load("captioned_fashion")` gives captions with a known
ground truth: each image is one Fashion-MNIST garment tinted with one of
8 colours, at one of 3 sizes, at one of 9 positions, described by captions
such as "top left: a tiny crimson trainer". We pre-train
`keras_gans.text.CharCNNRNN` with `keras_gans.text.JointEmbedding`, train
`keras_gans.models.TextToImageGAN` with each method at the same small
budget, and draw the same test captions with each. The models take raw
strings: no tokenizer runs outside the graph.
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
METHODS = ("plain", "cls", "int", "int_cls")
# The budget: the same number of steps for the encoder and for each method.
STEPS_EACH = 300
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total.
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    STEPS_EACH = max(1, int(os.environ["KERAS_GANS_EXAMPLE_STEPS"]) // (1 + len(METHODS)))
OUT_DIR = os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs")
os.makedirs(OUT_DIR, exist_ok=True)
keras.utils.set_random_seed(SEED)
start = time.time()

"""
## The data

`captioned_fashion_arrays` renders the first examples of a split as NumPy
arrays (`load` gives the same examples as a `tf.data.Dataset` of dicts). The
(class, colour) pairs of `held_out_compositions()` appear only in the test
split: a "yellow dress" is never seen in training.
"""

train = datasets.captioned_fashion_arrays("train", SIZE, count=BATCH_SIZE * STEPS_EACH)
test = datasets.captioned_fashion_arrays("test", SIZE, count=400)
print(train["caption"][:3])
unseen = np.nonzero(test["unseen_composition"])[0]
seen = np.nonzero(~test["unseen_composition"])[0]
rows = np.concatenate([seen[:3], unseen[:3]])
for i in rows:
    print("seen  " if i in seen else "unseen", test["caption"][i].decode())

"""
## Pre-training the text encoder

`CharCNNRNN` decodes each string to character ids with `tf.strings`, embeds
the characters, runs temporal convolutions with max-pooling and a GRU, and
maps the mean of its hidden states to the embedding. `JointEmbedding` trains
it together with a small image encoder with the symmetric structured loss:
an image must score its own caption above the captions of other classes,
and a caption its own image. The classes here are the compositions
(class, colour, size, position).
"""

encoder = text.CharCNNRNN(embedding_dim=64, max_length=64, char_embedding_dim=32,
                          conv_filters=(64, 64), rnn_units=64)
joint = text.JointEmbedding(encoder, text.image_encoder((SIZE, SIZE, 3), 64, filters=16))
joint.compile(optimizer=keras.optimizers.Adam(1e-3))
composition = np.ravel_multi_index(train["attributes"].T, (10, 8, 3, 9))
joint.fit((train["image"], train["caption"]), composition, batch_size=BATCH_SIZE,
          epochs=1, verbose=0)
print("held-out retrieval (each of 400 pairs):",
      joint.retrieval_accuracy(test["image"], test["caption"]))

"""
## The four methods at one budget

The networks are the paper's: the generator concatenates z with the
compressed embedding; the discriminator depth-concatenates the replicated
compressed embedding to its 4×4 feature map, then a 1×1 and a 4×4
convolution give the logit. The encoder is frozen. Each method trains for
the same steps from the same seed.
"""

dataset = (tf.data.Dataset.from_tensor_slices((train["image"], train["caption"]))
           .shuffle(len(train["caption"]), seed=SEED).repeat()
           .batch(BATCH_SIZE, drop_remainder=True).take(STEPS_EACH))
samples, gans = {}, {}
for method in METHODS:
    keras.utils.set_random_seed(SEED)
    gan = models.TextToImageGAN(
        models.text_to_image_generator((SIZE, SIZE, 3), 64, 64, 64, filters=32),
        models.text_to_image_discriminator((SIZE, SIZE, 3), 64, 64, filters=32),
        encoder, method=method, latent_dim=64, seed=SEED)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    logs = gan.fit(dataset, epochs=1, verbose=0).history
    samples[method] = gan.generate(test["caption"][rows], seed=SEED + 1)
    gans[method] = gan
    print(method, {k: round(v[-1], 3) for k, v in logs.items()})

"""
## Interpolating between two captions

GAN-INT trains the generator on points between caption embeddings; with z
fixed, walking from one caption's embedding to another's should change the
garment smoothly.
"""

gan = gans["int_cls"]
ends = encoder(tf.constant([test["caption"][rows[0]], test["caption"][rows[1]]]))
betas = np.linspace(0.0, 1.0, 8, dtype="float32")[:, None]
walk = (1.0 - betas) * np.asarray(ends[0]) + betas * np.asarray(ends[1])
z = np.repeat(gan._latents_for(1, SEED + 2), 8, axis=0)
walk_images = gan.predict([z, walk], verbose=0)

"""
## The picture

Each of the first six rows is one test caption (three seen compositions,
then three unseen): the real test image, then `plain`, `cls`, `int`,
`int_cls`. The last row walks from the first caption to the second.
"""


def tile(images):
    return np.concatenate(list(((images + 1) * 127.5).clip(0, 255).astype("uint8")), axis=1)


pad = np.full((SIZE, 4, 3), 255, np.uint8)
lines = []
for r in range(len(rows)):
    cells = [test["image"][rows[r]]] + [samples[m][r] for m in METHODS]
    lines.append(np.concatenate([tile(np.stack(cells[:1])), pad, tile(np.stack(cells[1:]))], 1))
width = lines[0].shape[1]
walk_line = tile(walk_images)
walk_line = np.pad(walk_line, ((0, 0), (0, max(0, width - walk_line.shape[1])), (0, 0)))
picture = np.concatenate(lines + [np.full((4, width, 3), 255, np.uint8), walk_line[:, :width]])
picture = np.repeat(np.repeat(picture, 3, axis=0), 3, axis=1)
path = os.path.join(OUT_DIR, "text_to_image_captioned_fashion.png")
keras.utils.save_img(path, picture, scale=False)
print(f"Saved {path} after {time.time() - start:.0f} s")

"""
## Serving from raw strings

`keras_gans.export.export` writes a SavedModel whose `serving_default` takes
`text` (strings) and `latent`, and whose `sample` takes `text` and an int64
`seed`; the character decoding happens inside the graph.
"""

from keras_gans.export import export

saved = export(gans["int_cls"], os.path.join(OUT_DIR, "text_to_image_saved_model"),
               overwrite=True)
served = tf.saved_model.load(saved).signatures["sample"](
    text=tf.constant(["a large red dress in the centre"]), seed=tf.constant(1, tf.int64))
print("served:", served["images_uint8"].shape)

"""
## Run it

```shell
python examples/text_to_image_captioned_fashion.py
```

It writes `text_to_image_captioned_fashion.png` and the SavedModel to
`example_outputs/` (`$KERAS_GANS_EXAMPLE_OUT` changes the directory).
"""
