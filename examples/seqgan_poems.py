"""
Title: SeqGAN writes classical Chinese quatrains
Author: keras_gans developers
Date created: 2026/11/22
Last modified: 2026/11/22
Description: Character-level SeqGAN on the paper's 16,394 quatrains, scored by BLEU-2.
Accelerator: None
"""

"""
## Introduction

The [SeqGAN paper](https://arxiv.org/abs/1609.05473) tests its method on
real text with 16,394 Chinese quatrains (绝句): four clauses of five
characters each, 20 characters and 4 punctuation marks. It reports BLEU-2 of
generated poems against the corpus: MLE 0.667, SeqGAN 0.739, real poems
0.746.

This example builds the whole text pipeline with the library's pieces:

- `keras_gans.text.load_chinese_poems` reads the corpus (the Texygen copy in
  `../shared/data/`; Debian's `fortunes-zh` Tang poems are the fallback);
- `keras_gans.text.TextTokenizer` splits characters with TensorFlow ops and
  maps them to ids with a Keras `StringLookup`, inside the graph, and decodes
  ids back to strings;
- `SequenceGenerator`, `SequenceDiscriminator` and `SeqGAN` train as in the
  oracle example.

The schedule is cut to a few minutes of CPU: the poems are readable but far
from the paper's; `benchmarks/seqgan_text.py` runs the measured comparison.
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
import numpy as np
import tensorflow as tf
from matplotlib import font_manager

from keras_gans import metrics
from keras_gans import sequence
from keras_gans import text

SEED = 3
BATCH_SIZE = 64
MAX_TOKENS = 3000  # characters seen less often become <unk>
MLE_EPOCHS = 6
D_PRETRAIN_STEPS = 200
ADVERSARIAL_STEPS = 20
ROLLOUT_NUM = 8
D_STEPS = 5  # D updates per adversarial batch, each on its own real batch
BLEU_HYPOTHESES, BLEU_REFERENCES = 100, 1000
D_FILTERS = {}  # the paper's discriminator (see SequenceDiscriminator)
MLE_STEPS = None
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total (with small
# batches and a small discriminator, so the smoke test takes seconds).
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    steps = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
    BATCH_SIZE, ROLLOUT_NUM, D_STEPS, BLEU_HYPOTHESES, BLEU_REFERENCES = 16, 2, 1, 8, 50
    D_FILTERS = {"filter_sizes": (2, 3), "num_filters": (8, 8)}
    MLE_EPOCHS, MLE_STEPS, D_PRETRAIN_STEPS, ADVERSARIAL_STEPS = 1, steps, steps, steps
OUT_DIR = pathlib.Path(os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs"))
SHARED = pathlib.Path(
    os.environ.get(
        "KERAS_GANS_SHARED_DATA",
        pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data",
    )
)
keras.utils.set_random_seed(SEED)

"""
## The corpus and the tokenizer

Every poem of the corpus has 24 characters, so the sequences need no
padding. We keep 2,000 poems aside as BLEU references.
"""

corpus_path = SHARED / "chinese_poems.txt"
if corpus_path.is_file():
    poems = text.load_chinese_poems(corpus_path)
else:
    print(f"{corpus_path} not found: using the five-character quatrains of tang300.")
    poems = text.load_tang_poems(clauses=4, clause_length=5)
rng = np.random.default_rng(SEED)
poems = [poems[i] for i in rng.permutation(len(poems))]
held_out, train_poems = poems[:2000], poems[2000:]
print(len(train_poems), "training poems, e.g.", train_poems[0])

tokenizer = text.TextTokenizer(split="character", sequence_length=24)
tokenizer.adapt(train_poems, max_tokens=MAX_TOKENS)
ids = tokenizer(train_poems).numpy()
vocab_size = tokenizer.vocabulary_size()
print("vocabulary:", vocab_size, "ids; share of <unk>:", round(float((ids == 1).mean()), 4))
batches = (
    tf.data.Dataset.from_tensor_slices(ids)
    .shuffle(len(ids), seed=SEED)
    .batch(BATCH_SIZE, drop_remainder=True)
)

"""
## The model

