"""`compile(jit_compile="auto")`: XLA or not, chosen by measuring both.

Whether XLA speeds up a training step on a CPU depends on the model, the
batch and the CPU (it was 1.2x faster for one DCGAN on one Xeon and slower on
another; see `benchmarks/RESULTS.md`), and compiling with XLA costs seconds
to tens of seconds. So "auto" measures instead of guessing from the device
type: at the start of the first long enough `fit`, the step is timed both ways
on the first batch, the model's state is put back exactly, and the faster
compiler is kept.

The probe times the step as `fit` runs it (Keras' train function on an
iterator with the element spec `fit` will use), and `fit` then runs the very
step function the probe compiled, so XLA compiles the step once, not twice.
"""

import logging
import math
import statistics
import time

import numpy as np
import tensorflow as tf
from keras.src.trainers import data_adapters

logger = logging.getLogger("keras_gans")

# A fit shorter than this runs without XLA: compiling it would not pay back.
AUTO_JIT_MIN_STEPS = 500
# Timed steps per compiler and round, and rounds (the compilers alternate).
PROBE_STEPS = 3
PROBE_ROUNDS = 3
# XLA is kept if its median step takes less than this fraction of the other.
XLA_MARGIN = 0.95


def planned_steps(x, y, batch_size, kwargs):
    """How many steps `fit` will run (None if unknown)."""
    epochs = kwargs.get("epochs", 1) - kwargs.get("initial_epoch", 0)
    per_epoch = kwargs.get("steps_per_epoch")
    if per_epoch is None:
        if isinstance(x, tf.data.Dataset):
            cardinality = int(x.cardinality())
            per_epoch = cardinality if cardinality > 0 else None
        elif x is not None and hasattr(x, "shape"):
            per_epoch = math.ceil(len(x) / (batch_size or 32))
    return None if per_epoch is None else per_epoch * max(epochs, 0)


def first_batch(x, y, batch_size):
    """A dataset of the first training batch, with the element spec `fit` uses."""
    if isinstance(x, tf.data.Dataset):
        return x.take(1)
    size = batch_size or 32
    # Keras' own adapter, so dtypes and the unknown batch dimension are the
    # ones `fit` traces the step with.
    adapter = data_adapters.get_data_adapter(
        x=x[:size], y=None if y is None else y[:size], batch_size=size, shuffle=False
    )
    return adapter.get_tf_dataset().take(1)


class _CompiledStep:
    """Holds the probe's compiled step (a plain object: nothing to track or export)."""

    def __init__(self, jit_compile, function):
        self.jit_compile = jit_compile
        self.function = function


