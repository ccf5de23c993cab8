"""The discrete boundary-seeking GAN: importance-weighted likelihood, no rollouts."""

import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.sequence import _checks
from keras_gans.sequence import _family
from keras_gans.sequence import policy_gradient as pg


class _PolicySamples:
    """Samples of a sequence policy (`SequenceGenerator`): M per start state."""

    def __init__(self, generator):
        self.generator = generator
        self.sample_shape = (generator.sequence_length,)

    def draw(self, batch, num_samples, seed):
        tokens = self.generator.sample_tokens(batch * num_samples, seed)
        return ops.stop_gradient(tokens), None

    def log_probs(self, samples, inputs, training=True):
        return ops.sum(self.generator.token_log_probs(samples, training=training), axis=-1)

    def generate(self, n, seed):
        return self.generator.generate(n, seed=seed)

    def serving(self):
        return self.generator.serving_endpoints(), self.generator.serving_trackables()


class _LatentSamples:
    """Samples of a latent-variable generator (`BernoulliGenerator`): M per latent."""

    def __init__(self, generator):
        self.generator = generator
        self.sample_shape = tuple(generator.image_shape)

    def latents(self, count, seed):
        return tf.random.stateless_normal((count, self.generator.latent_dim), seed)

    def draw(self, batch, num_samples, seed):
        # The network runs once per latent; the M samples of latent b are
        # rows b * M .. b * M + M - 1. Training mode, as in `log_probs`, so
        # both see one distribution (batch norm uses the batch's statistics).
        seeds = tf.random.experimental.stateless_split(seed, 2)
        z = self.latents(batch, seeds[0])
        samples = self.generator.sample(z, seeds[1], num_samples=num_samples, training=True)
        return ops.stop_gradient(samples), z

    def log_probs(self, samples, inputs, training=True):
        return self.generator.log_prob(samples, inputs, training=training)

    def generate(self, n, seed):
        seeds = tf.random.experimental.stateless_split(tf.constant([seed, 0], tf.int64), 2)
        return self.generator.sample(self.latents(n, seeds[0]), seeds[1]).numpy()

    def serving(self):
        generator = self

        def sample(count, seed):
            seeds = tf.random.experimental.stateless_split(tf.stack([seed, tf.zeros_like(seed)]), 2)
            z = generator.latents(count, seeds[0])
            images = generator.generator.sample(z, seeds[1])
            return {
                "images": images,
                "images_uint8": tf.cast(images * 255.0, tf.uint8),
                "probabilities": tf.sigmoid(generator.generator(z)),
            }

        specs = [
            tf.TensorSpec([], tf.int32, name="count"), tf.TensorSpec([], tf.int64, name="seed")
        ]
        return {"serving_default": (sample, specs), "sample": (sample, specs)}, [self.generator]


