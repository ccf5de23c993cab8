"""Distances between feature distributions: FID, KID and the Inception Score.

All three work on features (or class probabilities) computed by any
extractor, the shipped Fashion-MNIST classifier by default (see
`keras_gans.metrics.extractor`), so none of them needs a download. Numbers
computed with another extractor than the papers' Inception-v3 are
comparable with each other, not with published Inception values.
"""

import numpy as np

from keras_gans.metrics._checks import check_features
from keras_gans.metrics._checks import check_int
from keras_gans.metrics._checks import check_same_width


def feature_statistics(features):
    """The mean and covariance (`ddof=1`) of features, as float64.

    Args:
        features: array `[num_samples, num_features]`, at least 2 samples.

    Returns:
        `(mean [d], covariance [d, d])`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    mean, cov = metrics.feature_statistics(np.random.normal(size=(100, 3)))
    ```
    """
    features = check_features("features", features)
    return features.mean(axis=0), np.atleast_2d(np.cov(features, rowvar=False))


def _psd_sqrt(matrix):
    """The square root of a symmetric PSD matrix (eigenvalues clipped at 0)."""
    eigenvalues, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(eigenvalues, 0.0, None))) @ vectors.T


def _check_statistics(name, mean, cov):
    mean = np.asarray(mean, dtype="float64")
    cov = np.asarray(cov, dtype="float64")
    if mean.ndim != 1 or cov.shape != (mean.shape[0], mean.shape[0]):
        raise ValueError(
            f"`mean_{name}` must be [d] and `cov_{name}` [d, d]. Received: "
            f"mean_{name}.shape={mean.shape}, cov_{name}.shape={cov.shape}"
        )
    if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(cov))):
        raise ValueError(f"`mean_{name}` and `cov_{name}` must be finite.")
    if not np.allclose(cov, cov.T, rtol=1e-6, atol=1e-10):
        raise ValueError(f"`cov_{name}` must be symmetric.")
    return mean, cov


def frechet_distance_from_statistics(mean_a, cov_a, mean_b, cov_b):
    """The Fréchet distance between two Gaussians given their moments.

    `||mean_a - mean_b||² + tr(cov_a) + tr(cov_b) - 2 tr((cov_a^½ cov_b
    cov_a^½)^½)`, with both square roots taken through `numpy.linalg.eigh` of
    symmetric matrices (eigenvalues clipped at 0). The middle term equals
    `tr((cov_a cov_b)^½)` of the usual formula, but stays real and finite
    for singular covariances, where `scipy.linalg.sqrtm` of the non-symmetric
    product can return complex values or fail.

    Args:
        mean_a: `[d]`.
        cov_a: `[d, d]`, symmetric positive semi-definite.
        mean_b: `[d]`.
        cov_b: `[d, d]`.

    Returns:
        A non-negative Python float (computed in float64).

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    d = metrics.frechet_distance_from_statistics(
        np.zeros(2), np.eye(2), np.ones(2), 4 * np.eye(2))  # 2 + 2 = 4.0
    ```

    Reference:
        [Dowson & Landau, 1982. The Fréchet distance between multivariate
        normal distributions](https://doi.org/10.1016/0047-259X(82)90077-X);
        [Heusel et al., 2017](https://arxiv.org/abs/1706.08500), eq. 6.
    """
    mean_a, cov_a = _check_statistics("a", mean_a, cov_a)
    mean_b, cov_b = _check_statistics("b", mean_b, cov_b)
    if mean_a.shape != mean_b.shape:
        raise ValueError(
            "The two distributions must have the same number of features. "
            f"Received: mean_a.shape={mean_a.shape}, mean_b.shape={mean_b.shape}"
        )
    root_a = _psd_sqrt((cov_a + cov_a.T) / 2)
    middle = root_a @ cov_b @ root_a
    middle = (middle + middle.T) / 2
    trace_root = np.sqrt(np.clip(np.linalg.eigvalsh(middle), 0.0, None)).sum()
    diff = mean_a - mean_b
    distance = diff @ diff + np.trace(cov_a) + np.trace(cov_b) - 2.0 * trace_root
    return float(max(distance, 0.0))


def frechet_distance(features_a, features_b):
    """The Fréchet distance between Gaussians fitted to two feature sets (FID).

    Fits a Gaussian (mean, covariance with `ddof=1`) to each set and returns
    `frechet_distance_from_statistics` of the two. On features of the
    Fashion-MNIST classifier (`fashion_mnist_features`) of real and generated
    images this is the offline FID; with Inception-v3 pool features it is
    Heusel et al.'s FID. The result stays finite when a set has fewer
    samples than features (singular covariance).

    Args:
        features_a: `[n_a, d]`, at least 2 samples.
        features_b: `[n_b, d]`, at least 2 samples, the same `d`.

    Returns:
        A non-negative Python float.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    rng = np.random.default_rng(0)
    fid = metrics.frechet_distance(rng.normal(size=(500, 4)),
                                   rng.normal(1.0, size=(500, 4)))  # about 4
    ```

    Reference:
        [Heusel et al., 2017. GANs Trained by a Two Time-Scale Update Rule
        Converge to a Local Nash Equilibrium](https://arxiv.org/abs/1706.08500).
    """
    a = check_features("features_a", features_a)
    b = check_features("features_b", features_b)
    check_same_width("features_a", a, "features_b", b)
    return frechet_distance_from_statistics(
        a.mean(0), np.atleast_2d(np.cov(a, rowvar=False)),
        b.mean(0), np.atleast_2d(np.cov(b, rowvar=False)),
    )  # fmt: skip


