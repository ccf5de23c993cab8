"""`precision=` and `compile(jit_compile="auto")` of the base model (issue 17).

Nothing here is timed: the tests check what is chosen and that choosing
changes nothing the model computes.
"""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans.models import _compiler
from keras_gans.models import _precision

IMAGES = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
POINTS = np.random.default_rng(1).normal(size=(64, 2)).astype("float32")


def _dcgan(**kwargs):
    return models.DCGAN(
        (8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4, seed=1, **kwargs
    )


def _gan(**kwargs):
    keras.utils.set_random_seed(0)
    return models.GAN(
        models.mlp_generator(2, 2, hidden_units=(8,)),
        models.mlp_discriminator(2, hidden_units=(8,)),
        seed=3,
        **kwargs,
    )


def _compile(model, **kwargs):
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3), **kwargs
    )
    return model


def _state(model):
    values = [np.asarray(v) for v in model.weights]
    for optimizer in model.optimizers.values():
        values += [np.asarray(v) for v in optimizer.variables]
    return values


# ------------------------------------------------------------------ precision


@pytest.mark.parametrize("precision", ["fp16", "mixed_bfloat16", None, 16])
def test_unknown_precision_is_refused(precision):
    with pytest.raises(ValueError, match=r"`precision` must be one of .*Received: precision="):
        _dcgan(precision=precision)


def test_auto_follows_the_cpu_flags(monkeypatch):
    monkeypatch.setattr(_precision.tf.config, "list_physical_devices", lambda kind=None: [])
    for flags, expected in (
        ({"avx512f", "avx512_bf16"}, "bfloat16"),
        ({"amx_tile", "amx_bf16"}, "bfloat16"),
        ({"avx2", "avx512f"}, "float32"),
        (set(), "float32"),
    ):
        monkeypatch.setattr(_precision, "cpu_flags", lambda flags=flags: flags)
        _precision.native_bfloat16.cache_clear()
        assert _precision.resolve_precision("auto") == expected, flags
        assert _precision.resolve_precision("float32") == "float32"
        assert _precision.resolve_precision("bfloat16") == "bfloat16"
    _precision.native_bfloat16.cache_clear()


def test_cpu_flags_reads_cpuinfo(tmp_path):
    path = tmp_path / "cpuinfo"
    path.write_text("processor\t: 0\nflags\t\t: fpu sse avx512_bf16 amx_bf16\n")
    assert {"avx512_bf16", "amx_bf16", "fpu"} <= _precision.cpu_flags(str(path))
    assert _precision.cpu_flags(str(tmp_path / "missing")) == set()


def test_bfloat16_computes_inside_with_float32_weights_and_outputs():
    model = _dcgan(precision="bfloat16")
    assert model.compute_precision == "bfloat16"
    for network in (model.generator, model.discriminator):
        assert all(v.dtype == "float32" for v in network.weights)
        inner = [layer.dtype_policy.name for layer in network.layers[:-1]
                 if not isinstance(layer, keras.layers.InputLayer)]
        assert inner and set(inner) == {"mixed_bfloat16"}, inner
        assert network.layers[-1].compute_dtype == "float32"
    logits = model.discriminator(IMAGES[:4])
    assert keras.backend.standardize_dtype(logits.dtype) == "float32"
    # Against the same weights in float32: close, but computed differently.
    reference = _dcgan(precision="float32")
    reference.set_weights(model.get_weights())
    expected = np.asarray(reference.discriminator(IMAGES[:4]))
    assert not np.array_equal(np.asarray(logits), expected)
    np.testing.assert_allclose(np.asarray(logits), expected, atol=0.05 * np.abs(expected).max())
    samples = model.generate(3, seed=0)
    assert samples.dtype == np.float32 and np.all(np.isfinite(samples))


