"""Mode coverage of samples from a known mixture (the VEEGAN protocol)."""

import numpy as np

from keras_gans.metrics._checks import check_features
from keras_gans.metrics._checks import check_int
from keras_gans.metrics._checks import check_positive_float
from keras_gans.metrics._checks import check_same_width


def mode_coverage(samples, means, std, threshold=3.0, min_count=1):
    """Counts the modes of a Gaussian mixture that generated samples cover.

    The protocol of VEEGAN (and GDPP, PacGAN) for the 2-D ring and grid:
    each sample is assigned to its nearest mode (Euclidean); it is *high
    quality* when it lies within `threshold` standard deviations of that
    mode (distance `<= threshold * std`). A mode is *covered* when it is the
    nearest mode of at least `min_count` high-quality samples (1 in the
    protocol). The KL divergence compares the histogram of the high-quality
    samples over all modes with the uniform distribution over the modes
    (0 when every mode gets the same share; `log(num_modes / c)` when `c`
    modes share the samples equally).

    Args:
        samples: `[n, d]` generated samples.
        means: `[num_modes, d]` the mixture's mode centres, e.g.
            `keras_gans.datasets.toy_spec("ring")["means"]`.
        std: the (isotropic) standard deviation of each mode.
        threshold: the high-quality radius in standard deviations (3).
        min_count: high-quality samples a mode needs to count as covered.

    Returns:
        A dict with `"modes"` (int, covered modes), `"high_quality"` (float,
        fraction of all samples), `"kl"` (float, `KL(histogram || uniform)`
        in nats; NaN when no sample is high quality), `"num_modes"` (int) and
        `"counts"` (list of high-quality samples per mode).

    Example:

    ```python
    from keras_gans import datasets, metrics

    spec = datasets.toy_spec("ring")
    x, _ = datasets.load_arrays("ring", num_samples=2500)
    metrics.mode_coverage(x, spec["means"], spec["std"])
    # {"modes": 8, "high_quality": 0.99..., "kl": 0.00..., ...}
    ```

    Reference:
        [Srivastava et al., 2017. VEEGAN: Reducing Mode Collapse in GANs
        using Implicit Variational Learning](https://arxiv.org/abs/1705.07761),
        section 5.1.
    """
    samples = check_features("samples", samples, min_samples=1)
    means = check_features("means", means, min_samples=1)
    check_same_width("samples", samples, "means", means)
    std = check_positive_float("std", std)
    threshold = check_positive_float("threshold", threshold)
    min_count = check_int("min_count", min_count)
    num_modes = len(means)

    squared = (
        (samples * samples).sum(1)[:, None]
        + (means * means).sum(1)[None, :]
        - 2.0 * samples @ means.T
    )
    nearest = np.argmin(squared, axis=1)
    distance = np.sqrt(np.maximum(squared[np.arange(len(samples)), nearest], 0.0))
    good = distance <= threshold * std
    counts = np.bincount(nearest[good], minlength=num_modes)
    total = counts.sum()
    if total:
        p = counts / total
        nonzero = p > 0
        kl = float(np.sum(p[nonzero] * np.log(p[nonzero] * num_modes)))
    else:
        kl = float("nan")
    return {
        "modes": int(np.sum(counts >= min_count)),
        "high_quality": float(good.mean()),
        "kl": kl,
        "num_modes": num_modes,
        "counts": counts.tolist(),
    }
