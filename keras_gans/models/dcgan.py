"""DCGAN: the all-convolutional generator and discriminator of Radford et al."""

import keras
import tensorflow as tf

from keras_gans._registry import register
from keras_gans._validation import check_image_shape
from keras_gans._validation import check_positive_int
from keras_gans.layers.fused_batch_norm import FusedBatchNormalization
from keras_gans.models import _precision
from keras_gans.models.gan import GAN

# Radford et al. section 4: every weight drawn from N(0, 0.02).
INIT_STDDEV = 0.02


def _batch_norm(name):
    # Built under a distribution strategy, the batch statistics are those of
    # the global batch (synchronized), so N replicas make the update of one
    # device; on one device the fused kernel is used (the same statistics).
    return FusedBatchNormalization(synchronized=tf.distribute.has_strategy(), name=name)


def _init():
    return keras.initializers.RandomNormal(stddev=INIT_STDDEV)

MIN_SIZE = 8
MAX_SIZE = 64


def _pyramid(image_shape):
    """The starting side (4 to 7) and the number of 2x steps to `image_shape`."""
    image_shape = check_image_shape("image_shape", image_shape)
    height, width, _ = image_shape
    if height != width or not MIN_SIZE <= height <= MAX_SIZE:
        raise ValueError(
            f"`image_shape` must be square with a side from {MIN_SIZE} to "
            f"{MAX_SIZE}. Received: image_shape={image_shape}"
        )
    side, steps = height, 0
    while side % 2 == 0 and side // 2 >= 4:
        side //= 2
        steps += 1
    if side > 7:
        raise ValueError(
            "`image_shape` must have a side of the form s * 2**n with s from 4 "
            f"to 7 (8, 16, 28, 32, 64, ...). Received: image_shape={image_shape}"
        )
    return image_shape, side, steps