def test_bfloat16_trains_saves_and_round_trips(tmp_path):
    model = _compile(_dcgan(precision="bfloat16"))
    history = model.fit(IMAGES, batch_size=8, epochs=1, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())
    config = model.get_config()
    assert config["precision"] == "bfloat16"
    restored = type(model).from_config(config)
    assert restored.precision == "bfloat16"
    # The restored networks are traced in bfloat16 from the start (their
    # symbolic tensors say so in the config): from there the config is a
    # fixed point, and every layer has the original's dtype policy.
    again = restored.get_config()
    assert type(restored).from_config(again).get_config() == again
    def policies(network):  # An input layer computes nothing.
        return [layer.dtype_policy.name for layer in network.layers
                if not isinstance(layer, keras.layers.InputLayer)]

    for name in ("generator", "discriminator"):
        assert policies(getattr(restored, name)) == policies(getattr(model, name))
    path = str(tmp_path / "model.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.compute_precision == "bfloat16"
    for a, b in zip(model.weights, loaded.weights):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_float32_is_the_default_and_leaves_the_networks_alone():
    model = _gan()
    assert model.precision == "float32" and model.compute_precision == "float32"
    assert "precision" not in model.get_config()
    names = {layer.dtype_policy.name for layer in model.discriminator.layers}
    assert names == {"float32"}
    model = _dcgan(precision="float32")
    assert model.compute_precision == "float32" and "precision" not in model.get_config()
    assert {layer.dtype_policy.name for layer in model.generator.layers} == {"float32"}


@pytest.mark.parametrize("native", [True, False])
def test_dcgan_defaults_to_auto_when_it_builds_its_networks(monkeypatch, native):
    monkeypatch.setattr(_precision, "native_bfloat16", lambda: native)
    model = _dcgan()
    assert model.precision == "auto"
    assert model.compute_precision == ("bfloat16" if native else "float32")
    expected = "mixed_bfloat16" if native else "float32"
    assert model.generator.get_layer("project").dtype_policy.name == expected
    assert model.generator.layers[-1].compute_dtype == "float32"
    assert keras.config.dtype_policy().name == "float32"  # The global policy is restored.
    # Built under the policy: the config round-trips exactly and keeps "auto".
    config = model.get_config()
    assert config["precision"] == "auto"
    assert type(model).from_config(config).get_config() == config
    # Networks the user passes, and subclasses that pass their own, stay float32.
    passed = models.DCGAN(
        (8, 8, 1), latent_dim=4, generator=models.dcgan_generator((8, 8, 1), 4, filters=4)
    )
    assert passed.precision == "float32"
    assert {layer.dtype_policy.name for layer in passed.generator.layers} == {"float32"}
    conditional = models.ConditionalGAN(
        (8, 8, 1), 4, 3, generator_filters=4, discriminator_filters=4
    )
    assert conditional.precision == "float32"


# ---------------------------------------------------------- jit_compile="auto"


def test_bad_jit_compile_is_refused():
    with pytest.raises(ValueError, match=r"`jit_compile` must be .*Received: jit_compile='yes'"):
        _compile(_gan(), jit_compile="yes")


def test_short_fit_runs_without_xla_and_says_why():
    model = _compile(_gan())
    model.fit(POINTS, batch_size=16, epochs=2, verbose=0)
    assert model.compiler_choice["jit_compile"] is False
    assert model.compiler_choice["reason"] == f"8 steps < {_compiler.AUTO_JIT_MIN_STEPS}"
    assert model.jit_compile is False


def test_a_longer_fit_after_a_short_one_measures(monkeypatch):
    model = _compile(_gan())
    model.fit(POINTS, batch_size=16, epochs=1, verbose=0)
    assert model.compiler_choice["reason"] == f"4 steps < {_compiler.AUTO_JIT_MIN_STEPS}"
    monkeypatch.setattr(_compiler, "AUTO_JIT_MIN_STEPS", 8)
    model.fit(POINTS, batch_size=16, epochs=2, verbose=0)
    assert model.compiler_choice["reason"] == "measured"
    assert model.jit_compile is model.compiler_choice["jit_compile"]


def test_explicit_jit_compile_is_not_measured():
    model = _compile(_gan(), jit_compile=False)
    model.fit(POINTS, batch_size=16, epochs=1, verbose=0)
    assert model.compiler_choice is None


def test_measured_choice_changes_nothing_the_model_computes(monkeypatch, caplog):
    monkeypatch.setattr(_compiler, "AUTO_JIT_MIN_STEPS", 1)
    measured = _compile(_gan())
    before = _state(measured)
    with caplog.at_level("INFO", logger="keras_gans"):
        measured.fit(POINTS, batch_size=16, epochs=1, verbose=0)
    choice = measured.compiler_choice
    assert choice["reason"] == "measured"
    assert set(choice["seconds_per_step"]) == {"xla", "default"}
    assert all(t > 0 for t in choice["seconds_per_step"].values())
    assert measured.jit_compile is choice["jit_compile"]
    assert "jit_compile='auto' ->" in caplog.text
    # The probe's steps left no trace: the same model compiled with the
    # chosen compiler and fitted on the same data ends in the same state.
    plain = _compile(_gan(), jit_compile=choice["jit_compile"])
    for a, b in zip(before, _state(plain)):
        np.testing.assert_array_equal(a, b)
    plain.fit(POINTS, batch_size=16, epochs=1, verbose=0)
    for a, b in zip(_state(measured), _state(plain)):
        np.testing.assert_allclose(a, b, atol=1e-6)


@pytest.mark.parametrize("xla_wins", [True, False])
@pytest.mark.parametrize("data", ["arrays", "dataset"])
def test_fit_runs_the_step_the_probe_compiled(monkeypatch, xla_wins, data):
    # XLA compiles per traced step function: if `fit` traced a step of its
    # own after the probe, a long fit would pay for compiling twice.
    monkeypatch.setattr(_compiler, "AUTO_JIT_MIN_STEPS", 1)
    monkeypatch.setattr(_compiler, "XLA_MARGIN", 1e9 if xla_wins else 0.0)
    model = _compile(_gan())
    traces = []  # One Python call of `train_step` per trace of a step.
    train_step = model.train_step
    object.__setattr__(model, "train_step", lambda data: traces.append(1) or train_step(data))
    x = POINTS if data == "arrays" else tf.data.Dataset.from_tensor_slices(POINTS).batch(16)
    batch_size = 16 if data == "arrays" else None
    model.fit(x, batch_size=batch_size, epochs=2, verbose=0)
    assert model.compiler_choice["jit_compile"] is xla_wins
    step = model._compiled_step
    assert step.jit_compile is xla_wins
    # The probe traced one step per compiler; `fit` traced none of its own.
    assert len(traces) == 2
    assert step.function.experimental_get_tracing_count() == 1
    model.fit(x, batch_size=batch_size, epochs=1, verbose=0)
    assert len(traces) == 2
    # Compiling again gives new optimizers: the probe's step is dropped.
    _compile(model, jit_compile=False)
    assert model._compiled_step is None
    history = model.fit(x, batch_size=batch_size, epochs=1, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())


def test_measure_compilers_restores_every_variable():
    model = _compile(_dcgan())
    before = _state(model) + [np.asarray(v) for m in model.metrics for v in m.variables]
    times = model.measure_compilers(IMAGES[:8], rounds=1, steps=1)  # An array is one batch.
    assert set(times) == {False, True}
    after = _state(model) + [np.asarray(v) for m in model.metrics for v in m.variables]
    for a, b in zip(before, after):
        np.testing.assert_array_equal(a, b)


def test_a_step_xla_cannot_compile_runs_without_it(monkeypatch):
    monkeypatch.setattr(_compiler, "AUTO_JIT_MIN_STEPS", 1)
    function = _compiler.tf.function

    def without_xla(fn, jit_compile=None, **kwargs):
        if jit_compile is not True:
            return function(fn, jit_compile=jit_compile, **kwargs)

        def fails(*args):
            raise ValueError("no XLA kernel for this op")

        return fails

    monkeypatch.setattr(_compiler.tf, "function", without_xla)
    model = _compile(_gan())
    history = model.fit(POINTS, batch_size=16, epochs=1, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())
    assert model.compiler_choice["jit_compile"] is False
    assert model.compiler_choice["seconds_per_step"]["xla"] == float("inf")


# ------------------------------------------------------- tf.data autotuning


def test_datasets_reach_keras_without_the_autotuning_model(monkeypatch):
    from keras_gans.models import _data

    seen = []
    original = keras.Model.fit

    def spy(self, x=None, *args, **kwargs):
        seen.append(x)
        return original(self, x, *args, **kwargs)

    monkeypatch.setattr(keras.Model, "fit", spy)
    model = _compile(_gan())
    data = tf.data.Dataset.from_tensor_slices(POINTS).batch(16)
    model.fit(data, epochs=1, verbose=0)
    assert seen[-1].options().autotune.enabled is False
    assert data.options().autotune.enabled is None  # The user's dataset is untouched.
    # A dataset whose options say how to autotune is passed on as it is.
    options = tf.data.Options()
    options.autotune.enabled = True
    tuned = data.with_options(options)
    assert _data.without_autotune_model(tuned) is tuned
    model.fit(tuned, epochs=1, verbose=0)
    assert seen[-1].options().autotune.enabled is True
    # Arrays go to Keras as they are.
    model.fit(POINTS, batch_size=16, epochs=1, verbose=0)
    assert seen[-1] is POINTS
