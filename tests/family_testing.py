"""The family test kit: every family, present and future, runs through it.

A family describes itself once with a `FamilySpec` (how to build a tiny
model, tiny data, its bad inputs); `tests/models/test_families.py` runs every
check below on every spec. A new family adds its spec to `FAMILIES` there.

The checks: output shapes; config round trip; a `fit` with finite logs
named as the family declares in which every player steps, and exact resume
(N + M steps in one `fit`, saved after N by a callback, = that file loaded
and trained M steps, for every weight, every player's optimizer state, the
RNG and the controller state); two logical-CPU `MirroredStrategy` replicas
giving the one-device update; `mixed_bfloat16`; `jit_compile=True`; export,
then `saved_model_cli`'s `show --all` and `run` of every endpoint (in a
process without `keras_gans`: `saved_model_cli_batch.py --serve`, one per
test process); the documented bad inputs, each a `ValueError` raised before
any step is traced.
"""

import atexit
import dataclasses
import json
import os
import shutil
import subprocess
import sys
from typing import Callable
from typing import Optional

import keras
import numpy as np
import tensorflow as tf

from keras_gans.export import export


def _saved_model_cli():
    """TensorFlow's `saved_model_cli`: on PATH or beside this interpreter (a venv)."""
    beside = os.path.join(os.path.dirname(sys.executable), "saved_model_cli")
    return shutil.which("saved_model_cli") or (beside if os.path.exists(beside) else None)


# The command itself (`tests/test_export.py` runs it), and its `show --all`
# and `run` for several signatures in one process (the kit's export check).
SAVED_MODEL_CLI = _saved_model_cli()
SAVED_MODEL_CLI_BATCH = os.path.join(os.path.dirname(__file__), "saved_model_cli_batch.py")
_STRATEGY = []


def shared_strategy():
    """The process's one `MirroredStrategy` on the two logical CPUs.

    A second MirroredStrategy on the same devices reuses collective instance
    keys and aborts the first one's collectives: every test shares this one.
    """
    if not _STRATEGY:
        _STRATEGY.append(tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"]))
    return _STRATEGY[0]


@dataclasses.dataclass
class FamilySpec:
    """How the kit builds and feeds one family.

    Args:
        name: the test id.
        build: `build(**overrides)` -> an uncompiled model with fixed seeds
            (called after `keras.utils.set_random_seed`).
        compile: `compile(model, **kwargs)`: compiles it (kwargs such as
            `jit_compile` are passed through to `model.compile`).
        data: `(x, y)` NumPy arrays (`y` may be None), a few batches.
        batch_size: the real batch size.
        bad_inputs: `(description, fn(model), regex)`: each `fn` must raise
            a `ValueError` matching `regex` before anything is traced.
        mirrored_overrides: `build` overrides that remove every random draw
            from a step (e.g. a deterministic prior) so that two replicas can
            be compared with one device exactly; `None` when the family's
            step is random by nature (then the kit checks that it trains
            under the strategy with finite logs).
    """

    name: str
    build: Callable
    compile: Callable
    data: tuple
    batch_size: int
    bad_inputs: list = dataclasses.field(default_factory=list)
    mirrored_overrides: Optional[dict] = None


def build(spec, seed=0, **overrides):
    keras.utils.set_random_seed(seed)
    return spec.build(**overrides)


def fit(model, spec, epochs=1, **kwargs):
    x, y = spec.data
    return model.fit(
        x, y, batch_size=spec.batch_size, epochs=epochs, shuffle=False, verbose=0, **kwargs
    )


def state_of(model):
    """Every value a resume must restore: weights, optimizer and RNG state."""
    # Keyed by position and variable name: paths carry the (auto-numbered)
    # model name, which differs between two instances.
    values = {f"weight/{i}/{v.name}": np.asarray(v) for i, v in enumerate(model.weights)}
    for player, optimizer in model.optimizers.items():
        for i, v in enumerate(optimizer.variables):
            values[f"{player}_optimizer/{i}"] = np.asarray(v)
    return values


def assert_same_state(a, b, atol=1e-5):
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_allclose(a[key], b[key], atol=atol, err_msg=key)


# ------------------------------------------------------------------ checks


def check_shapes(spec):
    model = build(spec)
    samples = model.generate(3, seed=0)
    assert samples.shape == (3, *model.sample_shape)
    np.testing.assert_array_equal(samples, model.generate(3, seed=0))


def check_config_round_trip(spec):
    model = build(spec)
    config = model.get_config()
    restored = type(model).from_config(config)
    assert restored.get_config() == config
    assert [tuple(w.shape) for w in restored.weights] == [tuple(w.shape) for w in model.weights]


class _SaveAfterFirstEpoch(keras.callbacks.Callback):
    """Saves the model, and notes its state, at the end of the first epoch."""

    def __init__(self, path):
        super().__init__()
        self.path = path
        self.state = None

    def on_epoch_end(self, epoch, logs=None):
        if epoch == 0:
            self.model.save(self.path)
            self.state = state_of(self.model)


def check_fit_and_exact_resume(spec, tmp_path):
    # Two epochs straight, saved after the first (as a checkpoint callback
    # does), against: load that file, one more epoch. Two traced steps in all.
    straight = build(spec)
    spec.compile(straight)
    saver = _SaveAfterFirstEpoch(os.path.join(tmp_path, "model.keras"))
    history = fit(straight, spec, epochs=2, callbacks=[saver]).history
    # The logs are named as the family declares and finite; every player stepped.
    assert set(history) == set(straight.metric_names())
    for name, values in history.items():
        assert np.isfinite(values[-1]), (name, values)
    for player in straight.players:
        assert int(straight.optimizers[player].iterations) >= 2, player

    resumed = keras.saving.load_model(saver.path)
    assert type(resumed) is type(straight)
    assert_same_state(saver.state, state_of(resumed), atol=0)
    fit(resumed, spec, epochs=1)
    assert_same_state(state_of(straight), state_of(resumed))


def check_mirrored(spec, strategy):
    assert strategy.num_replicas_in_sync == 2
    overrides = spec.mirrored_overrides or {}
    with strategy.scope():
        mirrored = build(spec, **overrides)
        spec.compile(mirrored)
    history = fit(mirrored, spec).history
    assert all(np.isfinite(v[-1]) for v in history.values())
    start = build(spec, **overrides)
    moved = sum(
        float(np.abs(np.asarray(a) - np.asarray(b)).sum())
        for a, b in zip(mirrored.trainable_weights, start.trainable_weights)
    )
    assert moved > 0  # The replicas' update reached the variables.
    for player in mirrored.players:  # Every player stepped under the strategy.
        assert int(mirrored.optimizers[player].iterations.numpy()) >= 1, player
    if spec.mirrored_overrides is None:
        return
    single = build(spec, **overrides)
    # The one-device reference runs eagerly: the same ops, without a second
    # traced step (the traced step is what the other checks test).
    spec.compile(single, run_eagerly=True)
    fit(single, spec)
    for a, b in zip(single.trainable_weights, mirrored.trainable_weights):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=1e-5, err_msg=a.path)


