"""`FusedBatchNormalization`: Keras' batch norm, trained with TensorFlow's fused kernel."""

import keras
import tensorflow as tf
from keras import ops

from keras_gans._registry import register

# The fused kernel's smallest epsilon (cuDNN's limit, kept by TensorFlow everywhere).
FUSED_MIN_EPSILON = 1.001e-5


@register
class FusedBatchNormalization(keras.layers.BatchNormalization):
    """`keras.layers.BatchNormalization` whose training pass is one fused kernel.

    Keras 3 normalises a batch with separate mean, variance, subtract,
    multiply and add kernels and differentiates each of them; TensorFlow's
    `FusedBatchNormV3` (oneDNN on CPU, cuDNN on GPU) does the forward pass in
    one kernel and the backward pass in another. In training, on 4-D
    channels-last inputs in float32 or bfloat16, this layer calls the fused
    kernel and updates the moving statistics exactly as Keras does (the
    kernel's Bessel-corrected variance is turned back into the biased
    variance Keras averages). Everything else (inference, masks, other
    ranks or axes, `synchronized=True`, `renorm`, another backend) is
    `BatchNormalization` itself, and so are the weights and the config: a
    network may swap one layer for the other.

    On a 2-core AVX-512 CPU a training forward and backward pass took 2-3.6x
    less time than Keras' layer on DCGAN's feature maps (see
    `benchmarks/RESULTS.md`, "Speed").

    Args:
        **kwargs: `keras.layers.BatchNormalization`'s arguments.

    Example:

    ```python
    import numpy as np
    import keras_gans

    layer = keras_gans.layers.FusedBatchNormalization()
    out = layer(np.random.normal(size=(8, 4, 4, 3)).astype("float32"), training=True)
    ```

    Reference:
        [Ioffe & Szegedy, 2015. Batch Normalization](
        https://arxiv.org/abs/1502.03167).
    """

    def _fusable(self, inputs, training, mask):
        return (
            training
            and self.trainable
            and mask is None
            and keras.backend.backend() == "tensorflow"
            and len(inputs.shape) == 4
            and self.axis in (-1, 3)
            and not self.synchronized
            and not self.renorm
            and self.epsilon >= FUSED_MIN_EPSILON
            and keras.backend.standardize_dtype(inputs.dtype) in ("float32", "bfloat16")
        )

    def call(self, inputs, training=None, mask=None):
        if not self._fusable(inputs, training, mask):
            return super().call(inputs, training=training, mask=mask)
        channels = inputs.shape[-1]
        scale = ops.cast(self.gamma, "float32") if self.scale else tf.ones((channels,))
        offset = ops.cast(self.beta, "float32") if self.center else tf.zeros((channels,))
        outputs, mean, variance = tf.compat.v1.nn.fused_batch_norm(
            inputs, scale, offset, epsilon=self.epsilon, data_format="NHWC", is_training=True
        )
        count = tf.cast(tf.size(inputs) // channels, "float32")
        variance = variance * ((count - 1.0) / count)  # Bessel's correction undone.
        self.moving_mean.assign(
            self.moving_mean * self.momentum + mean * (1.0 - self.momentum)
        )
        self.moving_variance.assign(
            self.moving_variance * self.momentum + variance * (1.0 - self.momentum)
        )
        return ops.cast(outputs, self.compute_dtype)
