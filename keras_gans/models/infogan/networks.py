"""The InfoGAN discriminator (a DCGAN trunk with the Q head) and the code checks."""

import numbers

import keras

from keras_gans._validation import check_positive_int
from keras_gans.models._heads import dense_block
from keras_gans.models._heads import two_headed_discriminator
from keras_gans.models.dcgan import _generator_body
from keras_gans.models.dcgan import _pyramid


def infogan_generator(image_shape, latent_dim, filters=64, hidden_units=1024, name="generator"):
    """The InfoGAN generator: a dense hidden layer, then a DCGAN generator.

    As in Chen et al.'s MNIST network (appendix C, table 1), the latents
    `[noise, codes]` first go through a dense layer of `hidden_units`
    (batch norm, ReLU); then the DCGAN projection to a 4-D tensor and the
    stride-2 transposed convolutions (`dcgan_generator`).

    Args:
        image_shape: as in `dcgan_generator`.
        latent_dim: the size of `[noise, codes]` (`InfoGAN`'s `latent_dim`).
        filters: as in `dcgan_generator`.
        hidden_units: the size of the dense hidden layer (0 for none: then
            this is `dcgan_generator`).
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, latent_dim]` to images.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.infogan_generator((28, 28, 1), latent_dim=74)
    ```

    Reference:
        [Chen et al., 2016](https://arxiv.org/abs/1606.03657), appendix C.
    """
    image_shape, side, steps = _pyramid(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    filters = check_positive_int("filters", filters)
    hidden_units = check_positive_int("hidden_units", hidden_units, minimum=0)
    z = keras.Input((latent_dim,), name="latent")
    h = z
    if hidden_units:
        h = dense_block(h, hidden_units, "hidden", activation=keras.layers.ReLU())
    image = _generator_body(h, image_shape, side, steps, filters)
    return keras.Model(z, image, name=name)


def infogan_discriminator(
    image_shape, q_units, filters=64, q_hidden_units=128, shared_units=1024,
    name="discriminator",
):
    """The InfoGAN discriminator: a DCGAN trunk, a source logit and the Q head.

    The Q head (one hidden layer, then the posterior's parameters) shares
    every convolution and a dense layer (`shared_units`, batch norm,
    LeakyReLU: the paper's FC 1024) with D, as in Chen et al.'s MNIST
    network (appendix C, table 1).

    Args:
        image_shape: as in `dcgan_discriminator`.
        q_units: the size of Q's output (`InfoGAN.q_units`).
        filters: the channels of the first convolution.
        q_hidden_units: the size of Q's hidden layer (0 for none).
        shared_units: the size of the dense layer both heads share after
            the convolutions (0 for none: the heads read the convolutions).
        name: the model's name.

    Returns:
        A built `keras.Model` from images to `[logits, q_parameters]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.infogan_discriminator((28, 28, 1), q_units=12)
    ```

    Reference:
        [Chen et al., 2016](https://arxiv.org/abs/1606.03657), appendix C.
    """
    q_hidden_units = check_positive_int("q_hidden_units", q_hidden_units, minimum=0)
    shared_units = check_positive_int("shared_units", shared_units, minimum=0)
    return two_headed_discriminator(
        image_shape, q_units, filters, q_hidden_units, shared_units, name=name
    )


def _check_codes(categorical_codes, continuous_codes):
    if isinstance(categorical_codes, numbers.Integral) and not isinstance(categorical_codes, bool):
        categorical_codes = (categorical_codes,)
    try:
        categorical_codes = tuple(categorical_codes)
    except TypeError:
        categorical_codes = None
    if categorical_codes is None or not all(
        isinstance(k, numbers.Integral) and not isinstance(k, bool) and k >= 2
        for k in categorical_codes
    ):
        raise ValueError(
            "`categorical_codes` must be a tuple of category counts, each an integer "
            f">= 2 (e.g. (10,)). Received: categorical_codes={categorical_codes!r}"
        )
    continuous_codes = check_positive_int("continuous_codes", continuous_codes, minimum=0)
    if not categorical_codes and not continuous_codes:
        raise ValueError(
            "InfoGAN needs at least one code: a categorical code or a continuous one. "
            f"Received: categorical_codes={categorical_codes}, "
            f"continuous_codes={continuous_codes}"
        )
    return tuple(int(k) for k in categorical_codes), continuous_codes
