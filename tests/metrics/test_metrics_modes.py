"""Mode coverage (VEEGAN protocol) on samples with known modes."""

import numpy as np
import pytest
import scipy.stats

from keras_gans import datasets
from keras_gans import metrics


def test_samples_at_three_of_eight_modes():
    spec = datasets.toy_spec("ring")
    rng = np.random.default_rng(0)
    chosen = np.repeat([0, 3, 5], 100)
    samples = spec["means"][chosen] + rng.normal(0, 0.5 * spec["std"], (300, 2))
    result = metrics.mode_coverage(samples, spec["means"], spec["std"])
    assert result["modes"] == 3
    assert result["high_quality"] == 1.0
    assert result["counts"] == [100, 0, 0, 100, 0, 100, 0, 0]
    assert result["kl"] == pytest.approx(np.log(8 / 3))
    assert result["num_modes"] == 8


def test_real_data_covers_every_mode_with_the_rayleigh_fraction():
    for name in ("ring", "grid"):
        spec = datasets.toy_spec(name)
        x, _ = datasets.load_arrays(name, num_samples=2500, seed=3)
        result = metrics.mode_coverage(x, spec["means"], spec["std"])
        assert result["modes"] == len(spec["means"])
        # A 2-D isotropic Gaussian lies within 3 sigma with probability 1 - exp(-9/2).
        assert result["high_quality"] == pytest.approx(1 - np.exp(-4.5), abs=0.01)
        counts = np.asarray(result["counts"])
        uniform = np.full(len(counts), 1 / len(counts))
        assert result["kl"] == pytest.approx(
            scipy.stats.entropy(counts / counts.sum(), uniform)
        )
        assert result["kl"] < 0.02


def test_far_samples_are_low_quality_and_cover_nothing():
    spec = datasets.toy_spec("grid")
    samples = spec["means"][:10] + 4 * spec["std"]  # 4*sqrt(2) sigma from each mode
    result = metrics.mode_coverage(samples, spec["means"], spec["std"])
    assert result["modes"] == 0 and result["high_quality"] == 0.0
    assert np.isnan(result["kl"])
    # With a looser threshold the same samples count.
    loose = metrics.mode_coverage(samples, spec["means"], spec["std"], threshold=6.0)
    assert loose["modes"] == 10 and loose["high_quality"] == 1.0


def test_threshold_boundary_and_min_count():
    means = np.array([[0.0, 0.0], [10.0, 0.0]])
    samples = np.array([[3.0, 0.0], [3.01, 0.0], [10.0, 0.0], [10.0, 0.1]])
    result = metrics.mode_coverage(samples, means, std=1.0)
    assert result["counts"] == [1, 2] and result["high_quality"] == 0.75
    assert metrics.mode_coverage(samples, means, 1.0, min_count=2)["modes"] == 1


def test_bad_arguments():
    means = np.zeros((3, 2))
    with pytest.raises(ValueError, match="same number of features"):
        metrics.mode_coverage(np.zeros((5, 3)), means, 0.1)
    with pytest.raises(ValueError, match="std"):
        metrics.mode_coverage(np.zeros((5, 2)), means, 0.0)
    with pytest.raises(ValueError, match="threshold"):
        metrics.mode_coverage(np.zeros((5, 2)), means, 0.1, threshold=-1)
    with pytest.raises(ValueError, match="samples"):
        metrics.mode_coverage(np.zeros((0, 2)), means, 0.1)
