"""What the two Fashion-MNIST classifier trainers in tools/ share.

Both scripts parse the same options, seed and load Fashion-MNIST the same
way, train with Adam and a cosine learning-rate decay, report the test
accuracy and write the weights (without optimizer state) and a JSON record
beside them. They are run as `python tools/<script>.py`, which puts this
folder on `sys.path`.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import datasets  # noqa: E402


def parse_args(description, argv, epochs, seed, out):
    """The trainers' options; `epochs`, `seed` and `out` are the defaults."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--epochs", type=int, default=epochs)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=seed)
    parser.add_argument("--out", default=out)
    return parser.parse_args(argv)


def load_data(seed):
    """Seeds Keras, makes ops deterministic and loads Fashion-MNIST in [-1, 1].

    Returns `(x_train, y_train), (x_test, y_test)`.
    """
    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    train = datasets.load_arrays("fashion_mnist", split="train")
    test = datasets.load_arrays("fashion_mnist", split="test")
    return train, test


def training_batches(x, y, args, augment=None):
    """The shuffled (and, with `augment(image, label)`, augmented) batches."""
    data = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(
        len(x), seed=args.seed, reshuffle_each_iteration=True
    )
    if augment is not None:
        data = data.map(augment, num_parallel_calls=tf.data.AUTOTUNE)
    return data.batch(args.batch_size).prefetch(tf.data.AUTOTUNE)


def save_inference_weights(build, model, path):
    """Saves `model`'s layer weights only (no optimizer state: a third of the size).

    `build(weights=None)` makes a fresh model of the same architecture.
    """
    clean = build(weights=None)
    clean.set_weights(model.get_weights())
    clean.save_weights(path)


def train_and_record(build, train, num_train, test, args, script):
    """Trains `build(weights=None)` on `train`, then writes its weights and record.

    Args:
        build: the classifier's constructor (takes `weights`).
        train: the training batches.
        num_train: the number of training examples (for the decay's steps).
        test: `(x_test, y_test)`, for the reported accuracy.
        args: the parsed options.
        script: the script's path from the repository root, for the record.
    """
    steps = args.epochs * int(np.ceil(num_train / args.batch_size))
    model = build(weights=None)
    model.compile(
        optimizer=keras.optimizers.Adam(
            keras.optimizers.schedules.CosineDecay(args.learning_rate, steps)
        ),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
        metrics=["accuracy"],
    )
    start = time.perf_counter()
    model.fit(train, epochs=args.epochs, verbose=2)
    seconds = time.perf_counter() - start
    x_test, y_test = test
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    print(f"test accuracy: {accuracy:.4f}  (training: {seconds:.0f} s)")

    save_and_record(
        build, model, args, script, seconds, {"test_accuracy": round(float(accuracy), 4)}
    )


def save_and_record(build, model, args, script, seconds, results):
    """Saves the inference weights at `args.out` and their JSON record beside them.

    The record: `results` (the test accuracies), the training arguments, the
    time, the parameter count, the file's SHA-256, the date, the machine and
    the command that reproduces it.
    """
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    save_inference_weights(build, model, args.out)
    with open(args.out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    record = {
        **results,
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
        "train_seconds": round(seconds, 1),
        "parameters": int(model.count_params()),
        "sha256": digest,
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "command": f"python {script} "
        f"--epochs {args.epochs} --batch-size {args.batch_size} "
        f"--learning-rate {args.learning_rate} --seed {args.seed}",
    }
    record_path = os.path.splitext(os.path.splitext(args.out)[0])[0] + ".json"
    with open(record_path, "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps(record, indent=2))
    print(f"weights: {args.out} ({os.path.getsize(args.out) / 1e6:.2f} MB)")
