"""What the families with an encoder share (BiGAN, ALI, VAE): networks,
Gaussian posteriors, input checks and the `encode` serving signatures."""

import keras
import numpy as np
import tensorflow as tf
import tensorflow_probability as tfp
from keras import ops

from keras_gans._validation import check_positive_int
from keras_gans.models import _data
from keras_gans.models.dcgan import _pyramid

tfd = tfp.distributions

# The smallest posterior standard deviation (softplus can underflow to 0).
MIN_SCALE = 1e-4


def tfp_seed(seed):
    """An int32 `[2]` seed for TFP samplers, derived from an int64 stateless seed."""
    return tf.random.stateless_uniform(
        [2], seed=tf.cast(seed, tf.int64), minval=None, maxval=None, dtype=tf.int32
    )


def gaussian_posterior(params, latent_dim):
    """q(z|x) from an encoder's `[batch, 2 * latent_dim]` output.

    The first half is the mean; the second, through softplus, the standard
    deviation (at least `MIN_SCALE`).
    """
    params = ops.cast(params, "float32")
    loc, raw = params[:, :latent_dim], params[:, latent_dim:]
    return tfd.MultivariateNormalDiag(loc=loc, scale_diag=ops.softplus(raw) + MIN_SCALE)


def standard_normal_like(loc):
    """The N(0, I) prior of a batch of posteriors with mean `loc`."""
    return tfd.MultivariateNormalDiag(loc=tf.zeros_like(loc), scale_diag=tf.ones_like(loc))


def output_size(model, name):
    shape = model.output_shape
    if isinstance(shape, list):
        raise ValueError(
            f"`{name}` must have one output. Received output shapes {shape}"
        )
    return shape[-1]


def check_encoder_output(encoder, latent_dim, multiple=1):
    """Raises unless the encoder outputs `[batch, multiple * latent_dim]`."""
    size = output_size(encoder, "encoder")
    expected = multiple * latent_dim
    if len(encoder.output_shape) != 2 or size != expected:
        what = "latent_dim" if multiple == 1 else f"{multiple} * latent_dim (mean and scale)"
        raise ValueError(
            f"The `encoder` must output [batch, {what}] = [batch, {expected}]. "
            f"Received: encoder output shape={encoder.output_shape}, latent_dim={latent_dim}"
        )


def check_samples(name, x, sample_shape, value_range=(-1.0, 1.0)):
    """`x` as float32 NumPy `[n, *sample_shape]` in `value_range`, or ValueError."""
    x = np.asarray(x)
    if x.ndim == 0 or not _data.shapes_agree(tuple(sample_shape), tuple(x.shape[1:])):
        raise ValueError(
            f"`{name}` must be [n, {', '.join(str(d) for d in sample_shape)}]. "
            f"Received shape {x.shape}"
        )
    if len(x) == 0:
        raise ValueError(f"`{name}` is empty. Received shape {x.shape}")
    if not np.issubdtype(x.dtype, np.number):
        raise ValueError(f"`{name}` must be numeric. Received dtype {x.dtype}")
    if value_range is not None:
        try:
            _data.check_value_range(x, value_range)
        except ValueError as error:
            raise ValueError(f"`{name}`: {error}") from None
    return x.astype("float32")


def check_latents(name, z, latent_dim):
    z = np.asarray(z, dtype="float32")
    if z.ndim != 2 or z.shape[-1] != latent_dim:
        raise ValueError(
            f"`{name}` must be [n, latent_dim={latent_dim}]. Received shape {z.shape}"
        )
    return z


def encode_endpoints(encode, sample_shape, latent_dim, condition_spec=None):
    """The `encode` (float images in [-1, 1]) and `encode_uint8` signatures.

    `encode(images)` is a graph function from float32 images in [-1, 1] (and
    conditions) to a dict of latent outputs.
    """
    float_spec = tf.TensorSpec([None, *sample_shape], tf.float32, name="images")
    uint8_spec = tf.TensorSpec([None, *sample_shape], tf.uint8, name="images")
    if condition_spec is None:
        return {
            "encode": (lambda images: encode(images), [float_spec]),
            "encode_uint8": (
                lambda images: encode(_data.rescale_uint8(images)), [uint8_spec]
            ),
        }
    condition = tf.TensorSpec(
        [None, *condition_spec.shape], condition_spec.dtype, name=condition_spec.name
    )
    return {
        "encode": (lambda images, c: encode(images, c), [float_spec, condition]),
        "encode_uint8": (
            lambda images, c: encode(_data.rescale_uint8(images), c), [uint8_spec, condition]
        ),
    }


# ------------------------------------------------------------------ networks


def one_hot(labels, num_classes):
    return keras.layers.CategoryEncoding(num_classes, output_mode="one_hot")(labels)


def conv_features(x, steps, filters, activation):
    """Strided 4x4 convolutions halving the side `steps` times, flattened."""
    h, width = x, filters
    for i in range(steps):
        h = keras.layers.Conv2D(width, 4, strides=2, padding="same", name=f"down_{i}")(h)
        h = activation()(h)
        width *= 2
    return keras.layers.Flatten()(h)


def deconv_image(h, image_shape, side, steps, filters, output_activation):
    """Dense to a `side` x `side` map, then transposed convolutions to the image."""
    width = filters * 2 ** (steps - 1)
    h = keras.layers.Dense(side * side * width, activation="relu", name="project")(h)
    h = keras.layers.Reshape((side, side, width))(h)
    for i in range(steps - 1):
        width //= 2
        h = keras.layers.Conv2DTranspose(
            width, 4, strides=2, padding="same", activation="relu", name=f"up_{i}"
        )(h)
    h = keras.layers.Conv2DTranspose(
        image_shape[-1], 4, strides=2, padding="same", name="to_image"
    )(h)
    return keras.layers.Activation(output_activation, dtype="float32", name="image")(h)


def image_encoder(image_shape, outputs, filters, num_classes=None, name="encoder"):
    """A convolutional encoder from images (and labels) to `outputs` numbers."""
    image_shape, _, steps = _pyramid(image_shape)
    outputs = check_positive_int("outputs", outputs)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    h = conv_features(x, steps, filters, lambda: keras.layers.LeakyReLU(0.2))
    inputs = x
    if num_classes is not None:
        y = keras.Input((), dtype="int32", name="label")
        h = keras.layers.Concatenate()([h, one_hot(y, num_classes)])
        inputs = [x, y]
    h = keras.layers.Dense(outputs, dtype="float32", name="latent")(h)
    return keras.Model(inputs, h, name=name)


def image_decoder(
    image_shape, latent_dim, filters, output_activation, num_classes=None, name="decoder"
):
    """A transposed-convolutional decoder from latents (and labels) to images."""
    image_shape, side, steps = _pyramid(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    filters = check_positive_int("filters", filters)
    z = keras.Input((latent_dim,), name="latent")
    h, inputs = z, z
    if num_classes is not None:
        y = keras.Input((), dtype="int32", name="label")
        h = keras.layers.Concatenate()([z, one_hot(y, num_classes)])
        inputs = [z, y]
    image = deconv_image(h, image_shape, side, steps, filters, output_activation)
    return keras.Model(inputs, image, name=name)
