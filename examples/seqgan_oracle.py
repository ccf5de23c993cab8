"""
Title: SeqGAN on the paper's oracle: policy gradients for discrete sequences
Author: keras_gans developers
Date created: 2026/11/22
Last modified: 2026/11/22
Description: SeqGAN's synthetic experiment: MLE, then REINFORCE against a CNN; NLL-oracle.
Accelerator: None
"""

"""
## Introduction

A GAN's generator learns from the gradient of the discriminator's score with
respect to its output. Tokens are discrete, so that gradient does not exist:
nudging "cat" by 0.01 towards "dog" is not a sentence.
[SeqGAN](https://arxiv.org/abs/1609.05473) treats the generator as a policy
that picks one token at a time and trains it with REINFORCE: the reward of a
finished sequence is the discriminator's probability that it is real, and
the value of each intermediate choice is estimated by **Monte Carlo
rollouts**: complete the prefix N times with (a delayed copy of) the
generator and average the discriminator's scores.

To measure progress without humans, the paper uses a synthetic "real world":
a randomly initialised LSTM, the **oracle**, generates the training data, and
a model is scored by the oracle's negative log-likelihood of the model's
samples (NLL-oracle, lower is better). Here we run the experiment at a
reduced schedule that finishes in a few minutes on CPU; the full comparison
with the paper's table is `benchmarks/seqgan_oracle.py`.
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

from keras_gans import sequence

SEED = 7
BATCH_SIZE = 64
NUM_SEQUENCES = 10_000
MLE_EPOCHS = 15
D_PRETRAIN_STEPS = 300
D_PRETRAIN_LR = 1e-3  # faster than the paper's 1e-4, for a short pretraining
ADVERSARIAL_STEPS = 20
ROLLOUT_NUM = 16
D_STEPS = 15  # discriminator updates per adversarial batch, each on new real data
D_FILTERS = {}  # the paper's discriminator (see SequenceDiscriminator)
EVAL_SAMPLES = 2000
MLE_EVAL_EVERY = 5  # MLE epochs between two evaluations
ADVERSARIAL_EVAL_EVERY = 5  # adversarial steps between two evaluations
MLE_STEPS = None  # None: whole epochs
# Tests set KERAS_GANS_EXAMPLE_STEPS to run a few steps in total (with small
# batches and a small discriminator, so the smoke test takes seconds).
if os.environ.get("KERAS_GANS_EXAMPLE_STEPS"):
    steps = int(os.environ["KERAS_GANS_EXAMPLE_STEPS"])
    BATCH_SIZE, NUM_SEQUENCES, ROLLOUT_NUM, EVAL_SAMPLES, D_STEPS = 16, 256, 2, 200, 1
    D_FILTERS = {"filter_sizes": (2, 3), "num_filters": (8, 8)}
    MLE_EPOCHS, MLE_STEPS, D_PRETRAIN_STEPS, ADVERSARIAL_STEPS = 1, steps, steps, steps
    MLE_EVAL_EVERY, ADVERSARIAL_EVAL_EVERY = 1, steps
OUT_DIR = pathlib.Path(os.environ.get("KERAS_GANS_EXAMPLE_OUT", "example_outputs"))
SHARED = pathlib.Path(
    os.environ.get(
        "KERAS_GANS_SHARED_DATA",
        pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data",
    )
)
keras.utils.set_random_seed(SEED)

"""
## The oracle and the training data

The oracle is an LSTM over 5,000 tokens with 32-dimensional embeddings and
states, all parameters drawn from N(0, 1). We load the paper's own
parameters when `../shared/data/seqgan_oracle.npz` is there, and otherwise
draw a fresh oracle of the same shape. It samples 10,000 sequences of 20
tokens: the training set.
"""

oracle_path = SHARED / "seqgan_oracle.npz"
if oracle_path.is_file():
    oracle = sequence.OracleLSTM.from_npz(oracle_path)
else:
    print(f"{oracle_path} not found: drawing a random oracle of the paper's shape.")
    oracle = sequence.OracleLSTM.random(5000, 32, 32, sequence_length=20, seed=SEED)
real = oracle.sample(NUM_SEQUENCES, seed=SEED)
print("training data", real.shape, "- oracle NLL of its own samples:", round(oracle.nll(real), 3))

"""
## Generator, discriminator and SeqGAN

