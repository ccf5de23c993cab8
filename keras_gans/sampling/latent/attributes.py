"""Attribute vectors, with White's bias correction."""

import numpy as np


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
