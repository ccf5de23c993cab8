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

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from _classifier_training import load_data  # noqa: E402
from _classifier_training import parse_args  # noqa: E402
from _classifier_training import train_and_record  # noqa: E402
from _classifier_training import training_batches  # noqa: E402

from keras_gans.metrics import independent  # noqa: E402


def main(argv=None):
    args = parse_args(
        __doc__.splitlines()[0], argv, epochs=10, seed=17,
        out=independent.INDEPENDENT_WEIGHTS_PATH,
    )
    (x_train, y_train), test = load_data(args.seed)
    train = training_batches(x_train, y_train, args)
    train_and_record(
        independent.independent_fashion_mnist_classifier, train, len(x_train), test, args,
        script="tools/train_independent_fashion_mnist_classifier.py",
    )


if __name__ == "__main__":
    main()
