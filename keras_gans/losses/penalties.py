"""Penalties that constrain a discriminator's gradients."""

import tensorflow as tf


def gradient_penalty(critic, real, fake, seed, target=1.0, epsilon=1e-12):
    """The WGAN-GP penalty `(||∇D(x̂)||₂ - target)²`, one value per example.

    `x̂ = ε·real + (1 - ε)·fake` with `ε ~ U[0, 1]` drawn per example from the
    stateless `seed`. The norm is `sqrt(sum(g²) + epsilon)`, whose gradient is
    finite where `g = 0` (a plain `tf.norm` gives NaN there).

    Args:
        critic: a callable mapping a batch like `real` to logits of any rank.
        real: a batch of real samples.
        fake: a batch of generated samples of the same shape.
        seed: a stateless RNG seed, an int tensor of shape `[2]`.
        target: the gradient norm the penalty pulls towards.
        epsilon: added under the square root.

    Returns:
        A float32 tensor of shape `[batch]`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    critic = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    real = np.ones((4, 2), "float32")
    fake = np.zeros((4, 2), "float32")
    penalty = keras_gans.losses.gradient_penalty(critic, real, fake, seed=[1, 2])
    ```

    Reference:
        [Gulrajani et al., 2017](https://arxiv.org/abs/1704.00028), eq. 3.
    """
    real = tf.convert_to_tensor(real)
    fake = tf.cast(tf.convert_to_tensor(fake), real.dtype)
    batch = tf.shape(real)[0]
    weight_shape = tf.concat([[batch], tf.ones([tf.rank(real) - 1], tf.int32)], 0)
    weight = tf.random.stateless_uniform(weight_shape, seed=seed, dtype=real.dtype)
    mixed = weight * real + (1.0 - weight) * fake
    with tf.GradientTape() as tape:
        tape.watch(mixed)
        logits = critic(mixed)
    grads = tf.cast(tape.gradient(logits, mixed), tf.float32)
    squared = tf.reduce_sum(tf.reshape(tf.square(grads), [batch, -1]), axis=-1)
    return tf.square(tf.sqrt(squared + epsilon) - target)
