"""The networks of each LAPGAN level (coarse generator/discriminator, residual ones)."""

import keras

from keras_gans._validation import check_image_shape
from keras_gans.models.dcgan import _batch_norm


def _label_inputs(inputs, num_classes, side=None):
    """Adds a label input; returns its one-hot (as planes of `side`, if given)."""
    if num_classes is None:
        return None
    label = keras.Input((), dtype="int32", name="label")
    inputs.append(label)
    one_hot = keras.layers.CategoryEncoding(num_classes, output_mode="one_hot")(label)
    if side is None:
        return one_hot
    planes = keras.layers.Reshape((1, 1, num_classes))(one_hot)
    return keras.layers.UpSampling2D(size=side)(planes)


def _conv(filters, strides=1, name=None):
    return keras.layers.Conv2D(filters, 3, strides=strides, padding="same", name=name)


def _critic(h, filters):
    h = keras.layers.LeakyReLU(0.2)(_conv(filters, 1, "conv_0")(h))
    h = keras.layers.LeakyReLU(0.2)(_conv(2 * filters, 2, "conv_1")(h))
    h = keras.layers.Flatten()(h)
    return keras.layers.Dense(1, dtype="float32", name="logits")(h)


def lapgan_coarse_generator(image_shape, latent_dim, num_classes=None, filters=64,
                            name="generator_0"):
    """Level 0's generator: a small DCGAN-style generator at the coarsest size.

    z (and the one-hot label) is projected to a `side x side` map, then two
    3x3 convolutions (batch norm, ReLU) and a tanh output.

    Args:
        image_shape: the coarsest image's shape `(side, side, channels)`.
        latent_dim: the size of z.
        num_classes: the number of labels, or `None` (unconditional).
        filters: the channels of the hidden maps.
        name: the model's name.

    Returns:
        A built `keras.Model` from `latent` (or `[latent, label]`) to images.

    Example:

    ```python
    import keras_gans

    g0 = keras_gans.models.lapgan_coarse_generator((7, 7, 1), 100)
    ```
    """
    height, width, channels = check_image_shape("image_shape", image_shape)
    inputs = [keras.Input((latent_dim,), name="latent")]
    label = _label_inputs(inputs, num_classes)
    h = inputs[0] if label is None else keras.layers.Concatenate()([inputs[0], label])
    h = keras.layers.Dense(height * width * 2 * filters, use_bias=False, name="project")(h)
    h = keras.layers.Reshape((height, width, 2 * filters))(h)
    h = keras.layers.ReLU()(_batch_norm("project_bn")(h))
    h = keras.layers.ReLU()(_batch_norm("conv_bn")(_conv(filters, name="conv")(h)))
    h = _conv(channels, name="to_image")(h)
    image = keras.layers.Activation("tanh", dtype="float32", name="image")(h)
    return keras.Model(inputs if label is not None else inputs[0], image, name=name)


def lapgan_coarse_discriminator(image_shape, num_classes=None, filters=64,
                                name="discriminator_0"):
    """Level 0's discriminator: two 3x3 convolutions (LeakyReLU), one logit.

    Args:
        image_shape: the coarsest image's shape.
        num_classes: the number of labels (one-hot planes beside the image),
            or `None`.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from `image` (or `[image, label]`) to logits.

    Example:

    ```python
    import keras_gans

    d0 = keras_gans.models.lapgan_coarse_discriminator((7, 7, 1))
    ```
    """
    image_shape = check_image_shape("image_shape", image_shape)
    inputs = [keras.Input(image_shape, name="image")]
    planes = _label_inputs(inputs, num_classes, image_shape[:2])
    h = inputs[0] if planes is None else keras.layers.Concatenate()([inputs[0], planes])
    return keras.Model(inputs if planes is not None else inputs[0], _critic(h, filters),
                       name=name)


def lapgan_residual_generator(image_shape, num_classes=None, filters=64, name=None):
    """A finer level's generator: (noise plane, upsampled coarse image) -> residual.

    The noise is one extra image channel (as in Denton et al.), stacked with
    the upsampled coarse image (and the label's one-hot planes); three 3x3
    convolutions (ReLU) give a linear residual.

    Args:
        image_shape: this level's image shape `(side, side, channels)`.
        num_classes: the number of labels, or `None`.
        filters: the channels of the hidden maps.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[noise [side, side, 1], coarse[, label]]`
        to residuals of `image_shape`.

    Example:

    ```python
    import keras_gans

    g1 = keras_gans.models.lapgan_residual_generator((14, 14, 1))
    ```
    """
    image_shape = check_image_shape("image_shape", image_shape)
    inputs = [
        keras.Input((*image_shape[:2], 1), name="noise"),
        keras.Input(image_shape, name="coarse"),
    ]
    planes = _label_inputs(inputs, num_classes, image_shape[:2])
    h = keras.layers.Concatenate()(inputs[:2] + ([] if planes is None else [planes]))
    h = keras.layers.ReLU()(_conv(filters, name="conv_0")(h))
    h = keras.layers.ReLU()(_conv(filters, name="conv_1")(h))
    residual = keras.layers.Conv2D(
        image_shape[-1], 3, padding="same", dtype="float32", name="residual"
    )(h)
    return keras.Model(inputs, residual, name=name)


def lapgan_residual_discriminator(image_shape, num_classes=None, filters=64, name=None):
    """A finer level's discriminator: (residual, upsampled coarse image) -> logit.

    Args:
        image_shape: this level's image shape.
        num_classes: the number of labels, or `None`.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[residual, coarse[, label]]` to logits.

    Example:

    ```python
    import keras_gans

    d1 = keras_gans.models.lapgan_residual_discriminator((14, 14, 1))
    ```
    """
    image_shape = check_image_shape("image_shape", image_shape)
    inputs = [keras.Input(image_shape, name="residual"), keras.Input(image_shape, name="coarse")]
    planes = _label_inputs(inputs, num_classes, image_shape[:2])
    h = keras.layers.Concatenate()(inputs[:2] + ([] if planes is None else [planes]))
    return keras.Model(inputs, _critic(h, filters), name=name)
