"""ALI: adversarially learned inference with stochastic encoder and generator."""

import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
from keras import ops

from keras_gans._registry import register
from keras_gans.models import _inference
from keras_gans.models.bigan import BiGAN

tfd = tfp.distributions


@register
class ALI(BiGAN):
    """Adversarially learned inference: BiGAN's game with stochastic mappings.

    The encoder gives a Gaussian q(z|x) (its output is `2 * latent_dim`
    numbers: the mean and, through softplus, the standard deviation) and
    is sampled with the reparameterisation trick
    (`tfp.distributions.MultivariateNormalDiag`), so the generator
    player's gradient flows through the sample. With `stochastic_generator`
    the generator likewise outputs twice the image's channels, the mean and
    the pre-softplus scale of a per-pixel Gaussian p(x|z), and training
    samples from it; `generate`, `reconstruct` and the SavedModel return the
    mean. Players, losses and logs are BiGAN's.

    Args:
        generator: a built model from latents to images (or, with
            `stochastic_generator`, to `[..., 2 * channels]`).
        encoder: a built model from images to `[batch, 2 * latent_dim]`
            (`bigan_encoder(..., gaussian=True)`).
        discriminator: a built model from `[image, latent]` to logits.
        latent_dim: the size of z; defaults to the generator's input size.
        prior: the latent prior (N(0, I) in the paper).
        stochastic_generator: whether the generator outputs a Gaussian.
        **kwargs: `d_steps`, `seed` and the rest of `BiGAN`'s arguments.

    Example:

    ```python
    import numpy as np
    import keras
    from keras_gans import models

    ali = models.ALI(
        models.dcgan_generator((8, 8, 1), 4, filters=4),
        models.bigan_encoder((8, 8, 1), 4, filters=4, gaussian=True),
        models.bigan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8),
        seed=0,
    )
    ali.compile(g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5))
    x = np.random.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    ali.fit(x, batch_size=16, epochs=1, verbose=0)
    z_mean = ali.encode(x[:4])
    z_draw = ali.encode(x[:4], sample=True, seed=0)
    ```

    Reference:
        [Dumoulin et al., 2017. Adversarially Learned Inference](
        https://arxiv.org/abs/1606.00704).
    """

    encoder_outputs_per_latent = 2

    def __init__(
        self,
        generator,
        encoder,
        discriminator,
        latent_dim=None,
        prior="normal",
        stochastic_generator=False,
        **kwargs,
    ):
        if not isinstance(stochastic_generator, bool):
            raise ValueError(
                "`stochastic_generator` must be True or False. Received: "
                f"stochastic_generator={stochastic_generator!r}"
            )
        self.stochastic_generator = stochastic_generator
        super().__init__(
            generator, encoder, discriminator, latent_dim=latent_dim, prior=prior, **kwargs
        )

    def get_config(self):
        return {**super().get_config(), "stochastic_generator": self.stochastic_generator}

    def generator_output_shape(self):
        shape = self.sample_shape
        if not self.stochastic_generator:
            return shape
        return (*shape[:-1], 2 * shape[-1])

    def posterior(self, x, training=False):
        """q(z|x): a `tfd.MultivariateNormalDiag` over `[batch, latent_dim]`."""
        return _inference.gaussian_posterior(self.encoder(x, training=training), self.latent_dim)

    def infer(self, x, seed, training=False):
        return self.posterior(x, training).sample(seed=_inference.tfp_seed(seed))

    def _observation(self, out):
        out = ops.cast(out, "float32")
        channels = self.sample_shape[-1]
        scale = ops.softplus(out[..., channels:]) + _inference.MIN_SCALE
        return tfd.Normal(loc=out[..., :channels], scale=scale)

    def synthesize(self, z, seed, training=False):
        out = self.generator(z, training=training)
        if not self.stochastic_generator:
            return out
        return self._observation(out).sample(seed=_inference.tfp_seed(seed))

    def generator_mean(self, out):
        if not self.stochastic_generator:
            return out
        return out[..., : self.sample_shape[-1]]

    def encode(self, x, sample=False, seed=None, batch_size=256):
        """The posterior mean E[z|x] or, with `sample`, a draw z ~ q(z|x).

        Args:
            x: images in [-1, 1].
            sample: draw from q(z|x) instead of returning its mean.
            seed: an int for the draw, or `None`.
            batch_size: images at once.

        Returns:
            `[n, latent_dim]` NumPy.
        """
        if not isinstance(sample, bool):
            raise ValueError(f"`sample` must be True or False. Received: sample={sample!r}")
        x = _inference.check_samples("x", x, self.sample_shape)
        params = np.asarray(self.encoder.predict(x, batch_size=batch_size, verbose=0))
        posterior = _inference.gaussian_posterior(params, self.latent_dim)
        if not sample:
            return ops.convert_to_numpy(posterior.mean())
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        draw = posterior.sample(seed=_inference.tfp_seed(tf.constant([seed, 0], tf.int64)))
        return ops.convert_to_numpy(draw)

    def encode_outputs(self, images):
        posterior = self.posterior(images)
        return {"latent": posterior.mean(), "scale": posterior.stddev()}
