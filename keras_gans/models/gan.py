"""GAN: Goodfellow et al.'s two-player game, the first family on the base."""

import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models import _data
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean
from keras_gans.sampling import priors


def _known_shape(model, which):
    shape = model.input_shape if which == "input" else model.output_shape
    if isinstance(shape, list):
        shape = shape[0]
    return tuple(shape[1:])


def _to_uint8(images):
    images = tf.cast(images, tf.float32)
    return tf.cast(tf.round((tf.clip_by_value(images, -1.0, 1.0) + 1.0) * 127.5), tf.uint8)


@register
class GAN(AdversarialModel):
    """A generative adversarial network trained with `fit`.

    Each `train_step` is one iteration of the paper's Algorithm 1: `d_steps`
    (the paper's k) discriminator updates, each on its own real batch and a
    fresh latent batch, then one generator update on a fresh latent batch.
    Losses come from `keras_gans.losses`; the players are `generator` (trains
    G) and `discriminator` (trains D). Logs: `d_loss`, `g_loss`, and `d_real`,
    `d_fake`, D's mean output on real and generated samples (a probability
    for the cross-entropy losses).

    Latents are drawn with stateless RNG ops from a seed and a step counter
    held in the model's weights: a `.keras` file resumes the exact sequence.
    Replicas fold their replica id into the seed and draw different latents.

    Families change the game through the hooks `generator_inputs`,
    `discriminator_inputs`, `discriminator_penalty`, `auxiliary_losses` (of
    `AdversarialModel`), or replace `discriminator_loss`, `generator_loss` or
    `train_updates`.

    Args:
        generator: a built Keras model mapping latents `[batch, latent_dim]`
            to samples.
        discriminator: a built Keras model mapping samples to logits of any
            rank (one per example, or a patch map).
        latent_dim: the size of the latent vector. Defaults to the last
            dimension of the generator's input.
        prior: the latent prior, `"normal"`, `"uniform"` or a
            `tfp.distributions.Distribution`.
        d_steps: discriminator updates per generator update (the paper's k);
            `fit` gives each its own real batch.
        seed: an int that fixes every latent the model draws in training, or
            `None` for a random one (still saved with the weights).
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    generator = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(16, activation="relu"),
         keras.layers.Dense(1)]
    )
    discriminator = keras.Sequential(
        [keras.Input((1,)), keras.layers.Dense(16, activation="relu"),
         keras.layers.Dense(1)]
    )
    gan = keras_gans.models.GAN(generator, discriminator, seed=0)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3),
        d_optimizer=keras.optimizers.Adam(1e-3),
        loss="non_saturating",
    )
    data = np.random.normal(4.0, 0.5, size=(256, 1)).astype("float32")
    gan.fit(data, batch_size=32, epochs=1, verbose=0)
    samples = gan.generate(8, seed=1)
    ```

    Reference:
        [Goodfellow et al., 2014. Generative Adversarial Nets](
        https://arxiv.org/abs/1406.2661), Algorithm 1.
    """

    def __init__(
        self,
        generator,
        discriminator,
        latent_dim=None,
        prior="normal",
        d_steps=1,
        seed=None,
        **kwargs,
    ):
        super().__init__(
            networks={"generator": generator, "discriminator": discriminator},
            players={"generator": ("generator",), "discriminator": ("discriminator",)},
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        self._set_latent_space(latent_dim, prior)

    def _set_latent_space(self, latent_dim, prior):
        """Sets `latent_dim` (None: the generator's input size) and the prior, then checks."""
        if latent_dim is None:
            latent_dim = _known_shape(self.generator, "input")[-1]
        self.latent_dim = check_positive_int("latent_dim", latent_dim)
        self._prior_identifier = prior
        self.prior = priors.get_prior(prior)
        self._check_networks()

    def _check_networks(self):
        """Checks that G's latent input and its output fit D (a hook)."""
        g_in = _known_shape(self.generator, "input")
        if g_in[-1] is not None and g_in[-1] != self.latent_dim:
            raise ValueError(
                "`latent_dim` must equal the generator's input size. Received: "
                f"latent_dim={self.latent_dim}, generator input shape={g_in}"
            )
        g_out = _known_shape(self.generator, "output")
        d_in = _known_shape(self.discriminator, "input")
        if not _data.shapes_agree(d_in, g_out):
            raise ValueError(
                "The generator's output shape must equal the discriminator's "
                f"input shape. Received: generator output shape={g_out}, "
                f"discriminator input shape={d_in}"
            )

    @property
    def sample_shape(self):
        return _known_shape(self.discriminator, "input")

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "latent_dim": self.latent_dim,
                "prior": priors.serialize_prior(self._prior_identifier),
            }
        )
        return config

    # -------------------------------------------------------------- sampling

    def call(self, inputs, training=False):
        """Maps latents (and conditions, for conditional models) to samples."""
        return self.generator(inputs, training=training)

    def sample_latent(self, n, seed):
        """Draws `n` latents from the prior with a stateless `seed` `[2]`."""
        return priors.sample_prior(self.prior, n, self.latent_dim, seed)

    def generate(self, n, seed=None, batch_size=256):
        """Samples the prior and returns `n` generated samples as NumPy.

        Args:
            n: how many samples.
            seed: an int (int64 range) for a reproducible draw, or `None`.
            batch_size: how many samples the generator makes at once.
        """
        n = check_positive_int("n", n)
        latents = self._latents_for(n, seed)
        with self.averaged_weights():
            return self.predict(latents, batch_size=batch_size, verbose=0)

    def _latents_for(self, n, seed):
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        seed = check_positive_int("seed", seed, minimum=0)
        stateless = tf.constant([seed, 0], tf.int64)
        return ops.convert_to_numpy(self.sample_latent(n, stateless))

    # ----------------------------------------------------------------- hooks

    def generator_inputs(self, z, conditions):
        """What the generator is called on (hook: conditional models add y)."""
        return z

    def discriminator_inputs(self, x, conditions):
        """What the discriminator is called on (hook)."""
        return x

    def discriminator_penalty(self, real, fake, conditions, seed):
        """Per-example extra discriminator loss, e.g. a gradient penalty (hook).

        Returns `None` for no penalty.
        """
        return None

    # ---------------------------------------------------------------- updates

    def train_updates(self):
        return [
            Update(
                "discriminator",
                self.discriminator_loss,
                prepare=self.fake_batch,
                repeat=self.d_steps,
                logs=("d_loss", "d_real", "d_fake"),
            ),
            Update("generator", self.generator_loss, logs=("g_loss",)),
        ]

    def fake_batch(self, real, conditions, seed):
        """Generated samples for a discriminator update (no gradient to G)."""
        seeds = tf.random.experimental.stateless_split(seed, 2)
        z = self.sample_latent(ops.shape(real)[0], seeds[0])
        fake = self.generator(self.generator_inputs(z, conditions), training=True)
        return {"latents": z, "fake": ops.stop_gradient(fake), "penalty_seed": seeds[1]}

    def discriminator_loss(self, real, conditions, seed, prepared):
        """D's per-example loss on `real` against `prepared["fake"]`."""
        fake = prepared["fake"]
        real_logits = self.discriminator(
            self.discriminator_inputs(self.augment_images(real), conditions), training=True
        )
        fake_logits = self.discriminator(
            self.discriminator_inputs(self.augment_images(fake), conditions), training=True
        )
        per_example, outputs = self.adversarial_loss(real_logits, fake_logits)
        penalty = self.discriminator_penalty(real, fake, conditions, prepared["penalty_seed"])
        if penalty is not None:
            per_example = per_example + per_example_mean(penalty)
            outputs["d_loss"] = per_example
        return per_example, {**prepared, **outputs}

    def generator_loss(self, real, conditions, seed):
        """G's per-example loss on a fresh latent batch of `real`'s size."""
        z = self.sample_latent(ops.shape(real)[0], seed)
        fake = self.generator(self.generator_inputs(z, conditions), training=True)
        fake_logits = self.discriminator(
            self.discriminator_inputs(self.augment_images(fake), conditions), training=True
        )
        per_example = self.loss_fn.generator_loss(fake_logits)
        return per_example, {
            "g_loss": per_example,
            "latents": z,
            "fake": fake,
            "fake_logits": fake_logits,
        }

    # --------------------------------------------------------------- serving

    def default_conditions(self, count):
        """Conditions the `sample` signature cycles through (a hook; None: none)."""
        return None

    def serving_trackables(self):
        """What a SavedModel of this model holds: the generator."""
        return [self.generator]

    def serving_endpoints(self):
        """The SavedModel signatures, a dict name -> `(function, input specs)`.

        - `serving_default(latent[, condition])`: `latent` float32 `[batch,
          latent_dim]` (and the family's condition, e.g. `label` int32
          `[batch]`) to `images` (float32 in [-1, 1]) and `images_uint8`
          (uint8 in [0, 255]); vector samples come out as `samples`.
        - `sample(count, seed)`: draws `count` latents from the prior in
          the graph with the stateless seed `[seed, 0]` (int64): the same
          seed gives the same samples as `generate(count, seed)`;
          conditional families cycle `default_conditions` and return them.
        """
        generator, prior, latent_dim = self.generator, self.prior, self.latent_dim
        is_image = len(self.sample_shape) == 3

        def outputs(samples):
            samples = tf.cast(samples, tf.float32)
            if is_image:
                return {"images": samples, "images_uint8": _to_uint8(samples)}
            return {"samples": samples}

        def draw(count, seed):
            stateless = tf.stack([seed, tf.zeros_like(seed)])
            return priors.sample_prior(prior, count, latent_dim, stateless)

        latent = tf.TensorSpec([None, latent_dim], tf.float32, name="latent")
        count_spec = tf.TensorSpec([], tf.int32, name="count")
        seed_spec = tf.TensorSpec([], tf.int64, name="seed")
        spec = self.condition_spec
        if spec is None:
            return {
                "serving_default": (
                    lambda latent: outputs(generator(latent, training=False)), [latent]
                ),
                "sample": (
                    lambda count, seed: outputs(generator(draw(count, seed), training=False)),
                    [count_spec, seed_spec],
                ),
            }
        condition = tf.TensorSpec([None, *spec.shape], spec.dtype, name=spec.name)

        def serve(latent, condition):
            return outputs(generator([latent, condition], training=False))

        endpoints = {"serving_default": (serve, [latent, condition])}
        if self.default_conditions(1) is not None:

            def sample(count, seed):
                conditions = self.default_conditions(count)
                result = outputs(generator([draw(count, seed), conditions], training=False))
                result[f"{spec.name}s"] = conditions
                return result

            endpoints["sample"] = (sample, [count_spec, seed_spec])
        return endpoints
