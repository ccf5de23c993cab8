"""BEGAN: an autoencoder discriminator, an equilibrium controller, M_global."""

import numbers

import keras
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.base import Update
from keras_gans.models.dcgan import _pyramid
from keras_gans.models.gan import GAN
from keras_gans.models.gan import _known_shape


def _decoder(h, image_shape, side, steps, filters, prefix):
    """The paper's decoder: project to side²·n, [conv, conv, upsample]*, conv."""
    h = keras.layers.Dense(side * side * filters, name=f"{prefix}project")(h)
    h = keras.layers.Reshape((side, side, filters))(h)
    for i in range(steps + 1):
        for j in range(2):
            h = keras.layers.Conv2D(
                filters, 3, padding="same", activation="elu", name=f"{prefix}conv_{i}_{j}"
            )(h)
        if i < steps:
            h = keras.layers.UpSampling2D(2, interpolation="nearest")(h)
    return keras.layers.Conv2D(
        image_shape[-1], 3, padding="same", dtype="float32", name=f"{prefix}to_image"
    )(h)


def began_generator(image_shape, latent_dim=64, filters=64, name="generator"):
    """The BEGAN generator: the autoencoder's decoder architecture.

    A linear projection of z to a `side x side x filters` map, then blocks of
    two 3x3 convolutions with ELU each followed by a nearest-neighbour 2x
    upsampling, and a 3x3 convolution to the image (no batch norm, a
    linear output as in the paper).

    Args:
        image_shape: `(side, side, channels)`, side s·2ⁿ with 4 ≤ s ≤ 7
            (8, 16, 28, 32, 64 ...).
        latent_dim: the size of z (the paper's N_z).
        filters: the channels n of every convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, latent_dim]` to images.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.began_generator((28, 28, 1), latent_dim=32, filters=16)
    ```

    Reference:
        [Berthelot et al., 2017](https://arxiv.org/abs/1703.10717), figure 1.
    """
    image_shape, side, steps = _pyramid(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    filters = check_positive_int("filters", filters)
    z = keras.Input((latent_dim,), name="latent")
    return keras.Model(z, _decoder(z, image_shape, side, steps, filters, ""), name=name)


def began_autoencoder(image_shape, hidden_dim=64, filters=64, name="autoencoder"):
    """The BEGAN discriminator: a convolutional autoencoder with ELUs.

    Encoder: a 3x3 convolution, then per level two 3x3 convolutions with
    ELU whose channels grow linearly (n, 2n, 3n, ...) and a strided 3x3
    convolution that halves the side, and a linear map to an embedding of
    `hidden_dim` (the paper's h). The decoder has the generator's
    architecture (`began_generator`). No batch norm.

    Args:
        image_shape: as in `began_generator`.
        hidden_dim: the size of the embedding h.
        filters: n, the channels of the first level.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to their reconstructions.

    Example:

    ```python
    import keras_gans

    ae = keras_gans.models.began_autoencoder((28, 28, 1), hidden_dim=32, filters=16)
    ```

    Reference:
        [Berthelot et al., 2017](https://arxiv.org/abs/1703.10717), figure 1.
    """
    image_shape, side, steps = _pyramid(image_shape)
    hidden_dim = check_positive_int("hidden_dim", hidden_dim)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    h = keras.layers.Conv2D(filters, 3, padding="same", activation="elu", name="enc_in")(x)
    for i in range(steps + 1):
        width = filters * (i + 1)
        for j in range(2):
            h = keras.layers.Conv2D(
                width, 3, padding="same", activation="elu", name=f"enc_conv_{i}_{j}"
            )(h)
        if i < steps:
            h = keras.layers.Conv2D(
                filters * (i + 2), 3, strides=2, padding="same", activation="elu",
                name=f"enc_down_{i}",
            )(h)
    h = keras.layers.Flatten()(h)
    h = keras.layers.Dense(hidden_dim, name="embedding")(h)
    out = _decoder(h, image_shape, side, steps, filters, "dec_")
    return keras.Model(x, out, name=name)


def _check_unit_fraction(name, value, low_open=True):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"`{name}` must be a number. Received: {name}={value!r}")
    value = float(value)
    ok = (0.0 < value <= 1.0) if low_open else (0.0 <= value <= 1.0)
    if not ok:
        interval = "(0, 1]" if low_open else "[0, 1]"
        raise ValueError(f"`{name}` must be in {interval}. Received: {name}={value!r}")
    return value


