"""InfoGAN: latent codes made meaningful by maximising their mutual information."""

import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models._heads import TwoHeadedGame
from keras_gans.models._heads import check_two_headed
from keras_gans.models.acgan import check_non_negative
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.dcgan import _pyramid
from keras_gans.models.gan import GAN
from keras_gans.models.gan import _to_uint8
from keras_gans.models.infogan.networks import _check_codes
from keras_gans.models.infogan.networks import infogan_discriminator
from keras_gans.models.infogan.networks import infogan_generator
from keras_gans.sampling import priors

VARIANCES = ("fixed", "learned")


@register
class InfoGAN(TwoHeadedGame, DCGAN):
    """A GAN whose latent codes the discriminator's Q head must recover.

    The generator's input is `[noise, codes]`: `noise_dim` noise values
    from `prior` (uniform in [-1, 1] as in the paper), a one-hot vector per
    categorical code (uniform categories) and `continuous_codes` values
    uniform in [-1, 1]. The discriminator has two heads on one trunk: the
    source logit and Q, a factored posterior over the codes (a categorical
    for each categorical code; a Gaussian for each continuous code, with a
    unit or a learned variance). Both players add `info_weight * L_I` to
    their loss, where `L_I` is the negative log-likelihood of the generated
    images' codes under Q (the variational lower bound of the mutual
    information, up to the codes' constant entropy): D's player trains Q
    with it on the step's generated batch, G's player makes its images'
    codes recoverable. Logs `info_loss` beside `GAN`'s logs.

    The paper's MNIST configuration is the default (62-d uniform noise, one
    10-way categorical and 2 continuous codes, λ = 1, and its networks'
    dense layers: FC 1024 in G before the projection, FC 1024 shared by D
    and Q after the convolutions); train it with
    `Adam(1e-3, beta_1=0.5)` for G and `Adam(2e-4, beta_1=0.5)` for D, for
    about 5,000 steps.

    Args:
        image_shape: `(side, side, channels)`.
        noise_dim: the size of the incompressible noise.
        categorical_codes: the number of categories of each categorical
            code (each >= 2); `()` for none.
        continuous_codes: the number of continuous codes (>= 0).
        info_weight: λ, the weight of `L_I` in both losses (>= 0).
        continuous_variance: `"fixed"` (unit variance, the paper's MNIST
            setting) or `"learned"` (Q predicts a log standard deviation).
        generator_filters: as in `DCGAN`.
        discriminator_filters: as in `DCGAN`.
        q_hidden_units: the size of the Q head's hidden layer.
        generator_hidden_units: the size of the generator's dense hidden
            layer before the DCGAN projection (batch norm, ReLU): the
            paper's FC 1024 (0 for none: a plain DCGAN generator). Used
            when `generator` is not given.
        shared_units: the size of the dense layer (batch norm, LeakyReLU)
            that D's source logit and Q share after the convolutions: the
            paper's FC 1024 (0 for none). Used when `discriminator` is not
            given.
        generator: an optional replacement generator from latents
            `[batch, latent_dim]` (`latent_dim` = noise + one-hot codes +
            continuous codes) to images.
        discriminator: an optional replacement discriminator from images to
            `[logits, q_parameters [batch, q_units]]`.
        **kwargs: `prior`, `d_steps`, `seed` and the rest of `GAN`'s
            arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    gan = keras_gans.models.InfoGAN((8, 8, 1), noise_dim=4,
                                    categorical_codes=(3,),
                                    continuous_codes=1, generator_filters=8,
                                    discriminator_filters=8, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    x = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=16, epochs=1, verbose=0)
    images = gan.generate(4, seed=0, codes={"categorical": [0, 1, 2, 0]})
    codes = gan.infer_codes(images)  # {"categorical": [[4, 3]], "continuous": [4, 1]}
    ```

    Reference:
        [Chen et al., 2016. InfoGAN: Interpretable Representation Learning by
        Information Maximizing Generative Adversarial Nets](
        https://arxiv.org/abs/1606.03657).
    """

    def __init__(
        self,
        image_shape,
        noise_dim=62,
        categorical_codes=(10,),
        continuous_codes=2,
        info_weight=1.0,
        continuous_variance="fixed",
        generator_filters=64,
        discriminator_filters=64,
        q_hidden_units=128,
        shared_units=1024,
        generator_hidden_units=1024,
        generator=None,
        discriminator=None,
        prior="uniform",
        **kwargs,
    ):
        image_shape, _, _ = _pyramid(image_shape)
        noise_dim = check_positive_int("noise_dim", noise_dim)
        categorical_codes, continuous_codes = _check_codes(categorical_codes, continuous_codes)
        self.info_weight = check_non_negative("info_weight", info_weight)
        if continuous_variance not in VARIANCES:
            raise ValueError(
                f"`continuous_variance` must be one of {VARIANCES}. Received: "
                f"continuous_variance={continuous_variance!r}"
            )
        q_hidden_units = check_positive_int("q_hidden_units", q_hidden_units, minimum=0)
        shared_units = check_positive_int("shared_units", shared_units, minimum=0)
        generator_hidden_units = check_positive_int(
            "generator_hidden_units", generator_hidden_units, minimum=0)
        self.noise_dim = noise_dim
        self.categorical_codes = categorical_codes
        self.continuous_codes = continuous_codes
        self.continuous_variance = continuous_variance
        self.q_hidden_units = q_hidden_units
        self.shared_units = shared_units
        self.generator_hidden_units = generator_hidden_units
        latent_dim = noise_dim + sum(categorical_codes) + continuous_codes
        if generator is None:
            generator = infogan_generator(
                image_shape, latent_dim, generator_filters, generator_hidden_units)
        if discriminator is None:
            discriminator = infogan_discriminator(
                image_shape, self.q_units, discriminator_filters, q_hidden_units, shared_units
            )
        super().__init__(
            image_shape, latent_dim, generator_filters, discriminator_filters,
            prior=prior, generator=generator, discriminator=discriminator, **kwargs,
        )

    @property
    def q_units(self):
        """The size of Q's output: logits of every category, then Gaussians."""
        per_code = 2 if self.continuous_variance == "learned" else 1
        return sum(self.categorical_codes) + per_code * self.continuous_codes

    def get_config(self):
        config = super().get_config()
        del config["latent_dim"]
        config.update(
            noise_dim=self.noise_dim,
            categorical_codes=list(self.categorical_codes),
            continuous_codes=self.continuous_codes,
            info_weight=self.info_weight,
            continuous_variance=self.continuous_variance,
            q_hidden_units=self.q_hidden_units,
            shared_units=self.shared_units,
            generator_hidden_units=self.generator_hidden_units,
        )
        return config

    def _check_networks(self):
        check_two_headed(self.discriminator, self.q_units)
        GAN._check_networks(self)

    # --------------------------------------------------------------- latents

    def _compose(self, noise, categories, continuous):
        parts = [ops.cast(noise, "float32")]
        for i, k in enumerate(self.categorical_codes):
            parts.append(ops.one_hot(categories[:, i], k, dtype="float32"))
        if self.continuous_codes:
            parts.append(ops.cast(continuous, "float32"))
        return ops.concatenate(parts, axis=-1)

    def _split(self, latents):
        """`(noise, categories int32 [n, codes], continuous)` of latents."""
        start, categories = self.noise_dim, []
        for k in self.categorical_codes:
            categories.append(ops.argmax(latents[:, start:start + k], axis=-1))
            start += k
        categories = (
            ops.cast(ops.stack(categories, axis=1), "int32") if categories else None
        )
        return latents[:, :self.noise_dim], categories, latents[:, start:]

    def sample_latent(self, n, seed):
        """`[n, latent_dim]`: noise from the prior, uniform categories and codes."""
        seeds = tf.random.experimental.stateless_split(tf.cast(seed, tf.int64), 3)
        noise = priors.sample_prior(self.prior, n, self.noise_dim, seeds[0])
        counts = self.categorical_codes or (1,)
        uniform = tf.random.stateless_uniform([n, len(counts)], seeds[1])
        categories = tf.cast(tf.floor(uniform * tf.constant(counts, tf.float32)), tf.int32)
        continuous = tf.random.stateless_uniform(
            [n, self.continuous_codes], seeds[2], minval=-1.0, maxval=1.0
        )
        return self._compose(noise, categories, continuous)

    # ------------------------------------------------------------------ loss

    def metric_names(self):
        return super().metric_names() + ("info_loss",)

    def info_loss(self, latents, q):
        """Per-example `L_I`: the codes' negative log-likelihood under Q."""
        _, categories, continuous = self._split(ops.cast(latents, "float32"))
        q = ops.cast(q, "float32")
        loss, start = 0.0, 0
        for i, k in enumerate(self.categorical_codes):
            posterior = tfp.distributions.Categorical(logits=q[:, start:start + k])
            loss -= posterior.log_prob(categories[:, i])
            start += k
        if self.continuous_codes:
            mean = q[:, start:start + self.continuous_codes]
            scale = 1.0
            if self.continuous_variance == "learned":
                log_scale = ops.clip(q[:, start + self.continuous_codes:], -5.0, 5.0)
                scale = ops.exp(log_scale)
            posterior = tfp.distributions.Normal(mean, scale)
            loss -= ops.sum(posterior.log_prob(continuous), axis=-1)
        return loss

    def auxiliary_losses(self, player, real, conditions, outputs):
        loss = self.info_loss(outputs["latents"], outputs["fake_head"])
        return {"info_loss": self.info_weight * loss}

    # -------------------------------------------------------------- sampling

    def fix_codes(self, latents, codes):
        """Returns `latents` (`[n, latent_dim]`) with the codes in `codes` fixed.

        Args:
            latents: generator inputs, e.g. from `sample_latent`.
            codes: as in `generate`; `None` returns `latents` unchanged.

        Returns:
            NumPy `[n, latent_dim]`.
        """
        latents = np.asarray(latents, dtype="float32")
        n = len(latents)
        if codes is None:
            return latents
        if not isinstance(codes, dict) or set(codes) - {"categorical", "continuous"}:
            raise ValueError(
                "`codes` must be a dict with keys 'categorical' and/or 'continuous'. "
                f"Received: codes={codes!r}"
            )
        noise, categories, continuous = self._split(latents)
        if codes.get("categorical") is not None:
            if not self.categorical_codes:
                raise ValueError("`codes['categorical']` given, but the model has none.")
            values = np.asarray(codes["categorical"])
            if not np.issubdtype(values.dtype, np.integer):
                raise ValueError(
                    "`codes['categorical']` must be integer categories. Received "
                    f"dtype={values.dtype}"
                )
            values = values.reshape((-1, 1)) if values.ndim == 1 else values
            try:
                values = np.broadcast_to(values, (n, len(self.categorical_codes)))
            except ValueError:
                raise ValueError(
                    f"`codes['categorical']` must broadcast to [n={n}, "
                    f"{len(self.categorical_codes)}]. Received shape {values.shape}"
                ) from None
            limits = np.array(self.categorical_codes)
            if values.min() < 0 or np.any(values >= limits):
                raise ValueError(
                    f"`codes['categorical']` must lie in [0, {list(limits)}). Received "
                    f"values from {values.min()} to {values.max()}"
                )
            categories = values.astype("int32")
        if codes.get("continuous") is not None:
            values = np.asarray(codes["continuous"], dtype="float32")
            try:
                continuous = np.broadcast_to(values, (n, self.continuous_codes))
            except ValueError:
                raise ValueError(
                    f"`codes['continuous']` must broadcast to [n={n}, "
                    f"{self.continuous_codes}]. Received shape {values.shape}"
                ) from None
        return ops.convert_to_numpy(self._compose(noise, categories, continuous))

    def latents(self, n, seed=None, codes=None):
        """`n` generator inputs `[noise, codes]` (NumPy), with `codes` fixed.

        Args:
            n, seed, codes: as in `generate`.
        """
        n = check_positive_int("n", n)
        return self.fix_codes(self._latents_for(n, seed), codes)

    def generate(self, n, seed=None, codes=None, batch_size=256):
        """Generates `n` images, with any code fixed.

        Args:
            n: how many images.
            seed: an int for a reproducible draw, or `None`.
            codes: `None` (every code drawn) or a dict with `"categorical"`
                (ints `[n]` for one categorical code, `[n, codes]`, or one
                int for all) and/or `"continuous"` (floats broadcast to `[n,
                continuous_codes]`); the codes not given are drawn.
            batch_size: how many images the generator makes at once.
        """
        latents = self.latents(n, seed, codes)
        return self.predict(latents, batch_size=batch_size, verbose=0)

    def infer_codes(self, images, batch_size=256):
        """Q's posterior over the codes of `images`.

        Args:
            images: `[n, *image_shape]` in [-1, 1].
            batch_size: how many images D sees at once.

        Returns:
            A dict: `"categorical"`, a list with one `[n, k]` array of
            probabilities per categorical code; `"continuous"`, the
            posterior means `[n, continuous_codes]` (and `"continuous_scale"`
            with a learned variance).
        """
        q = self.discriminator_heads(images, batch_size)
        result, start = {"categorical": []}, 0
        for k in self.categorical_codes:
            logits = q[:, start:start + k]
            result["categorical"].append(ops.convert_to_numpy(ops.softmax(logits, axis=-1)))
            start += k
        result["continuous"] = q[:, start:start + self.continuous_codes]
        if self.continuous_variance == "learned":
            result["continuous_scale"] = np.exp(
                np.clip(q[:, start + self.continuous_codes:], -5.0, 5.0)
            )
        return result

    # --------------------------------------------------------------- serving

    def serving_endpoints(self):
        """`serving_default(noise[, categorical][, continuous])` and `sample`.

        - `serving_default`: `noise` float32 `[batch, noise_dim]`,
          `categorical` int32 `[batch, len(categorical_codes)]` (when the model
          has categorical codes), `continuous` float32 `[batch,
          continuous_codes]` (when it has continuous codes) to `images`
          (float32 in [-1, 1]) and `images_uint8`.
        - `sample(count, seed)`: draws every latent in the graph (the same
          images as `generate(count, seed)`) and returns the codes too.
        """
        generator = self.generator

        def outputs(latents):
            images = tf.cast(generator(latents, training=False), tf.float32)
            return {"images": images, "images_uint8": _to_uint8(images)}

        specs = [tf.TensorSpec([None, self.noise_dim], tf.float32, name="noise")]
        if self.categorical_codes:
            specs.append(
                tf.TensorSpec([None, len(self.categorical_codes)], tf.int32, name="categorical")
            )
        if self.continuous_codes:
            specs.append(
                tf.TensorSpec([None, self.continuous_codes], tf.float32, name="continuous")
            )
        has_categorical = bool(self.categorical_codes)

        def serve(noise, *codes):
            codes = list(codes)
            categories = codes.pop(0) if has_categorical else None
            continuous = codes.pop(0) if codes else None
            return outputs(self._compose(noise, categories, continuous))

        def sample(count, seed):
            latents = self.sample_latent(count, tf.stack([seed, tf.zeros_like(seed)]))
            result = outputs(latents)
            _, categories, continuous = self._split(latents)
            if has_categorical:
                result["categorical"] = categories
            if self.continuous_codes:
                result["continuous"] = continuous
            return result

        return {
            "serving_default": (serve, specs),
            "sample": (
                sample,
                [tf.TensorSpec([], tf.int32, name="count"),
                 tf.TensorSpec([], tf.int64, name="seed")],
            ),
        }
