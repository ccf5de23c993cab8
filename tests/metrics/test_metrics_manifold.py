"""Precision/recall and density/coverage against brute-force k-NN balls."""

import numpy as np
import pytest
from sklearn.neighbors import NearestNeighbors

from keras_gans import metrics
from keras_gans.metrics import manifold


def _radii(x, k):
    # k + 1 neighbours: the first is the point itself.
    distances, _ = NearestNeighbors(n_neighbors=k + 1).fit(x).kneighbors(x)
    return distances[:, k]


def _brute_force(real, fake, k_pr, k_dc):
    r_real, r_fake = _radii(real, k_pr), _radii(fake, k_pr)
    d = np.linalg.norm(fake[:, None, :] - real[None, :, :], axis=-1)  # [fake, real]
    precision = np.mean([(d[j] <= r_real).any() for j in range(len(fake))])
    recall = np.mean([(d[:, i] <= r_fake).any() for i in range(len(real))])
    r_dc = _radii(real, k_dc)
    density = sum((d[j] < r_dc).sum() for j in range(len(fake))) / (k_dc * len(fake))
    coverage = np.mean([d[:, i].min() < r_dc[i] for i in range(len(real))])
    return precision, recall, density, coverage


def test_identical_sets_are_perfect_and_disjoint_sets_are_zero():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(300, 5))
    same = real[rng.permutation(300)]
    assert metrics.precision_recall(real, same) == {"precision": 1.0, "recall": 1.0}
    assert metrics.density_coverage(real, same)["coverage"] == 1.0
    far = real + 100.0
    assert metrics.precision_recall(real, far) == {"precision": 0.0, "recall": 0.0}
    assert metrics.density_coverage(real, far) == {"density": 0.0, "coverage": 0.0}


@pytest.mark.parametrize("chunk", [10_000_000, 500])
def test_metrics_match_brute_force_balls(monkeypatch, chunk):
    monkeypatch.setattr(manifold, "_CHUNK_ELEMENTS", chunk)  # 500: many row chunks
    rng = np.random.default_rng(1)
    real = rng.normal(size=(200, 3))
    fake = rng.normal(0.8, 0.6, size=(150, 3))  # shifted and narrower
    precision, recall, density, coverage = _brute_force(real, fake, 3, 5)
    pr = metrics.precision_recall(real, fake, k=3)
    dc = metrics.density_coverage(real, fake, k=5)
    assert pr["precision"] == pytest.approx(precision)
    assert pr["recall"] == pytest.approx(recall)
    assert dc["density"] == pytest.approx(density)
    assert dc["coverage"] == pytest.approx(coverage)
    assert 0 < precision < 1 and 0 < recall < 1  # a case that can tell them apart


def test_collapsed_generator_has_precision_but_no_recall():
    rng = np.random.default_rng(2)
    real = rng.normal(size=(400, 2))
    collapsed = rng.normal(0.0, 0.05, size=(400, 2))
    pr = metrics.precision_recall(real, collapsed)
    assert pr["precision"] > 0.95 and pr["recall"] < 0.2


def test_k_must_be_below_the_sample_counts():
    for k, n_fake in [(5, 5), (0, 20), (3, 3)]:
        with pytest.raises(ValueError, match="`k`"):
            metrics.precision_recall(np.random.normal(size=(20, 2)), np.ones((n_fake, 2)), k=k)


def test_bad_feature_sets_are_rejected():
    with pytest.raises(ValueError, match="same number of features"):
        metrics.density_coverage(np.ones((10, 2)), np.ones((10, 3)))
    with pytest.raises(ValueError, match="at least 2 samples"):
        metrics.precision_recall(np.ones((10, 2)), np.ones((1, 2)), k=1)
    with pytest.raises(ValueError, match="`k`"):
        metrics.density_coverage(np.random.normal(size=(5, 2)), np.ones((10, 2)), k=5)
