"""VAE: the variational autoencoder GANs are compared with, on the base."""

import numpy as np
import scipy.special
import tensorflow as tf
import tensorflow_probability as tfp
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models import _inference
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.gan import _known_shape
from keras_gans.models.gan import _to_uint8
from keras_gans.models.vae.networks import _check_likelihood
from keras_gans.sampling import priors

tfd = tfp.distributions


@register
class VAE(AdversarialModel):
    """A variational autoencoder trained with `fit`, on the adversarial base.

    One player, `vae`, trains the encoder and the decoder together on the
    negative ELBO: `-E_q[log p(x|z)] + KL(q(z|x) || p(z))`, the reconstruction
    term summed over pixels (nats per image) and estimated with one
    reparameterised sample, the KL term exact (`tfp.distributions.
    kl_divergence` of the Gaussian posterior and the N(0, I) prior). Logs:
    `elbo` (nats, higher is better), `reconstruction` (-log p(x|z)) and `kl`.

    Images are in [-1, 1] as for every family. The Bernoulli likelihood
    models `(x + 1) / 2` (binarised images are exactly {0, 1}; grey levels
    give the usual cross-entropy); the Gaussian one models `x` with a fixed
    `observation_scale`. `decode`, `generate` and `call` return the mean of
    p(x|z) in [-1, 1]. `log_likelihood` is the importance-weighted estimate
    of log p(x) that VAE papers report.

    Args:
        encoder: a built model from images to `[batch, 2 * latent_dim]`:
            the posterior mean, then its scale before softplus.
        decoder: a built model from `[batch, latent_dim]` to `[batch,
            *image_shape]`: logits (`"bernoulli"`) or the mean (`"gaussian"`).
        latent_dim: the size of z.
        likelihood: `"bernoulli"` or `"gaussian"`.
        observation_scale: the standard deviation of the Gaussian
            likelihood, in the units of [-1, 1] images.
        seed: an int that fixes every draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    vae = keras_gans.models.VAE(
        keras_gans.models.vae_encoder((8, 8, 1), 4, filters=4),
        keras_gans.models.vae_decoder((8, 8, 1), 4, filters=4),
        latent_dim=4, seed=0,
    )
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    x = np.sign(np.random.uniform(-1, 1, (64, 8, 8, 1))).astype("float32")
    vae.fit(x, batch_size=16, epochs=1, verbose=0)
    log_px = vae.log_likelihood(x[:4], num_samples=100)
    ```

    Reference:
        [Kingma & Welling, 2014. Auto-Encoding Variational Bayes](
        https://arxiv.org/abs/1312.6114); [Burda et al., 2016. Importance
        Weighted Autoencoders](https://arxiv.org/abs/1509.00519).
    """

    default_loss = None

    def __init__(
        self,
        encoder,
        decoder,
        latent_dim,
        likelihood="bernoulli",
        observation_scale=0.1,
        seed=None,
        **kwargs,
    ):
        self.latent_dim = check_positive_int("latent_dim", latent_dim)
        self.likelihood = _check_likelihood(likelihood)
        observation_scale = float(observation_scale)
        if not observation_scale > 0:
            raise ValueError(
                f"`observation_scale` must be > 0. Received: observation_scale={observation_scale}"
            )
        self.observation_scale = observation_scale
        super().__init__(
            networks={"encoder": encoder, "decoder": decoder},
            players={"vae": ("encoder", "decoder")},
            seed=seed,
            **kwargs,
        )
        self.prior = priors.get_prior("normal")
        self._check_networks()

    def _check_networks(self):
        _inference.check_encoder_output(self.encoder, self.latent_dim, multiple=2)
        d_in = _known_shape(self.decoder, "input")
        if d_in[-1] != self.latent_dim:
            raise ValueError(
                f"The `decoder` must take latents of size latent_dim={self.latent_dim}. "
                f"Received: decoder input shape={self.decoder.input_shape}"
            )
        d_out = _known_shape(self.decoder, "output")
        if d_out != self.sample_shape:
            raise ValueError(
                "The `decoder`'s output shape must equal the encoder's input shape. "
                f"Received: decoder output shape={d_out}, encoder input shape="
                f"{self.sample_shape}"
            )

    @property
    def sample_shape(self):
        return _known_shape(self.encoder, "input")

    def get_config(self):
        config = super().get_config()
        config.pop("d_steps")
        config.update(
            {
                "latent_dim": self.latent_dim,
                "likelihood": self.likelihood,
                "observation_scale": self.observation_scale,
            }
        )
        return config

    def compile(self, optimizer=None, optimizers=None, **kwargs):
        """Configures the optimizer of the one player, `vae`.

        Args:
            optimizer: an optimizer (instance, name or config).
            optimizers: or `{"vae": optimizer}`.
            **kwargs: `jit_compile`, `steps_per_execution`, `run_eagerly`.
        """
        if optimizer is not None:
            if optimizers is not None:
                raise ValueError("Pass either `optimizer` or `optimizers`, not both.")
            optimizers = {"vae": optimizer}
        kwargs.pop("loss", None)  # No adversarial loss (a saved compile config has one).
        super().compile(optimizers=optimizers, **kwargs)

    # ----------------------------------------------------- the probabilistic model

    def encoder_inputs(self, x, conditions):
        """What the encoder is called on (hook: the conditional VAE adds y)."""
        return x

    def decoder_inputs(self, z, conditions):
        """What the decoder is called on (hook)."""
        return z

    def posterior(self, x, conditions=None, training=False):
        """q(z|x), a `tfd.MultivariateNormalDiag` over `[batch, latent_dim]`."""
        params = self.encoder(self.encoder_inputs(x, conditions), training=training)
        return _inference.gaussian_posterior(params, self.latent_dim)

    def observation(self, z, conditions=None, training=False):
        """p(x|z), a distribution over whole images (pixels independent)."""
        out = ops.cast(self.decoder(self.decoder_inputs(z, conditions), training=training),
                       "float32")
        if self.likelihood == "bernoulli":
            pixels = tfd.Bernoulli(logits=out, dtype=tf.float32)
        else:
            pixels = tfd.Normal(loc=out, scale=self.observation_scale)
        return tfd.Independent(pixels, reinterpreted_batch_ndims=len(self.sample_shape))

    def _targets(self, x):
        x = ops.cast(x, "float32")
        return (x + 1.0) / 2.0 if self.likelihood == "bernoulli" else x

    def _mean_image(self, out):
        out = ops.cast(out, "float32")
        return 2.0 * ops.sigmoid(out) - 1.0 if self.likelihood == "bernoulli" else out

    def negative_elbo(self, real, conditions, seed):
        """The per-example negative ELBO (one reparameterised sample)."""
        posterior = self.posterior(real, conditions, training=True)
        z = posterior.sample(seed=_inference.tfp_seed(seed))
        log_px = self.observation(z, conditions, training=True).log_prob(self._targets(real))
        kl = tfd.kl_divergence(posterior, _inference.standard_normal_like(posterior.mean()))
        elbo = log_px - kl
        return -elbo, {"elbo": elbo, "reconstruction": -log_px, "kl": kl}

    def train_updates(self):
        return [Update("vae", self.negative_elbo, logs=("elbo", "reconstruction", "kl"))]

    # -------------------------------------------------------------- sampling

    def call(self, inputs, training=False):
        """Maps latents (and labels) to the mean of p(x|z), images in [-1, 1]."""
        return self._mean_image(self.decoder(inputs, training=training))

    def sample_latent(self, n, seed):
        return priors.sample_prior(self.prior, n, self.latent_dim, seed)

    def _latents_for(self, n, seed):
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        seed = check_positive_int("seed", seed, minimum=0)
        return ops.convert_to_numpy(self.sample_latent(n, tf.constant([seed, 0], tf.int64)))

    def _conditions(self, labels, n):
        """The conditions of `n` examples (hook: the conditional VAE's labels)."""
        if labels is not None:
            raise ValueError(
                f"{type(self).__name__} is unconditional: pass no `labels`. Received "
                f"labels of shape {np.shape(labels)}"
            )
        return None

    def _with(self, first, conditions):
        return first if conditions is None else [first, conditions]

    def generate(self, n, seed=None, batch_size=256, labels=None):
        """Decodes `n` latents from the N(0, I) prior: images in [-1, 1] (NumPy)."""
        n = check_positive_int("n", n)
        conditions = self._conditions(labels, n)
        z = self._latents_for(n, seed)
        return self.predict(self._with(z, conditions), batch_size=batch_size, verbose=0)

    def encode(self, x, labels=None, batch_size=256):
        """The posterior means E[z|x] of images in [-1, 1], `[n, latent_dim]` NumPy."""
        x = _inference.check_samples("x", x, self.sample_shape)
        conditions = self._conditions(labels, len(x))
        params = self.encoder.predict(self._with(x, conditions), batch_size=batch_size,
                                      verbose=0)
        return np.asarray(params, dtype="float32")[:, : self.latent_dim]

    def decode(self, z, labels=None, batch_size=256):
        """The mean of p(x|z) for latents `z`: images in [-1, 1] (NumPy)."""
        z = _inference.check_latents("z", z, self.latent_dim)
        conditions = self._conditions(labels, len(z))
        return self.predict(self._with(z, conditions), batch_size=batch_size, verbose=0)

    def reconstruct(self, x, labels=None, batch_size=256):
        """`decode(encode(x))`: reconstructions from the posterior means."""
        return self.decode(self.encode(x, labels, batch_size), labels, batch_size)

    # ------------------------------------------------------------ likelihood

    @tf.function(reduce_retracing=True)
    def _log_weights(self, x, conditions, seed, k):
        """log p(x, z_j) - log q(z_j|x) for `k` draws z_j ~ q(z|x): `[batch, k]`."""
        posterior = self.posterior(x, conditions)
        z = posterior.sample(k, seed=_inference.tfp_seed(seed))  # [k, batch, d]
        batch = tf.shape(x)[0]
        flat_z = tf.reshape(tf.transpose(z, [1, 0, 2]), [-1, self.latent_dim])
        tiled = tf.repeat(x, k, axis=0)
        tiled_c = None if conditions is None else tf.repeat(conditions, k, axis=0)
        log_px = self.observation(flat_z, tiled_c).log_prob(self._targets(tiled))
        prior = _inference.standard_normal_like(flat_z)
        log_w = tf.reshape(log_px + prior.log_prob(flat_z), [batch, k])
        return log_w - tf.transpose(posterior.log_prob(z))

    def log_likelihood(self, x, labels=None, num_samples=5000, batch_size=8, chunk_size=500,
                       seed=0):
        """The importance-weighted estimate of log p(x), nats per image.

        `log (1/K) sum_j p(x, z_j) / q(z_j|x)` with `K = num_samples` draws
        from the posterior: the IWAE bound, which tightens towards log p(x)
        as `K` grows and is at least the ELBO in expectation. Draws are
        made `chunk_size` at a time and combined with logsumexp.

        Args:
            x: images `[n, *image_shape]` in [-1, 1] (binarised images for
                the usual Bernoulli benchmark).
            labels: `ConditionalVAE` only: `[n]` int labels.
            num_samples: K, at least 1 (5,000 in the VAE literature).
            batch_size: images per chunk.
            chunk_size: posterior draws per image per chunk.
            seed: an int fixing the draws.

        Returns:
            `[n]` float64 NumPy.
        """
        num_samples = check_positive_int("num_samples", num_samples)
        chunk_size = check_positive_int("chunk_size", chunk_size)
        batch_size = check_positive_int("batch_size", batch_size)
        seed = check_positive_int("seed", seed, minimum=0)
        x = _inference.check_samples("x", x, self.sample_shape)
        conditions = self._conditions(labels, len(x))
        results = []
        for start in range(0, len(x), batch_size):
            xb = tf.constant(x[start:start + batch_size])
            cb = None if conditions is None else tf.constant(conditions[start:start + batch_size])
            total = np.full(len(xb), -np.inf)
            for i, first in enumerate(range(0, num_samples, chunk_size)):
                k = min(chunk_size, num_samples - first)
                chunk_seed = tf.constant([seed, start * 1_000_003 + i], tf.int64)
                log_w = self._log_weights(xb, cb, chunk_seed, tf.constant(k)).numpy()
                chunk = scipy.special.logsumexp(log_w.astype("float64"), axis=1)
                total = np.logaddexp(total, chunk)
            results.append(total - np.log(num_samples))
        return np.concatenate(results)

    def elbo(self, x, labels=None, num_samples=1, batch_size=256, seed=0):
        """The ELBO of each image (nats): `num_samples` draws for E_q, exact KL.

        Args:
            x: images in [-1, 1].
            labels: `ConditionalVAE` only.
            num_samples: draws per image for the reconstruction term.
            batch_size: images at once.
            seed: an int fixing the draws.

        Returns:
            `[n]` float64 NumPy.
        """
        num_samples = check_positive_int("num_samples", num_samples)
        seed = check_positive_int("seed", seed, minimum=0)
        x = _inference.check_samples("x", x, self.sample_shape)
        conditions = self._conditions(labels, len(x))
        out = []
        for start in range(0, len(x), batch_size):
            xb = tf.constant(x[start:start + batch_size])
            cb = None if conditions is None else tf.constant(conditions[start:start + batch_size])
            seed_t = tf.constant([seed, start], tf.int64)
            out.append(self._elbo(xb, cb, seed_t, tf.constant(num_samples)).numpy())
        return np.concatenate(out).astype("float64")

    @tf.function(reduce_retracing=True)
    def _elbo(self, x, conditions, seed, k):
        posterior = self.posterior(x, conditions)
        z = posterior.sample(k, seed=_inference.tfp_seed(seed))
        flat_z = tf.reshape(tf.transpose(z, [1, 0, 2]), [-1, self.latent_dim])
        tiled_c = None if conditions is None else tf.repeat(conditions, k, axis=0)
        log_px = self.observation(flat_z, tiled_c).log_prob(
            self._targets(tf.repeat(x, k, axis=0))
        )
        log_px = tf.reduce_mean(tf.reshape(log_px, [tf.shape(x)[0], k]), axis=1)
        return log_px - tfd.kl_divergence(
            posterior, _inference.standard_normal_like(posterior.mean())
        )

    # --------------------------------------------------------------- serving

    def serving_trackables(self):
        return [self.encoder, self.decoder]

    def default_conditions(self, count):
        return None

    def serving_endpoints(self):
        """`serving_default(latent)` -> `images`, `images_uint8`; `sample(count,
        seed)`; `encode(images)` / `encode_uint8(images)` -> `latent` (the
        posterior mean) and `scale` (its standard deviation)."""
        spec, latent_dim = self.condition_spec, self.latent_dim

        def outputs(out):
            images = self._mean_image(out)
            return {"images": images, "images_uint8": _to_uint8(images)}

        def decode(z, c=None):
            return outputs(self.decoder(self._with(z, c), training=False))

        def draw(count, seed):
            return priors.sample_prior(
                self.prior, count, latent_dim, tf.stack([seed, tf.zeros_like(seed)])
            )

        def encode(images, c=None):
            posterior = self.posterior(images, c)
            return {"latent": posterior.mean(), "scale": posterior.stddev()}

        latent = tf.TensorSpec([None, latent_dim], tf.float32, name="latent")
        count_spec = tf.TensorSpec([], tf.int32, name="count")
        seed_spec = tf.TensorSpec([], tf.int64, name="seed")
        if spec is None:
            endpoints = {
                "serving_default": (lambda latent: decode(latent), [latent]),
                "sample": (lambda count, seed: decode(draw(count, seed)),
                           [count_spec, seed_spec]),
            }
        else:
            condition = tf.TensorSpec([None, *spec.shape], spec.dtype, name=spec.name)

            def sample(count, seed):
                conditions = self.default_conditions(count)
                return {**decode(draw(count, seed), conditions), f"{spec.name}s": conditions}

            endpoints = {
                "serving_default": (lambda latent, c: decode(latent, c), [latent, condition]),
                "sample": (sample, [count_spec, seed_spec]),
            }
        endpoints.update(
            _inference.encode_endpoints(encode, self.sample_shape, latent_dim, spec)
        )
        return endpoints
