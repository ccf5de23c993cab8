"""FID, KID and the Inception Score against independent computations."""

import itertools

import numpy as np
import pytest
import scipy.linalg
import scipy.stats

from keras_gans import metrics


def _exact_moments(rng, mean, cov, n):
    """Samples whose sample mean and covariance (ddof=1) are exactly given."""
    d = len(mean)
    z = rng.normal(size=(n, d))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.atleast_2d(np.cov(z, rowvar=False)))).T
    return z @ np.linalg.cholesky(cov).T + mean


def _random_cov(rng, d):
    a = rng.normal(size=(d, d))
    return a @ a.T + 0.1 * np.eye(d)


def test_frechet_distance_equals_closed_form_for_gaussians():
    rng = np.random.default_rng(0)
    d = 6
    mean_a, mean_b = rng.normal(size=d), rng.normal(size=d)
    cov_a, cov_b = _random_cov(rng, d), _random_cov(rng, d)
    a = _exact_moments(rng, mean_a, cov_a, 400)
    b = _exact_moments(rng, mean_b, cov_b, 300)
    # The textbook formula, with scipy's general (non-symmetric) sqrtm.
    expected = (
        np.sum((mean_a - mean_b) ** 2)
        + np.trace(cov_a)
        + np.trace(cov_b)
        - 2 * np.trace(scipy.linalg.sqrtm(cov_a @ cov_b)).real
    )
    assert metrics.frechet_distance(a, b) == pytest.approx(expected, rel=1e-8)
    assert metrics.frechet_distance_from_statistics(
        mean_a, cov_a, mean_b, cov_b
    ) == pytest.approx(expected, rel=1e-8)


def test_frechet_distance_diagonal_and_one_dimensional_closed_forms():
    var_a, var_b = np.array([1.0, 4.0, 9.0]), np.array([4.0, 1.0, 0.25])
    shift = np.array([1.0, -2.0, 0.5])
    expected = shift @ shift + np.sum((np.sqrt(var_a) - np.sqrt(var_b)) ** 2)
    got = metrics.frechet_distance_from_statistics(
        np.zeros(3), np.diag(var_a), shift, np.diag(var_b)
    )
    assert got == pytest.approx(expected, rel=1e-12)
    # 1-D: (m1 - m2)^2 + (s1 - s2)^2.
    rng = np.random.default_rng(1)
    a = _exact_moments(rng, np.array([2.0]), np.array([[0.25]]), 50)
    b = _exact_moments(rng, np.array([-1.0]), np.array([[4.0]]), 80)
    assert metrics.frechet_distance(a, b) == pytest.approx(9.0 + 1.5**2, rel=1e-10)


def test_frechet_distance_is_finite_for_singular_covariances():
    rng = np.random.default_rng(2)
    a = rng.normal(size=(5, 40))  # rank-4 covariances in 40 dimensions
    b = rng.normal(0.3, 2.0, size=(7, 40))
    got = metrics.frechet_distance(a, b)
    assert np.isfinite(got) and got > 0
    # Independent: tr sqrt(C1 C2) from the (real, non-negative) eigenvalues of C1 C2.
    c_a, c_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    eig = np.clip(np.linalg.eigvals(c_a @ c_b).real, 0, None)
    diff = a.mean(0) - b.mean(0)
    expected = diff @ diff + np.trace(c_a) + np.trace(c_b) - 2 * np.sqrt(eig).sum()
    assert got == pytest.approx(expected, rel=1e-6)
    assert metrics.frechet_distance(a, a) == pytest.approx(0.0, abs=1e-8)
    assert isinstance(got, float)


def test_frechet_distance_rejects_bad_features_and_statistics():
    for a_shape, b_shape, message in [
        ((10, 3), (10, 4), "same number of features"),
        ((1, 3), (10, 3), "at least 2 samples"),
        ((10,), (10, 3), "2-D array"),
    ]:
        with pytest.raises(ValueError, match=message):
            metrics.frechet_distance(np.ones(a_shape), np.ones(b_shape))
    bad = np.ones((4, 2))
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="features_a"):
        metrics.frechet_distance(bad, np.ones((4, 2)))
    with pytest.raises(ValueError, match="cov_b"):
        metrics.frechet_distance_from_statistics(
            np.zeros(2), np.eye(2), np.zeros(2), np.array([[1.0, 2.0], [0.0, 1.0]])
        )


