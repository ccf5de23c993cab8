"""The discrete boundary-seeking GAN (the family kit covers saving, strategies...)."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import sequence

SEED = tf.constant([5, 6], tf.int64)


def _image_discriminator():
    return keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(1)],
        name="discriminator",
    )


def _constant_discriminator(value):
    return keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Flatten(),
         keras.layers.Dense(1, kernel_initializer="zeros",
                            bias_initializer=keras.initializers.Constant(value))],
        name="constant",
    )


def _image_bgan(discriminator=None, **overrides):
    kwargs = {"num_samples": 5, "seed": 1, **overrides}
    return sequence.DiscreteBGAN(
        models.BernoulliGenerator(3, (4, 4, 1), hidden_units=(8,)),
        discriminator or _image_discriminator(),
        **kwargs,
    )


def _sequence_bgan(**overrides):
    kwargs = {"num_samples": 4, "seed": 1, **overrides}
    return sequence.DiscreteBGAN(
        sequence.SequenceGenerator(6, 4, 8, sequence_length=4),
        sequence.SequenceDiscriminator(6, 4, embedding_dim=4, filter_sizes=(1, 2),
                                       num_filters=(4, 4)),
        **kwargs,
    )


def _compile(model):
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    return model


IMAGES = (np.random.default_rng(0).random((32, 4, 4, 1)) < 0.5).astype("float32")


@pytest.mark.parametrize("num_samples", [1, 0, 2.5])
def test_one_sample_per_latent_has_no_signal(num_samples):
    with pytest.raises(ValueError, match="num_samples"):
        _image_bgan(num_samples=num_samples)


def test_constant_discriminator_gives_equal_weights_and_full_ess():
    model = _compile(_image_bgan(_constant_discriminator(0.7)))
    batch = model.weighted_batch(tf.zeros((3, 4, 4, 1)), None, SEED)
    np.testing.assert_allclose(batch["weights"].numpy(), np.full((3, 5), 0.2), rtol=1e-6)
    _, outputs = model.generator_loss(None, None, SEED, batch)
    np.testing.assert_allclose(outputs["ess"].numpy(), np.full(3, 5.0), rtol=1e-5)
    np.testing.assert_allclose(float(outputs["log_z"]), 0.7, rtol=1e-5)


def test_generator_loss_is_the_weighted_log_likelihood_of_each_latents_samples():
    model = _compile(_image_bgan())
    batch = model.weighted_batch(tf.zeros((3, 4, 4, 1)), None, SEED)
    weights = batch["weights"].numpy()
    np.testing.assert_allclose(weights.sum(axis=1), np.ones(3), rtol=1e-6)
    # One latent per example; its 5 samples are rows b * 5 .. b * 5 + 4.
    assert batch["inputs"].shape == (3, 3) and batch["samples"].shape == (15, 4, 4, 1)
    logits = model.discriminator(batch["samples"]).numpy().reshape(3, 5)
    expected_w = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(weights, expected_w, rtol=1e-5)
    log_g = model.generator.log_prob(batch["samples"], batch["inputs"]).numpy().reshape(3, 5)
    loss, outputs = model.generator_loss(None, None, SEED, batch)
    np.testing.assert_allclose(loss.numpy(), -(expected_w * log_g).sum(axis=1), rtol=1e-5)
    ess = outputs["ess"].numpy()
    assert np.all(ess >= 1.0) and np.all(ess <= 5.0 + 1e-5)


def test_bernoulli_log_prob_by_hand():
    generator = models.BernoulliGenerator(2, (1, 2, 1), hidden_units=(3,))
    z = np.array([[0.1, -0.3]], "float32")
    p = tf.sigmoid(generator(z)).numpy().reshape(-1)
    x = np.array([[[[1.0], [0.0]]]], "float32")
    expected = np.log(p[0]) + np.log(1 - p[1])
    np.testing.assert_allclose(generator.log_prob(x, z).numpy(), [expected], rtol=1e-5)
    samples = generator.sample(np.zeros((500, 2), "float32"), SEED).numpy()
    assert set(np.unique(samples)) <= {0.0, 1.0}


def test_bernoulli_samples_per_latent_share_one_pass_of_the_network():
    generator = models.BernoulliGenerator(2, (2, 2, 1), hidden_units=(3,))
    z = np.array([[0.5, -1.0], [2.0, 0.3]], "float32")
    samples = generator.sample(z, SEED, num_samples=4).numpy()
    assert samples.shape == (8, 2, 2, 1) and set(np.unique(samples)) <= {0.0, 1.0}
    # A stack of 4 images per latent scores as the images with their latent repeated.
    np.testing.assert_allclose(
        generator.log_prob(samples, z).numpy(),
        generator.log_prob(samples, np.repeat(z, 4, axis=0)).numpy(), rtol=1e-6,
    )
    # Latent-major order: rows 0-3 come from z[0]. With logits of +-30 every
    # draw is certain, so each latent's 4 images are equal.
    network = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(4, kernel_initializer=keras.initializers.Constant(
            30.0), bias_initializer="zeros"), keras.layers.Reshape((2, 2, 1))]
    )
    certain = models.BernoulliGenerator(2, (2, 2, 1), network=network)
    draws = certain.sample(np.array([[1.0, 0.0], [-1.0, 0.0]], "float32"), SEED, 3).numpy()
    np.testing.assert_array_equal(draws[:3], np.ones((3, 2, 2, 1)))
    np.testing.assert_array_equal(draws[3:], np.zeros((3, 2, 2, 1)))
    with pytest.raises(ValueError, match="multiple of 2 rows"):
        generator.log_prob(samples[:5], z)
    with pytest.raises(ValueError, match="num_samples"):
        generator.sample(z, SEED, num_samples=0)


def test_bernoulli_generator_on_a_dcgan_network():
    network = models.dcgan_generator((8, 8, 1), 4, filters=4, output_activation=None)
    assert network.get_layer("image").get_config()["activation"] == "linear"
    generator = models.BernoulliGenerator(4, (8, 8, 1), network=network)
    z = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")
    np.testing.assert_allclose(generator(z).numpy(), network(z).numpy(), rtol=1e-6)
    restored = models.BernoulliGenerator.from_config(generator.get_config())
    restored.set_weights(generator.get_weights())
    np.testing.assert_allclose(restored(z).numpy(), generator(z).numpy(), rtol=1e-6)
    with pytest.raises(ValueError, match="network.*shape"):
        models.BernoulliGenerator(4, (16, 16, 1), network=network)
    with pytest.raises(ValueError, match="network.*latents"):
        models.BernoulliGenerator(5, (8, 8, 1), network=network)
    with pytest.raises(ValueError, match="network"):
        models.BernoulliGenerator(4, (8, 8, 1), network="dcgan")
    with pytest.raises(ValueError, match="output_activation"):
        models.dcgan_generator((8, 8, 1), 4, output_activation="sigmoid")


def test_fit_both_kinds_of_generator():
    model = _compile(_image_bgan(d_steps=2))
    history = model.fit(IMAGES, batch_size=8, verbose=0).history
    assert set(history) == {"d_loss", "d_real", "d_fake", "g_loss", "ess", "log_z"}
    assert 1.0 <= history["ess"][-1] <= 5.0
    assert int(model.log_z_steps.numpy()) == 2
    assert np.isfinite(float(model.running_log_z.numpy()))
    assert model.generate(3, seed=0).shape == (3, 4, 4, 1)

    tokens = np.random.default_rng(0).integers(0, 6, (32, 4)).astype("int32")
    model = _compile(_sequence_bgan())
    history = model.fit(tokens, batch_size=8, verbose=0).history
    assert 1.0 <= history["ess"][-1] <= 4.0
    assert model.generate(3, seed=0).shape == (3, 4)


def test_bad_data():
    model = _compile(_image_bgan())
    with pytest.raises(ValueError, match=r"\[0, 1\]|range"):
        model.fit(IMAGES * 2 - 1.5, batch_size=8)
    model = _compile(_sequence_bgan())
    with pytest.raises(ValueError, match="vocab"):
        model.fit(np.full((16, 4), 6, "int32"), batch_size=8)
    assert model.train_function is None
    with pytest.raises(ValueError, match="generator"):
        sequence.DiscreteBGAN(_image_discriminator(), _image_discriminator())


@pytest.mark.large
def test_bgan_moves_binary_samples_towards_the_data():
    # Data: the top half of every image on, the bottom half off. The share of
    # pixels matching that pattern (a statistic of the samples) must rise.
    data = np.zeros((512, 4, 4, 1), "float32")
    data[:, :2] = 1.0
    model = _image_bgan(num_samples=8, seed=3)
    model.compile(g_optimizer=keras.optimizers.Adam(3e-3),
                  d_optimizer=keras.optimizers.Adam(3e-3))
    before = (model.generate(500, seed=0) == data[:1]).mean()
    model.fit(data, batch_size=32, epochs=30, verbose=0)  # 480 steps
    after = (model.generate(500, seed=0) == data[:1]).mean()
    assert before < 0.65 and after > 0.85, (before, after)


@pytest.mark.large
def test_bgan_with_a_dcgan_network_learns_two_binary_patterns():
    # Data: half the images have the top half on, half the left half on. The
    # samples' agreement with the nearer pattern (a statistic of the samples)
    # must rise from chance, with batch norm in the generator's network.
    top, left = np.zeros((8, 8, 1), "float32"), np.zeros((8, 8, 1), "float32")
    top[:4], left[:, :4] = 1.0, 1.0
    data = np.concatenate([np.repeat(top[None], 256, 0), np.repeat(left[None], 256, 0)])
    data = data[np.random.default_rng(0).permutation(len(data))]
    network = models.dcgan_generator((8, 8, 1), 4, filters=8, output_activation=None)
    discriminator = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(8, 3, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Flatten(), keras.layers.Dense(1)],
    )
    model = sequence.DiscreteBGAN(models.BernoulliGenerator(4, (8, 8, 1), network=network),
                                  discriminator, num_samples=8, seed=3)
    model.compile(g_optimizer=keras.optimizers.Adam(3e-3, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))

    def statistics():
        samples = model.generate(500, seed=0)
        to_top = (samples == top).mean(axis=(1, 2, 3))
        to_left = (samples == left).mean(axis=(1, 2, 3))
        return np.maximum(to_top, to_left).mean(), (to_top > to_left).mean()

    before, _ = statistics()
    model.fit(data, batch_size=32, epochs=60, verbose=0)  # 960 steps
    after, share_top = statistics()
    assert before < 0.7 and after > 0.85, (before, after)
    # Both patterns are drawn (no collapse onto one of them).
    assert 0.2 < share_top < 0.8, share_top
