"""`compile(jit_compile="auto")`: XLA or not, chosen by measuring both.

Whether XLA speeds up a training step on a CPU depends on the model, the
batch and the CPU (it was 1.2x faster for one DCGAN on one Xeon and slower on
another; see `benchmarks/RESULTS.md`), and compiling with XLA costs seconds
to tens of seconds. So "auto" measures instead of guessing from the device
type: at the start of the first long enough `fit`, the step is timed both ways
on the first batch, the model's state is put back exactly, and the faster
compiler is kept.
"""

import logging
import math
import statistics
import time

import numpy as np
import tensorflow as tf

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
    """The first training batch as `fit` will give it to `train_step`."""
    if isinstance(x, tf.data.Dataset):
        for element in x.take(1):
            return element
        return None
    size = batch_size or 32
    batch = (tf.convert_to_tensor(x[:size]),)
    if y is not None:
        batch += (tf.convert_to_tensor(y[:size]),)
    return batch


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

    def _time_step(self, step, batch, steps):
        start = time.perf_counter()
        for _ in range(steps):
            logs = step(batch)
        tf.nest.map_structure(lambda t: t.numpy(), logs)  # Waits for the last step.
        return (time.perf_counter() - start) / steps

    def measure_compilers(self, batch, rounds=PROBE_ROUNDS, steps=PROBE_STEPS):
        """Times `train_step` on `batch` with and without XLA; restores the state.

        Returns a dict `{False: seconds, True: seconds}` (median step time of
        each; `inf` with XLA if the step does not compile with XLA). Every
        variable (networks, optimizers, RNG and controller state, metrics)
        is put back afterwards, so training continues as if nothing ran.
        """
        variables = self._state_variables()
        saved = [np.array(v) for v in variables]
        compilers = {
            # As Keras compiles its step: no AutoGraph conversion.
            jit: tf.function(
                self.train_step, jit_compile=jit, reduce_retracing=True, autograph=False
            )
            for jit in (False, True)
        }
        times = {False: [], True: []}
        try:
            self._time_step(compilers[False], batch, 1)  # Trace, untimed.
            try:
                self._time_step(compilers[True], batch, 1)  # Trace and compile.
            except Exception as error:  # A step XLA cannot compile runs without it.
                logger.info("keras_gans: the step does not compile with XLA: %s", error)
                compilers.pop(True)
                times[True] = [math.inf]
            for _ in range(rounds):
                for jit, step in compilers.items():
                    times[jit].append(self._time_step(step, batch, steps))
        finally:
            for variable, value in zip(variables, saved):
                variable.assign(value)
        return {jit: statistics.median(values) for jit, values in times.items()}

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
            batch = first_batch(x, y, batch_size)
            if batch is None:
                return
            times = self.measure_compilers(batch)
            faster = times[True] < XLA_MARGIN * times[False]
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
