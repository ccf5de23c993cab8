"""The base adversarial model: the original GAN's training loop as `fit`."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans import losses as losses_lib
from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.sampling import priors


def _known_shape(model, which):
    shape = model.input_shape if which == "input" else model.output_shape
    if isinstance(shape, list):
        shape = shape[0]
    return tuple(shape[1:])


def _shapes_agree(expected, received):
    return len(expected) == len(received) and all(
        a is None or b is None or a == b for a, b in zip(expected, received)
    )


@register
class GAN(keras.Model):
    """A generative adversarial network trained with `fit`.

    Each `train_step` is one iteration of the paper's Algorithm 1: `d_steps`
    (the paper's k) discriminator updates, each on the step's real batch and a
    fresh latent batch, then one generator update on a fresh latent batch.
    Losses come from `keras_gans.losses` and are reduced as the per-example
    sum divided by the global batch size, so that N replicas of a
    `tf.distribute` strategy make the same update as one device.

    Latents are drawn with stateless RNG ops from a seed and a step counter
    held in the model's weights: a `.keras` file resumes the exact sequence.
    Replicas fold their replica id into the seed and draw different latents.

    Families subclass this model and override the hooks
    `generator_inputs`, `discriminator_inputs`, `discriminator_penalty`,
    `discriminator_step` or `generator_step` (or `train_step` itself).

    Args:
        generator: a built Keras model mapping latents `[batch, latent_dim]`
            to samples.
        discriminator: a built Keras model mapping samples to logits of any
            rank (one per example, or a patch map).
        latent_dim: the size of the latent vector. Defaults to the last
            dimension of the generator's input.
        prior: the latent prior, `"normal"`, `"uniform"` or a
            `tfp.distributions.Distribution`.
        d_steps: discriminator updates per generator update (the paper's k).
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

    conditional = False

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
        for name, model in (("generator", generator), ("discriminator", discriminator)):
            if not isinstance(model, keras.Model):
                raise ValueError(
                    f"`{name}` must be a keras.Model. Received: {name}={model!r}"
                )
            if not model.built:
                raise ValueError(
                    f"`{name}` must be built (its input shape known). "
                    f"Received an unbuilt model: {name}={model.name!r}"
                )
        if latent_dim is None:
            latent_dim = _known_shape(generator, "input")[-1]
        latent_dim = check_positive_int("latent_dim", latent_dim)
        d_steps = check_positive_int("d_steps", d_steps)
        if seed is not None:
            seed = check_positive_int("seed", seed, minimum=0)
        super().__init__(**kwargs)
        self.generator = generator
        self.discriminator = discriminator
        self.latent_dim = latent_dim
        self.d_steps = d_steps
        self.seed = seed
        self._prior_identifier = prior
        self.prior = priors.get_prior(prior)
        self._check_networks()

        initial_seed = seed if seed is not None else int(np.random.randint(2**31 - 1))
        # [seed, step]: the latents of step t are a stateless function of both.
        self.rng_state = self.add_weight(
            shape=(2,),
            dtype="int64",
            initializer=keras.initializers.Constant([initial_seed, 0]),
            trainable=False,
            aggregation="only_first_replica",
            name="rng_state",
        )
        self.d_loss_tracker = keras.metrics.Mean(name="d_loss")
        self.g_loss_tracker = keras.metrics.Mean(name="g_loss")
        self.d_real_tracker = keras.metrics.Mean(name="d_real")
        self.d_fake_tracker = keras.metrics.Mean(name="d_fake")
        self.built = True

    # ------------------------------------------------------------------ checks

    def _check_networks(self):
        """Checks that G's latent input and its output fit D (hook)."""
        g_in = _known_shape(self.generator, "input")
        if g_in[-1] is not None and g_in[-1] != self.latent_dim:
            raise ValueError(
                "`latent_dim` must equal the generator's input size. Received: "
                f"latent_dim={self.latent_dim}, generator input shape={g_in}"
            )
        g_out = _known_shape(self.generator, "output")
        d_in = _known_shape(self.discriminator, "input")
        if not _shapes_agree(d_in, g_out):
            raise ValueError(
                "The generator's output shape must equal the discriminator's "
                f"input shape. Received: generator output shape={g_out}, "
                f"discriminator input shape={d_in}"
            )

    @property
    def sample_shape(self):
        """The shape of one sample (without the batch axis)."""
        return _known_shape(self.discriminator, "input")

    # ----------------------------------------------------------------- compile

    def compile(
        self,
        g_optimizer,
        d_optimizer,
        loss="non_saturating",
        jit_compile="auto",
        **kwargs,
    ):
        """Configures the two optimizers and the adversarial loss.

        Args:
            g_optimizer: the generator's optimizer (instance, name or config).
            d_optimizer: the discriminator's optimizer.
            loss: a `keras_gans.losses` object or its name.
            jit_compile: as in `keras.Model.compile`. `True` compiles the
                step with XLA; Keras' `"auto"` leaves XLA off on CPU, where
                its convolutions are slower than oneDNN's (see
                `benchmarks/RESULTS.md`).
            **kwargs: `steps_per_execution`, `run_eagerly`, as in Keras.
        """
        loss = losses_lib.get(loss)
        g_optimizer = keras.optimizers.get(g_optimizer)
        d_optimizer = keras.optimizers.get(d_optimizer)
        if g_optimizer is None or d_optimizer is None:
            raise ValueError(
                "`g_optimizer` and `d_optimizer` are both required. Received: "
                f"g_optimizer={g_optimizer!r}, d_optimizer={d_optimizer!r}"
            )
        if g_optimizer is d_optimizer:
            raise ValueError(
                "`g_optimizer` and `d_optimizer` must be two optimizer objects: "
                "one optimizer cannot hold the state of both networks."
            )
        if keras.config.dtype_policy().name == "mixed_float16":
            g_optimizer, d_optimizer = (
                opt
                if isinstance(opt, keras.optimizers.LossScaleOptimizer)
                else keras.optimizers.LossScaleOptimizer(opt)
                for opt in (g_optimizer, d_optimizer)
            )
        super().compile(optimizer=None, jit_compile=jit_compile, **kwargs)
        self.g_optimizer = g_optimizer
        self.d_optimizer = d_optimizer
        # Built now, each on its own network: a model saved before `fit`
        # and one loaded from a file then have the same optimizer variables
        # (Keras skips loading the state of an unbuilt optimizer).
        g_optimizer.build(self.generator.trainable_variables)
        d_optimizer.build(self.discriminator.trainable_variables)
        self.loss_fn = loss
        self._gan_compile_config = {
            "g_optimizer": keras.saving.serialize_keras_object(g_optimizer),
            "d_optimizer": keras.saving.serialize_keras_object(d_optimizer),
            "loss": keras.saving.serialize_keras_object(loss),
            "jit_compile": jit_compile,
            **kwargs,
        }

    def get_compile_config(self):
        return dict(getattr(self, "_gan_compile_config", {}))

    def compile_from_config(self, config):
        config = dict(config)
        for key in ("g_optimizer", "d_optimizer", "loss"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        self.compile(**config)

    # ------------------------------------------------------------------- state

    @property
    def metrics(self):
        return [
            self.d_loss_tracker,
            self.g_loss_tracker,
            self.d_real_tracker,
            self.d_fake_tracker,
        ]

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "generator": keras.saving.serialize_keras_object(self.generator),
                "discriminator": keras.saving.serialize_keras_object(
                    self.discriminator
                ),
                "latent_dim": self.latent_dim,
                "prior": priors.serialize_prior(self._prior_identifier),
                "d_steps": self.d_steps,
                "seed": self.seed,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("generator", "discriminator"):
            if isinstance(config.get(key), dict):
                config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)

    def build(self, input_shape=None):
        self.built = True

    # --------------------------------------------------------------- sampling

    def call(self, inputs, training=False):
        """Maps latents (and labels, for conditional models) to samples."""
        return self.generator(inputs, training=training)

    def sample_latent(self, n, seed):
        """Draws `n` latents from the prior with a stateless `seed` `[2]`."""
        return priors.sample_prior(self.prior, n, self.latent_dim, seed)

    def generate(self, n, seed=None, batch_size=256):
        """Samples the prior and returns `n` generated samples as NumPy.

        Args:
            n: how many samples.
            seed: an int for a reproducible draw, or `None`.
            batch_size: how many samples the generator makes at once.
        """
        n = check_positive_int("n", n)
        z = self._latents_for(n, seed)
        return self.predict(z, batch_size=batch_size, verbose=0)

    def _latents_for(self, n, seed):
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        seed = check_positive_int("seed", seed, minimum=0)
        return ops.convert_to_numpy(self.sample_latent(n, tf.constant([seed, 0])))

    # ----------------------------------------------------------------- hooks

    def generator_inputs(self, z, labels):
        """What the generator is called on (hook: conditional models add y)."""
        return z

    def discriminator_inputs(self, x, labels):
        """What the discriminator is called on (hook)."""
        return x

    def discriminator_penalty(self, real, fake, labels, seed):
        """Per-example extra discriminator loss, e.g. a gradient penalty (hook).

        Returns `None` for no penalty.
        """
        return None

    def reduce_loss(self, per_example):
        """Sum over the replica's examples divided by the global batch size."""
        per_example = ops.cast(per_example, "float32")
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        global_batch = ops.cast(ops.shape(per_example)[0] * replicas, "float32")
        return ops.sum(per_example) / global_batch

    def _next_seeds(self, count):
        """`count` fresh stateless seeds for this step and replica."""
        base = self.rng_state.value
        self.rng_state.assign_add(ops.convert_to_tensor([0, 1], dtype="int64"))
        context = tf.distribute.get_replica_context()
        if context is not None and context.num_replicas_in_sync > 1:
            replica = tf.cast(context.replica_id_in_sync_group, tf.int32)
            base = tf.random.experimental.stateless_fold_in(base, replica)
        seeds = tf.random.experimental.stateless_split(base, count)
        return seeds

    def _apply(self, optimizer, loss, tape, variables):
        grads = tape.gradient(loss, variables)
        optimizer.apply_gradients(zip(grads, variables))

    def discriminator_step(self, real, labels, seed):
        """One discriminator update; returns per-example loss and outputs."""
        batch = ops.shape(real)[0]
        seeds = tf.random.experimental.stateless_split(seed, 2)
        z = self.sample_latent(batch, seeds[0])
        fake = self.generator(self.generator_inputs(z, labels), training=True)
        fake = ops.stop_gradient(fake)
        with tf.GradientTape() as tape:
            real_logits = self.discriminator(
                self.discriminator_inputs(real, labels), training=True
            )
            fake_logits = self.discriminator(
                self.discriminator_inputs(fake, labels), training=True
            )
            per_example = self.loss_fn.discriminator_loss(real_logits, fake_logits)
            penalty = self.discriminator_penalty(real, fake, labels, seeds[1])
            if penalty is not None:
                per_example = per_example + ops.cast(penalty, "float32")
            loss = self.reduce_loss(per_example)
            scaled = self.d_optimizer.scale_loss(loss)
        self._apply(
            self.d_optimizer, scaled, tape, self.discriminator.trainable_variables
        )
        return per_example, real_logits, fake_logits

    def generator_step(self, batch, labels, seed):
        """One generator update; returns the per-example loss."""
        z = self.sample_latent(batch, seed)
        with tf.GradientTape() as tape:
            fake = self.generator(self.generator_inputs(z, labels), training=True)
            fake_logits = self.discriminator(
                self.discriminator_inputs(fake, labels), training=True
            )
            per_example = self.loss_fn.generator_loss(fake_logits)
            loss = self.reduce_loss(per_example)
            scaled = self.g_optimizer.scale_loss(loss)
        self._apply(self.g_optimizer, scaled, tape, self.generator.trainable_variables)
        return per_example

    def unpack_data(self, data):
        """Splits a batch into `(samples, labels)`; labels may be `None`."""
        if isinstance(data, (tuple, list)):
            real = data[0]
            labels = data[1] if len(data) > 1 else None
        else:
            real, labels = data, None
        return real, labels

    def train_step(self, data):
        real, labels = self.unpack_data(data)
        batch = ops.shape(real)[0]
        seeds = self._next_seeds(self.d_steps + 1)
        for i in range(self.d_steps):
            d_per_example, real_logits, fake_logits = self.discriminator_step(
                real, labels, seeds[i]
            )
        g_per_example = self.generator_step(batch, labels, seeds[self.d_steps])
        self.d_loss_tracker.update_state(ops.mean(d_per_example))
        self.g_loss_tracker.update_state(ops.mean(g_per_example))
        self.d_real_tracker.update_state(ops.mean(self.loss_fn.output(real_logits)))
        self.d_fake_tracker.update_state(ops.mean(self.loss_fn.output(fake_logits)))
        return self.metric_logs()

    def metric_logs(self):
        """The logs a step returns: each tracked metric's result."""
        logs = {m.name: m.result() for m in self.metrics}
        strategy = tf.distribute.get_strategy()
        if (
            isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy)
            and strategy.extended._in_multi_worker_mode()
        ):
            # Keras reduces multi-worker logs with `reduce(MEAN, v, axis=0)`,
            # which fails on scalars: give each log a length-1 batch axis.
            logs = {name: value[None] for name, value in logs.items()}
        return logs

    # ------------------------------------------------------------------- fit

    def fit(self, x=None, y=None, **kwargs):
        """`keras.Model.fit`, after checking the data against the model.

        The data is `x` (samples) or `(x, labels)` for conditional models, as
        arrays or a batched `tf.data.Dataset`. Shape and label mismatches
        raise a `ValueError` before any graph is traced.
        """
        if not getattr(self, "loss_fn", None):
            raise ValueError("Call `compile(g_optimizer, d_optimizer)` before `fit`.")
        self.check_training_data(x, y)
        if isinstance(x, tf.data.Dataset):
            kwargs.setdefault("shuffle", False)  # A dataset shuffles itself.
        return super().fit(x, y, **kwargs)

    def check_training_data(self, x, y=None):
        """Raises `ValueError` if the data does not fit the model."""
        sample_spec, label_spec = None, None
        if isinstance(x, tf.data.Dataset):
            if x.cardinality() == 0:
                raise ValueError("The training dataset is empty. Received: x=" + repr(x))
            spec = x.element_spec
            if isinstance(spec, (tuple, list)):
                sample_spec = spec[0]
                label_spec = spec[1] if len(spec) > 1 else None
            elif isinstance(spec, dict):
                raise ValueError(
                    "The dataset must yield `x` or `(x, labels)` tuples. Received "
                    f"element_spec={spec}"
                )
            else:
                sample_spec = spec
            if sample_spec.shape.rank is not None:
                shape = tuple(sample_spec.shape)
                if len(shape) == len(self.sample_shape):
                    raise ValueError(
                        "The dataset must be batched (call `dataset.batch(n)`). "
                        f"Received elements of shape {shape}, model sample shape "
                        f"{self.sample_shape}"
                    )
                self._check_sample_shape(shape[1:])
        elif x is not None and hasattr(x, "shape"):
            if len(x) == 0:
                raise ValueError(f"The training data is empty. Received: x.shape={x.shape}")
            self._check_sample_shape(tuple(x.shape[1:]))
            if y is not None:
                label_spec = np.asarray(y)
        else:
            return  # Generators and PyDatasets are checked by Keras itself.
        self._check_labels(label_spec)

    def _check_sample_shape(self, shape):
        if not _shapes_agree(self.sample_shape, shape):
            raise ValueError(
                "The training data's sample shape differs from the model's. "
                f"Received: data sample shape={tuple(shape)}, model sample "
                f"shape={self.sample_shape}"
            )

    def _check_labels(self, labels):
        if labels is not None and not self.conditional:
            raise ValueError(
                f"{type(self).__name__} is unconditional, but the data has labels "
                "(it yields `(x, y)`). Pass the samples alone, or use a "
                "conditional model such as ConditionalGAN."
            )


def mlp_generator(
    latent_dim, output_dim, hidden_units=(128, 128), activation="relu", name="generator"
):
    """A multilayer-perceptron generator for vector data (the toy experiments).

    Args:
        latent_dim: the latent size.
        output_dim: the sample size.
        hidden_units: the widths of the hidden layers.
        activation: the hidden layers' activation.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, latent_dim]` to `[batch, output_dim]`.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.mlp_generator(latent_dim=2, output_dim=2)
    ```
    """
    latent_dim = check_positive_int("latent_dim", latent_dim)
    output_dim = check_positive_int("output_dim", output_dim)
    z = keras.Input((latent_dim,), name="latent")
    h = z
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, activation=activation, name=f"hidden_{i}")(h)
    x = keras.layers.Dense(output_dim, name="sample", dtype="float32")(h)
    return keras.Model(z, x, name=name)


def mlp_discriminator(
    input_dim, hidden_units=(128, 128), activation="relu", name="discriminator"
):
    """A multilayer-perceptron discriminator returning one logit per example.

    Args:
        input_dim: the sample size.
        hidden_units: the widths of the hidden layers.
        activation: the hidden layers' activation.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, input_dim]` to `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.mlp_discriminator(input_dim=2)
    ```
    """
    input_dim = check_positive_int("input_dim", input_dim)
    x = keras.Input((input_dim,), name="sample")
    h = x
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, activation=activation, name=f"hidden_{i}")(h)
    logits = keras.layers.Dense(1, name="logits", dtype="float32")(h)
    return keras.Model(x, logits, name=name)
