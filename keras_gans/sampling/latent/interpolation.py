"""Interpolation and analogies in the latent space: lerp, slerp, grids."""

import numpy as np

from keras_gans._validation import check_positive_int

_TINY = 1e-12


def _pair(a, b):
    a = np.asarray(a, dtype="float64")
    b = np.asarray(b, dtype="float64")
    if a.shape != b.shape:
        raise ValueError(
            f"`a` and `b` must have the same shape. Received: a.shape={a.shape}, "
            f"b.shape={b.shape}"
        )
    if a.size == 0:
        raise ValueError(f"`a` and `b` must not be empty. Received shape {a.shape}")
    return a, b


def _fractions(steps):
    steps = check_positive_int("steps", steps, minimum=2)
    return np.linspace(0.0, 1.0, steps)


def _out_dtype(*arrays):
    dtypes = [np.asarray(x).dtype for x in arrays]
    return np.result_type(*dtypes) if all(d.kind == "f" for d in dtypes) else np.float32


def lerp(a, b, steps):
    """Linear interpolation from `a` to `b`, both endpoints included.

    Args:
        a: the first point, an array of any shape.
        b: the last point, of `a`'s shape.
        steps: the number of points (at least 2).

    Returns:
        An array `[steps, *a.shape]`; row `i` is `a + t_i (b - a)` with
        `t_i = i / (steps - 1)`.

    Example:

    ```python
    from keras_gans import sampling

    sampling.lerp([0.0, 0.0], [1.0, 2.0], steps=3)  # [[0, 0], [.5, 1], [1, 2]]
    ```
    """
    dtype = _out_dtype(a, b)
    a, b = _pair(a, b)
    t = _fractions(steps).reshape((-1,) + (1,) * a.ndim)
    return (a + t * (b - a)).astype(dtype)


def _perpendicular(u):
    """A unit vector orthogonal to the unit vector `u` (deterministic)."""
    e = np.zeros_like(u)
    e[int(np.argmin(np.abs(u)))] = 1.0
    v = e - np.dot(e, u) * u
    return v / np.linalg.norm(v)


def slerp(a, b, steps):
    """Spherical interpolation from `a` to `b`, both endpoints included.

    The direction moves along the great circle from `a` to `b` at constant
    angular speed and the norm goes linearly from `|a|` to `|b|`, so points
    between two latents of a Gaussian prior keep a typical norm (the middle
    of a lerp is too short, White §2.1). Both arrays are treated as single
    vectors (flattened). For unit endpoints every point has unit norm; the
    midpoint of two orthogonal unit vectors is `(a + b) / sqrt(2)`.

    Computed from an orthonormal basis of the plane of `a` and `b`, with the
    angle from `atan2`, so it is exact when `a` ≈ `b` (it returns `a` when
    `a == b`) and when `a` ≈ `-b` (the half circle then passes through a
    fixed direction orthogonal to `a`). A zero endpoint falls back to lerp.

    Args:
        a: the first point, an array of any shape.
        b: the last point, of `a`'s shape.
        steps: the number of points (at least 2).

    Returns:
        An array `[steps, *a.shape]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import sampling

    path = sampling.slerp([1.0, 0.0], [0.0, 1.0], steps=3)
    np.linalg.norm(path, axis=1)  # [1, 1, 1]
    ```

    Reference:
        [White, 2016. Sampling Generative Networks](
        https://arxiv.org/abs/1609.04468), section 2.1.
    """
    dtype = _out_dtype(a, b)
    a, b = _pair(a, b)
    t = _fractions(steps)
    shape = a.shape
    a, b = a.ravel(), b.ravel()
    norm_a, norm_b = np.linalg.norm(a), np.linalg.norm(b)
    if norm_a == 0.0 or norm_b == 0.0:
        return lerp(a.reshape(shape), b.reshape(shape), steps).astype(dtype)
    u, w = a / norm_a, b / norm_b
    v = w - np.dot(w, u) * u  # The part of b's direction orthogonal to a's.
    sine = np.linalg.norm(v)
    angle = np.arctan2(sine, np.dot(w, u))
    if angle < _TINY:  # The arc is the chord; lerp returns `a` exactly if a == b.
        return lerp(a.reshape(shape), b.reshape(shape), steps).astype(dtype)
    v = v / sine if sine > _TINY else _perpendicular(u)
    v = v - np.dot(v, u) * u  # Re-orthogonalise (round-off when a ≈ -b).
    v = v / np.linalg.norm(v)
    directions = np.cos(t * angle)[:, None] * u + np.sin(t * angle)[:, None] * v
    norms = (1.0 - t) * norm_a + t * norm_b
    path = norms[:, None] * directions
    path[0], path[-1] = a, b  # The endpoints exactly.
    return path.reshape((len(t),) + shape).astype(dtype)


_METHODS = {"lerp": lerp, "slerp": slerp}


def _method(method):
    if method not in _METHODS:
        raise ValueError(
            f"`method` must be one of {list(_METHODS)}. Received: method={method!r}"
        )
    return _METHODS[method]


def analogy(a, b, c, method="lerp"):
    """The analogy "a is to b as c is to ?": `b - a + c`.

    With `method="slerp"` (the variant for spherical priors) the result is
    rescaled to the mean norm of `a`, `b` and `c`: for a high-dimensional
    Gaussian prior the sum of three latents is longer than any latent the
    generator saw, and rescaling puts it back on the shell where they lie.

    Args:
        a, b, c: arrays of one shape (latent vectors, or batches of them;
            norms are taken over the last axis).
        method: `"lerp"` (plain vector arithmetic) or `"slerp"`.

    Returns:
        An array of `a`'s shape.

    Example:

    ```python
    from keras_gans import sampling

    sampling.analogy([0.0, 0.0], [1.0, 0.0], [0.0, 1.0])  # [1, 1]
    ```

    Reference:
        [White, 2016. Sampling Generative Networks](
        https://arxiv.org/abs/1609.04468), section 2.2.
    """
    _method(method)
    dtype = _out_dtype(a, b, c)
    a, b = _pair(a, b)
    _, c = _pair(a, c)
    result = b - a + c
    if method == "slerp":
        target = np.mean(
            [np.linalg.norm(x, axis=-1, keepdims=True) for x in (a, b, c)], axis=0
        )
        length = np.linalg.norm(result, axis=-1, keepdims=True)
        result = np.where(length > 0, result * target / np.maximum(length, _TINY), result)
    return result.astype(dtype)


def interpolation_grid(corners, size, method="slerp"):
    """A `size` x `size` grid of latents spanned by four corners.

    The left and right columns interpolate top to bottom, then each row
    interpolates left to right.

    Args:
        corners: `[4, latent_dim]`: top-left, top-right, bottom-left,
            bottom-right.
        size: the points per side (at least 2).
        method: `"slerp"` or `"lerp"`.

    Returns:
        An array `[size, size, latent_dim]`; its corners are `corners`.

    Example:

    ```python
    import numpy as np
    from keras_gans import sampling

    grid = sampling.interpolation_grid(np.eye(4), size=5)  # [5, 5, 4]
    ```
    """
    interpolate = _method(method)
    corners = np.asarray(corners)
    if corners.ndim != 2 or len(corners) != 4:
        raise ValueError(
            "`corners` must be 4 latent vectors [4, latent_dim] (top-left, "
            f"top-right, bottom-left, bottom-right). Received shape {corners.shape}"
        )
    size = check_positive_int("size", size, minimum=2)
    left = interpolate(corners[0], corners[2], size)
    right = interpolate(corners[1], corners[3], size)
    return np.stack([interpolate(left[i], right[i], size) for i in range(size)])
