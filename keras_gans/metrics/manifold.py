"""k-nearest-neighbour manifold metrics: precision/recall, density/coverage.

Both pairs estimate the support of a feature distribution by the union of
balls around its samples, each with the radius of the distance to its k-th
nearest neighbour in the same set. Distances are Euclidean, computed in
float64 in row chunks of at most about 80 MB, so 10k x 10k sets fit in memory.
"""

import numpy as np

from keras_gans.metrics._checks import check_features
from keras_gans.metrics._checks import check_k
from keras_gans.metrics._checks import check_same_width

_CHUNK_ELEMENTS = 10_000_000


def _squared_distances(x, y):
    d = (x * x).sum(1)[:, None] + (y * y).sum(1)[None, :] - 2.0 * (x @ y.T)
    return np.maximum(d, 0.0)


def _chunks(n_rows, n_cols):
    step = max(1, _CHUNK_ELEMENTS // max(n_cols, 1))
    return range(0, n_rows, step), step


def knn_radii(features, k):
    """The distance of each sample to its k-th nearest other sample.

    Args:
        features: `[n, d]` float64.
        k: an int `1 <= k < n`.

    Returns:
        Squared radii `[n]`.
    """
    radii = np.empty(len(features))
    starts, step = _chunks(len(features), len(features))
    for start in starts:
        d = _squared_distances(features[start : start + step], features)
        # Index 0 of each sorted row is the sample itself (distance 0).
        radii[start : start + step] = np.partition(d, k, axis=1)[:, k]
    return radii


def _inside_counts(points, centres, squared_radii, strict):
    """Per point: how many balls hold it; per centre: its nearest point's distance."""
    counts = np.zeros(len(points), dtype="int64")
    nearest = np.full(len(centres), np.inf)
    starts, step = _chunks(len(points), len(centres))
    for start in starts:
        d = _squared_distances(points[start : start + step], centres)
        inside = d < squared_radii[None, :] if strict else d <= squared_radii[None, :]
        counts[start : start + step] = inside.sum(axis=1)
        nearest = np.minimum(nearest, d.min(axis=0))
    return counts, nearest


def _check_sets(real_features, fake_features):
    real = check_features("real_features", real_features)
    fake = check_features("fake_features", fake_features)
    check_same_width("real_features", real, "fake_features", fake)
    return real, fake


def precision_recall(real_features, fake_features, k=3):
    """Improved precision and recall of generated samples (k-NN manifolds).

    The real manifold is the union of balls around the real features, each
    with the radius of its k-th nearest real neighbour; likewise for the
    generated features. Precision is the fraction of generated samples
    inside the real manifold (quality); recall the fraction of real samples
    inside the generated manifold (coverage of the real distribution). A
    point on a ball's boundary counts as inside (`<=`, as in the paper).

    Args:
        real_features: `[n_real, d]`.
        fake_features: `[n_fake, d]`.
        k: the neighbour defining the radii (3 in the paper); it must be
            below both sample counts.

    Returns:
        A dict `{"precision": float, "recall": float}`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    rng = np.random.default_rng(0)
    real = rng.normal(size=(500, 2))
    metrics.precision_recall(real, real[::-1])  # {"precision": 1.0, "recall": 1.0}
    ```

    Reference:
        [Kynkäänniemi et al., 2019. Improved Precision and Recall Metric for
        Assessing Generative Models](https://arxiv.org/abs/1904.06991).
    """
    real, fake = _check_sets(real_features, fake_features)
    k = check_k(k, {"real_features": len(real), "fake_features": len(fake)})
    real_radii = knn_radii(real, k)
    fake_radii = knn_radii(fake, k)
    fake_in_real, _ = _inside_counts(fake, real, real_radii, strict=False)
    real_in_fake, _ = _inside_counts(real, fake, fake_radii, strict=False)
    return {
        "precision": float(np.mean(fake_in_real > 0)),
        "recall": float(np.mean(real_in_fake > 0)),
    }


def density_coverage(real_features, fake_features, k=5):
    """Density and coverage of generated samples (k-NN balls around real ones).

    With `B_i` the ball around real sample `i` with the radius of its k-th
    nearest real neighbour: density is `1/(k M) Σ_j Σ_i 1[fake_j ∈ B_i]`
    (about 1 when the two distributions match; it rewards samples in dense
    real regions and is not capped at 1), coverage is the fraction of real
    samples whose ball holds at least one generated sample. Ball membership
    is strict (`<`), as in the authors' code.

    Args:
        real_features: `[n_real, d]`.
        fake_features: `[n_fake, d]`, `M = n_fake`.
        k: the neighbour defining the radii (5 in the paper); it must be
            below the real sample count.

    Returns:
        A dict `{"density": float, "coverage": float}`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    rng = np.random.default_rng(0)
    scores = metrics.density_coverage(rng.normal(size=(500, 2)),
                                      rng.normal(size=(500, 2)))
    ```

    Reference:
        [Naeem et al., 2020. Reliable Fidelity and Diversity Metrics for
        Generative Models](https://arxiv.org/abs/2002.09797).
    """
    real, fake = _check_sets(real_features, fake_features)
    k = check_k(k, {"real_features": len(real)})
    real_radii = knn_radii(real, k)
    counts, nearest_fake = _inside_counts(fake, real, real_radii, strict=True)
    return {
        "density": float(counts.sum() / (k * len(fake))),
        "coverage": float(np.mean(nearest_fake < real_radii)),
    }
