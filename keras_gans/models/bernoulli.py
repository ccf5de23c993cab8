"""`BernoulliGenerator`: latents to independent Bernoulli pixels (binary images)."""

import keras
import tensorflow as tf
import tensorflow_probability as tfp
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int


@register
class BernoulliGenerator(keras.Model):
    """A generator of binary images: latents to independent Bernoulli pixels.

    Called on latents `[B, latent_dim]` it returns the logits `[B, H, W, C]`
    of independent Bernoulli pixels; `sample(z, seed)` draws binary images
    (float32 in {0, 1}) and `log_prob(x, z)` is `log g(x | z)`, the sum of
    the pixels' log-probabilities (a `tfp.distributions.Bernoulli`). The
    discrete boundary-seeking GAN trains it (`keras_gans.sequence.DiscreteBGAN`).

    The logits come from an MLP (`hidden_units`) or from any `network` that
    maps latents to logits of the image's shape, e.g. a DCGAN generator
    with no output activation, as in the authors' discrete experiments:
    `dcgan_generator(image_shape, latent_dim, output_activation=None)`.
    `num_samples` draws several images per latent from one pass of the
    network, and `log_prob` accepts such a stack (`k * B` images for `B`
    latents, in latent-major order).

    Args:
        latent_dim: the size of the latent vector.
        image_shape: `(height, width, channels)` of the images.
        hidden_units: the sizes of the MLP's hidden ReLU layers (unused
            when `network` is given).
        network: `None` (the MLP) or a built Keras model from
            `[B, latent_dim]` to logits `[B, *image_shape]`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import tensorflow as tf
    from keras_gans.models import BernoulliGenerator, dcgan_generator

    g = BernoulliGenerator(8, (8, 8, 1), hidden_units=(16,))
    z = np.zeros((2, 8), "float32")
    x = g.sample(z, tf.constant([0, 1], tf.int64))  # {0, 1}, shape (2, 8, 8, 1)
    g.log_prob(x, z)                                 # shape (2,)

    network = dcgan_generator((8, 8, 1), 8, filters=4, output_activation=None)
    g = BernoulliGenerator(8, (8, 8, 1), network=network)
    x = g.sample(z, tf.constant([0, 1], tf.int64), num_samples=3)  # (6, 8, 8, 1)
    g.log_prob(x, z)                                                # shape (6,)
    ```

    Reference:
        [Hjelm et al., 2018. Boundary-Seeking Generative Adversarial
        Networks](https://arxiv.org/abs/1702.08431), section 4.1 (discrete
        MNIST).
    """

    def __init__(self, latent_dim, image_shape=(28, 28, 1), hidden_units=(256,), network=None,
                 **kwargs):
        latent_dim = check_positive_int("latent_dim", latent_dim)
        try:
            image_shape = tuple(check_positive_int("image_shape", d) for d in image_shape)
            hidden_units = tuple(check_positive_int("hidden_units", u) for u in hidden_units)
        except TypeError:
            raise ValueError(
                "`image_shape` and `hidden_units` must be sequences of integers. Received: "
                f"image_shape={image_shape!r}, hidden_units={hidden_units!r}"
            ) from None
        if len(image_shape) != 3:
            raise ValueError(
                f"`image_shape` must be (height, width, channels). Received: {image_shape}"
            )
        if network is not None:
            _check_network(network, latent_dim, image_shape)
        kwargs.setdefault("dtype", "float32")
        super().__init__(**kwargs)
        self.latent_dim = latent_dim
        self.image_shape = image_shape
        self.hidden_units = hidden_units
        self.network = network
        if network is None:
            self.hidden = [
                keras.layers.Dense(u, activation="relu", dtype="float32", name=f"hidden_{i}")
                for i, u in enumerate(hidden_units)
            ]
            size = image_shape[0] * image_shape[1] * image_shape[2]
            self.output_layer = keras.layers.Dense(size, dtype="float32", name="logits")
        self.build((None, latent_dim))

    def build(self, input_shape=None):
        if self.built:
            return
        if self.network is None:
            width = self.latent_dim
            for layer in self.hidden:
                layer.build((None, width))
                width = layer.units
            self.output_layer.build((None, width))
        self.built = True

    def call(self, z, training=False):
        """Bernoulli logits `[B, H, W, C]` of latents `z` `[B, latent_dim]`."""
        x = ops.cast(z, "float32")
        if self.network is not None:
            return ops.cast(self.network(x, training=training), "float32")
        for layer in self.hidden:
            x = layer(x)
        return ops.reshape(self.output_layer(x), (-1, *self.image_shape))

    @staticmethod
    def _bernoulli(logits):
        return tfp.distributions.Independent(
            tfp.distributions.Bernoulli(logits=logits, dtype=tf.float32),
            reinterpreted_batch_ndims=3,
        )

    def distribution(self, z, training=False):
        """`p(x | z)`: independent Bernoulli pixels (a TFP distribution)."""
        return self._bernoulli(self(z, training=training))

    def sample(self, z, seed, num_samples=1, training=False):
        """Binary images (float32 in {0, 1}) drawn with the stateless `seed` `[2]`.

        With `num_samples` = k, `k * B` images from one pass of the network:
        the k images of latent `b` are rows `b * k` to `b * k + k - 1`.
        """
        num_samples = check_positive_int("num_samples", num_samples)
        logits = ops.repeat(self(z, training=training), num_samples, axis=0)
        uniform = tf.random.stateless_uniform(ops.shape(logits), seed)
        return ops.cast(uniform < ops.sigmoid(logits), "float32")

    def log_prob(self, x, z, training=False):
        """`log g(x | z)`: float32 `[len(x)]`.

        `x` holds `k` images per latent of `z` (`k * B` rows, latent-major,
        as `sample(..., num_samples=k)` returns them); the network runs once
        per latent.
        """
        images, latents = x.shape[0], z.shape[0]
        if images is not None and latents is not None and (
                latents == 0 or images % latents != 0):
            raise ValueError(
                "`x` must hold the same number of images for every latent of `z` "
                f"(a multiple of {latents} rows). Received: {images} images"
            )
        logits = self(z, training=training)
        repeats = ops.shape(x)[0] // ops.shape(logits)[0]
        logits = ops.repeat(logits, repeats, axis=0)
        return self._bernoulli(logits).log_prob(ops.cast(x, "float32"))

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "latent_dim": self.latent_dim,
                "image_shape": list(self.image_shape),
                "hidden_units": list(self.hidden_units),
                "network": None if self.network is None
                else keras.saving.serialize_keras_object(self.network),
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("network"), dict):
            config["network"] = keras.saving.deserialize_keras_object(config["network"])
        return cls(**config)


def _check_network(network, latent_dim, image_shape):
    """`network` must be a built Keras model from latents to logits of `image_shape`."""
    if not isinstance(network, keras.Model) or not network.built:
        raise ValueError(
            "`network` must be a built Keras model from latents to logits. "
            f"Received: network={network!r}"
        )
    try:
        output_shape = tuple(network.compute_output_shape((None, latent_dim)))
    except Exception as error:  # noqa: BLE001 - any failure means the shapes do not fit
        raise ValueError(
            f"`network` must accept latents of shape (batch, {latent_dim}). Received: "
            f"network={network.name!r}, which fails on them ({error})"
        ) from None
    if output_shape[1:] != tuple(image_shape):
        raise ValueError(
            f"`network` must map latents to logits of shape {tuple(image_shape)}. "
            f"Received: network={network.name!r} with output shape {output_shape}"
        )
