"""Feature extractors: the offline Fashion-MNIST CNN and any Keras layer.

Fréchet and kernel distances, precision/recall and density/coverage compare
*features* of images. The literature's features come from Inception-v3,
which would need a download; here the default is a small CNN trained on
Fashion-MNIST whose weights ship inside the package
(`keras_gans/metrics/weights/`), trained by
`tools/train_fashion_mnist_classifier.py`.

The extractor protocol is small: an extractor is any callable mapping a
batch of samples (NumPy, `[n, ...]`) to a 2-D feature array `[n, d]`; its
`name` attribute (if it has one) is recorded with every number computed
from it. `FeatureExtractor` makes one from any Keras model and layer name;
`get_feature_extractor` resolves the names `"fashion_mnist"` and
`"identity"`.
"""

import functools
import os

import keras
import numpy as np

WEIGHTS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "weights")
WEIGHTS_PATH = os.path.join(WEIGHTS_DIR, "fashion_mnist_classifier.weights.h5")
IMAGE_SHAPE = (28, 28, 1)
NUM_CLASSES = 10
FEATURES_LAYER = "features"
FASHION_MNIST_EXTRACTOR = "fashion_mnist_classifier/features"


def fashion_mnist_classifier(weights="default"):
    """A small CNN classifying Fashion-MNIST images in `[-1, 1]` (logits out).

    The offline stand-in for Inception-v3: three 3x3 convolution blocks
    (32, 64, 128 channels; batch norm, ReLU, 2x2 max pooling), a 128-unit
    ReLU layer named `"features"` (the penultimate features used for FID,
    KID, precision/recall) and a 10-way `"logits"` layer. Every layer is
    float32 whatever the global dtype policy. The shipped weights (1 MB,
    trained by `tools/train_fashion_mnist_classifier.py`; record in
    `weights/fashion_mnist_classifier.json`) reach 92.46% accuracy on the
    Fashion-MNIST test split.

    Args:
        weights: `"default"` loads the weights shipped with the package
            (no network access); `None` leaves the layers freshly
            initialised (for training); any other string is a path of a
            `.weights.h5` file.

    Returns:
        A `keras.Model` from images `[batch, 28, 28, 1]` in `[-1, 1]` to
        logits `[batch, 10]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    model = metrics.fashion_mnist_classifier()
    logits = model.predict(np.zeros((4, 28, 28, 1), "float32"), verbose=0)
    ```

    Reference:
        [Xiao et al., 2017. Fashion-MNIST](https://arxiv.org/abs/1708.07747);
        the role Inception-v3 plays in
        [Heusel et al., 2017](https://arxiv.org/abs/1706.08500).
    """
    check_weights_argument(weights)
    x = keras.Input(IMAGE_SHAPE, name="image")
    h = classifier_trunk(x, 128, FEATURES_LAYER)
    logits = keras.layers.Dense(NUM_CLASSES, name="logits", dtype="float32")(h)
    model = keras.Model(x, logits, name="fashion_mnist_classifier")
    return load_classifier_weights(
        model, weights, WEIGHTS_PATH, "tools/train_fashion_mnist_classifier.py"
    )


def classifier_trunk(h, feature_units, features_name, prefix=""):
    """The shipped classifiers' trunk on `h`: their layers, named as their weights.

    Three blocks of a 3x3 convolution (32, 64, 128 filters, no bias), batch
    normalisation, ReLU and 2x2 max pooling, then flatten, dropout 0.3, a
    ReLU dense layer of `feature_units` named `features_name` and dropout
    0.3. Every layer is float32 whatever the global dtype policy. `prefix`
    starts every other layer's name (two trunks in one model).
    """
    f32 = {"dtype": "float32"}
    for i, filters in enumerate((32, 64, 128)):
        h = keras.layers.Conv2D(
            filters, 3, padding="same", use_bias=False, name=f"{prefix}conv_{i}", **f32
        )(h)
        h = keras.layers.BatchNormalization(name=f"{prefix}conv_{i}_bn", **f32)(h)
        h = keras.layers.ReLU(name=f"{prefix}conv_{i}_relu", **f32)(h)
        h = keras.layers.MaxPooling2D(2, name=f"{prefix}pool_{i}", **f32)(h)
    h = keras.layers.Flatten(name=f"{prefix}flatten", **f32)(h)
    h = keras.layers.Dropout(0.3, name=f"{prefix}dropout_0", **f32)(h)
    h = keras.layers.Dense(feature_units, activation="relu", name=features_name, **f32)(h)
    return keras.layers.Dropout(0.3, name=f"{prefix}dropout_1", **f32)(h)


def check_weights_argument(weights):
    """Raises unless `weights` is "default", None or a path (a classifier's argument)."""
    if weights is not None and not isinstance(weights, (str, os.PathLike)):
        raise ValueError(
            '`weights` must be "default", None or a path to a .weights.h5 file. '
            f"Received: weights={weights!r}"
        )


