"""FeatureInverter beyond the family kit: statistics, the sampler's h space, learning."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import metrics
from keras_gans import models
from keras_gans.sampling import PlugAndPlaySampler

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")


def _tiny(**kwargs):
    keras.utils.set_random_seed(0)
    encoder = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(),
         keras.layers.Dense(6, activation="relu", name="features"),
         keras.layers.Dense(3, name="logits")], name="encoder")
    generator = keras.Sequential(
        [keras.Input((6,)), keras.layers.Dense(64, activation="tanh"),
         keras.layers.Reshape((8, 8, 1))], name="generator")
    discriminator = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(), keras.layers.Dense(1)],
        name="discriminator")
    model = models.FeatureInverter(encoder, generator, discriminator, seed=0, **kwargs)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    return model


def test_feature_statistics_and_range():
    model = _tiny()
    assert model.feature_range is None
    model.fit(IMAGES, batch_size=8, epochs=1, verbose=0)
    h = model.encode(IMAGES)
    low, high = model.feature_range
    assert low == pytest.approx(h.min(), abs=1e-5) and high == pytest.approx(h.max(), abs=1e-5)
    # The first step's statistics are its batch's; later steps average in.
    assert np.all(np.isfinite(model.feature_mean.numpy()))
    assert model.invert(IMAGES[:3]).shape == (3, 8, 8, 1)
    samples = model.generate(4, seed=1)
    np.testing.assert_array_equal(samples, model.generate(4, seed=1))


def test_sampler_in_h_uses_the_inverter():
    model = _tiny()
    model.fit(IMAGES, batch_size=8, epochs=1, verbose=0)
    sampler = PlugAndPlaySampler.from_preset(
        "noiseless_joint_ppgn_h", model.encoder, generator=model, steps=3, seed=0,
        step_size=0.1,
    )
    assert sampler.clip == model.feature_range
    h = model.encode(IMAGES[:4])
    expected = model.encode(model.generator.predict(h, verbose=0)) - h
    np.testing.assert_allclose(sampler.prior_score(tf.constant(h)), expected, atol=1e-5)
    assert sampler.sample(2, 4).shape == (4, 8, 8, 1)


def test_bad_networks():
    model = _tiny()
    small = keras.Sequential([keras.Input((5,)), keras.layers.Dense(64),
                              keras.layers.Reshape((8, 8, 1))])
    with pytest.raises(ValueError, match="generator"):
        models.FeatureInverter(model.encoder, small, model.discriminator)
    with pytest.raises(ValueError, match="comparator_layer"):
        models.FeatureInverter(model.encoder, model.generator, model.discriminator,
                               comparator_layer="nope")


@pytest.mark.large
def test_inverts_the_shipped_classifier_features():
    from keras_gans import datasets

    x, y = datasets.load_arrays("fashion_mnist", split="test")
    train, test, labels = x[:4096], x[8000:9000], y[8000:9000]
    keras.utils.set_random_seed(0)
    generator = keras.Sequential(
        [keras.Input((128,)), keras.layers.Dense(7 * 7 * 32, activation="relu"),
         keras.layers.Reshape((7, 7, 32)),
         keras.layers.Conv2DTranspose(16, 4, strides=2, padding="same", activation="relu"),
         keras.layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")])
    discriminator = keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Conv2D(16, 4, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Flatten(), keras.layers.Dense(1)])
    model = models.FeatureInverter(metrics.fashion_mnist_classifier(), generator,
                                   discriminator, feature_layer="features", seed=0)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    independent = metrics.independent_fashion_mnist_classifier()

    def accuracy():
        rec = model.invert(test)
        return np.mean(np.argmax(independent.predict(rec, verbose=0), 1) == labels)

    before = accuracy()
    model.fit(train, batch_size=64, epochs=2, verbose=0)
    after = accuracy()
    # G(E(x)) keeps x's class for a classifier that never saw G.
    assert after > 0.6 and after > before + 0.3, (before, after)