def polynomial_kernel(x, y):
    """The KID kernel `k(x, y) = (x·y / d + 1)³` between rows of x and y."""
    return (x @ y.T / x.shape[1] + 1.0) ** 3


def unbiased_mmd2(x, y):
    """The unbiased estimate of MMD² with `polynomial_kernel` (equal sizes)."""
    m = x.shape[0]
    k_xx = polynomial_kernel(x, x)
    k_yy = polynomial_kernel(y, y)
    k_xy = polynomial_kernel(x, y)
    within = (k_xx.sum() - np.trace(k_xx) + k_yy.sum() - np.trace(k_yy)) / (m * (m - 1))
    return within - 2.0 * k_xy.sum() / (m * m)


def kernel_inception_distance(features_a, features_b, subsets=100, subset_size=1000, seed=0):
    """The kernel distance (KID): unbiased MMD² with a cubic polynomial kernel.

    Draws `subsets` pairs of random subsets (without replacement) of
    `min(subset_size, n_a, n_b)` samples from each set, computes the
    unbiased MMD² estimate with `k(x, y) = (x·y / d + 1)³` on each pair, and
    returns the mean and standard deviation over the subsets, as in Bińkowski
    et al.'s reference implementation. Unlike FID the estimate is unbiased,
    so it can be slightly negative when both sets come from one distribution.

    Args:
        features_a: `[n_a, d]`, at least 2 samples.
        features_b: `[n_b, d]`, at least 2 samples.
        subsets: the number of subset pairs.
        subset_size: the largest subset size.
        seed: the seed of the subset draws.

    Returns:
        `(mean, std)`: two Python floats.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    rng = np.random.default_rng(0)
    kid, kid_std = metrics.kernel_inception_distance(
        rng.normal(size=(300, 8)), rng.normal(0.5, size=(300, 8)), subsets=10)
    ```

    Reference:
        [Bińkowski et al., 2018. Demystifying MMD GANs](
        https://arxiv.org/abs/1801.01401), section 4.
    """
    a = check_features("features_a", features_a)
    b = check_features("features_b", features_b)
    check_same_width("features_a", a, "features_b", b)
    subsets = check_int("subsets", subsets)
    subset_size = check_int("subset_size", subset_size, minimum=2)
    seed = check_int("seed", seed, minimum=0)
    m = min(subset_size, len(a), len(b))
    rng = np.random.default_rng(seed)
    values = np.empty(subsets)
    for i in range(subsets):
        x = a[rng.choice(len(a), m, replace=False)]
        y = b[rng.choice(len(b), m, replace=False)]
        values[i] = unbiased_mmd2(x, y)
    return float(values.mean()), float(values.std())


def inception_score(probabilities, splits=10):
    """The Inception Score `exp(E_x KL(p(y|x) || p(y)))` over `splits` splits.

    The samples are cut into `splits` consecutive parts (as in Salimans et
    al.'s code); each part's score uses its own marginal `p(y)`. With the
    Fashion-MNIST classifier (`fashion_mnist_probabilities`) the score lies
    in `[1, 10]`.

    Args:
        probabilities: `[n, num_classes]` class probabilities, rows
            non-negative and summing to 1 (apply a softmax to logits first).
        splits: the number of parts, at most `n`.

    Returns:
        `(mean, std)` over the splits: two Python floats.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    p = np.eye(10)[np.arange(1000) % 10]  # confident and balanced
    mean, std = metrics.inception_score(p)  # (10.0, 0.0)
    ```

    Reference:
        [Salimans et al., 2016. Improved Techniques for Training GANs](
        https://arxiv.org/abs/1606.03498), section 4.
    """
    p = check_features("probabilities", probabilities, min_samples=1)
    if np.any(p < 0) or not np.allclose(p.sum(axis=1), 1.0, atol=1e-3):
        raise ValueError(
            "`probabilities` must have non-negative rows that sum to 1 (apply a "
            f"softmax to logits). Received row sums in [{p.sum(1).min():g}, "
            f"{p.sum(1).max():g}] and minimum {p.min():g}"
        )
    splits = check_int("splits", splits)
    n = len(p)
    if splits > n:
        raise ValueError(
            f"`splits` must be at most the number of samples ({n}). Received: "
            f"splits={splits}"
        )
    scores = []
    for i in range(splits):
        part = p[i * n // splits : (i + 1) * n // splits]
        marginal = part.mean(axis=0, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(part > 0, part * (np.log(part) - np.log(marginal)), 0.0)
        scores.append(np.exp(terms.sum(axis=1).mean()))
    return float(np.mean(scores)), float(np.std(scores))
