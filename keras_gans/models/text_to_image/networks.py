"""Reed et al.'s text-to-image generator and discriminator."""

import keras

from keras_gans._validation import check_positive_int
from keras_gans.models.dcgan import _batch_norm
from keras_gans.models.dcgan import _discriminator_trunk
from keras_gans.models.dcgan import _generator_body
from keras_gans.models.dcgan import _init
from keras_gans.models.dcgan import _pyramid


def _compress(embedding, compressed_dim, name):
    h = keras.layers.Dense(compressed_dim, kernel_initializer=_init(), name=name)(embedding)
    return keras.layers.LeakyReLU(0.2)(h)


def text_to_image_generator(
    image_shape, latent_dim, embedding_dim, compressed_dim=128, filters=64, name="generator"
):
    """Reed et al.'s generator: `[z, compressed text embedding]` into a DCGAN.

    The text embedding is compressed by a dense layer and a leaky ReLU
    (slope 0.2) and concatenated to z; the rest is `dcgan_generator`.

    Args:
        image_shape: `(side, side, channels)` as in `dcgan_generator`.
        latent_dim: the size of z.
        embedding_dim: the size of the text embedding.
        compressed_dim: the size of its compression (128 in the paper).
        filters: as in `dcgan_generator`.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[latent, text_embedding]` to images.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.text_to_image_generator((32, 32, 3), 100, 1024)
    ```
    """
    image_shape, side, steps = _pyramid(image_shape)
    z = keras.Input((check_positive_int("latent_dim", latent_dim),), name="latent")
    text = keras.Input((check_positive_int("embedding_dim", embedding_dim),),
                       name="text_embedding")
    compressed = _compress(text, check_positive_int("compressed_dim", compressed_dim),
                           "compress_text")
    h = keras.layers.Concatenate()([z, compressed])
    image = _generator_body(h, image_shape, side, steps, check_positive_int("filters", filters))
    return keras.Model([z, text], image, name=name)


def text_to_image_discriminator(
    image_shape, embedding_dim, compressed_dim=128, filters=64, name="discriminator"
):
    """Reed et al.'s discriminator: the text joins after the strided convolutions.

    Stride-2 5×5 convolutions (batch norm but on the first, leaky ReLU) take
    the image to a `s×s` map (`s` from 4 to 7); the compressed text
    embedding is replicated spatially and depth-concatenated to it, then a
    1×1 convolution (batch norm, leaky ReLU) and an `s×s` convolution give
    one logit.

    Args:
        image_shape: as in `dcgan_discriminator`.
        embedding_dim: the size of the text embedding.
        compressed_dim: the size of its compression.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[image, text_embedding]` to logits `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.text_to_image_discriminator((32, 32, 3), 1024)
    ```
    """
    image_shape, side, steps = _pyramid(image_shape)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    text = keras.Input((check_positive_int("embedding_dim", embedding_dim),),
                       name="text_embedding")
    h = _discriminator_trunk(x, steps, filters)
    compressed = _compress(text, check_positive_int("compressed_dim", compressed_dim),
                           "compress_text")
    planes = keras.layers.Reshape((1, 1, compressed_dim))(compressed)
    planes = keras.layers.UpSampling2D(size=(side, side))(planes)
    h = keras.layers.Concatenate()([h, planes])
    h = keras.layers.Conv2D(filters * 2**steps // 2, 1, use_bias=False, kernel_initializer=_init(),
                            name="joint_1x1")(h)
    h = _batch_norm("joint_1x1_bn")(h)
    h = keras.layers.LeakyReLU(0.2)(h)
    h = keras.layers.Conv2D(1, side, padding="valid", kernel_initializer=_init(),
                            dtype="float32", name="joint_logit")(h)
    logits = keras.layers.Flatten(dtype="float32", name="logits")(h)
    return keras.Model([x, text], logits, name=name)