def _naive_unbiased_mmd2(x, y):
    def k(u, v):
        return (np.dot(u, v) / len(u) + 1.0) ** 3

    m = len(x)
    xx = sum(k(x[i], x[j]) for i, j in itertools.permutations(range(m), 2))
    yy = sum(k(y[i], y[j]) for i, j in itertools.permutations(range(m), 2))
    xy = sum(k(x[i], y[j]) for i in range(m) for j in range(m))
    return (xx + yy) / (m * (m - 1)) - 2 * xy / (m * m)


def test_kid_equals_naive_unbiased_mmd_on_the_full_sets():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(25, 4)), rng.normal(0.4, 1.3, size=(25, 4))
    mean, std = metrics.kernel_inception_distance(x, y, subsets=3, subset_size=25)
    # Subsets of all samples are permutations: every subset gives the full value.
    assert mean == pytest.approx(_naive_unbiased_mmd2(x, y), rel=1e-10)
    assert std == pytest.approx(0.0, abs=1e-12)


def test_kid_separates_distributions_and_is_seeded():
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(600, 8)), rng.normal(size=(600, 8))
    far = rng.normal(0.5, 1.0, size=(600, 8))
    same = metrics.kernel_inception_distance(a, b, subsets=20, subset_size=200)
    diff = metrics.kernel_inception_distance(a, far, subsets=20, subset_size=200)
    assert abs(same[0]) < 3 * same[1] + 1e-3
    assert diff[0] > 10 * abs(same[0]) and diff[0] > 0
    assert same == metrics.kernel_inception_distance(a, b, subsets=20, subset_size=200)


def test_kid_rejects_bad_arguments():
    x = np.ones((10, 3))
    with pytest.raises(ValueError, match="features_b"):
        metrics.kernel_inception_distance(x, np.ones((10, 2)))
    with pytest.raises(ValueError, match="subsets"):
        metrics.kernel_inception_distance(x, x, subsets=0)
    with pytest.raises(ValueError, match="subset_size"):
        metrics.kernel_inception_distance(x, x, subset_size=1)


def test_inception_score_extremes_and_bad_input():
    confident = np.eye(10)[np.arange(1000) % 10]
    assert metrics.inception_score(confident) == pytest.approx((10.0, 0.0))
    uniform = np.full((100, 10), 0.1)
    assert metrics.inception_score(uniform, splits=5) == pytest.approx((1.0, 0.0))
    with pytest.raises(ValueError, match="sum to 1"):
        metrics.inception_score(np.ones((20, 3)))
    with pytest.raises(ValueError, match="splits"):
        metrics.inception_score(np.full((5, 2), 0.5), splits=6)


def test_inception_score_matches_scipy_entropy_per_split():
    rng = np.random.default_rng(5)
    p = rng.dirichlet(np.full(6, 0.3), size=203)
    scores = []
    for part in np.array_split(p, 4):
        marginal = part.mean(axis=0)
        kl = [scipy.stats.entropy(row, marginal) for row in part]
        scores.append(np.exp(np.mean(kl)))
    mean, std = metrics.inception_score(p, splits=4)
    # array_split and the reference code cut 203 rows into 50/51 the same way
    # up to which parts are larger; compare with the reference code's cuts.
    cuts = [p[i * 203 // 4 : (i + 1) * 203 // 4] for i in range(4)]
    ref = [np.exp(np.mean([scipy.stats.entropy(r, c.mean(0)) for r in c])) for c in cuts]
    assert mean == pytest.approx(np.mean(ref), rel=1e-10)
    assert std == pytest.approx(np.std(ref), rel=1e-8)
    assert mean == pytest.approx(np.mean(scores), rel=0.05)
