"""Screening runs for InfoGAN's clustering on Fashion-MNIST (issue 12).

One run per call, one JSON line appended to `benchmarks/infogan_screen.jsonl`.
Screening uses seeds that the reported runs of `benchmarks/structured.py`
(--parts infogan, seeds 0-2) never use, so whatever setting a screen picks
is fixed before the reported seeds are trained.

The model is `keras_gans.models.InfoGAN` with one 10-way categorical and 2
continuous codes, G `Adam(1e-3, beta_1=0.5)` and D `Adam(2e-4, beta_1=0.5)`,
batch 64 and the non-saturating loss, as in `benchmarks/structured.py`. The
options change the noise size, the information weight lambda, the width,
the paper's dense layers (--trunk-units, --generator-hidden-units; both 0,
the earlier networks, by default) and the number of steps. Scores are as
in `structured.py`. We report the Hungarian accuracy of the categorical
code on 10,000 generated images against the shipped classifier, and of
`infer_codes` on the 10k real test images against their true labels.

Usage:
    python benchmarks/infogan_screen.py --seed 100 --noise-dim 62 --info-weight 1
"""

import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import cpu_flags  # noqa: E402
from structured import StepClock  # noqa: E402
from structured import hungarian_accuracy  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=100)
    parser.add_argument("--noise-dim", type=int, default=62)
    parser.add_argument("--info-weight", type=float, default=1.0)
    parser.add_argument("--continuous-codes", type=int, default=2)
    parser.add_argument("--filters", type=int, default=32)
    parser.add_argument("--steps", type=int, default=5000)
    parser.add_argument("--trunk-units", type=int, default=0,
                        help="a shared hidden layer (dense, batch norm, LeakyReLU) of this "
                             "size after D's convolutions, shared by D and Q, as the paper's "
                             "FC 1024 (0: none; InfoGAN's shared_units)")
    parser.add_argument("--generator-hidden-units", type=int, default=0,
                        help="G's dense hidden layer before the projection, as the paper's "
                             "FC 1024 (0: none; InfoGAN's generator_hidden_units)")
    parser.add_argument("--eval-every", type=int, default=0,
                        help="also score the clustering every this many steps (0: at the end only)")
    parser.add_argument("--out", default=os.path.join(HERE, "infogan_screen.jsonl"))
    args = parser.parse_args(argv)

    x, _ = datasets.load_arrays("fashion_mnist", split="train")
    x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
    keras.utils.set_random_seed(args.seed)
    model = models.InfoGAN((28, 28, 1), noise_dim=args.noise_dim, info_weight=args.info_weight,
                           continuous_codes=args.continuous_codes,
                           shared_units=args.trunk_units,
                           generator_hidden_units=args.generator_hidden_units,
                           generator_filters=args.filters, discriminator_filters=args.filters,
                           seed=args.seed)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    data = tf.data.Dataset.from_tensor_slices(x).shuffle(60_000, seed=args.seed)
    data = data.repeat().batch(64, drop_remainder=True).prefetch(4)
    clock = StepClock(args.steps, 10**6)
    curve = []
    every = args.eval_every if 0 < args.eval_every < args.steps else args.steps

    def score(epoch, logs=None):
        generated, test, _ = clustering(model, x_test, y_test)
        curve.append({"steps": clock.steps, "generated": generated, "test": test})
        print(curve[-1], flush=True)

    scorer = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: score(epoch) if clock.steps < args.steps else None)
    begin = time.perf_counter()
    model.fit(data, epochs=-(-args.steps // every), steps_per_epoch=every,
              callbacks=[clock, scorer], verbose=0)
    seconds = time.perf_counter() - begin

    generated_accuracy, test_accuracy, inferred = clustering(model, x_test, y_test)
    # Diagnostic: Q on real test images with D's batch norm using the
    # statistics of each batch of 250 test images (as D normalised every
    # real batch in training) instead of the moving averages, which mix
    # real and generated batches.
    batch_heads = []
    for start in range(0, len(x_test), 250):
        _, head = model.discriminator(x_test[start:start + 250], training=True)
        batch_heads.append(np.asarray(head)[:, :10])
    inferred_batch = np.concatenate(batch_heads).argmax(1)
    row = {
        **{k: v for k, v in vars(args).items() if k != "out"},
        "steps_done": clock.steps,
        "train_seconds": round(seconds, 1),
        "generated_clustering_accuracy": generated_accuracy,
        "test_clustering_accuracy": test_accuracy,
        "curve": curve,
        "test_clusters_used": int(len(np.unique(inferred))),
        "test_clustering_accuracy_batch_statistics": hungarian_accuracy(inferred_batch, y_test),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu_flags": cpu_flags(),
    }
    print(json.dumps(row), flush=True)
    with open(args.out, "a") as f:
        f.write(json.dumps(row) + "\n")


def clustering(model, x_test, y_test):
    """Hungarian accuracies of the categorical code: generated, real test."""
    codes = np.repeat(np.arange(10), 1000)
    samples = model.generate(10_000, seed=0, codes={"categorical": codes})
    predicted = metrics.fashion_mnist_probabilities(samples).argmax(1)
    inferred = model.infer_codes(x_test)["categorical"][0].argmax(1)
    return (hungarian_accuracy(codes, predicted), hungarian_accuracy(inferred, y_test),
            inferred)


if __name__ == "__main__":
    main()
