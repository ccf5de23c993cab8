"""`SeededDropout`: dropout whose random state is a saved weight."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans.sampling.seeds import next_replica_seed


@register
class SeededDropout(keras.layers.Layer):
    """Dropout drawing its masks from a stateless seed `[seed, step]` weight.

    Keras' `Dropout` keeps its RNG state outside the saved weights, so a
    `.keras` file would not resume the same masks; this layer does, and a
    keras_gans model seeds it from its own `seed`.

    Args:
        rate: the fraction of units dropped in training, in [0, 1).
        **kwargs: passed to `keras.layers.Layer`.

    Example:

    ```python
    import numpy as np
    import keras_gans

    layer = keras_gans.layers.SeededDropout(0.5)
    out = layer(np.ones((2, 4), "float32"), training=True)
    ```

    Reference:
        [Srivastava et al., 2014. Dropout](
        https://jmlr.org/papers/v15/srivastava14a.html).
    """

    def __init__(self, rate, **kwargs):
        super().__init__(**kwargs)
        if not (isinstance(rate, (int, float)) and 0 <= rate < 1):
            raise ValueError(f"`rate` must be in [0, 1). Received: rate={rate!r}")
        self.rate = float(rate)

    def build(self, input_shape=None):
        self.rng_state = self.add_weight(
            shape=(2,),
            dtype="int64",
            initializer=keras.initializers.Constant([int(np.random.randint(2**31 - 1)), 0]),
            trainable=False,
            aggregation="only_first_replica",
            name="rng_state",
        )
        self.built = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        seed = next_replica_seed(self.rng_state)
        keep = tf.random.stateless_uniform(ops.shape(inputs), seed) >= self.rate
        return ops.where(keep, inputs / (1.0 - self.rate), ops.zeros_like(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate}
