"""What the token-sequence families share: data checks and phase trainers."""

import keras
import tensorflow as tf
from keras import ops

from keras_gans.sequence import _checks


class TokenData:
    """Token-data hooks of a family whose samples are `[T]` token ids."""

    def check_training_data(self, x, y=None):
        name = type(self).__name__
        if y is not None:
            raise ValueError(
                f"{name} trains on token sequences alone; pass `x` without `y`. "
                f"Received: y of type {type(y).__name__}"
            )
        if isinstance(x, tf.data.Dataset) and isinstance(x.element_spec, (tuple, list)):
            if len(x.element_spec) > 1:
                raise ValueError(
                    f"{name} trains on token sequences alone, but the dataset yields "
                    f"tuples. Received element_spec={x.element_spec}"
                )
        if self._is_grouped(x):
            groups = x.element_spec.shape[1]
            if groups != self.d_steps:
                raise ValueError(
                    "A dataset of grouped batches [batch, groups, T] must have one group "
                    f"per discriminator step. Received groups={groups}, d_steps={self.d_steps}"
                )
            length = self.sequence_length
            x = x.map(lambda tokens: tf.reshape(tokens, [-1, tokens.shape[-1] or length]))
        _checks.check_token_data("x", x, self.vocab_size, self.sequence_length)

    def unpack_data(self, data):
        tokens, _ = super().unpack_data(data)
        return ops.cast(tokens, "int32"), None

    @property
    def sequence_length(self):
        return self.generator.sequence_length

    @property
    def vocab_size(self):
        return self.generator.vocab_size

    @property
    def sample_shape(self):
        return (self.sequence_length,)


class PhaseTrainer(keras.Model):
    """Runs one training phase of a family as a `fit` loop (not saved).

    `step(real, seed)` returns the outputs to log; `log_names` are tracked.
    The seeds come from the family's RNG state, so phases resume exactly too.
    """

    def __init__(self, family, step, log_names, name="phase"):
        super().__init__(name=name)
        self.family = family
        self.step = step
        self.trackers = {n: keras.metrics.Mean(name=n) for n in log_names}
        self.built = True

    def compile(self, jit_compile="auto"):
        super().compile(optimizer=None, jit_compile=jit_compile)

    @property
    def metrics(self):
        return list(self.trackers.values())

    def call(self, tokens, training=False):
        return tokens

    def train_step(self, data):
        family = self.family
        real, _ = family.unpack_data(data)
        outputs = self.step(real, family._next_seeds(1)[0])
        family.track(outputs, self.trackers)
        return family.metric_logs(self.metrics)


def run_phase(family, x, epochs, step, log_names, name, **kwargs):
    """Checks `x` and runs `step` over it with `fit`."""
    family.check_training_data(x)
    if isinstance(x, tf.data.Dataset):
        kwargs.setdefault("shuffle", False)
    trainer = PhaseTrainer(family, step, log_names, name=name)
    trainer.compile(jit_compile=getattr(family, "jit_compile", "auto"))
    return trainer.fit(x, epochs=epochs, **kwargs)


def copy_optimizer(optimizer):
    """A fresh optimizer with `optimizer`'s configuration."""
    return keras.optimizers.deserialize(keras.optimizers.serialize(optimizer))