@register
class BEGAN(GAN):
    """The boundary equilibrium GAN.

    The discriminator is an autoencoder; `L(v) = mean |v − AE(v)|` is its
    per-example reconstruction loss. The autoencoder (the `discriminator`
    player, `d_optimizer`) minimises `L(x) − k_t·L(G(z))`, the generator
    minimises `L(G(z))`, and after each step the proportional controller
    sets `k_{t+1} = clip(k_t + λ_k·(γ·L(x) − L(G(z))), 0, 1)` from the step's
    batch means (global means under a distribution strategy). k_t is
    controller state: saved with the model, restored exactly on resume.
    γ = E[L(G(z))] / E[L(x)] at equilibrium is the diversity ratio: lower γ,
    sharper but less diverse samples.

    Logs: `d_loss`, `g_loss`, `ae_real` (L(x)), `ae_fake` (L(G(z))), `k`
    (k_{t+1}), `m_global` (the convergence measure L(x) + |γL(x) − L(G(z))|)
    and `balance` (γL(x) − L(G(z))).

    Args:
        generator: a built Keras model from latents to images (e.g.
            `began_generator`).
        autoencoder: a built Keras model whose output has its input's shape
            (e.g. `began_autoencoder`).
        gamma: the diversity ratio γ in (0, 1].
        lambda_k: the controller's gain λ_k ≥ 0 (0.001 in the paper).
        k_initial: k_0 in [0, 1] (0 in the paper).
        prior: the latent prior (uniform in [-1, 1] in the paper).
        **kwargs: `latent_dim`, `d_steps`, `seed` and the rest of `GAN`'s
            arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    shape = (8, 8, 1)
    began = keras_gans.models.BEGAN(
        keras_gans.models.began_generator(shape, latent_dim=8, filters=4),
        keras_gans.models.began_autoencoder(shape, hidden_dim=8, filters=4),
        seed=0,
    )
    began.compile(
        g_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
    )
    images = np.random.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    history = began.fit(images, batch_size=16, epochs=1, verbose=0)
    k = float(began.k)
    ```

    Reference:
        [Berthelot et al., 2017. BEGAN: Boundary Equilibrium Generative
        Adversarial Networks](https://arxiv.org/abs/1703.10717), eq. 4 and
        section 3.4.
    """

    default_loss = None

    def __init__(
        self,
        generator,
        autoencoder,
        gamma=0.5,
        lambda_k=0.001,
        k_initial=0.0,
        prior="uniform",
        **kwargs,
    ):
        gamma = _check_unit_fraction("gamma", gamma)
        if (
            isinstance(lambda_k, bool)
            or not isinstance(lambda_k, numbers.Real)
            or not float(lambda_k) >= 0
        ):
            raise ValueError(f"`lambda_k` must be a number >= 0. Received: lambda_k={lambda_k!r}")
        k_initial = _check_unit_fraction("k_initial", k_initial, low_open=False)
        if isinstance(autoencoder, keras.Model) and autoencoder.built:
            ae_in = _known_shape(autoencoder, "input")
            ae_out = _known_shape(autoencoder, "output")
            if ae_in != ae_out:
                raise ValueError(
                    "The autoencoder's output shape must equal its input shape. "
                    f"Received: autoencoder input shape={ae_in}, output shape={ae_out}"
                )
        super().__init__(generator, autoencoder, prior=prior, **kwargs)
        self.gamma = gamma
        self.lambda_k = float(lambda_k)
        self.k_initial = k_initial
        self.k = self.add_state("k", (), "float32", keras.initializers.Constant(k_initial))

    @property
    def autoencoder(self):
        """The autoencoder network (trained by the `discriminator` player)."""
        return self.discriminator

    def compile(self, g_optimizer=None, d_optimizer=None, loss=None, **kwargs):
        """As `AdversarialModel.compile`; BEGAN's losses are fixed (`loss=None`)."""
        if loss is not None:
            raise ValueError(
                "BEGAN's losses are its autoencoder's reconstruction losses; pass no "
                f"`loss`. Received: loss={loss!r}"
            )
        super().compile(g_optimizer, d_optimizer, **kwargs)

    def reconstruction_loss(self, images):
        """`L(v)`: the per-example mean absolute reconstruction error."""
        reconstructed = self.autoencoder(images, training=True)
        error = ops.abs(ops.cast(images, "float32") - ops.cast(reconstructed, "float32"))
        return ops.mean(ops.reshape(error, (ops.shape(error)[0], -1)), axis=-1)

    def metric_names(self):
        return ("d_loss", "ae_real", "ae_fake", "g_loss", "k", "m_global", "balance")

    def train_updates(self):
        return [
            Update(
                "discriminator",
                self.discriminator_loss,
                prepare=self.fake_batch,
                repeat=self.d_steps,
                logs=("d_loss", "ae_real", "ae_fake"),
            ),
            Update("generator", self.generator_loss, logs=("g_loss",)),
        ]

    def discriminator_loss(self, real, conditions, seed, prepared):
        ae_real = self.reconstruction_loss(real)
        ae_fake = self.reconstruction_loss(prepared["fake"])
        per_example = ae_real - ops.stop_gradient(self.k) * ae_fake
        return per_example, {"d_loss": per_example, "ae_real": ae_real, "ae_fake": ae_fake}

    def generator_loss(self, real, conditions, seed):
        z = self.sample_latent(ops.shape(real)[0], seed)
        fake = self.generator(self.generator_inputs(z, conditions), training=True)
        per_example = self.reconstruction_loss(fake)
        return per_example, {"g_loss": per_example, "fake": fake}

    def end_step(self, outputs):
        """The equilibrium controller: updates k from the last autoencoder update."""
        ae_real = ops.mean(outputs["discriminator"]["ae_real"])
        ae_fake = ops.mean(outputs["discriminator"]["ae_fake"])
        context = tf.distribute.get_replica_context()
        replicas = tf.distribute.get_strategy().num_replicas_in_sync
        if context is not None and replicas > 1:
            both = context.all_reduce(tf.distribute.ReduceOp.SUM, ops.stack([ae_real, ae_fake]))
            ae_real, ae_fake = both[0] / replicas, both[1] / replicas
        balance = self.gamma * ae_real - ae_fake
        k = ops.clip(self.k + self.lambda_k * balance, 0.0, 1.0)
        self.k.assign(k)
        self.track({"k": k, "m_global": ae_real + ops.abs(balance), "balance": balance})

    def get_config(self):
        config = super().get_config()
        config["autoencoder"] = config.pop("discriminator")
        config.update(
            {"gamma": self.gamma, "lambda_k": self.lambda_k, "k_initial": self.k_initial}
        )
        return config
