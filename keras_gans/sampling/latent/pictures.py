"""Latent tools that decode with a model: J-diagrams and vector arithmetic."""

import numpy as np

from keras_gans._validation import check_positive_int
from keras_gans.sampling.latent.interpolation import _method
from keras_gans.sampling.latent.interpolation import analogy
from keras_gans.sampling.latent.interpolation import interpolation_grid


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
