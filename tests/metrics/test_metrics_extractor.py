"""The shipped Fashion-MNIST feature extractor and the extractor protocol."""

import os

import keras
import numpy as np
import pytest

from keras_gans import datasets
from keras_gans import metrics
from keras_gans.metrics import extractor as extractor_lib


def _fashion_mnist_test():
    try:
        return datasets.load_arrays("fashion_mnist", split="test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")


def test_shipped_weights_are_small_and_present():
    assert os.path.getsize(extractor_lib.WEIGHTS_PATH) < 3e6


def test_classifier_accuracy_on_the_test_split():
    x, y = _fashion_mnist_test()
    model = metrics.fashion_mnist_classifier()
    logits = np.concatenate(
        [keras.ops.convert_to_numpy(model(x[i : i + 1000], training=False))
         for i in range(0, len(x), 1000)]
    )
    assert logits.shape == (10_000, 10)
    assert np.mean(logits.argmax(axis=1) == y) >= 0.91


def test_features_are_the_penultimate_layer():
    x, _ = _fashion_mnist_test()
    x = x[:64]
    features = metrics.fashion_mnist_features(x, batch_size=50)
    assert features.shape == (64, 128) and features.dtype == np.float32
    model = metrics.fashion_mnist_classifier()
    expected = metrics.FeatureExtractor(model, layer="features")(x)
    np.testing.assert_allclose(features, expected, rtol=1e-4, atol=1e-4)
    # 32x32 images (the CLI's --image-size) are resized to 28x28 first.
    big = keras.ops.convert_to_numpy(keras.ops.image.resize(x, (32, 32)))
    assert metrics.fashion_mnist_features(np.clip(big, -1, 1)).shape == (64, 128)
    p = metrics.fashion_mnist_probabilities(x)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-9)


def test_fashion_mnist_features_reject_bad_images():
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        metrics.fashion_mnist_features(np.full((2, 28, 28, 1), 255.0))
    with pytest.raises(ValueError, match="images"):
        metrics.fashion_mnist_features(np.zeros((28, 28)))
    with pytest.raises(ValueError, match="grayscale"):
        metrics.fashion_mnist_features(np.zeros((2, 28, 28, 3)))


def test_any_keras_layer_is_an_extractor():
    net = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, name="hidden"), keras.layers.Dense(1)]
    )
    extract = metrics.FeatureExtractor(net, layer="hidden", batch_size=7)
    x = np.random.default_rng(0).normal(size=(20, 4)).astype("float32")
    kernel, bias = net.get_layer("hidden").get_weights()
    np.testing.assert_allclose(extract(x), x @ kernel + bias, rtol=1e-5, atol=1e-6)
    assert extract.name.endswith("/hidden")
    with pytest.raises(ValueError, match="layer"):
        metrics.FeatureExtractor(net, layer="nope")
    with pytest.raises(ValueError, match="extractor"):
        metrics.get_feature_extractor("inception")
    identity = metrics.get_feature_extractor("identity")
    assert identity(np.ones((3, 2, 2))).shape == (3, 4) and identity.name == "identity"