def load_classifier_weights(model, weights, default_path, script):
    """Loads `weights` into `model` ("default": `default_path`; None: none).

    `script` is the tool that trains the weights, named if the file is missing.
    Returns `model`.
    """
    if weights is not None:
        path = default_path if weights == "default" else os.fspath(weights)
        if not os.path.exists(path):
            raise FileNotFoundError(
                f"The classifier weights are missing: {path}. Reinstall keras_gans "
                f"or train them with {script}."
            )
        model.load_weights(path)
    return model


def check_images(images, name="images"):
    """Returns `images` as float32 `[n, H, W, C]` in `[-1, 1]`, or raises."""
    array = np.asarray(images)
    if array.ndim == 3:
        array = array[..., None]
    if array.ndim != 4 or len(array) == 0:
        raise ValueError(
            f"`{name}` must be a non-empty batch [n, height, width, channels] "
            f"(or [n, height, width]). Received: {name}.shape={np.shape(images)}"
        )
    if not (np.issubdtype(array.dtype, np.floating) or np.issubdtype(array.dtype, np.integer)):
        raise ValueError(f"`{name}` must be numeric. Received: dtype={array.dtype}")
    array = array.astype("float32")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` must be finite. Received NaN or infinite values.")
    low, high = float(array.min()), float(array.max())
    if low < -1.01 or high > 1.01:
        raise ValueError(
            f"`{name}` must lie in [-1, 1] (the generators' tanh range; scale uint8 "
            f"images with x / 127.5 - 1). Received values in [{low:g}, {high:g}]"
        )
    return array


@functools.lru_cache(maxsize=1)
def _shipped_models():
    """The shipped classifier and its feature model, loaded once per process."""
    classifier = fashion_mnist_classifier()
    features = keras.Model(
        classifier.input,
        [classifier.get_layer(FEATURES_LAYER).output, classifier.output],
        name="fashion_mnist_features",
    )
    return classifier, features


def _fashion_mnist_outputs(images, batch_size):
    images = check_images(images)
    if images.shape[-1] != 1:
        raise ValueError(
            "The Fashion-MNIST extractor takes grayscale images [n, H, W, 1]. "
            f"Received: images.shape={images.shape}"
        )
    from keras_gans._validation import check_positive_int

    batch_size = check_positive_int("batch_size", batch_size)
    _, model = _shipped_models()
    features, logits = [], []
    for start in range(0, len(images), batch_size):
        batch = images[start : start + batch_size]
        if batch.shape[1:3] != IMAGE_SHAPE[:2]:
            batch = np.clip(
                keras.ops.convert_to_numpy(keras.ops.image.resize(batch, IMAGE_SHAPE[:2])),
                -1.0,
                1.0,
            )
        f, z = model(batch, training=False)
        features.append(keras.ops.convert_to_numpy(f))
        logits.append(keras.ops.convert_to_numpy(z))
    return np.concatenate(features), np.concatenate(logits)


def fashion_mnist_features(images, batch_size=1000):
    """The shipped classifier's penultimate features of images in `[-1, 1]`.

    Images of another side are resized (bilinear) to 28x28 first.

    Args:
        images: `[n, height, width, 1]` (or `[n, height, width]`) in `[-1, 1]`.
        batch_size: images per forward pass.

    Returns:
        float32 features `[n, 128]` (the ReLU layer `"features"`).

    Example:

    ```python
    from keras_gans import datasets, metrics

    x, _ = datasets.load_arrays("fashion_mnist", split="test")
    features = metrics.fashion_mnist_features(x[:500])  # (500, 128)
    ```

    Reference:
        [Heusel et al., 2017](https://arxiv.org/abs/1706.08500) (FID uses
        Inception-v3's pool features the same way).
    """
    return _fashion_mnist_outputs(images, batch_size)[0]


def fashion_mnist_probabilities(images, batch_size=1000):
    """The shipped classifier's class probabilities (for `inception_score`).

    Args:
        images: as in `fashion_mnist_features`.
        batch_size: images per forward pass.

    Returns:
        float64 probabilities `[n, 10]`, rows summing to 1.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    p = metrics.fashion_mnist_probabilities(np.zeros((8, 28, 28, 1)))
    ```

    Reference:
        [Salimans et al., 2016](https://arxiv.org/abs/1606.03498), section 4.
    """
    logits = _fashion_mnist_outputs(images, batch_size)[1].astype("float64")
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True)


class FeatureExtractor:
    """Turns a layer of any Keras model into a feature extractor.

    Calling the extractor on a batch of samples runs the model up to
    `layer` (in inference mode, in batches) and returns the layer's output
    flattened to `[n, d]`. This is the protocol every metric helper, the
    `EvaluationCallback` and `keras-gans evaluate` accept: any callable from
    a NumPy batch to `[n, d]` features, with an optional `name` that is
    recorded with each number.

    Args:
        model: a functional or sequential `keras.Model` (built).
        layer: the name of the layer whose output are the features, or
            `None` for the model's output.
        batch_size: samples per forward pass.
        preprocess: optional callable applied to each NumPy batch first
            (e.g. a resize).
        name: the name recorded with metrics. Defaults to
            `"<model name>/<layer>"`.

    Example:

    ```python
    import numpy as np
    import keras
    from keras_gans import metrics

    net = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, name="h"),
                            keras.layers.Dense(2)])
    extractor = metrics.FeatureExtractor(net, layer="h")
    features = extractor(np.ones((5, 8), "float32"))  # (5, 4)
    ```

    Reference:
        [Heusel et al., 2017](https://arxiv.org/abs/1706.08500): FID on the
        features of a fixed network.
    """

    def __init__(self, model, layer=None, batch_size=500, preprocess=None, name=None):
        from keras_gans._validation import check_positive_int

        if not isinstance(model, keras.Model):
            raise ValueError(f"`model` must be a keras.Model. Received: model={model!r}")
        if layer is not None:
            names = [lay.name for lay in model.layers]
            if layer not in names:
                raise ValueError(
                    f"`layer` must name a layer of {model.name!r}. Received: "
                    f"layer={layer!r}; layers: {names}"
                )
            try:
                inputs = model.inputs[0] if len(model.inputs) == 1 else model.inputs
                model = keras.Model(inputs, model.get_layer(layer).output)
            except (AttributeError, ValueError) as error:
                raise ValueError(
                    "`model` must be functional or sequential (with known inputs) "
                    f"to read an inner layer. Received: model={model.name!r} ({error})"
                ) from None
        if preprocess is not None and not callable(preprocess):
            raise ValueError(
                f"`preprocess` must be callable or None. Received: {preprocess!r}"
            )
        self.model = model
        self.layer = layer
        self.batch_size = check_positive_int("batch_size", batch_size)
        self.preprocess = preprocess
        self.name = name or f"{model.name}/{layer or 'output'}"

    def __call__(self, samples):
        samples = np.asarray(samples)
        if samples.ndim < 2 or len(samples) == 0:
            raise ValueError(
                "`samples` must be a non-empty batch [n, ...]. Received: "
                f"samples.shape={samples.shape}"
            )
        outputs = []
        for start in range(0, len(samples), self.batch_size):
            batch = samples[start : start + self.batch_size]
            if self.preprocess is not None:
                batch = self.preprocess(batch)
            out = keras.ops.convert_to_numpy(self.model(batch, training=False))
            outputs.append(out.reshape(len(out), -1))
        return np.concatenate(outputs)

    def __repr__(self):
        return f"FeatureExtractor({self.name!r})"


def _fashion_mnist_extractor(samples):
    return fashion_mnist_features(samples)


_fashion_mnist_extractor.name = FASHION_MNIST_EXTRACTOR
_fashion_mnist_extractor.probabilities = fashion_mnist_probabilities


def _identity_extractor(samples):
    samples = np.asarray(samples, dtype="float64")
    if samples.ndim < 2 or len(samples) == 0:
        raise ValueError(
            "`samples` must be a non-empty batch [n, ...]. Received: "
            f"samples.shape={samples.shape}"
        )
    return samples.reshape(len(samples), -1)


_identity_extractor.name = "identity"


def get_feature_extractor(extractor="fashion_mnist"):
    """Resolves an extractor: a name, a Keras model or any callable.

    Args:
        extractor: `"fashion_mnist"` (or `None`): `fashion_mnist_features`;
            `"identity"`: the samples themselves, flattened (toy data,
            pixels); a `keras.Model`: its output (`FeatureExtractor(model)`);
            any callable from a batch to `[n, d]` features.

    Returns:
        A callable with a `name` attribute.

    Example:

    ```python
    from keras_gans import metrics

    extract = metrics.get_feature_extractor("identity")
    extract.name  # "identity"
    ```
    """
    if extractor is None or extractor == "fashion_mnist":
        return _fashion_mnist_extractor
    if extractor == "identity":
        return _identity_extractor
    if isinstance(extractor, keras.Model):
        return FeatureExtractor(extractor)
    if callable(extractor) and not isinstance(extractor, str):
        return extractor
    raise ValueError(
        '`extractor` must be "fashion_mnist", "identity", a keras.Model or a '
        f"callable. Received: extractor={extractor!r}"
    )


def extractor_name(extractor):
    """The name recorded with a metric computed by `extractor`."""
    return str(getattr(extractor, "name", None) or getattr(extractor, "__name__", repr(extractor)))
