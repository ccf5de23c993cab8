"""The generator's exponential moving average, kept as model state."""

import contextlib

import keras
import numpy as np


class GeneratorAverage(keras.layers.Layer):
    """Holds one shadow variable per float variable of the generator networks.

    Created by `AdversarialModel.add_generator_ema()` (the `GeneratorEMA`
    callback calls it); an attribute of the model, so a `.keras` file saves
    and restores the averages.
    """

    def __init__(self, variables, **kwargs):
        super().__init__(**kwargs)
        # Plain attributes: Keras must not track the generators' variables here.
        object.__setattr__(self, "sources", list(variables))
        object.__setattr__(self, "shadows", [
            self.add_weight(
                shape=tuple(v.shape), dtype=v.dtype, trainable=False,
                initializer=keras.initializers.Zeros(), name=f"ema_{i}",
            )
            for i, v in enumerate(self.sources)
        ])
        for shadow, source in zip(self.shadows, self.sources):
            shadow.assign(source.value)
        self.built = True

    def update(self, decay):
        """`shadow = decay * shadow + (1 - decay) * weight`, for each weight."""
        for shadow, source in zip(self.shadows, self.sources):
            value = np.asarray(source.value)
            shadow.assign(decay * np.asarray(shadow.value) + (1.0 - decay) * value)

    def reset(self):
        """Copies the current weights into the averages."""
        for shadow, source in zip(self.shadows, self.sources):
            shadow.assign(source.value)

    @contextlib.contextmanager
    def swapped(self):
        """Within the block the generators hold the averaged weights."""
        saved = [np.asarray(v.value) for v in self.sources]
        try:
            for shadow, source in zip(self.shadows, self.sources):
                source.assign(shadow.value)
            yield
        finally:
            for value, source in zip(saved, self.sources):
                source.assign(value)
