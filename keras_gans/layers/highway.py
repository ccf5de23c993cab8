"""The highway layer of Srivastava et al. (2015)."""

import keras
from keras import ops

from keras_gans._registry import register


@register
class Highway(keras.layers.Layer):
    """A highway layer: a gated mix of a transform of the input and the input.

    `y = t * g(x W_H + b_H) + (1 - t) * x` with the transform gate
    `t = sigmoid(x W_T + b_T)`. The output has the input's size. A negative
    `transform_bias` starts the layer close to the identity (the paper's
    recommendation for deep stacks); the SeqGAN discriminator uses 0.

    Args:
        activation: the nonlinearity `g` (a Keras activation or its name).
        transform_bias: the initial value of the gate's bias `b_T`.
        kernel_initializer: the initializer of `W_H` and `W_T`.
        **kwargs: passed to `keras.layers.Layer`.

    Example:

    ```python
    import numpy as np
    import keras_gans

    layer = keras_gans.layers.Highway(transform_bias=-2.0)
    y = layer(np.ones((4, 16), "float32"))  # shape (4, 16)
    ```

    Reference:
        [Srivastava et al., 2015. Highway Networks](
        https://arxiv.org/abs/1505.00387).
    """

    def __init__(
        self,
        activation="relu",
        transform_bias=-2.0,
        kernel_initializer="glorot_uniform",
        **kwargs,
    ):
        try:
            transform_bias = float(transform_bias)
        except (TypeError, ValueError):
            raise ValueError(
                "`transform_bias` must be a number. Received: "
                f"transform_bias={transform_bias!r}"
            ) from None
        super().__init__(**kwargs)
        self.activation = keras.activations.get(activation)
        self.transform_bias = transform_bias
        self.kernel_initializer = keras.initializers.get(kernel_initializer)

    def build(self, input_shape):
        size = input_shape[-1]
        if size is None:
            raise ValueError(
                "The last dimension of a Highway layer's input must be known. "
                f"Received: input_shape={tuple(input_shape)}"
            )
        self.kernel = self.add_weight(
            shape=(size, size), initializer=self.kernel_initializer, name="kernel"
        )
        self.bias = self.add_weight(shape=(size,), initializer="zeros", name="bias")
        self.gate_kernel = self.add_weight(
            shape=(size, size), initializer=self.kernel_initializer, name="gate_kernel"
        )
        self.gate_bias = self.add_weight(
            shape=(size,),
            initializer=keras.initializers.Constant(self.transform_bias),
            name="gate_bias",
        )
        self.built = True

    def call(self, inputs):
        transformed = self.activation(ops.matmul(inputs, self.kernel) + self.bias)
        gate = ops.sigmoid(ops.matmul(inputs, self.gate_kernel) + self.gate_bias)
        return gate * transformed + (1.0 - gate) * inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "activation": keras.activations.serialize(self.activation),
                "transform_bias": self.transform_bias,
                "kernel_initializer": keras.initializers.serialize(
                    self.kernel_initializer
                ),
            }
        )
        return config
