"""Trains the Fashion-MNIST feature extractor shipped in keras_gans/metrics/weights.

The classifier (`keras_gans.metrics.fashion_mnist_classifier`) is the offline
stand-in for Inception-v3 in FID, KID, precision/recall and the Inception
Score. This script trains it on the 60k training images (in [-1, 1], as the
generators produce them), seeded, with Adam and a cosine learning-rate decay,
then reports the accuracy on the 10k test split and writes the weights and a
small JSON record beside them.

Usage:
    python tools/train_fashion_mnist_classifier.py --epochs 8
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
from keras_gans.metrics import extractor  # noqa: E402


def save_inference_weights(model, path):
    """Saves the layers' weights only (no optimizer state: a third of the size)."""
    clean = extractor.fashion_mnist_classifier(weights=None)
    clean.set_weights(model.get_weights())
    clean.save_weights(path)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--learning-rate", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=extractor.WEIGHTS_PATH)
    args = parser.parse_args(argv)

    keras.utils.set_random_seed(args.seed)
    tf.config.experimental.enable_op_determinism()
    x_train, y_train = datasets.load_arrays("fashion_mnist", split="train")
    x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")

    # Random horizontal flips: a garment mirrored is the same class.
    def augment(image, label):
        return tf.image.random_flip_left_right(image, seed=args.seed), label

    train = (
        tf.data.Dataset.from_tensor_slices((x_train, y_train))
        .shuffle(len(x_train), seed=args.seed, reshuffle_each_iteration=True)
        .map(augment, num_parallel_calls=tf.data.AUTOTUNE)
        .batch(args.batch_size)
        .prefetch(tf.data.AUTOTUNE)
    )
    steps = args.epochs * int(np.ceil(len(x_train) / args.batch_size))
    model = extractor.fashion_mnist_classifier(weights=None)
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
    save_inference_weights(model, args.out)
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
        "command": "python tools/train_fashion_mnist_classifier.py "
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
