"""The InfoGAN discriminator (a DCGAN trunk with the Q head) and the code checks."""

import numbers

from keras_gans._validation import check_positive_int
from keras_gans.models._heads import two_headed_discriminator


def infogan_discriminator(
    image_shape, q_units, filters=64, q_hidden_units=128, name="discriminator"
):
    """The InfoGAN discriminator: a DCGAN trunk, a source logit and the Q head.

    The Q head (one hidden layer, then the posterior's parameters) shares
    every convolution with D, as in Chen et al.

    Args:
        image_shape: as in `dcgan_discriminator`.
        q_units: the size of Q's output (`InfoGAN.q_units`).
        filters: the channels of the first convolution.
        q_hidden_units: the size of Q's hidden layer (0 for none).
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
    return two_headed_discriminator(image_shape, q_units, filters, q_hidden_units, name=name)


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
