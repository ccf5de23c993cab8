"""Conditional VAE: the class label conditions the encoder and the decoder."""

import numpy as np

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models._labels import ClassLabels
from keras_gans.models.vae import VAE


@register
class ConditionalVAE(ClassLabels, VAE):
    """A VAE whose encoder q(z|x, y) and decoder p(x|z, y) see the class label.

    Trains on `(images, labels)` with integer labels in `[0, num_classes)`
    (checked before training, and in the input pipeline for datasets); the
    prior stays N(0, I), so z carries what the label does not (style).
    `encode`, `decode`, `reconstruct`, `generate`, `elbo` and
    `log_likelihood` take `labels`. Logs and the objective are `VAE`'s.

    Args:
        encoder: a built model from `[image, label]` to `[batch, 2 *
            latent_dim]` (`vae_encoder(..., num_classes=n)`).
        decoder: a built model from `[latent, label]` to images
            (`vae_decoder(..., num_classes=n)`).
        latent_dim: the size of z.
        num_classes: the number of labels (at least 2).
        likelihood: `"bernoulli"` or `"gaussian"`.
        **kwargs: `observation_scale`, `seed` and the rest of `VAE`'s arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    vae = keras_gans.models.ConditionalVAE(
        keras_gans.models.vae_encoder((8, 8, 1), 4, filters=4, num_classes=3),
        keras_gans.models.vae_decoder((8, 8, 1), 4, filters=4, num_classes=3),
        latent_dim=4, num_classes=3, seed=0,
    )
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    x = np.sign(np.random.uniform(-1, 1, (48, 8, 8, 1))).astype("float32")
    y = np.arange(48) % 3
    vae.fit(x, y, batch_size=16, epochs=1, verbose=0)
    images = vae.generate(3, labels=[0, 1, 2], seed=0)
    ```

    Reference:
        [Sohn et al., 2015. Learning Structured Output Representation using
        Deep Conditional Generative Models](
        https://papers.nips.cc/paper/5775-learning-structured-output-representation-using-deep-conditional-generative-models);
        [Kingma et al., 2014. Semi-Supervised Learning with Deep Generative
        Models](https://arxiv.org/abs/1406.5298).
    """

    def __init__(self, encoder, decoder, latent_dim, num_classes, likelihood="bernoulli",
                 **kwargs):
        self.num_classes = check_positive_int("num_classes", num_classes, minimum=2)
        super().__init__(encoder, decoder, latent_dim, likelihood=likelihood, **kwargs)

    def _check_networks(self):
        for name, model, first in (
            ("encoder", self.encoder, "image"),
            ("decoder", self.decoder, "latent"),
        ):
            if not isinstance(model.input_shape, list) or len(model.input_shape) != 2:
                raise ValueError(
                    f"ConditionalVAE's `{name}` must take two inputs [{first}, label]. "
                    f"Received input shape {model.input_shape}"
                )
        super()._check_networks()

    def get_config(self):
        return {**super().get_config(), "num_classes": self.num_classes}

    def encoder_inputs(self, x, conditions):
        return [x, conditions]

    def decoder_inputs(self, z, conditions):
        return [z, conditions]

    def _conditions(self, labels, n):
        if labels is None:
            raise ValueError("ConditionalVAE needs `labels` ([n] int class ids). Received None")
        array = np.asarray(labels)
        if array.ndim == 2 and array.shape[-1] == 1:
            array = array[:, 0]
        if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer) or len(array) != n:
            raise ValueError(
                f"`labels` must be {n} integer class ids of shape [{n}]. Received: "
                f"dtype={array.dtype}, shape={array.shape}"
            )
        if array.min() < 0 or array.max() >= self.num_classes:
            raise ValueError(
                f"`labels` must lie in [0, num_classes={self.num_classes}). Received "
                f"labels from {array.min()} to {array.max()}"
            )
        return array.astype("int32")

    def generate(self, n, labels=None, seed=None, batch_size=256):
        """Generates `n` images of `labels` (default: classes `0, 1, ...` in turn)."""
        n = check_positive_int("n", n)
        if labels is None:
            labels = np.arange(n) % self.num_classes
        return super().generate(n, seed=seed, batch_size=batch_size, labels=labels)