The generator carries the tokenizer, so `generate_text` (and the SavedModel
that `keras_gans.sequence.export_sequence_model` writes) decodes poems
inside the graph.
"""

generator = sequence.SequenceGenerator(
    vocab_size, embedding_dim=64, hidden_dim=64, sequence_length=24, tokenizer=tokenizer
)
discriminator = sequence.SequenceDiscriminator(vocab_size, 24, **D_FILTERS)
seqgan = sequence.SeqGAN(
    generator, discriminator, rollout_num=ROLLOUT_NUM, d_steps=D_STEPS, seed=SEED
)
seqgan.compile(
    g_optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
    d_optimizer=keras.optimizers.Adam(1e-4),
)

references = tokenizer.split_tokens(held_out[:BLEU_REFERENCES])


def bleu2(poems):
    return metrics.bleu(references, tokenizer.split_tokens(poems), n=2)


"""
## Training: MLE, then the discriminator, then SeqGAN

With `d_steps > 1`, every `fit` step hands D `d_steps` real batches, one for
each of its updates, so D keeps seeing new real poems.
"""

seqgan.pretrain_generator(batches, epochs=MLE_EPOCHS, steps_per_epoch=MLE_STEPS, verbose=2)
mle_poems = generator.generate_text(BLEU_HYPOTHESES, seed=0)
scores = {"MLE": bleu2(mle_poems)}
seqgan.pretrain_discriminator(batches.repeat(), epochs=1, steps_per_epoch=D_PRETRAIN_STEPS,
                              verbose=2)
seqgan.fit(batches.repeat(), epochs=1, steps_per_epoch=ADVERSARIAL_STEPS, verbose=2)
seqgan_poems = generator.generate_text(BLEU_HYPOTHESES, seed=0)
scores["SeqGAN"] = bleu2(seqgan_poems)
scores["real"] = bleu2(train_poems[:BLEU_HYPOTHESES])
print({name: round(value, 3) for name, value in scores.items()})

"""
## Samples

The same seed draws the MLE and the SeqGAN poems. The picture needs a font
with Chinese characters (Debian: `fonts-wqy-microhei` or
`fonts-noto-cjk`); without one the table is printed only.
"""


def cjk_font():
    for path in font_manager.findSystemFonts():
        name = os.path.basename(path).lower()
        if any(key in name for key in ("wqy", "notosanscjk", "notoserifcjk", "uming", "ukai")):
            return font_manager.FontProperties(fname=path)
    return None


def as_lines(poem):
    half = (len(poem) + 1) // 2
    return poem[:half] + "\n" + poem[half:]


columns = {
    f"MLE (BLEU-2 {scores['MLE']:.3f})": mle_poems[:4],
    f"SeqGAN (BLEU-2 {scores['SeqGAN']:.3f})": seqgan_poems[:4],
    f"real (BLEU-2 {scores['real']:.3f})": train_poems[:4],
}
for title, column in columns.items():
    print(title, *column, sep="\n  ")

OUT_DIR.mkdir(parents=True, exist_ok=True)
font = cjk_font()
fig, axes = plt.subplots(1, 3, figsize=(11, 4.5))
for ax, (title, column) in zip(axes, columns.items()):
    ax.set_axis_off()
    ax.set_title(title, fontsize=11)
    for row, poem in enumerate(column):
        shown = as_lines(poem) if font is not None else "(no CJK font)"
        ax.text(0.5, 0.88 - row * 0.25, shown, ha="center", va="top", fontsize=12,
                fontproperties=font, transform=ax.transAxes)
fig.suptitle("SeqGAN on Chinese quatrains (reduced schedule)")
fig.tight_layout()
fig.savefig(OUT_DIR / "seqgan_poems.png", dpi=100)
print("saved", OUT_DIR / "seqgan_poems.png")
