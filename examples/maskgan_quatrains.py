"""
Title: MaskGAN fills the blanks of classical Chinese quatrains
Author: keras_gans developers
Date created: 2026/12/02
Last modified: 2026/12/02
Description: MaskMLE pretraining, then MaskGAN's actor-critic, on 20-character quatrains.
Accelerator: None
"""

"""
## Introduction

[MaskGAN](https://arxiv.org/abs/1801.07736) (Fedus, Goodfellow & Dai, 2018)
trains a text generator to fill in blanks: a seq2seq generator reads a
sequence with a masked span and writes the missing tokens left to right; a
discriminator of the same shape scores every filled token given the
context; a critic estimates the value of each state; the generator is
updated by actor-critic with the discriminator's `log D` as its reward.
Because only the missing tokens are sampled and every filled token gets its
own reward, the credit assignment is much finer than SeqGAN's
sequence-level reward.

This example:

- drops the punctuation of the paper's 16,394 quatrains to get 20
  characters each (the paper's sequence length);
- masks one contiguous span per poem (`keras_gans.sequence.mask_sequences`);
- pretrains the generator by MaskMLE (cross-entropy of the missing
  characters, teacher-forced), then continues with `MaskGAN.fit`;
- shows poems with their blanks, MaskMLE's fills and MaskGAN's fills.

The schedule is cut to a few minutes of CPU; `benchmarks/maskgan.py` runs
the measured comparison.
"""

"""
## Setup
"""

# ruff: noqa: E402 (keras-io examples interleave text and imports)
import os
import pathlib

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import tensorflow as tf
from matplotlib import font_manager

from keras_gans import sequence
from keras_gans import text

SEED = 0
LENGTH = 20
BATCH_SIZE = 64
MAX_TOKENS = 3000  # characters seen less often become <unk>
HIDDEN = 64
MLE_EPOCHS, MLE_STEPS = 3, None
D_PRETRAIN_STEPS = 50
GAN_STEPS = 60
LIMIT = 4000  # the first 4,000 poems keep the run to minutes on a CPU
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    steps = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
    BATCH_SIZE, MAX_TOKENS, HIDDEN, LIMIT = 8, 200, 8, 400
    MLE_EPOCHS, MLE_STEPS, D_PRETRAIN_STEPS, GAN_STEPS = 1, steps, steps, steps
OUT_DIR = pathlib.Path(os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs"))
SHARED = pathlib.Path(
    os.environ.get(
        "KERAS_GANS_SHARED_DATA",
        pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data",
    )
)
keras.utils.set_random_seed(SEED)

"""
## The corpus

Each quatrain has four clauses of five characters and four punctuation
marks; without the punctuation it is 20 characters long.
"""

corpus_path = SHARED / "chinese_poems.txt"
if corpus_path.is_file():
    poems = text.load_chinese_poems(corpus_path, limit=LIMIT)
else:
    print(f"{corpus_path} not found: using the five-character quatrains of tang300.")
    poems = text.load_tang_poems(clauses=4, clause_length=5)
poems = ["".join(c for c in p if c not in "，。！？、；：") for p in poems]
poems = [p for p in poems if len(p) == LENGTH]
held_out, train_poems = poems[:8], poems[8:]
tokenizer = text.TextTokenizer(split="character", sequence_length=LENGTH)
tokenizer.adapt(train_poems, max_tokens=MAX_TOKENS)
vocab_size = tokenizer.vocabulary_size()
ids = tokenizer(train_poems).numpy()
print(len(ids), "training poems; vocabulary", vocab_size)
batches = (
    tf.data.Dataset.from_tensor_slices(ids)
    .shuffle(len(ids), seed=SEED)
    .batch(BATCH_SIZE, drop_remainder=True)
)

"""
## The model

Three networks of the same seq2seq shape: the generator (it carries the
tokenizer, so its SavedModel fills raw strings with `____` blanks), the
discriminator (one logit per position) and the critic (one value per
position). `discount=0.89` and advantages clipped at 5 are the paper's.
"""

shape = dict(embedding_dim=HIDDEN, hidden_dim=HIDDEN, num_layers=1, sequence_length=LENGTH)
maskgan = sequence.MaskGAN(
    sequence.SequenceToSequenceGenerator(vocab_size, tokenizer=tokenizer, **shape),
    sequence.SequenceToSequenceDiscriminator(vocab_size, **shape),
    sequence.SequenceToSequenceCritic(vocab_size, **shape),
    discount=0.89,
    advantage_clip=5.0,
    mask_strategy="contiguous",
    present_rate=0.5,
    seed=SEED,
)
maskgan.compile(
    g_optimizer=keras.optimizers.Adam(1e-4, global_clipnorm=5.0),
    d_optimizer=keras.optimizers.Adam(1e-3),
)

"""
## MaskMLE, then MaskGAN
"""

maskgan.pretrain_generator(batches, epochs=MLE_EPOCHS, steps_per_epoch=MLE_STEPS,
                           optimizer=keras.optimizers.Adam(1e-3), verbose=2)
test_ids = tokenizer(held_out[:4]).numpy()
mask = sequence.mask_sequences(test_ids, "contiguous", 0.5, seed=1).numpy()
mle_fills = maskgan.generator.fill(test_ids, mask, seed=2)
maskgan.pretrain_discriminator(batches.repeat(), epochs=1, steps_per_epoch=D_PRETRAIN_STEPS,
                               verbose=2)
maskgan.fit(batches.repeat(), epochs=1, steps_per_epoch=GAN_STEPS, verbose=2)
gan_fills = maskgan.generator.fill(test_ids, mask, seed=2)

"""
## Poems with blanks and their fills

The same blanks and the same seed for both models; present characters are
kept exactly.
"""

pieces = tokenizer.get_vocabulary()


def render(ids, mask=None):
    """One character per position (`<unk>` as □, a blank as ＿)."""
    chars = ["□" if pieces[t] == "<unk>" else pieces[t] for t in ids]
    if mask is not None:
        chars = [c if keep else "＿" for c, keep in zip(chars, mask)]
    return "".join(chars)


columns = {
    "with blanks": [render(row, m) for row, m in zip(test_ids, mask)],
    "MaskMLE": [render(row) for row in mle_fills],
    "MaskGAN": [render(row) for row in gan_fills],
    "real": [render(row) for row in test_ids],
}
for title, column in columns.items():
    print(title, *column, sep="\n  ")


def cjk_font():
    for path in font_manager.findSystemFonts():
        name = os.path.basename(path).lower()
        if any(key in name for key in ("wqy", "notosanscjk", "notoserifcjk", "uming", "ukai")):
            return font_manager.FontProperties(fname=path)
    return None


OUT_DIR.mkdir(parents=True, exist_ok=True)
font = cjk_font()
fig, axes = plt.subplots(1, 4, figsize=(13, 4.5))
for ax, (title, column) in zip(axes, columns.items()):
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    for row, poem in enumerate(column):
        shown = poem[:10] + "\n" + poem[10:] if font is not None else "(no CJK font)"
        ax.text(0.5, 0.88 - row * 0.25, shown, ha="center", va="top", fontsize=12,
                fontproperties=font, transform=ax.transAxes)
fig.suptitle("MaskGAN fills the blanks of quatrains (reduced schedule)")
fig.tight_layout()
fig.savefig(OUT_DIR / "maskgan_quatrains.png", dpi=100)
print("saved", OUT_DIR / "maskgan_quatrains.png")

