"""`BernoulliGenerator`: latents to independent Bernoulli pixels (binary images)."""

import keras
import tensorflow as tf
import tensorflow_probability as tfp
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int


@register
class BernoulliGenerator(keras.Model):
    """A generator of binary images: an MLP from latents to Bernoulli logits.

    Called on latents `[B, latent_dim]` it returns the logits `[B, H, W, C]`
    of independent Bernoulli pixels; `sample(z, seed)` draws binary images
    (float32 in {0, 1}) and `log_prob(x, z)` is `log g(x | z)`, the sum of
    the pixels' log-probabilities (a `tfp.distributions.Bernoulli`). The
    discrete boundary-seeking GAN trains it (`keras_gans.sequence.DiscreteBGAN`).

    Args:
        latent_dim: the size of the latent vector.
        image_shape: `(height, width, channels)` of the images.
        hidden_units: the sizes of the hidden ReLU layers.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import tensorflow as tf
    from keras_gans.models import BernoulliGenerator

    g = BernoulliGenerator(8, (8, 8, 1), hidden_units=(16,))
    z = np.zeros((2, 8), "float32")
    x = g.sample(z, tf.constant([0, 1], tf.int64))  # {0, 1}, shape (2, 8, 8, 1)
    g.log_prob(x, z)                                 # shape (2,)
    ```

    Reference:
        [Hjelm et al., 2018. Boundary-Seeking Generative Adversarial
        Networks](https://arxiv.org/abs/1702.08431), section 4.1 (discrete
        MNIST).
    """

    def __init__(self, latent_dim, image_shape=(28, 28, 1), hidden_units=(256,), **kwargs):
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
        kwargs.setdefault("dtype", "float32")
        super().__init__(**kwargs)
        self.latent_dim = latent_dim
        self.image_shape = image_shape
        self.hidden_units = hidden_units
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
        width = self.latent_dim
        for layer in self.hidden:
            layer.build((None, width))
            width = layer.units
        self.output_layer.build((None, width))
        self.built = True

    def call(self, z, training=False):
        """Bernoulli logits `[B, H, W, C]` of latents `z` `[B, latent_dim]`."""
        x = ops.cast(z, "float32")
        for layer in self.hidden:
            x = layer(x)
        return ops.reshape(self.output_layer(x), (-1, *self.image_shape))

    def distribution(self, z):
        """`p(x | z)`: independent Bernoulli pixels (a TFP distribution)."""
        return tfp.distributions.Independent(
            tfp.distributions.Bernoulli(logits=self(z), dtype=tf.float32),
            reinterpreted_batch_ndims=3,
        )

    def sample(self, z, seed):
        """Binary images (float32 in {0, 1}) drawn with the stateless `seed` `[2]`."""
        logits = self(z)
        uniform = tf.random.stateless_uniform(ops.shape(logits), seed)
        return ops.cast(uniform < ops.sigmoid(logits), "float32")

    def log_prob(self, x, z):
        """`log g(x | z)`: float32 `[B]`."""
        return self.distribution(z).log_prob(ops.cast(x, "float32"))

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "latent_dim": self.latent_dim,
                "image_shape": list(self.image_shape),
                "hidden_units": list(self.hidden_units),
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
