"""DenoisingAutoencoder: the learned prior of Plug & Play Generative Networks."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.sampling.seeds import next_replica_seed

MAX_SEED = 2**63 - 1


def _check_shape(input_shape):
    try:
        shape = tuple(input_shape)
    except TypeError:
        shape = None
    if not shape or not all(
        isinstance(d, (int, np.integer)) and not isinstance(d, bool) and d > 0 for d in shape
    ):
        raise ValueError(
            "`input_shape` must be a non-empty tuple of positive ints (one example's "
            f"shape, e.g. (28, 28, 1) or (128,)). Received: input_shape={input_shape!r}"
        )
    return tuple(int(d) for d in shape)


def dae_network(input_shape, hidden_units=(256, 256), name="reconstruction"):
    """The default reconstruction network R of a `DenoisingAutoencoder`.

    A multilayer perceptron on the flattened input (ReLU hidden layers, a
    linear output reshaped to `input_shape`), float32 whatever the policy.

    Args:
        input_shape: one example's shape.
        hidden_units: the widths of the hidden layers.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, *input_shape]` to the same shape.
    """
    input_shape = _check_shape(input_shape)
    hidden_units = tuple(check_positive_int("hidden_units", u) for u in hidden_units)
    f32 = {"dtype": "float32"}
    x = keras.Input(input_shape, name="noisy")
    h = keras.layers.Flatten(**f32)(x)
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, activation="relu", name=f"hidden_{i}", **f32)(h)
    h = keras.layers.Dense(int(np.prod(input_shape)), name="reconstruction", **f32)(h)
    h = keras.layers.Reshape(input_shape, **f32)(h)
    return keras.Model(x, h, name=name)


@register
class DenoisingAutoencoder(keras.Model):
    """A denoising autoencoder R whose residual R(x) − x estimates the score.

    Trained with `fit` on clean samples (images for PPGN-x, an encoder's
    features h for PPGN-h): each step corrupts the batch with Gaussian noise
    of standard deviation `noise_std` (σ) and minimises the squared error
    of the reconstruction to the clean batch. For small σ the optimum
    satisfies R(x) − x ≈ σ² ∂log p(x)/∂x (Alain & Bengio, 2014), which is
    what `score(x)` returns and what `PlugAndPlaySampler` uses as its prior
    term. The corruption is drawn with stateless seeds from an `[seed,
    step]` weight, so a saved model resumes the same noise sequence.

    Logs: `loss` (the mean squared reconstruction error).

    Args:
        input_shape: one example's shape, e.g. `(28, 28, 1)` or `(128,)`.
        noise_std: σ of the training corruption (> 0).
        hidden_units: widths of the default MLP (`dae_network`).
        network: optionally, a built `keras.Model` from `input_shape` to
            `input_shape` used as R instead of the default MLP.
        seed: an int that fixes the corruption noise, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    dae = keras_gans.models.DenoisingAutoencoder((2,), noise_std=0.3,
                                                 hidden_units=(32,), seed=0)
    dae.compile(optimizer=keras.optimizers.Adam(1e-3))
    data = np.random.normal(size=(256, 2)).astype("float32")
    dae.fit(data, batch_size=32, epochs=1, verbose=0)
    score = dae.score(data[:4])  # R(x) - x, shape (4, 2)
    ```

    Reference:
        [Vincent et al., 2008. Extracting and Composing Robust Features with
        Denoising Autoencoders](https://dl.acm.org/doi/10.1145/1390156.1390294);
        [Alain & Bengio, 2014. What Regularized Auto-Encoders Learn from the
        Data-Generating Distribution](https://arxiv.org/abs/1211.4246);
        [Nguyen et al., 2017. Plug & Play Generative Networks](
        https://arxiv.org/abs/1612.00005), section 2.
    """

    def __init__(
        self, input_shape, noise_std, hidden_units=(256, 256), network=None, seed=None, **kwargs
    ):
        input_shape = _check_shape(input_shape)
        if isinstance(noise_std, bool) or not isinstance(noise_std, (int, float, np.number)) or (
            not np.isfinite(noise_std) or noise_std <= 0
        ):
            raise ValueError(
                f"`noise_std` must be a positive number. Received: noise_std={noise_std!r}"
            )
        if seed is not None:
            seed = check_positive_int("seed", seed, minimum=0)
            if seed > MAX_SEED:
                raise ValueError(f"`seed` must be < 2**63. Received: seed={seed}")
        custom_network = network is not None
        if network is None:
            network = dae_network(input_shape, hidden_units)
        elif not isinstance(network, keras.Model) or not network.built:
            raise ValueError(f"`network` must be a built keras.Model. Received: {network!r}")
        elif tuple(network.input_shape[1:]) != input_shape or tuple(
            network.output_shape[1:]
        ) != input_shape:
            raise ValueError(
                "`network` must map `input_shape` to itself. Received: input_shape="
                f"{input_shape}, network {network.input_shape} -> {network.output_shape}"
            )
        super().__init__(**kwargs)
        self.network = network
        self._input_shape_arg = input_shape
        self.noise_std = float(noise_std)
        self.hidden_units = tuple(int(u) for u in hidden_units)
        self._custom_network = custom_network
        self.seed = seed
        initial = seed if seed is not None else int(np.random.randint(2**31 - 1))
        self.rng_state = self.add_weight(
            shape=(2,), dtype="int64", trainable=False, name="rng_state",
            initializer=keras.initializers.Constant([initial, 0]),
            aggregation="only_first_replica",
        )
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.built = True

    @property
    def sample_shape(self):
        """The shape of one example."""
        return self._input_shape_arg

    def call(self, inputs, training=False):
        """R(x): the reconstruction of `inputs`."""
        return self.network(inputs, training=training)

    def score(self, x):
        """R(x) − x, the DAE's estimate of σ² ∂log p(x)/∂x (a tensor)."""
        x = ops.cast(x, "float32")
        return ops.cast(self.network(x, training=False), "float32") - x

    @property
    def metrics(self):
        return [self.loss_tracker]

    def fit(self, x=None, y=None, **kwargs):
        """`keras.Model.fit` on clean samples (no targets), shape checked first."""
        if y is not None:
            raise ValueError(
                "DenoisingAutoencoder trains on samples alone (it is its own target). "
                f"Received: y of type {type(y).__name__}"
            )
        if isinstance(x, tf.data.Dataset):
            spec = x.element_spec
            shape = tuple(spec.shape[1:]) if isinstance(spec, tf.TensorSpec) else None
        else:
            shape = tuple(np.shape(x)[1:]) if x is not None else None
            if x is not None and len(x) == 0:
                raise ValueError(f"The training data is empty. Received: x.shape={np.shape(x)}")
        if shape != self.sample_shape:
            raise ValueError(
                "The training samples' shape must be the DAE's `input_shape`. Received: "
                f"sample shape={shape}, input_shape={self.sample_shape}"
            )
        return super().fit(x, **kwargs)

    def train_step(self, data):
        x = data[0] if isinstance(data, (tuple, list)) else data
        x = ops.cast(x, "float32")
        seed = next_replica_seed(self.rng_state)
        noisy = x + self.noise_std * tf.random.stateless_normal(tf.shape(x), seed)
        variables = self.network.trainable_variables
        with tf.GradientTape() as tape:
            error = ops.square(ops.cast(self.network(noisy, training=True), "float32") - x)
            per_example = ops.mean(ops.reshape(error, (ops.shape(x)[0], -1)), axis=-1)
            replicas = tf.distribute.get_strategy().num_replicas_in_sync
            loss = ops.sum(per_example) / ops.cast(ops.shape(x)[0] * replicas, "float32")
            scaled = self.optimizer.scale_loss(loss)
        grads = tape.gradient(scaled, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        self.loss_tracker.update_state(ops.mean(per_example))
        return {"loss": self.loss_tracker.result()}

    def test_step(self, data):
        x = ops.cast(data[0] if isinstance(data, (tuple, list)) else data, "float32")
        error = ops.square(ops.cast(self.network(x, training=False), "float32") - x)
        self.loss_tracker.update_state(ops.mean(error))
        return {"loss": self.loss_tracker.result()}

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_shape": list(self._input_shape_arg),
                "noise_std": self.noise_std,
                "hidden_units": list(self.hidden_units),
                "seed": self.seed,
            }
        )
        if self._custom_network:
            config["network"] = keras.saving.serialize_keras_object(self.network)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if isinstance(config.get("network"), dict):
            config["network"] = keras.saving.deserialize_keras_object(config["network"])
        return cls(**config)