@register
class DiscreteBGAN(_family.TokenData, AdversarialModel):
    """The boundary-seeking GAN for discrete data (Hjelm et al.).

    Each `train_step`:

    1. `d_steps` discriminator updates (real batch vs. as many generator
       samples, the usual GAN classifier);
    2. a generator update with no rollouts: for each latent of the batch
       (for a sequence policy, each start state), M = `num_samples` samples
       `x^(m) ~ g(x | z)`; the log importance weights are D's logits,
       `log w^(m) = log D / (1 - D)`; the normalised weights
       `w~ = softmax_m(log w)` are constants (stop-gradient) and the loss is
       `-sum_m w~^(m) log g(x^(m) | z)` per latent.

    The generator is a sequence policy (`SequenceGenerator`: samples are
    token sequences, `log g` the sum of token log-probabilities) or a
    latent-variable generator with `latent_dim`,
    `sample(z, seed, num_samples, training)` (M images per latent,
    latent-major) and `log_prob(x, z, training)` (for such a stack):
    `keras_gans.models.BernoulliGenerator` for binary images, whose data
    must lie in [0, 1]; latents are standard normal.

    Players: `generator`, `discriminator`. Logs: `d_loss`, `d_real`,
    `d_fake`, `g_loss`, `ess` (the effective sample size `1 / sum w~^2`
    per latent, in [1, M]) and `log_z` (the batch estimate of
    `log Z = log E[w]`, `log mean exp` of the logits); the running estimate
    is kept in the `running_log_z` state (an exponential moving average).

    Args:
        generator: a `SequenceGenerator` or a `BernoulliGenerator`-like model.
        discriminator: a Keras model from samples to logits `[B, 1]`.
        num_samples: M, the samples per latent (>= 2: with one sample the
            normalised weight is 1 and there is no signal).
        d_steps: discriminator updates per step.
        log_z_decay: the decay of the running `log Z` estimate, in [0, 1).
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import keras
    import numpy as np
    from keras_gans import models, sequence

    images = (np.random.default_rng(0).random((64, 8, 8, 1)) < 0.3).astype("float32")
    discriminator = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(1)]
    )
    bgan = sequence.DiscreteBGAN(
        models.BernoulliGenerator(4, (8, 8, 1), hidden_units=(16,)),
        discriminator, num_samples=8, seed=0,
    )
    bgan.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                 d_optimizer=keras.optimizers.Adam(1e-3))
    bgan.fit(images, batch_size=16, epochs=1, verbose=0)
    samples = bgan.generate(4, seed=1)  # {0, 1}, shape (4, 8, 8, 1)
    ```

    Reference:
        [Hjelm et al., 2018. Boundary-Seeking Generative Adversarial
        Networks](https://arxiv.org/abs/1702.08431), section 2.3 and
        Algorithm 1.
    """

    def __init__(self, generator, discriminator, num_samples=20, d_steps=1, log_z_decay=0.9,
                 seed=None, **kwargs):
        if isinstance(num_samples, (int, np.integer)) and not isinstance(num_samples, bool) \
                and num_samples < 2:
            raise ValueError(
                "`num_samples` must be >= 2: with one sample per latent the normalised "
                f"weight is 1 and the update has no signal. Received: num_samples={num_samples}"
            )
        num_samples = check_positive_int("num_samples", num_samples, minimum=2)
        log_z_decay = _checks.check_unit_interval("log_z_decay", log_z_decay)
        if hasattr(generator, "sample_tokens") and hasattr(generator, "token_log_probs"):
            sampler = _PolicySamples(generator)
        elif all(hasattr(generator, a) for a in ("latent_dim", "sample", "log_prob")):
            sampler = _LatentSamples(generator)
        else:
            raise ValueError(
                "`generator` must be a sequence policy (e.g. SequenceGenerator) or a "
                "latent generator with `latent_dim`, `sample` and `log_prob` (e.g. "
                f"keras_gans.models.BernoulliGenerator). Received: generator={generator!r}"
            )
        super().__init__(
            networks={"generator": generator, "discriminator": discriminator},
            players={"generator": ("generator",), "discriminator": ("discriminator",)},
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        object.__setattr__(self, "sampler", sampler)
        self.num_samples = num_samples
        self.log_z_decay = log_z_decay
        self.running_log_z = self.add_state("running_log_z", (), "float32")
        self.log_z_steps = self.add_state("log_z_steps", (), "int32")

    @property
    def is_sequence(self):
        return isinstance(self.sampler, _PolicySamples)

    @property
    def sample_shape(self):
        return self.sampler.sample_shape

    @property
    def sample_range(self):
        return (0.0, 1.0)

    def check_training_data(self, x, y=None):
        if self.is_sequence:
            return _family.TokenData.check_training_data(self, x, y)
        return AdversarialModel.check_training_data(self, x, y)

    def unpack_data(self, data):
        if self.is_sequence:
            return _family.TokenData.unpack_data(self, data)
        samples, conditions = AdversarialModel.unpack_data(self, data)
        return ops.cast(samples, "float32"), conditions

    # ------------------------------------------------------------ sampling

    def call(self, inputs, training=False):
        """The generator's output (token logits, or Bernoulli logits of latents)."""
        return self.generator(inputs, training=training)

    def generate(self, n, seed=None):
        """`n` samples (token ids, or binary images), as NumPy."""
        n = check_positive_int("n", n)
        return self.sampler.generate(n, _checks.check_seed("seed", seed))

    def serving_endpoints(self):
        return self.sampler.serving()[0]

    def serving_trackables(self):
        return self.sampler.serving()[1]

    # ------------------------------------------------------------ training

    def train_updates(self):
        return [
            Update("discriminator", self.discriminator_loss, prepare=self.fake_batch,
                   repeat=self.d_steps, logs=("d_loss", "d_real", "d_fake")),
            Update("generator", self.generator_loss, prepare=self.weighted_batch,
                   logs=("g_loss", "ess", "log_z")),
        ]

    def fake_batch(self, real, conditions, seed):
        """One generator sample per real example."""
        samples, _ = self.sampler.draw(ops.shape(real)[0], 1, seed)
        return {"fake": samples}

    def discriminator_loss(self, real, conditions, seed, prepared):
        real_logits = self.discriminator(real, training=True)
        fake_logits = self.discriminator(prepared["fake"], training=True)
        return self.adversarial_loss(real_logits, fake_logits)

    def weighted_batch(self, real, conditions, seed):
        """M samples per latent, their D logits and normalised importance weights."""
        batch = ops.shape(real)[0]
        samples, inputs = self.sampler.draw(batch, self.num_samples, seed)
        logits = ops.cast(self.discriminator(samples, training=False), "float32")
        log_weights = ops.reshape(logits, (batch, self.num_samples))
        weights = pg.importance_weights(log_weights, axis=1)
        return {"samples": samples, "inputs": inputs, "log_weights": log_weights,
                "weights": weights}

    def generator_loss(self, real, conditions, seed, prepared):
        batch = ops.shape(prepared["weights"])[0]
        log_probs = self.sampler.log_probs(prepared["samples"], prepared["inputs"])
        log_probs = ops.reshape(ops.cast(log_probs, "float32"), (batch, self.num_samples))
        per_example = -ops.sum(prepared["weights"] * log_probs, axis=1)
        log_z = pg.log_mean_exp(prepared["log_weights"])
        return per_example, {
            "g_loss": per_example,
            "ess": pg.effective_sample_size(prepared["weights"], axis=1),
            "log_z": log_z,
        }

    def pretrain_discriminator(self, x, epochs=1, **kwargs):
        """D's update alone (real vs. generator samples) through `fit`.

        Logs `d_loss`, `d_real`, `d_fake`; `kwargs` go to `fit`.
        """
        if self.d_optimizer is None:
            raise ValueError("Call `compile(...)` before pretraining the discriminator.")
        update = self.train_updates()[0]
        return _family.run_phase(
            self, x, epochs, lambda real, seed: self.run_update(update, real, None, seed),
            ("d_loss", "d_real", "d_fake"), "d_pretraining", **kwargs,
        )

    def end_update(self, player, outputs):
        if player != "generator":
            return
        estimate = ops.mean(outputs["log_z"])
        first = ops.equal(self.log_z_steps, 0)
        moved = self.log_z_decay * self.running_log_z + (1.0 - self.log_z_decay) * estimate
        self.running_log_z.assign(ops.where(first, estimate, moved))
        self.log_z_steps.assign(self.log_z_steps + 1)

    def get_config(self):
        config = super().get_config()
        config.update({"num_samples": self.num_samples, "log_z_decay": self.log_z_decay})
        return config

