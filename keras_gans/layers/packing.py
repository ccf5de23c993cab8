"""PacGAN packing: the discriminator judges m samples at once."""

import keras
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int


@register
class PackSamples(keras.layers.Layer):
    """Concatenates each run of `pack` consecutive samples along the last axis.

    `[batch, ..., channels]` becomes `[batch / pack, ..., pack * channels]`:
    rows `i·pack .. i·pack + pack − 1` form pack `i`. The batch size must be
    a multiple of `pack` (checked in the graph when it is not static).

    Args:
        pack: the number m of samples per pack, ≥ 1.
        **kwargs: passed to `keras.layers.Layer`.

    Example:

    ```python
    import numpy as np
    import keras_gans

    packed = keras_gans.layers.PackSamples(2)(np.zeros((4, 3), "float32"))  # (2, 6)
    ```

    Reference:
        [Lin et al., 2018. PacGAN: The power of two samples in generative
        adversarial networks](https://arxiv.org/abs/1712.04086), section 3.
    """

    def __init__(self, pack, **kwargs):
        super().__init__(**kwargs)
        self.pack = check_positive_int("pack", pack)

    def call(self, inputs):
        rest = tuple(inputs.shape[1:])
        batch = inputs.shape[0]
        if batch is not None and batch % self.pack:
            raise ValueError(
                f"The batch size must be a multiple of pack={self.pack}. Received: "
                f"batch size={batch}"
            )
        if batch is None:
            check = tf.debugging.assert_equal(
                tf.shape(inputs)[0] % self.pack, 0,
                message=f"PacGAN: the batch size must be a multiple of pack={self.pack}",
            )
            with tf.control_dependencies([check]):
                inputs = tf.identity(inputs)
        x = ops.reshape(inputs, (-1, self.pack, *rest))
        x = ops.moveaxis(x, 1, -2)  # [batch / pack, ..., pack, channels]
        return ops.reshape(x, (-1, *rest[:-1], self.pack * rest[-1]))

    def compute_output_shape(self, input_shape):
        batch = None if input_shape[0] is None else input_shape[0] // self.pack
        return (batch, *input_shape[1:-1], input_shape[-1] * self.pack)

    def get_config(self):
        return {**super().get_config(), "pack": self.pack}


@register
class RepeatPacks(keras.layers.Layer):
    """Repeats each pack's output `pack` times: one value per sample again.

    The inverse bookkeeping of `PackSamples`: `[batch / pack, ...]` becomes
    `[batch, ...]`, so that per-example losses, penalties and logs keep the
    batch's shape (the mean over the batch is the mean over packs).

    Args:
        pack: the number m of samples per pack, ≥ 1.
        **kwargs: passed to `keras.layers.Layer`.
    """

    def __init__(self, pack, **kwargs):
        super().__init__(**kwargs)
        self.pack = check_positive_int("pack", pack)

    def call(self, inputs):
        return ops.repeat(inputs, self.pack, axis=0)

    def compute_output_shape(self, input_shape):
        batch = None if input_shape[0] is None else input_shape[0] * self.pack
        return (batch, *input_shape[1:])

    def get_config(self):
        return {**super().get_config(), "pack": self.pack}
