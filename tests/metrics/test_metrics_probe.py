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


def test_select_probe_c_picks_the_best_held_out_c_without_the_test_split():
    rng = np.random.default_rng(3)
    # Few samples, many noise features: strong regularisation generalises better.
    y = rng.integers(2, size=200)
    x = rng.normal(size=(200, 150))
    x[:, 0] += 1.5 * y
    Cs = (1e-4, 1e-2, 1e2)
    best, accuracies = metrics.select_probe_c(x, y, Cs=Cs, validation_fraction=0.5, seed=0)
    assert set(accuracies) == set(Cs)
    assert best == max(Cs, key=lambda c: (accuracies[c], -c))
    assert accuracies[1e2] < accuracies[best]
    # The same selection by hand: a stratified split, the probe's pipeline on each half.
    from sklearn.model_selection import train_test_split

    x_fit, x_val, y_fit, y_val = train_test_split(
        x, y, test_size=0.5, random_state=0, stratify=y
    )
    for C in Cs:
        assert accuracies[C] == pytest.approx(metrics.linear_probe(x_fit, y_fit, x_val, y_val, C=C))


def test_select_probe_c_ties_go_to_the_smallest_c():
    rng = np.random.default_rng(4)
    x, y = _blobs(rng, 300)
    best, accuracies = metrics.select_probe_c(x, y, Cs=(10.0, 1.0, 0.1))
    assert all(a == 1.0 for a in accuracies.values()), accuracies
    assert best == 0.1


def test_the_primal_problem_is_solved_when_samples_outnumber_features():
    # The fast formulation for e.g. 10k images x 784 pixels: same result as
    # LinearSVC(dual=False) on the standardised features.
    rng = np.random.default_rng(5)
    x, y = _blobs(rng, 400)
    mean, std = x[:300].mean(0), x[:300].std(0)
    svm = LinearSVC(C=0.5, dual=False, random_state=0).fit((x[:300] - mean) / std, y[:300])
    expected = np.mean(svm.predict((x[300:] - mean) / std) == y[300:])
    assert metrics.linear_probe(x[:300], y[:300], x[300:], y[300:], C=0.5) == pytest.approx(
        expected
    )


def test_select_probe_c_bad_inputs():
    x, y = np.random.normal(size=(20, 3)), np.arange(20) % 2
    with pytest.raises(ValueError, match="Cs"):
        metrics.select_probe_c(x, y, Cs=())
    with pytest.raises(ValueError, match="Cs"):
        metrics.select_probe_c(x, y, Cs=(1.0, -1.0))
    with pytest.raises(ValueError, match="Cs"):
        metrics.select_probe_c(x, y, Cs=1.0)
    with pytest.raises(ValueError, match="validation_fraction"):
        metrics.select_probe_c(x, y, validation_fraction=1.0)
    with pytest.raises(ValueError, match="train_labels"):
        metrics.select_probe_c(x, y[:5])
    with pytest.raises(ValueError, match="validation_fraction"):
        metrics.select_probe_c(x[:3], np.array([0, 1, 1]), validation_fraction=0.2)
