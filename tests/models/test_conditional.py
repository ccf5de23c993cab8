import json

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import datasets
from keras_gans.models import ConditionalGAN


def _tiny(**kwargs):
    kwargs.setdefault("seed", 0)
    return ConditionalGAN(
        (8, 8, 1), latent_dim=4, num_classes=3, generator_filters=4,
        discriminator_filters=4, **kwargs
    )


def _compile(gan):
    gan.compile(keras.optimizers.Adam(2e-4), keras.optimizers.Adam(2e-4))
    return gan


X = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
Y = np.arange(32) % 3


def test_shapes_and_generate():
    gan = _tiny()
    out = gan([np.zeros((2, 4), "float32"), np.array([0, 2])])
    assert out.shape == (2, 8, 8, 1)
    assert gan.generate(5, seed=0).shape == (5, 8, 8, 1)
    a = gan.generate(3, labels=[0, 1, 2], seed=4)
    b = gan.generate(3, labels=[0, 1, 2], seed=4)
    np.testing.assert_array_equal(a, b)
    # The label changes the image for the same latent.
    c = gan.generate(3, labels=[1, 1, 1], seed=4)
    assert not np.allclose(a[0], c[0])


def test_fit_with_arrays_and_dataset():
    gan = _compile(_tiny())
    assert np.isfinite(gan.fit(X, Y, batch_size=16, verbose=0).history["d_loss"][-1])
    dataset = tf.data.Dataset.from_tensor_slices((X, Y)).batch(8)
    assert np.isfinite(gan.fit(dataset, verbose=0).history["g_loss"][-1])


def test_config_and_resume(tmp_path):
    keras.utils.set_random_seed(0)
    whole = _compile(_tiny())
    whole.fit(X, Y, batch_size=8, shuffle=False, verbose=0)
    keras.utils.set_random_seed(0)
    part = _compile(_tiny())
    part.fit(X[:16], Y[:16], batch_size=8, shuffle=False, verbose=0)
    part.save(tmp_path / "c.keras")
    loaded = keras.saving.load_model(tmp_path / "c.keras")
    assert type(loaded) is ConditionalGAN and loaded.num_classes == 3
    assert json.dumps(loaded.get_config(), sort_keys=True) == json.dumps(
        part.get_config(), sort_keys=True
    )
    loaded.fit(X[16:], Y[16:], batch_size=8, shuffle=False, verbose=0)
    for a, b in zip(whole.weights, loaded.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)


def test_num_classes_below_two():
    with pytest.raises(ValueError, match="num_classes"):
        ConditionalGAN((8, 8, 1), 4, num_classes=1)


def test_missing_labels():
    gan = _compile(_tiny())
    with pytest.raises(ValueError, match="no labels"):
        gan.fit(X, verbose=0)
    with pytest.raises(ValueError, match="no labels"):
        gan.fit(tf.data.Dataset.from_tensor_slices(X).batch(8), verbose=0)
    assert gan.train_function is None


def test_labels_out_of_range_or_not_integer():
    gan = _compile(_tiny())
    with pytest.raises(ValueError, match=r"num_classes=3.*from 0 to 5"):
        gan.fit(X, np.arange(32) % 6, verbose=0)
    with pytest.raises(ValueError, match="integer"):
        gan.fit(X, Y.astype("float32"), verbose=0)
    with pytest.raises(ValueError, match="labels"):
        gan.generate(2, labels=[0, 3])
    with pytest.raises(ValueError, match="n=2"):
        gan.generate(2, labels=[0, 1, 2])
    assert gan.train_function is None


def test_image_shape_mismatch():
    gan = _compile(_tiny())
    with pytest.raises(ValueError, match=r"\(16, 16, 1\).*\(8, 8, 1\)"):
        gan.fit(np.zeros((8, 16, 16, 1), "float32"), np.zeros(8, "int32"), verbose=0)


@pytest.mark.large
def test_conditional_gan_learns_the_classes():
    # Each class's generated mean image is nearest to that class's real one.
    try:
        x, y = datasets.load_arrays("fashion_mnist")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    x, y = x[:6400], y[:6400]
    keras.utils.set_random_seed(0)
    gan = ConditionalGAN((28, 28, 1), 32, 10, generator_filters=16,
                         discriminator_filters=16, seed=0)
    gan.compile(
        keras.optimizers.Adam(2e-4, beta_1=0.5), keras.optimizers.Adam(2e-4, beta_1=0.5)
    )
    gan.fit(x, y, batch_size=64, epochs=4, verbose=0)
    class_means = np.stack([x[y == c].mean(0) for c in range(10)]).reshape(10, -1)
    labels = np.repeat(np.arange(10), 50)
    fake = gan.generate(500, labels=labels, seed=3).reshape(10, 50, -1).mean(1)
    distances = ((fake[:, None] - class_means[None]) ** 2).sum(-1)
    matched = int((distances.argmin(1) == np.arange(10)).sum())
    assert matched >= 8, matched
