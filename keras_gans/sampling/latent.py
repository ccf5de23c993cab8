"""Tools for the latent space: interpolation, analogies, attribute vectors.

After Tom White's "Sampling Generative Networks" (slerp instead of lerp,
analogies laid out as J-diagrams, attribute vectors and their bias
correction) and DCGAN's latent vector arithmetic (Radford et al., §6.3).
Everything works on NumPy arrays; the functions that make pictures take any
model with `generate` (GAN, BiGAN, ALI, VAE) and, for images given as
corners, `encode`.
"""

import numpy as np

from keras_gans._validation import check_positive_int

# Below this angle (radians) the great circle is the chord to float64 precision.
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


def _decode(model, latents):
    if callable(getattr(model, "decode", None)):
        return model.decode(latents)
    return model.predict(np.asarray(latents, dtype="float32"), verbose=0)


def _as_latents(model, points, name):
    """`points` as latents: encoded first if they are samples (images)."""
    points = np.asarray(points, dtype="float32")
    latent_dim = getattr(model, "latent_dim", None)
    if points.ndim == 2 and points.shape[-1] == latent_dim:
        return points
    sample_shape = tuple(getattr(model, "sample_shape", ()))
    if tuple(points.shape[1:]) == sample_shape and callable(getattr(model, "encode", None)):
        return np.asarray(model.encode(points), dtype="float32")
    raise ValueError(
        f"`{name}` must be latents [n, latent_dim={latent_dim}] or, for a model "
        f"with `encode`, samples [n, *{sample_shape}]. Received shape {points.shape}"
    )


def j_diagram(model, corners, size, method="slerp"):
    """White's J-diagram: an analogy laid out as an interpolation grid.

    The three given corners are A (top-left), B (top-right) and C
    (bottom-left); the fourth is the analogy `B - A + C` (`analogy`). Every
    point of the `size` x `size` grid between them is decoded.

    Args:
        model: a model with `generate` (its `call` maps latents to samples,
            or it has `decode`).
        corners: three latents `[3, latent_dim]`, or three samples (images)
            if the model has `encode`.
        size: the points per side (at least 2).
        method: `"slerp"` or `"lerp"`, for the grid and the analogy.

    Returns:
        `(latents, samples)`: `[size, size, latent_dim]` and `[size, size,
        *sample_shape]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import models, sampling

    gan = models.DCGAN((8, 8, 1), latent_dim=4, generator_filters=4,
                       discriminator_filters=4)
    corners = np.random.uniform(-1, 1, (3, 4))
    latents, images = sampling.j_diagram(gan, corners, size=4)
    ```

    Reference:
        [White, 2016. Sampling Generative Networks](
        https://arxiv.org/abs/1609.04468), section 2.2.
    """
    _method(method)
    latents = _as_latents(model, corners, "corners")
    if len(latents) != 3:
        raise ValueError(
            f"`corners` must hold 3 points (A, B, C). Received {len(latents)}"
        )
    a, b, c = latents
    fourth = analogy(a, b, c, method=method)
    grid = interpolation_grid(np.stack([a, b, c, fourth]), size, method=method)
    flat = grid.reshape(-1, grid.shape[-1]).astype("float32")
    samples = np.asarray(_decode(model, flat))
    return grid, samples.reshape((size, size) + samples.shape[1:])


def _binary(name, values, count):
    values = np.asarray(values)
    if values.ndim != 1 or len(values) != count:
        raise ValueError(
            f"`{name}` must be [n] with one entry per latent (n={count}). "
            f"Received shape {values.shape}"
        )
    values = values.astype(bool) if values.dtype != bool else values
    if values.all() or not values.any():
        raise ValueError(
            f"`{name}` must mark some latents True and some False. Received "
            f"{int(values.sum())} True of {count}"
        )
    return values


def _latent_matrix(latents):
    latents = np.asarray(latents, dtype="float64")
    if latents.ndim != 2 or len(latents) < 2:
        raise ValueError(
            f"`latents` must be [n >= 2, latent_dim]. Received shape {latents.shape}"
        )
    return latents


def attribute_vector(latents, has_attribute):
    """The mean latent of the examples with an attribute minus those without.

    Args:
        latents: `[n, latent_dim]`, e.g. `model.encode(images)`.
        has_attribute: `[n]` booleans (or 0/1).

    Returns:
        A float32 vector `[latent_dim]`; add it to a latent to add the attribute.

    Example:

    ```python
    import numpy as np
    from keras_gans import sampling

    z = np.array([[1.0, 0.0], [3.0, 0.0], [0.0, 0.0]])
    sampling.attribute_vector(z, [True, True, False])  # [2, 0]
    ```

    Reference:
        [White, 2016. Sampling Generative Networks](
        https://arxiv.org/abs/1609.04468), section 2.3.
    """
    latents = _latent_matrix(latents)
    mask = _binary("has_attribute", has_attribute, len(latents))
    return (latents[mask].mean(0) - latents[~mask].mean(0)).astype("float32")