def check_bfloat16(spec):
    keras.config.set_dtype_policy("mixed_bfloat16")
    model = build(spec)
    spec.compile(model)
    history = fit(model, spec).history
    assert all(np.isfinite(v[-1]) for v in history.values())
    assert np.all(np.isfinite(np.asarray(model.generate(2, seed=0), dtype="float32")))


def check_xla(spec):
    model = build(spec)
    spec.compile(model, jit_compile=True)
    assert model.jit_compile is True
    history = fit(model, spec).history
    assert all(np.isfinite(v[-1]) for v in history.values())


def _input_expression(spec):
    """A literal `saved_model_cli run --input_exprs` accepts for `spec`.

    TF 2.21's `saved_model_cli` parses inputs with `ast.literal_eval`: nested
    lists and scalars only (it casts them to the signature's dtype).
    """
    shape = [2 if d is None else d for d in spec.shape]
    dtype = spec.dtype.name
    if spec.name == "count":
        return "2"
    if spec.name == "temperature":
        return "1.0"
    if dtype == "string":
        value = "'a'"
    elif spec.dtype.is_floating:
        value = "0.0"
    else:
        value = "3" if not shape else "0"
    for size in reversed(shape):
        value = "[" + ",".join([value] * size) + "]"
    return value


class _SavedModelCliServer:
    """One `saved_model_cli_batch.py --serve` process per test process, started on first use."""

    process = None

    @classmethod
    def show_and_run(cls, directory, runs):
        """`(ok, output)` of `show --all` and `run` of `runs` on `directory`."""
        if cls.process is None or cls.process.poll() is not None:
            cls.process = subprocess.Popen(
                [sys.executable, SAVED_MODEL_CLI_BATCH, "--serve"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
            )
            atexit.register(cls.process.kill)
        cls.process.stdin.write(json.dumps([directory, *runs]) + "\n")
        cls.process.stdin.flush()
        line = cls.process.stdout.readline()
        if not line:
            return False, f"the server ended (return code {cls.process.wait()})"
        answer = json.loads(line)
        return answer["ok"], answer["output"]


def check_export(spec, tmp_path):
    model = build(spec)
    path = export(model, os.path.join(tmp_path, "saved_model"))
    endpoints = model.serving_endpoints()
    loaded = tf.saved_model.load(path)
    assert set(loaded.signatures) == set(endpoints)
    # `saved_model_cli show --all` and `run` of every endpoint, in a process
    # without keras_gans (as a server loads it).
    runs = [
        f"{name}=" + ";".join(f"{s.name}={_input_expression(s)}" for s in specs)
        for name, (_, specs) in endpoints.items()
    ]
    ok, output = _SavedModelCliServer.show_and_run(path, runs)
    assert ok, output[-3000:]
    shown, *outputs = output.split("== run --signature_def ")
    for name in endpoints:
        assert f"signature_def['{name}']" in shown
    assert [output.split("\n", 1)[0] for output in outputs] == list(endpoints)
    for name, output in zip(endpoints, outputs):
        assert "Result for output key" in output, (name, output[-2000:])


def check_bad_inputs(spec):
    import pytest

    for description, call, pattern in spec.bad_inputs:
        model = build(spec)
        spec.compile(model)
        with pytest.raises(ValueError, match=pattern):
            call(model)
        assert model.train_function is None, f"{description}: a step was traced"


CHECKS = {
    "shapes": check_shapes,
    "config_round_trip": check_config_round_trip,
    "fit_and_exact_resume": check_fit_and_exact_resume,
    "mirrored": check_mirrored,
    "bfloat16": check_bfloat16,
    "xla": check_xla,
    "export": check_export,
    "bad_inputs": check_bad_inputs,
}