def dcgan_generator(image_shape, latent_dim=100, filters=64, output_activation="tanh",
                    name="generator"):
    """The DCGAN generator: project and reshape, then fractional-strided convs.

    Follows Radford et al.'s guidelines: no pooling and no hidden fully
    connected layer (the projection of z is one matrix multiply reshaped to
    a 4-D tensor), batch norm after every layer but the output, ReLU, a
    tanh output in [-1, 1], and kernels drawn from N(0, 0.02) (section 4).
    Each 5x5 transposed convolution with stride 2 doubles the side and halves
    the channels.

    Args:
        image_shape: `(side, side, channels)`, side from 8 to 64 of the form
            s·2ⁿ with 4 ≤ s ≤ 7 (8, 16, 28, 32, 64 ...).
        latent_dim: the size of z.
        filters: the channels of the last hidden layer; the first has
            `filters * 2**(n - 1)`.
        output_activation: `"tanh"` (images in [-1, 1], the paper's), or
            `None` for the raw outputs, e.g. the Bernoulli logits of a
            `BernoulliGenerator` for binary images.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, latent_dim]` to images.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.dcgan_generator((32, 32, 3), latent_dim=100)
    ```

    Reference:
        [Radford et al., 2016](https://arxiv.org/abs/1511.06434), section 3.
    """
    image_shape, side, steps = _pyramid(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    filters = check_positive_int("filters", filters)
    if output_activation not in ("tanh", None):
        raise ValueError(
            '`output_activation` must be "tanh" or None. '
            f"Received: output_activation={output_activation!r}"
        )
    z = keras.Input((latent_dim,), name="latent")
    image = _generator_body(z, image_shape, side, steps, filters, output_activation)
    return keras.Model(z, image, name=name)


def _generator_body(h, image_shape, side, steps, filters, output_activation="tanh"):
    width = filters * 2 ** (steps - 1)
    h = keras.layers.Dense(
        side * side * width, use_bias=False, kernel_initializer=_init(), name="project"
    )(h)
    h = keras.layers.Reshape((side, side, width))(h)
    h = _batch_norm("project_bn")(h)
    h = keras.layers.ReLU()(h)
    for i in range(steps - 1):
        width //= 2
        h = keras.layers.Conv2DTranspose(
            width, 5, strides=2, padding="same", use_bias=False,
            kernel_initializer=_init(), name=f"up_{i}",
        )(h)
        h = _batch_norm(f"up_{i}_bn")(h)
        h = keras.layers.ReLU()(h)
    h = keras.layers.Conv2DTranspose(
        image_shape[-1], 5, strides=2, padding="same", kernel_initializer=_init(),
        name="to_image",
    )(h)
    return keras.layers.Activation(output_activation or "linear", dtype="float32", name="image")(h)


def dcgan_discriminator(image_shape, filters=64, name="discriminator"):
    """The DCGAN discriminator: strided convolutions, LeakyReLU, batch norm.

    Each 5x5 convolution with stride 2 halves the side and doubles the
    channels; batch norm follows every convolution but the first (as in the
    paper); the last feature map is flattened into one logit.

    Args:
        image_shape: as in `dcgan_generator`.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to logits `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.dcgan_discriminator((32, 32, 3))
    ```

    Reference:
        [Radford et al., 2016](https://arxiv.org/abs/1511.06434), section 3.
    """
    image_shape, side, steps = _pyramid(image_shape)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    return keras.Model(x, _discriminator_body(x, steps, filters), name=name)


def _discriminator_trunk(h, steps, filters):
    """`steps` stride-2 5x5 convolutions (batch norm after the first), LeakyReLU 0.2."""
    width = filters
    for i in range(steps):
        h = keras.layers.Conv2D(
            width, 5, strides=2, padding="same", use_bias=i == 0,
            kernel_initializer=_init(), name=f"down_{i}",
        )(h)
        if i > 0:
            h = _batch_norm(f"down_{i}_bn")(h)
        h = keras.layers.LeakyReLU(0.2)(h)
        width *= 2
    return h


def _discriminator_body(h, steps, filters):
    h = keras.layers.Flatten()(_discriminator_trunk(h, steps, filters))
    return keras.layers.Dense(
        1, kernel_initializer=_init(), dtype="float32", name="logits"
    )(h)


@register
class DCGAN(GAN):
    """A deep convolutional GAN built from Radford et al.'s guidelines.

    The networks come from `dcgan_generator` and `dcgan_discriminator`; the
    training loop, losses and everything else from `GAN`.

    Args:
        image_shape: `(side, side, channels)`, e.g. `(28, 28, 1)` or
            `(64, 64, 3)`.
        latent_dim: the size of z (100 in the paper).
        generator_filters: channels of the generator's last hidden layer.
        discriminator_filters: channels of the discriminator's first layer.
        prior: the latent prior (the paper draws z uniformly in [-1, 1]).
        **kwargs: `d_steps`, `seed`, `precision` and the rest of `GAN`'s
            arguments. `precision` defaults to `"auto"` (class attribute
            `default_precision`) when DCGAN builds both networks:
            bfloat16 computation with float32 weights and losses on CPUs
            with AVX512_BF16 or AMX and on Ampere or later GPUs, float32
            elsewhere. `benchmarks/quality.py --parts precision` found the
            bfloat16 FID within the float32 run-to-run spread (120.75 ± 5.49
            against 120.68 ± 4.47 over 3 seeds). Networks passed in (and
            subclasses, which pass theirs) keep `"float32"` unless asked.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    gan = keras_gans.models.DCGAN((16, 16, 1), latent_dim=16, seed=0,
                                  generator_filters=8, discriminator_filters=8)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    )
    images = np.random.uniform(-1, 1, (64, 16, 16, 1)).astype("float32")
    gan.fit(images, batch_size=32, epochs=1, verbose=0)
    ```

    Reference:
        [Radford et al., 2016. Unsupervised Representation Learning with Deep
        Convolutional Generative Adversarial Networks](
        https://arxiv.org/abs/1511.06434).
    """

    default_precision = "auto"

    def __init__(
        self,
        image_shape,
        latent_dim=100,
        generator_filters=64,
        discriminator_filters=64,
        prior="uniform",
        generator=None,
        discriminator=None,
        **kwargs,
    ):
        image_shape, _, _ = _pyramid(image_shape)
        latent_dim = check_positive_int("latent_dim", latent_dim)
        if generator is None and discriminator is None:
            kwargs.setdefault("precision", self.default_precision)
        with _precision.building_for(kwargs.get("precision", "float32")):
            if generator is None:
                generator = dcgan_generator(image_shape, latent_dim, generator_filters)
            if discriminator is None:
                discriminator = dcgan_discriminator(image_shape, discriminator_filters)
        super().__init__(generator, discriminator, latent_dim, prior=prior, **kwargs)
        self.image_shape = image_shape
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "image_shape": list(self.image_shape),
                "generator_filters": self.generator_filters,
                "discriminator_filters": self.discriminator_filters,
            }
        )
        return config
