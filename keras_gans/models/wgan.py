"""WGAN (weight clipping) and WGAN-GP (gradient penalty): a critic in place of D."""

import numbers

import keras
import tensorflow as tf

from keras_gans import losses
from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.dcgan import _pyramid
from keras_gans.models.gan import GAN


def wgan_critic(image_shape, filters=64, name="critic"):
    """A convolutional critic without batch normalisation, for WGAN / WGAN-GP.

    DCGAN's discriminator (5x5 convolutions with stride 2, LeakyReLU(0.2),
    channels doubling) with no normalisation: the gradient penalty is taken
    per example, which batch norm would couple across the batch (Gulrajani
    et al., section 4). Returns an unbounded score per image.

    Args:
        image_shape: `(side, side, channels)` as in `dcgan_generator`.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to scores `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    critic = keras_gans.models.wgan_critic((28, 28, 1), filters=32)
    ```

    Reference:
        [Gulrajani et al., 2017](https://arxiv.org/abs/1704.00028), section 4.
    """
    image_shape, _, steps = _pyramid(image_shape)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    h, width = x, filters
    for i in range(steps):
        h = keras.layers.Conv2D(width, 5, strides=2, padding="same", name=f"down_{i}")(h)
        h = keras.layers.LeakyReLU(0.2)(h)
        width *= 2
    h = keras.layers.Flatten()(h)
    score = keras.layers.Dense(1, dtype="float32", name="score")(h)
    return keras.Model(x, score, name=name)


class _CriticGAN(GAN):
    """A `GAN` whose discriminator is a critic (the `discriminator` player)."""

    default_loss = "wasserstein"

    def __init__(self, generator, critic, d_steps=5, **kwargs):
        super().__init__(generator, critic, d_steps=d_steps, **kwargs)

    @property
    def critic(self):
        """The critic network (trained by the `discriminator` player)."""
        return self.discriminator

    def default_optimizers(self):
        """The paper's optimizers, used by `compile` when none are given."""
        raise NotImplementedError

    def compile(self, g_optimizer=None, d_optimizer=None, loss=None, optimizers=None, **kwargs):
        """As `AdversarialModel.compile`; missing optimizers are the paper's."""
        if optimizers is None:
            g_default, d_default = self.default_optimizers()
            g_optimizer = g_default if g_optimizer is None else g_optimizer
            d_optimizer = d_default if d_optimizer is None else d_optimizer
        super().compile(g_optimizer, d_optimizer, loss=loss, optimizers=optimizers, **kwargs)

    def get_config(self):
        config = super().get_config()
        config["critic"] = config.pop("discriminator")
        return config


@register
class WGAN(_CriticGAN):
    """The Wasserstein GAN with weight clipping.

    A critic f (no sigmoid) is trained `d_steps` times per generator update,
    each time on its own real batch, to maximise `E[f(x)] − E[f(G(z))]`
    (loss `"wasserstein"`); after each critic update every trainable weight
    of the critic is clipped to `[−clip_value, clip_value]`, which keeps f
    K-Lipschitz. The generator minimises `−E[f(G(z))]`. `compile()` without
    optimizers uses the paper's RMSprop(5e-5) for both players. The critic is
    the `discriminator` player (`d_optimizer`); logs are `GAN`'s, `d_real`
    and `d_fake` being the critic's mean scores (their difference estimates
    the Wasserstein-1 distance up to K).

    Args:
        generator: a built Keras model from latents to samples.
        critic: a built Keras model from samples to scores.
        clip_value: the clipping bound c (0.01 in the paper), > 0.
        d_steps: critic updates per generator update (n_critic = 5).
        **kwargs: `latent_dim`, `prior`, `seed` and the rest of `GAN`'s
            arguments.

    Example:

    ```python
    import numpy as np
    import keras_gans

    wgan = keras_gans.models.WGAN(
        keras_gans.models.mlp_generator(2, 2, hidden_units=(16,)),
        keras_gans.models.mlp_discriminator(2, hidden_units=(16,)),
        seed=0,
    )
    wgan.compile()  # RMSprop(5e-5) for both players
    data = np.random.normal(size=(320, 2)).astype("float32")
    wgan.fit(data, batch_size=32, epochs=1, verbose=0)
    ```

    Reference:
        [Arjovsky et al., 2017. Wasserstein GAN](
        https://arxiv.org/abs/1701.07875), Algorithm 1.
    """

    def __init__(self, generator, critic, clip_value=0.01, d_steps=5, **kwargs):
        if (
            isinstance(clip_value, bool)
            or not isinstance(clip_value, numbers.Real)
            or not float(clip_value) > 0
        ):
            raise ValueError(
                f"`clip_value` must be a number > 0. Received: clip_value={clip_value!r}"
            )
        super().__init__(generator, critic, d_steps=d_steps, **kwargs)
        self.clip_value = float(clip_value)

    def default_optimizers(self):
        return keras.optimizers.RMSprop(5e-5), keras.optimizers.RMSprop(5e-5)

    def end_update(self, player, outputs):
        """Clips the critic's weights after each critic update."""
        if player != "discriminator":
            return
        bound = self.clip_value

        def clip(variable):
            return variable.assign(tf.clip_by_value(variable, -bound, bound))

        context = tf.distribute.get_replica_context()
        if tf.distribute.has_strategy() and context is not None:
            # Every replica holds the same updated weights: clip them once,
            # in cross-replica context.
            def merged(strategy, variables):
                for v in variables:
                    strategy.extended.update(v, clip)

            context.merge_call(merged, args=([v.value for v in self.critic.trainable_variables],))
        else:
            for v in self.critic.trainable_variables:
                v.assign(tf.clip_by_value(v, -bound, bound))

    def get_config(self):
        return {**super().get_config(), "clip_value": self.clip_value}


