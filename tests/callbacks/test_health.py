"""GeneratorEMA and NaNGuard."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import callbacks
from keras_gans import models


def _dcgan():
    keras.utils.set_random_seed(0)
    gan = models.DCGAN((8, 8, 1), latent_dim=4, generator_filters=4,
                       discriminator_filters=4, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-2), d_optimizer=keras.optimizers.Adam(1e-2))
    return gan


DATA = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")


def test_ema_closed_form_for_a_constant_weight():
    gan = _dcgan()
    average = gan.add_generator_ema()
    start = [np.asarray(v.value) for v in average.sources]
    target = [np.full_like(a, 0.5) for a in start]
    for v, t in zip(average.sources, target):
        v.assign(t)
    decay, k = 0.9, 7
    for _ in range(k):
        average.update(decay)
    for shadow, s, t in zip(average.shadows, start, target):
        expected = t + (s - t) * decay**k  # the closed form of k updates toward t
        np.testing.assert_allclose(np.asarray(shadow.value), expected, rtol=1e-5, atol=1e-6)


def test_ema_is_used_by_generate_and_resumes(tmp_path):
    gan = _dcgan()
    ema = callbacks.GeneratorEMA(decay=0.5)
    gan.fit(DATA, batch_size=8, epochs=1, verbose=0, callbacks=[ema])
    average = gan.generator_average
    assert len(average.shadows) == len([v for v in gan.generator.weights
                                        if v.dtype.startswith("float")])
    with_ema = gan.generate(4, seed=3)
    gan.use_ema = False
    raw = gan.generate(4, seed=3)
    gan.use_ema = True
    assert not np.allclose(with_ema, raw)
    with gan.averaged_weights():
        direct = np.asarray(gan.generator(gan._latents_for(4, 3), training=False))
    np.testing.assert_allclose(with_ema, direct, rtol=1e-5, atol=1e-6)
    # The live weights are back after generate.
    np.testing.assert_allclose(raw, np.asarray(gan.generator(gan._latents_for(4, 3))),
                               rtol=1e-5, atol=1e-6)
    path = str(tmp_path / "ema.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.get_config()["generator_ema"] is True
    for a, b in zip(loaded.generator_average.shadows, average.shadows):
        np.testing.assert_array_equal(np.asarray(a.value), np.asarray(b.value))
    np.testing.assert_allclose(loaded.generate(4, seed=3), with_ema, rtol=1e-5, atol=1e-6)


def test_ema_exact_resume(tmp_path):
    straight = _dcgan()
    straight.fit(DATA, batch_size=8, epochs=2, verbose=0, shuffle=False,
                 callbacks=[callbacks.GeneratorEMA(decay=0.8, start_step=2)])
    first = _dcgan()
    first.fit(DATA, batch_size=8, epochs=1, verbose=0, shuffle=False,
              callbacks=[callbacks.GeneratorEMA(decay=0.8, start_step=2)])
    path = str(tmp_path / "first.keras")
    first.save(path)
    resumed = keras.saving.load_model(path)
    resumed.fit(DATA, batch_size=8, epochs=1, verbose=0, shuffle=False,
                callbacks=[callbacks.GeneratorEMA(decay=0.8, start_step=2)])
    for a, b in zip(straight.generator_average.shadows, resumed.generator_average.shadows):
        np.testing.assert_allclose(np.asarray(a.value), np.asarray(b.value), atol=1e-5)


@pytest.mark.parametrize("decay", [0.0, 1.0, -0.5, 2, True])
def test_ema_bad_decay(decay):
    with pytest.raises(ValueError, match="decay"):
        callbacks.GeneratorEMA(decay=decay)


def test_nan_guard_restores_the_state_before_the_bad_step(capsys):
    batches = [DATA[i * 8:(i + 1) * 8] for i in range(4)]
    batches[2] = np.full_like(batches[2], np.nan)  # step 3 makes the loss NaN
    dataset = tf.data.Dataset.from_tensor_slices(np.stack(batches)).unbatch().batch(8)
    guarded = _dcgan()
    guard = callbacks.NaNGuard()
    guarded.fit(dataset, epochs=1, verbose=0, callbacks=[guard])
    assert guard.stopped_step == 3
    assert "step 3" in capsys.readouterr().out
    reference = _dcgan()
    reference.fit(tf.data.Dataset.from_tensor_slices(np.stack(batches[:2])).unbatch().batch(8),
                  epochs=1, verbose=0)
    for a, b in zip(guarded.weights, reference.weights):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=1e-6, err_msg=a.path)
    for player in ("generator", "discriminator"):
        for a, b in zip(guarded.optimizers[player].variables,
                        reference.optimizers[player].variables):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=1e-6)
    assert all(np.all(np.isfinite(np.asarray(v))) for v in guarded.trainable_weights)


def test_nan_guard_bad_argument():
    with pytest.raises(ValueError, match="restore"):
        callbacks.NaNGuard(restore="yes")


class _Constant(keras.Model):
    """Stands in for a trained GAN: `generate` returns fixed samples."""

    def __init__(self, samples):
        super().__init__()
        self.samples = samples

    def generate(self, n, seed=None):
        return self.samples[:n]


def test_collapse_monitor_warns_once_on_collapse():
    rng = np.random.default_rng(0)
    real = rng.normal(size=(60, 4)).astype("float32") + np.repeat(np.eye(4) * 8, 15, 0)
    labels = np.repeat(np.arange(4), 15)
    monitor = callbacks.CollapseMonitor(real, every=1, reference_labels=labels, num_samples=30)
    monitor.set_model(_Constant(real[rng.permutation(60)]))  # diverse: no warning
    monitor.on_train_begin()
    with warnings_recorder() as caught:
        monitor.on_epoch_end(0)
    assert not caught and monitor.history[-1]["classes"] == 4
    collapsed = np.repeat(real[:1], 30, 0) + 0.01 * rng.normal(size=(30, 4)).astype("float32")
    monitor.set_model(_Constant(collapsed))
    with pytest.warns(RuntimeWarning, match="collapsing"):
        monitor.on_epoch_end(1)
    with warnings_recorder() as caught:
        monitor.on_epoch_end(2)  # warns once
    assert not caught
    assert monitor.history[-1]["classes"] == 1


def warnings_recorder():
    import warnings

    recorder = warnings.catch_warnings(record=True)

    class _Ctx:
        def __enter__(self):
            self.list = recorder.__enter__()
            warnings.simplefilter("always")
            return self.list

        def __exit__(self, *exc):
            return recorder.__exit__(*exc)

    return _Ctx()


def test_collapse_monitor_bad_arguments():
    with pytest.raises(ValueError, match="every"):
        callbacks.CollapseMonitor(np.zeros((4, 2)), every=0)
    with pytest.raises(ValueError, match="fraction"):
        callbacks.CollapseMonitor(np.zeros((4, 2)), fraction=1.5)
