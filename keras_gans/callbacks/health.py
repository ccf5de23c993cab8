"""Training-health callbacks: the generator's EMA and the NaN guard."""

import numbers

import keras
import numpy as np

from keras_gans._validation import check_positive_int


class GeneratorEMA(keras.callbacks.Callback):
    """Keeps an exponential moving average of the generator's weights.

    After each training step from `start_step` on, every float weight `w` of
    the model's generator networks (those named `generator*`: batch-norm
    statistics included) updates its average `w_ema = decay * w_ema + (1 -
    decay) * w`; before `start_step` the average copies the weights. The
    averages are model state (`model.generator_average`, saved in `.keras`
    files and resumed; the model's config records them), and `generate`,
    `translate`, `SampleGrid`, the evaluation callbacks and
    `keras_gans.export.export` use them while `model.use_ema` is True (the
    default). Nothing is logged. The step is the generator optimizer's
    iteration count, so a resumed run continues the schedule.

    Args:
        decay: the average's decay in (0, 1) (0.999 is common).
        start_step: the step from which the weights are averaged.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    gan = keras_gans.models.DCGAN((8, 8, 1), latent_dim=4, seed=0,
                                  generator_filters=4, discriminator_filters=4)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4),
                d_optimizer=keras.optimizers.Adam(2e-4))
    x = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=8, epochs=1, verbose=0,
            callbacks=[keras_gans.callbacks.GeneratorEMA(decay=0.9)])
    images = gan.generate(4, seed=0)  # from the averaged weights
    ```

    Reference:
        [Yazıcı et al., 2019. The Unusual Effectiveness of Averaging in GAN
        Training](https://arxiv.org/abs/1806.04498); [Karras et al., 2018.
        Progressive Growing of GANs](https://arxiv.org/abs/1710.10196).
    """

    def __init__(self, decay=0.999, start_step=0):
        super().__init__()
        if isinstance(decay, bool) or not isinstance(decay, numbers.Real) or not 0 < decay < 1:
            raise ValueError(f"`decay` must be in (0, 1). Received: decay={decay!r}")
        self.decay = float(decay)
        self.start_step = check_positive_int("start_step", start_step, minimum=0)

    def on_train_begin(self, logs=None):
        if not hasattr(self.model, "add_generator_ema"):
            raise ValueError(
                "GeneratorEMA needs a keras_gans model. Received: model="
                f"{type(self.model).__name__}"
            )
        self.model.add_generator_ema()

    def on_train_batch_end(self, batch, logs=None):
        average = self.model.generator_average
        optimizer = self.model.optimizers.get("generator") or next(
            iter(self.model.optimizers.values())
        )
        if int(optimizer.iterations) <= self.start_step:
            average.reset()
        else:
            average.update(self.decay)

    def get_config(self):
        return {"decay": self.decay, "start_step": self.start_step}


class NaNGuard(keras.callbacks.Callback):
    """Stops training at the first non-finite loss or weight, and rolls back.

    After every step it checks the step's logs and every variable of the
    model and its optimizers. While all are finite it keeps a copy of them
    (weights, optimizer state, the RNG state `[seed, step]`, controller
    state); at the first non-finite value it stops `fit`, restores that copy
    (with `restore=True`), records the step in `stopped_step` and prints a
    message naming it. Placed before checkpoint callbacks, no NaN is saved:
    the model is restored before they run at the epoch's end.

    Args:
        restore: restore the last finite state (otherwise only stop).

    Example:

    ```python
    import keras_gans

    guard = keras_gans.callbacks.NaNGuard()
    # model.fit(x, callbacks=[guard, keras_gans.callbacks.RunCheckpoint(...)])
    ```
    """

    def __init__(self, restore=True):
        super().__init__()
        if not isinstance(restore, (bool, np.bool_)):
            raise ValueError(f"`restore` must be a bool. Received: restore={restore!r}")
        self.restore = bool(restore)
        self.stopped_step = None
        self.message = None

    def _variables(self):
        variables = list(self.model.variables)
        for optimizer in getattr(self.model, "optimizers", {}).values():
            variables += list(optimizer.variables)
        return variables

    def on_train_begin(self, logs=None):
        self.stopped_step = None
        self.message = None
        self._snapshot = [np.array(v.value) for v in self._variables()]
        self._step = 0

    def on_train_batch_end(self, batch, logs=None):
        self._step += 1
        bad_logs = [
            k for k, v in (logs or {}).items()
            if not np.all(np.isfinite(np.asarray(v, dtype="float64")))
        ]
        values = [np.array(v.value) for v in self._variables()]
        bad_weights = [
            v.path for v, a in zip(self._variables(), values)
            if np.issubdtype(a.dtype, np.floating) and not np.all(np.isfinite(a))
        ]
        if not bad_logs and not bad_weights:
            self._snapshot = values
            return
        self.stopped_step = self._step
        what = (f"logs {bad_logs}" if bad_logs else "") + (
            (" and " if bad_logs else "") + f"weights {bad_weights[:3]}" if bad_weights else ""
        )
        self.model.stop_training = True
        if self.restore:
            for variable, value in zip(self._variables(), self._snapshot):
                variable.assign(value)
        self.message = (
            f"NaNGuard: non-finite {what} at step {self._step} of this fit; training "
            "stopped" + (f" and the state before step {self._step} restored." if self.restore
                         else ".")
        )
        print(self.message)

    def get_config(self):
        return {"restore": self.restore}
