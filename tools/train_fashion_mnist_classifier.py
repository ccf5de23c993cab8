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

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import tensorflow as tf  # noqa: E402
from _classifier_training import load_data  # noqa: E402
from _classifier_training import parse_args  # noqa: E402
from _classifier_training import train_and_record  # noqa: E402
from _classifier_training import training_batches  # noqa: E402

from keras_gans.metrics import extractor  # noqa: E402


def main(argv=None):
    args = parse_args(
        __doc__.splitlines()[0], argv, epochs=8, seed=0, out=extractor.WEIGHTS_PATH
    )
    (x_train, y_train), test = load_data(args.seed)

    # Random horizontal flips: a garment mirrored is the same class.
    def augment(image, label):
        return tf.image.random_flip_left_right(image, seed=args.seed), label

    train = training_batches(x_train, y_train, args, augment=augment)
    train_and_record(
        extractor.fashion_mnist_classifier, train, len(x_train), test, args,
        script="tools/train_fashion_mnist_classifier.py",
    )


if __name__ == "__main__":
    main()
