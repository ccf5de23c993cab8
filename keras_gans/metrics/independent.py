"""A second Fashion-MNIST classifier, independent of the shipped extractor.

Samplers that steer images with a classifier (Plug & Play Generative
Networks, activation maximisation) can fool the very network they follow:
its confidence on their images says little. They are scored with this
network instead: another architecture (strided 5x5 convolutions, no batch
norm, no pooling, a 64-unit hidden layer), another seed and another
training run (`tools/train_independent_fashion_mnist_classifier.py`; record
in `weights/independent_fashion_mnist_classifier.json`).
"""

import os

import keras

from keras_gans.metrics.extractor import IMAGE_SHAPE
from keras_gans.metrics.extractor import NUM_CLASSES
from keras_gans.metrics.extractor import WEIGHTS_DIR
from keras_gans.metrics.extractor import check_weights_argument
from keras_gans.metrics.extractor import load_classifier_weights

INDEPENDENT_WEIGHTS_PATH = os.path.join(
    WEIGHTS_DIR, "independent_fashion_mnist_classifier.weights.h5"
)


def independent_fashion_mnist_classifier(weights="default"):
    """An independent Fashion-MNIST classifier (images in `[-1, 1]`, logits out).

    Two strided 5x5 convolutions (16 and 32 channels, ReLU), a 64-unit ReLU
    layer named `"hidden"` and a 10-way `"logits"` layer: no layer shared in
    design or weights with `fashion_mnist_classifier`, so that a sampler
    driven by one is scored by the other.

    Args:
        weights: `"default"` loads the weights shipped with the package;
            `None` leaves the layers freshly initialised (for training); any
            other string is a path of a `.weights.h5` file.

    Returns:
        A `keras.Model` from `[batch, 28, 28, 1]` in `[-1, 1]` to logits
        `[batch, 10]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    model = metrics.independent_fashion_mnist_classifier()
    logits = model.predict(np.zeros((4, 28, 28, 1), "float32"), verbose=0)
    ```

    Reference:
        [Nguyen et al., 2017. Plug & Play Generative Networks](
        https://arxiv.org/abs/1612.00005): samples are judged by networks
        other than the one that produced them.
    """
    check_weights_argument(weights)
    f32 = {"dtype": "float32"}
    x = keras.Input(IMAGE_SHAPE, name="image")
    h = keras.layers.Conv2D(16, 5, strides=2, padding="same", activation="relu",
                            name="conv_a", **f32)(x)
    h = keras.layers.Conv2D(32, 5, strides=2, padding="same", activation="relu",
                            name="conv_b", **f32)(h)
    h = keras.layers.Flatten(name="flatten", **f32)(h)
    h = keras.layers.Dense(64, activation="relu", name="hidden", **f32)(h)
    logits = keras.layers.Dense(NUM_CLASSES, name="logits", **f32)(h)
    model = keras.Model(x, logits, name="independent_fashion_mnist_classifier")
    return load_classifier_weights(
        model, weights, INDEPENDENT_WEIGHTS_PATH,
        "tools/train_independent_fashion_mnist_classifier.py",
    )