The generator has the oracle's architecture (trained from N(0, 0.1)); the
discriminator is the paper's CNN: window sizes 1 to 20 with max-over-time
pooling, a highway layer and dropout. `SeqGAN` ties them together; its
`rollout_num` is N.
"""

generator = sequence.SequenceGenerator(5000, 32, 32, sequence_length=20)
discriminator = sequence.SequenceDiscriminator(5000, 20, **D_FILTERS)
seqgan = sequence.SeqGAN(
    generator, discriminator, rollout_num=ROLLOUT_NUM, rollout_update_rate=0.8, d_steps=D_STEPS,
    seed=SEED,
)
seqgan.compile(
    g_optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
    d_optimizer=keras.optimizers.Adam(1e-4),
)
batches = (
    tf.data.Dataset.from_tensor_slices(real)
    .shuffle(NUM_SEQUENCES, seed=SEED)
    .batch(BATCH_SIZE, drop_remainder=True)
)
curve = {"mle": [], "seqgan": []}


def nll_oracle():
    return oracle.nll(seqgan.generate(EVAL_SAMPLES, seed=0))


"""
## Maximum-likelihood pretraining

As in the paper, the generator first learns by teacher forcing:
`pretrain_generator` compiles it with a cross-entropy loss and calls its
`fit`. NLL-oracle falls from that of random tokens (about 11.4) towards the
paper's MLE result (9.04 after 120 epochs).
"""

curve["mle"].append((0, nll_oracle()))
epoch = 0
while epoch < MLE_EPOCHS:
    epochs = min(MLE_EVAL_EVERY, MLE_EPOCHS - epoch)
    seqgan.pretrain_generator(batches, epochs=epochs, steps_per_epoch=MLE_STEPS, verbose=0)
    epoch += epochs
    curve["mle"].append((epoch, nll_oracle()))
    print(f"MLE epoch {epoch}: NLL-oracle {curve['mle'][-1][1]:.3f}")

"""
## Discriminator pretraining and adversarial training

`pretrain_discriminator` trains D on real batches against fresh samples,
here at a higher learning rate than the paper's for a short pretraining.
Then each `fit` step is one adversarial batch: sample 64 sequences, estimate
every step's value with 16 rollouts of each of the 19 prefixes (all 19,456
completions run as one batch), take a REINFORCE step, move the rollout
network towards the generator, and make `D_STEPS` discriminator updates.
With `d_steps > 1`, `fit` hands each step `d_steps` real batches, one per D
update, so D keeps seeing new real sequences. A callback measures
NLL-oracle at the end of every epoch of `ADVERSARIAL_EVAL_EVERY` steps.
"""

seqgan.d_optimizer.learning_rate.assign(D_PRETRAIN_LR)
seqgan.pretrain_discriminator(batches.repeat(), epochs=1, steps_per_epoch=D_PRETRAIN_STEPS,
                              verbose=0)
seqgan.d_optimizer.learning_rate.assign(1e-4)
curve["seqgan"].append((0, curve["mle"][-1][1]))


class RecordNLL(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        step = (epoch + 1) * ADVERSARIAL_EVAL_EVERY
        curve["seqgan"].append((step, nll_oracle()))
        print(f"adversarial step {step}: NLL-oracle {curve['seqgan'][-1][1]:.3f}, "
              f"mean reward {logs['reward']:.3f}")


seqgan.fit(batches.repeat(), epochs=ADVERSARIAL_STEPS // ADVERSARIAL_EVAL_EVERY,
           steps_per_epoch=ADVERSARIAL_EVAL_EVERY, callbacks=[RecordNLL()], verbose=0)

"""
## The curve

The paper's table: MLE 9.038, SeqGAN 8.736 (after 120 MLE epochs and 200
adversarial batches). `benchmarks/RESULTS.md` records the full run.
"""

OUT_DIR.mkdir(parents=True, exist_ok=True)
fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.6), sharey=True)
left.plot(*zip(*curve["mle"]), "o-")
left.set_xlabel("MLE epochs")
left.set_ylabel(f"NLL-oracle ({EVAL_SAMPLES} samples)")
right.plot(*zip(*curve["seqgan"]), "s-", color="C1")
right.set_xlabel(f"adversarial batches (rollout {ROLLOUT_NUM})")
for ax, title in ((left, "MLE pretraining"), (right, "SeqGAN")):
    ax.axhline(9.038, ls=":", color="C0", label="paper MLE 9.038")
    ax.axhline(8.736, ls=":", color="C1", label="paper SeqGAN 8.736")
    ax.set_title(title)
    ax.grid(alpha=0.3)
right.legend()
fig.tight_layout()
fig.savefig(OUT_DIR / "seqgan_oracle.png", dpi=100)
print("saved", OUT_DIR / "seqgan_oracle.png")
