"""Argument checks of the metrics: each raises a `ValueError` naming the argument."""

import numbers

import numpy as np


def check_features(name, features, min_samples=2):
    """Returns `features` as a finite float64 array `[n, d]` with `n >= min_samples`."""
    try:
        array = np.asarray(features, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(
            f"`{name}` must be a numeric array [num_samples, num_features]. "
            f"Received: {name} of type {type(features).__name__}"
        ) from None
    if array.ndim != 2:
        raise ValueError(
            f"`{name}` must be a 2-D array [num_samples, num_features]. "
            f"Received: {name}.shape={array.shape}"
        )
    if array.shape[0] < min_samples:
        raise ValueError(
            f"`{name}` must hold at least {min_samples} samples. Received: "
            f"{name}.shape={array.shape}"
        )
    if array.shape[1] < 1:
        raise ValueError(
            f"`{name}` must have at least one feature. Received: {name}.shape={array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ValueError(f"`{name}` must be finite. Received NaN or infinite values.")
    return array


def check_same_width(name_a, a, name_b, b):
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"`{name_a}` and `{name_b}` must have the same number of features. "
            f"Received: {name_a}.shape={a.shape}, {name_b}.shape={b.shape}"
        )


def check_int(name, value, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"`{name}` must be an integer >= {minimum}. Received: {name}={value!r}")
    return int(value)


def check_positive_float(name, value):
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not ok or not np.isfinite(value) or value <= 0:
        raise ValueError(f"`{name}` must be a finite number > 0. Received: {name}={value!r}")
    return float(value)


def check_k(k, counts):
    """`k` must be an int >= 1 below every sample count in `counts` (name -> n)."""
    k = check_int("k", k)
    for name, n in counts.items():
        if k >= n:
            raise ValueError(
                f"`k` must be below the number of samples in `{name}` "
                f"({n}). Received: k={k}"
            )
    return k
