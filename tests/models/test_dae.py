"""DenoisingAutoencoder: score, config, save and exact resume, bad input."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.models import DenoisingAutoencoder

RNG = np.random.default_rng(0)
DATA = RNG.normal(size=(64, 3)).astype("float32")
IMAGES = RNG.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")


def _dae(**kwargs):
    keras.utils.set_random_seed(0)
    dae = DenoisingAutoencoder((3,), noise_std=0.2, hidden_units=(8,), seed=1, **kwargs)
    dae.compile(optimizer=keras.optimizers.Adam(1e-2))
    return dae


def test_score_is_reconstruction_minus_input():
    dae = _dae()
    x = DATA[:5]
    np.testing.assert_allclose(dae.score(x), dae(x) - x, atol=1e-6)


def test_fits_images():
    keras.utils.set_random_seed(0)
    dae = DenoisingAutoencoder((8, 8, 1), noise_std=0.3, hidden_units=(16,), seed=0)
    dae.compile(optimizer="adam")
    history = dae.fit(IMAGES, batch_size=8, epochs=1, verbose=0).history
    assert np.isfinite(history["loss"][-1])
    assert dae.score(IMAGES[:2]).shape == (2, 8, 8, 1)


def test_config_round_trip():
    dae = _dae()
    config = dae.get_config()
    restored = DenoisingAutoencoder.from_config(config)
    assert restored.get_config() == config
    custom = DenoisingAutoencoder(
        (3,), noise_std=0.1, network=keras.Sequential([keras.Input((3,)), keras.layers.Dense(3)])
    )
    again = DenoisingAutoencoder.from_config(custom.get_config())
    assert [w.shape for w in again.weights] == [w.shape for w in custom.weights]


def test_exact_resume(tmp_path):
    straight = _dae()
    straight.fit(DATA, batch_size=16, epochs=2, shuffle=False, verbose=0)
    first = _dae()
    first.fit(DATA, batch_size=16, epochs=1, shuffle=False, verbose=0)
    path = os.path.join(tmp_path, "dae.keras")
    first.save(path)
    resumed = keras.saving.load_model(path)
    assert type(resumed) is DenoisingAutoencoder
    resumed.fit(DATA, batch_size=16, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_array_equal(resumed.rng_state.numpy(), straight.rng_state.numpy())
    for a, b in zip(straight.weights, resumed.weights):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=1e-5, err_msg=a.path)


@pytest.mark.parametrize(
    "make, pattern",
    [
        (lambda: DenoisingAutoencoder((3,), noise_std=0.0), "noise_std"),
        (lambda: DenoisingAutoencoder((3,), noise_std=-1), "noise_std"),
        (lambda: DenoisingAutoencoder((0,), noise_std=0.1), "input_shape"),
        (lambda: DenoisingAutoencoder((3,), noise_std=0.1, network=keras.Sequential(
            [keras.Input((3,)), keras.layers.Dense(2)])), "network"),
    ],
)
def test_bad_arguments(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_bad_training_data():
    dae = _dae()
    with pytest.raises(ValueError, match="shape"):
        dae.fit(np.zeros((8, 4), "float32"), verbose=0)
    with pytest.raises(ValueError, match="alone"):
        dae.fit(DATA, DATA, verbose=0)
    with pytest.raises(ValueError, match="shape"):
        dae.fit(tf.data.Dataset.from_tensor_slices(DATA), verbose=0)  # unbatched
    with pytest.raises(ValueError, match="empty"):
        dae.fit(np.zeros((0, 3), "float32"), verbose=0)
    assert dae.train_function is None