def bias_corrected_attribute_vector(latents, has_attribute, correlated):
    """An attribute vector with a correlated attribute regressed out.

    When the examples with an attribute differ from the others in a second
    attribute too (in CelebA, smiling faces are more often female), the
    plain mean difference changes both. White corrects this bias by
    balancing the second attribute; here each latent dimension is regressed
    (least squares, `sklearn.linear_model.LinearRegression`) on the
    attribute and the correlated attribute(s) together, and the attribute's
    coefficient is returned: its effect with the others held fixed. When the
    attributes are uncorrelated (balanced) this equals `attribute_vector`.

    Args:
        latents: `[n, latent_dim]`.
        has_attribute: `[n]` booleans (or 0/1).
        correlated: `[n]` or `[n, k]` values of the attribute(s) to regress
            out (booleans or numbers).

    Returns:
        A float32 vector `[latent_dim]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import sampling

    rng = np.random.default_rng(0)
    dark = rng.random(200) < 0.5
    top = np.where(dark, rng.random(200) < 0.8, rng.random(200) < 0.2)
    z = 2.0 * dark[:, None] * [1, 0] + 3.0 * top[:, None] * [0, 1]
    sampling.bias_corrected_attribute_vector(z, dark, top)  # [2, 0]
    ```

    Reference:
        [White, 2016. Sampling Generative Networks](
        https://arxiv.org/abs/1609.04468), section 2.3.
    """
    from sklearn.linear_model import LinearRegression

    latents = _latent_matrix(latents)
    mask = _binary("has_attribute", has_attribute, len(latents))
    others = np.asarray(correlated, dtype="float64")
    if others.ndim == 1:
        others = others[:, None]
    if others.ndim != 2 or len(others) != len(latents):
        raise ValueError(
            f"`correlated` must be [n] or [n, k] with n={len(latents)}. Received "
            f"shape {np.asarray(correlated).shape}"
        )
    design = np.concatenate([mask[:, None].astype("float64"), others], axis=1)
    if np.linalg.matrix_rank(np.column_stack([np.ones(len(design)), design])) < 1 + design.shape[1]:
        raise ValueError(
            "`correlated` must not determine `has_attribute` (or be constant): the "
            "attribute's effect cannot be separated. Received perfectly collinear values"
        )
    regression = LinearRegression().fit(design, latents)
    return regression.coef_[:, 0].astype("float32")


def vector_arithmetic(
    model, groups, signs=(1, -1, 1), num_samples=1, noise_scale=0.0, seed=None
):
    """DCGAN's latent arithmetic on concepts given by a few exemplars each.

    Each concept is the mean of its exemplars' latents (DCGAN uses three
    per concept: single latents are unstable, §6.3). The result is
    `sum(sign_i * mean_i)`, "smiling woman - neutral woman + neutral man"
    by default, decoded; with `noise_scale > 0` each of the `num_samples`
    outputs adds uniform noise in `[-noise_scale, noise_scale]` (the paper
    uses 0.25) to show the neighbourhood.

    Args:
        model: a model with `generate` (latents map to samples by `call`,
            or by `decode`); with `encode`, exemplars may be samples.
        groups: a list of exemplar sets, each `[k, latent_dim]` latents (or
            `[k, *sample_shape]` samples for a model with `encode`).
        signs: one sign (+1 or -1, or any weight) per group.
        num_samples: how many outputs.
        noise_scale: the half-width of the uniform noise added to each.
        seed: an int for the noise, or `None`.

    Returns:
        `(latents, samples)`: `[num_samples, latent_dim]` and the decoded
        `[num_samples, *sample_shape]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import models, sampling

    gan = models.DCGAN((8, 8, 1), latent_dim=4, generator_filters=4,
                       discriminator_filters=4)
    groups = [np.random.uniform(-1, 1, (3, 4)) for _ in range(3)]
    latents, images = sampling.vector_arithmetic(gan, groups)
    ```

    Reference:
        [Radford et al., 2016. Unsupervised Representation Learning with Deep
        Convolutional Generative Adversarial Networks](
        https://arxiv.org/abs/1511.06434), section 6.3.
    """
    if not isinstance(groups, (list, tuple)) or not groups:
        raise ValueError(f"`groups` must be a non-empty list. Received: groups={groups!r}")
    signs = np.asarray(signs, dtype="float64").ravel()
    if len(signs) != len(groups):
        raise ValueError(
            f"`signs` must hold one value per group ({len(groups)}). Received: "
            f"signs={signs.tolist()}"
        )
    num_samples = check_positive_int("num_samples", num_samples)
    if noise_scale < 0:
        raise ValueError(f"`noise_scale` must be >= 0. Received: noise_scale={noise_scale}")
    means = [_as_latents(model, g, f"groups[{i}]").mean(0) for i, g in enumerate(groups)]
    result = sum(s * m for s, m in zip(signs, means))
    rng = np.random.default_rng(seed)
    noise = rng.uniform(-noise_scale, noise_scale, (num_samples, result.size))
    latents = (result[None] + noise).astype("float32")
    return latents, np.asarray(_decode(model, latents))
