"""Penalties that constrain a discriminator's gradients."""

import tensorflow as tf


def _check_callable(name, value):
    if not callable(value):
        raise ValueError(
            f"`{name}` must be a callable mapping a batch to logits (e.g. a Keras "
            f"model). Received: {name}={value!r} (of type {type(value).__name__})"
        )


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
    _check_callable("critic", critic)
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


def r1_penalty(discriminator, real):
    """The R1 penalty `‖∇D(x)‖₂²` at real samples, one value per example.

    Mescheder et al. penalise the discriminator's gradient on the data only,
    `γ/2 · E_x[‖∇D(x)‖²]`: at the equilibrium D is flat on the data, and the
    penalty makes simultaneous gradient descent converge to it where the
    unregularised GAN oscillates. This function returns the squared norm
    (over all non-batch axes); the caller weights it with `γ/2`. Add it to a
    model through the `discriminator_penalty` hook (below).

    Args:
        discriminator: a callable mapping a batch like `real` to logits of
            any rank (the per-example logits are summed).
        real: a batch of real samples.

    Returns:
        A float32 tensor of shape `[batch]`.

    Example:

    ```python
    import keras
    import keras_gans

    class R1GAN(keras_gans.models.GAN):
        def discriminator_penalty(self, real, fake, conditions, seed):
            d = lambda x: self.discriminator(x, training=True)
            return 0.5 * 0.1 * keras_gans.losses.r1_penalty(d, real)  # γ = 0.1

    gan = R1GAN(
        keras_gans.models.mlp_generator(2, 2, hidden_units=(16,)),
        keras_gans.models.mlp_discriminator(2, hidden_units=(16,)),
        seed=0,
    )
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    x, _ = keras_gans.datasets.load_arrays("ring", num_samples=256, seed=0)
    gan.fit(x, batch_size=32, epochs=1, verbose=0)
    ```

    Reference:
        [Mescheder et al., 2018. Which Training Methods for GANs do actually
        Converge?](https://arxiv.org/abs/1801.04406), eq. 9.
    """
    _check_callable("discriminator", discriminator)
    real = tf.convert_to_tensor(real)
    batch = tf.shape(real)[0]
    with tf.GradientTape() as tape:
        tape.watch(real)
        logits = discriminator(real)
    grads = tf.cast(tape.gradient(logits, real), tf.float32)
    return tf.reduce_sum(tf.reshape(tf.square(grads), [batch, -1]), axis=-1)
