"""Latent priors: names or TensorFlow Probability distributions.

A prior is given as `"normal"` (a standard normal per latent dimension),
`"uniform"` (uniform on [-1, 1], as in DCGAN) or any TFP distribution whose
samples are scalars (drawn `[n, latent_dim]`) or vectors of `latent_dim`.
Sampling is always stateless: a seed tensor of shape `[2]` fixes the draw, so
training resumes exactly and a SavedModel samples reproducibly.
"""

import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp

tfd = tfp.distributions

PRIOR_NAMES = ("normal", "uniform")


def get_prior(identifier):
    """Returns a TFP distribution for a prior name, config or distribution.

    Args:
        identifier: `"normal"`, `"uniform"`, a dict from `serialize_prior`, or
            a `tfp.distributions.Distribution`.

    Returns:
        A `tfp.distributions.Distribution`.

    Example:

    ```python
    import keras_gans

    prior = keras_gans.sampling.get_prior("uniform")
    z = keras_gans.sampling.sample_prior(prior, 4, 8, seed=[0, 1])
    ```
    """
    if isinstance(identifier, tfd.Distribution):
        return identifier
    if identifier == "normal":
        return tfd.Normal(loc=0.0, scale=1.0, name="normal")
    if identifier == "uniform":
        return tfd.Uniform(low=-1.0, high=1.0, name="uniform")
    if isinstance(identifier, dict) and "tfp_class" in identifier:
        cls = getattr(tfd, identifier["tfp_class"], None)
        if cls is None:
            raise ValueError(
                f"Unknown TFP distribution in `prior`. Received: prior={identifier!r}"
            )
        params = {
            k: np.asarray(v, dtype="float32") if isinstance(v, list) else v
            for k, v in identifier["parameters"].items()
        }
        return cls(**params)
    raise ValueError(
        f"`prior` must be one of {list(PRIOR_NAMES)} or a "
        f"tfp.distributions.Distribution. Received: prior={identifier!r}"
    )


def serialize_prior(prior):
    """Returns a JSON-able form of a prior that `get_prior` reads back."""
    if isinstance(prior, str):
        return prior
    params = {}
    for key, value in prior.parameters.items():
        if value is None or isinstance(value, (bool, str)):
            params[key] = value
        elif isinstance(value, (int, float, np.ndarray, tf.Tensor, tf.Variable)):
            params[key] = np.asarray(value).tolist()
        else:
            raise ValueError(
                "Only TFP distributions with numeric parameters can be saved; "
                f"pass a prior name instead. Received: prior={prior!r} with "
                f"parameter {key}={value!r}"
            )
    return {"tfp_class": type(prior).__name__, "parameters": params}


deserialize_prior = get_prior


def sample_prior(prior, n, latent_dim, seed, dtype="float32"):
    """Draws `n` latent vectors of size `latent_dim` from `prior`.

    Args:
        prior: a TFP distribution (see `get_prior`).
        n: the number of vectors, an int or a scalar int tensor.
        latent_dim: the vectors' size.
        seed: a stateless seed, an int tensor of shape `[2]` (int64 values
            are used whole).
        dtype: the returned dtype.

    Returns:
        A tensor of shape `[n, latent_dim]`.
    """
    # TFP samplers take int32 seeds: derive them from the int64 seed with a
    # stateless draw, so that seeds of 2**31 and above do not alias smaller ones.
    seed = tf.random.stateless_uniform(
        [2], seed=tf.cast(seed, tf.int64), minval=None, maxval=None, dtype=tf.int32
    )
    if prior.batch_shape.rank == 0 and prior.event_shape.rank == 0:
        z = prior.sample(tf.stack([n, latent_dim]), seed=seed)
    else:
        z = prior.sample(n, seed=seed)
        z = tf.reshape(z, [-1, latent_dim])
    return tf.cast(z, dtype)