class CompilerChoice:
    """Chooses XLA by measurement for `jit_compile="auto"` (mixed into the base)."""

    def _state_variables(self):
        seen, variables = set(), []
        optimizer_variables = [
            v for o in getattr(self, "optimizers", {}).values() for v in o.variables
        ]
        metric_variables = [v for m in self.metrics for v in m.variables]
        for v in list(self.variables) + optimizer_variables + metric_variables:
            if id(v) not in seen:
                seen.add(id(v))
                variables.append(v)
        return variables

    def _time_step(self, function, iterator, steps):
        start = time.perf_counter()
        for _ in range(steps):
            logs = function(iterator)
        if hasattr(logs, "get_value"):  # Keras' train function returns an Optional.
            logs = logs.get_value()
        tf.nest.map_structure(lambda t: t.numpy(), logs)  # Waits for the last step.
        return (time.perf_counter() - start) / steps

    def _train_function_around(self, step):
        """Keras' train function running `step`, a `tf.function` of `train_step`.

        `step` carries its own `jit_compile`; the wrapper around it is not
        compiled with XLA, so a step compiled once serves every function
        built around it.
        """
        jit_compile = self.jit_compile
        self.jit_compile = False
        try:
            return self._make_function(step)
        finally:
            self.jit_compile = jit_compile

    def make_train_function(self, force=False):
        """Keras' train function, reusing the step `jit_compile="auto"` compiled."""
        compiled = getattr(self, "_compiled_step", None)
        if (
            compiled is None
            or compiled.jit_compile != self.jit_compile
            or self.run_eagerly
            or (self.train_function is not None and not force)
        ):
            return super().make_train_function(force=force)
        self.train_function = self._train_function_around(compiled.function)
        return self.train_function

    def measure_compilers(self, batch, rounds=PROBE_ROUNDS, steps=PROBE_STEPS):
        """Times `train_step` on `batch` with and without XLA; restores the state.

        `batch` is one batch (an array, or a tuple of arrays or tensors as
        `train_step` receives it) or a `tf.data.Dataset` whose first element
        is used. The
        step runs inside Keras' train function, as in `fit`. Returns a dict
        `{False: seconds, True: seconds}` (median step time of each; `inf`
        with XLA if the step does not compile with XLA). Every variable
        (networks, optimizers, RNG and controller state, metrics) is put back
        afterwards, so training continues as if nothing ran.
        """
        return self._measure(batch, rounds, steps)[0]

    def _measure(self, batch, rounds, steps):
        """`measure_compilers`' times, and the step functions it compiled."""
        if not isinstance(batch, tf.data.Dataset):
            batch = tuple(batch) if isinstance(batch, (tuple, list)) else (batch,)
        dataset = batch if isinstance(batch, tf.data.Dataset) else (
            tf.data.Dataset.from_tensors(batch)
        )
        iterator = iter(self.distribute_strategy.experimental_distribute_dataset(
            dataset.take(1).cache().repeat()
        ))
        variables = self._state_variables()
        saved = [np.array(v) for v in variables]
        compiled = {
            # As Keras compiles its step: no AutoGraph conversion.
            jit: tf.function(
                self.train_step, jit_compile=jit, reduce_retracing=True, autograph=False
            )
            for jit in (False, True)
        }
        steps_per_execution = self.steps_per_execution
        self.steps_per_execution = 1  # One step per call while timing.
        functions = {jit: self._train_function_around(step) for jit, step in compiled.items()}
        times = {False: [], True: []}
        try:
            self._time_step(functions[False], iterator, 1)  # Trace, untimed.
            try:
                self._time_step(functions[True], iterator, 1)  # Trace and compile.
            except Exception as error:  # A step XLA cannot compile runs without it.
                logger.info("keras_gans: the step does not compile with XLA: %s", error)
                functions.pop(True)
                compiled.pop(True)
                times[True] = [math.inf]
            for _ in range(rounds):
                for jit, function in functions.items():
                    times[jit].append(self._time_step(function, iterator, steps))
        finally:
            self.steps_per_execution = steps_per_execution
            for variable, value in zip(variables, saved):
                variable.assign(value)
        return {jit: statistics.median(values) for jit, values in times.items()}, compiled

    def choose_compiler(self, x, y, batch_size, kwargs):
        """Resolves `jit_compile="auto"` before the first `fit` (see `compile`)."""
        if getattr(self, "_jit_request", None) != "auto":
            return
        previous = self.compiler_choice
        if previous is not None and not previous.get("short"):
            return  # Decided for good (measured, eager or distributed).
        steps = planned_steps(x, y, batch_size, kwargs)
        if self.run_eagerly:
            choice = {"jit_compile": False, "reason": "run_eagerly"}
        elif self._distribute_strategy is not None:  # Built under a strategy.
            choice = {"jit_compile": False, "reason": "distributed"}
        elif steps is not None and steps < AUTO_JIT_MIN_STEPS:
            # A later, longer fit measures.
            choice = {"jit_compile": False, "reason": f"{steps} steps < {AUTO_JIT_MIN_STEPS}",
                      "short": True}
        else:
            times, compiled = self._measure(
                first_batch(x, y, batch_size), PROBE_ROUNDS, PROBE_STEPS
            )
            faster = bool(times[True] < XLA_MARGIN * times[False])
            # `fit` runs the step the probe compiled (see `make_train_function`).
            object.__setattr__(self, "_compiled_step", _CompiledStep(faster, compiled[faster]))
            self.train_function = None
            choice = {
                "jit_compile": bool(faster),
                "reason": "measured",
                "seconds_per_step": {"xla": times[True], "default": times[False]},
            }
        object.__setattr__(self, "compiler_choice", choice)
        if choice["jit_compile"] != self.jit_compile:
            self.jit_compile = choice["jit_compile"]
            self.train_function = None
        message = f"keras_gans: jit_compile='auto' -> {choice['jit_compile']} ({choice['reason']}"
        if "seconds_per_step" in choice:
            ms = choice["seconds_per_step"]
            message += (
                f": {1e3 * ms['xla']:.1f} ms/step with XLA, "
                f"{1e3 * ms['default']:.1f} without"
            )
        message += ")"
        logger.info(message)
        if choice["reason"] == "measured" and kwargs.get("verbose", "auto") not in (0, "0"):
            print(message, flush=True)
