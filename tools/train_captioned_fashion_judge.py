"""Trains the `captioned_fashion` attribute judge shipped in keras_gans/metrics/weights.

The judge (`keras_gans.metrics.captioned_fashion_judge`) scores how faithfully
a text-to-image model draws the class, colour, size and position its caption
names. This script trains it on the 60k real train canvases (32x32, in
[-1, 1]), seeded, with Adam and a cosine learning-rate decay and the sum of
the four heads' cross-entropies; no augmentation (a flip would move the
garment to another position). It reports each head's accuracy on the 10k
real test canvases (all four jointly too, and each on the test canvases whose
(class, colour) composition never occurs in training) and writes the weights
and a JSON record beside them.

Usage:
    python tools/train_captioned_fashion_judge.py --epochs 6
"""

import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _classifier_training import parse_args  # noqa: E402
from _classifier_training import save_and_record  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans.metrics import captioned  # noqa: E402

SCRIPT = "tools/train_captioned_fashion_judge.py"


def labels_of(split):
    attributes = split["attributes"]
    return {name: attributes[:, k] for k, name in enumerate(captioned.JUDGE_ATTRIBUTES)}


def main(argv=None):
    args = parse_args(
        __doc__.splitlines()[0], argv, epochs=6, seed=0, out=captioned.JUDGE_WEIGHTS_PATH
    )
    keras.utils.set_random_seed(args.seed)
    tf.config.experimental.enable_op_determinism()
    train = datasets.captioned_fashion_arrays("train", 32)
    test = datasets.captioned_fashion_arrays("test", 32)
    batches = (
        tf.data.Dataset.from_tensor_slices((train["image"], labels_of(train)))
        .shuffle(len(train["image"]), seed=args.seed, reshuffle_each_iteration=True)
        .batch(args.batch_size)
        .prefetch(tf.data.AUTOTUNE)
    )
    steps = args.epochs * int(np.ceil(len(train["image"]) / args.batch_size))
    model = captioned.captioned_fashion_judge(weights=None)
    model.compile(
        optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecay(args.learning_rate, steps)
        ),
        loss={name: keras.losses.SparseCategoricalCrossentropy(from_logits=True)
              for name in captioned.JUDGE_ATTRIBUTES},
    )
    start = time.perf_counter()
    model.fit(batches, epochs=args.epochs, verbose=2)
    seconds = time.perf_counter() - start

    predicted = captioned.judge_attributes(test["image"], judge=model)
    right = predicted == test["attributes"]
    accuracy = {name: round(float(right[:, k].mean()), 4)
                for k, name in enumerate(captioned.JUDGE_ATTRIBUTES)}
    accuracy["joint"] = round(float(right.all(axis=1).mean()), 4)
    # The compositions never seen in training: a fair judge scores them as well.
    unseen = test["unseen_composition"]
    accuracy_unseen = {name: round(float(right[unseen, k].mean()), 4)
                       for k, name in enumerate(captioned.JUDGE_ATTRIBUTES)}
    print(f"test accuracy: {accuracy}  (training: {seconds:.0f} s)")

    save_and_record(captioned.captioned_fashion_judge, model, args, SCRIPT, seconds, {
        "test_accuracy": accuracy,
        "test_examples": int(len(test["image"])),
        "test_accuracy_unseen_compositions": accuracy_unseen,
        "test_examples_unseen_compositions": int(unseen.sum()),
    })

if __name__ == "__main__":
    main()