@register
class WGANGP(_CriticGAN):
    """WGAN with gradient penalty.

    The critic minimises `E[f(G(z))] − E[f(x)] + λ·E[(‖∇f(x̂)‖₂ − 1)²]`
    with `x̂ = εx + (1 − ε)G(z)`, ε ~ U[0, 1] drawn per example and the norm
    taken over all non-batch axes (`keras_gans.losses.gradient_penalty`);
    `d_steps` critic updates per generator update, each on its own real
    batch. Use a critic without batch normalisation (e.g. `wgan_critic`,
    `mlp_discriminator`). `compile()` without optimizers uses the paper's
    Adam(1e-4, β₁ = 0, β₂ = 0.9). The critic is the `discriminator` player;
    logs are `GAN`'s plus `gradient_penalty` (the mean penalty, before λ).

    Args:
        generator: a built Keras model from latents to samples.
        critic: a built Keras model from samples to scores, no batch norm.
        gp_weight: the penalty weight λ (10 in the paper), ≥ 0.
        d_steps: critic updates per generator update (n_critic = 5).
        **kwargs: `latent_dim`, `prior`, `seed` and the rest of `GAN`'s
            arguments.

    Example:

    ```python
    import numpy as np
    import keras_gans

    wgan = keras_gans.models.WGANGP(
        keras_gans.models.mlp_generator(2, 2, hidden_units=(16,)),
        keras_gans.models.mlp_discriminator(2, hidden_units=(16,)),
        seed=0,
    )
    wgan.compile()  # Adam(1e-4, beta_1=0, beta_2=0.9) for both players
    data = np.random.normal(size=(320, 2)).astype("float32")
    wgan.fit(data, batch_size=32, epochs=1, verbose=0)
    ```

    Reference:
        [Gulrajani et al., 2017. Improved Training of Wasserstein GANs](
        https://arxiv.org/abs/1704.00028), Algorithm 1.
    """

    def __init__(self, generator, critic, gp_weight=10.0, d_steps=5, **kwargs):
        if (
            isinstance(gp_weight, bool)
            or not isinstance(gp_weight, numbers.Real)
            or not float(gp_weight) >= 0
        ):
            raise ValueError(
                f"`gp_weight` must be a number >= 0. Received: gp_weight={gp_weight!r}"
            )
        super().__init__(generator, critic, d_steps=d_steps, **kwargs)
        self.gp_weight = float(gp_weight)

    def default_optimizers(self):
        return (
            keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
            keras.optimizers.Adam(1e-4, beta_1=0.0, beta_2=0.9),
        )

    def metric_names(self):
        return (*super().metric_names(), "gradient_penalty")

    def discriminator_loss(self, real, conditions, seed, prepared):
        """The critic's loss plus λ times the gradient penalty."""
        per_example, outputs = super().discriminator_loss(real, conditions, seed, prepared)

        def score(x):
            return self.discriminator(self.discriminator_inputs(x, conditions), training=True)

        # The penalty's ε comes from a seed of its own (split from the step's).
        penalty_seed = tf.random.experimental.stateless_split(prepared["penalty_seed"], 2)[1]
        penalty = losses.gradient_penalty(score, real, prepared["fake"], penalty_seed)
        per_example = per_example + self.gp_weight * penalty
        outputs.update(d_loss=per_example, gradient_penalty=penalty)
        return per_example, outputs

    def get_config(self):
        return {**super().get_config(), "gp_weight": self.gp_weight}
