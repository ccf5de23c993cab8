"""PacGAN: a discriminator that judges packs of m samples."""

import keras

from keras_gans._validation import check_positive_int
from keras_gans.layers.packing import PackSamples
from keras_gans.layers.packing import RepeatPacks


def packed_discriminator(discriminator, pack, name=None):
    """Wraps a discriminator of m concatenated samples into one of single samples.

    PacGAN's discriminator sees `pack` = m samples at once, all real or all
    generated, concatenated along the last (channel / feature) axis. Build
    `discriminator` for inputs of `m` times the channels of a sample (e.g.
    `mlp_discriminator(2 * m)` for 2-D points); the returned model takes a
    batch of single samples, packs consecutive runs of m (`PackSamples`),
    scores each pack and repeats the score m times (`RepeatPacks`), so that
    every model and every loss of the library uses it unchanged: the GAN
    families pack real with real and fake with fake because they call the
    discriminator on each batch separately. Batch sizes (per replica) must
    be multiples of m.

    Args:
        discriminator: a built Keras model whose input's last axis is
            `pack` times a sample's.
        pack: m, the number of samples per pack, ≥ 1.
        name: the returned model's name (default `packed_<name>`).

    Returns:
        A built `keras.Model` from `[batch, *sample_shape]` to `[batch, ...]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.packed_discriminator(
        keras_gans.models.mlp_discriminator(2 * 4), pack=4
    )
    gan = keras_gans.models.GAN(keras_gans.models.mlp_generator(2, 2), d)
    ```

    Reference:
        [Lin et al., 2018. PacGAN: The power of two samples in generative
        adversarial networks](https://arxiv.org/abs/1712.04086).
    """
    pack = check_positive_int("pack", pack)
    if not isinstance(discriminator, keras.Model) or not discriminator.built:
        raise ValueError(
            "`discriminator` must be a built keras.Model. Received: "
            f"discriminator={discriminator!r}"
        )
    shape = discriminator.input_shape
    shape = tuple((shape[0] if isinstance(shape, list) else shape)[1:])
    if not shape or shape[-1] is None or shape[-1] % pack:
        raise ValueError(
            "The discriminator's input must have a last axis that is a multiple of "
            f"`pack` (m samples concatenated). Received: pack={pack}, discriminator "
            f"input shape={shape}"
        )
    samples = keras.Input((*shape[:-1], shape[-1] // pack), name="sample")
    scores = discriminator(PackSamples(pack, name="pack")(samples))
    scores = RepeatPacks(pack, name="repeat_packs", dtype="float32")(scores)
    return keras.Model(samples, scores, name=name or f"packed_{discriminator.name}")
