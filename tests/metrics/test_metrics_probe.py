"""The linear probe: standardised features, L2-SVM, test accuracy."""

import numpy as np
import pytest
from sklearn.svm import LinearSVC

from keras_gans import metrics


def _blobs(rng, n, classes=3, scale=None):
    y = rng.integers(classes, size=n)
    centres = rng.normal(0, 4, size=(classes, 6))
    x = centres[y] + rng.normal(size=(n, 6))
    if scale is not None:
        x = x * scale
    return x, y


def test_separable_classes_are_probed_perfectly():
    rng = np.random.default_rng(0)
    x, y = _blobs(rng, 600)
    assert metrics.linear_probe(x[:400], y[:400], x[400:], y[400:]) >= 0.98


def test_labels_independent_of_features_give_chance():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1000, 10))
    y = rng.integers(2, size=1000)
    assert 0.4 < metrics.linear_probe(x[:600], y[:600], x[600:], y[600:]) < 0.6


def test_matches_an_svm_on_features_standardised_by_hand():
    rng = np.random.default_rng(2)
    # Badly scaled features: standardisation decides what the SVM sees.
    x, y = _blobs(rng, 500, scale=np.array([1e-3, 1e3, 1.0, 50.0, 1e-2, 5.0]))
    x_train, y_train, x_test, y_test = x[:300], y[:300], x[300:], y[300:]
    mean, std = x_train.mean(0), x_train.std(0)
    svm = LinearSVC(C=1.0, max_iter=10_000, random_state=0).fit(
        (x_train - mean) / std, y_train
    )
    expected = np.mean(svm.predict((x_test - mean) / std) == y_test)
    assert metrics.linear_probe(x_train, y_train, x_test, y_test) == pytest.approx(expected)


def test_bad_inputs():
    x, y = np.random.normal(size=(20, 3)), np.arange(20) % 2
    with pytest.raises(ValueError, match="train_labels"):
        metrics.linear_probe(x, y[:10], x, y)
    with pytest.raises(ValueError, match="at least 2 classes"):
        metrics.linear_probe(x, np.zeros(20), x, y)
    with pytest.raises(ValueError, match="same number of features"):
        metrics.linear_probe(x, y, x[:, :2], y)
