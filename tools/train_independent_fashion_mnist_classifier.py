"""Trains the independent Fashion-MNIST classifier that scores PPGN samples.

`keras_gans.metrics.independent_fashion_mnist_classifier` differs from the
shipped extractor (`fashion_mnist_classifier`) in architecture (strided
convolutions, no batch norm or pooling), seed and training run, so that a
sampler steered by one classifier is judged by another. This script trains
it on the 60k training images in [-1, 1] (Adam, cosine decay, no
augmentation), reports the test accuracy and writes the weights and a JSON
record beside the shipped ones.

Usage:
    python tools/train_independent_fashion_mnist_classifier.py --epochs 10
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
from keras_gans.metrics import independent  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--out", default=independent.INDEPENDENT_WEIGHTS_PATH)
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(args.seed)
    tf.config.experimental.enable_op_determinism()
    x_train, y_train = datasets.load_arrays("fashion_mnist", split="train")
    x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
    train = (
        tf.data.Dataset.from_tensor_slices((x_train, y_train))
        .shuffle(len(x_train), seed=args.seed, reshuffle_each_iteration=True)
        .batch(args.batch_size)
        .prefetch(tf.data.AUTOTUNE)
    )
    steps = args.epochs * int(np.ceil(len(x_train) / args.batch_size))
    model = independent.independent_fashion_mnist_classifier(weights=None)
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
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    print(f"test accuracy: {accuracy:.4f}  (training: {seconds:.0f} s)")

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    clean = independent.independent_fashion_mnist_classifier(weights=None)
    clean.set_weights(model.get_weights())  # No optimizer state in the file.
    clean.save_weights(args.out)
    with open(args.out, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    record = {
        "test_accuracy": round(float(accuracy), 4),
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "learning_rate": args.learning_rate,
        "seed": args.seed,
        "train_seconds": round(seconds, 1),
        "parameters": int(model.count_params()),
        "sha256": digest,
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "command": "python tools/train_independent_fashion_mnist_classifier.py "
        f"--epochs {args.epochs} --batch-size {args.batch_size} "
        f"--learning-rate {args.learning_rate} --seed {args.seed}",
    }
    record_path = os.path.splitext(os.path.splitext(args.out)[0])[0] + ".json"
    with open(record_path, "w") as f:
        json.dump(record, f, indent=2)
    print(json.dumps(record, indent=2))
    print(f"weights: {args.out} ({os.path.getsize(args.out) / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
