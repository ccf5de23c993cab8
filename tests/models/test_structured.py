"""LAPGAN, AC-GAN and InfoGAN beyond the family kit: the chain, codes, learning."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import datasets
from keras_gans import layers
from keras_gans import metrics
from keras_gans.export import export
from keras_gans.models import ACGAN
from keras_gans.models import LAPGAN
from keras_gans.models import InfoGAN

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
LABELS = (np.arange(32) % 3).astype("int32")


def _adam(model, g_lr=1e-3, d_lr=1e-3):
    model.compile(
        g_optimizer=keras.optimizers.Adam(g_lr, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(d_lr, beta_1=0.5),
    )
    return model


def _lapgan(num_classes=None, levels=2):
    return LAPGAN((8, 8, 1), levels, 4, num_classes=num_classes, generator_filters=4,
                  discriminator_filters=4, seed=1)


def _infogan(**kwargs):
    kwargs = {"noise_dim": 4, "categorical_codes": (3, 2), "continuous_codes": 2,
              "generator_filters": 4, "discriminator_filters": 4, "q_hidden_units": 8,
              "shared_units": 8, "generator_hidden_units": 8, "seed": 1, **kwargs}
    return InfoGAN((8, 8, 1), **kwargs)


# ------------------------------------------------------------------ LAPGAN


@pytest.mark.parametrize("num_classes", [None, 3])
def test_lapgan_chain_is_consistent(num_classes):
    gan = _adam(_lapgan(num_classes))
    data = (IMAGES, None if num_classes is None else LABELS)
    gan.fit(*data, batch_size=8, epochs=1, verbose=0)  # Not the initial weights only.
    levels = gan.generate(5, seed=4, return_levels=True)
    assert [level.shape for level in levels] == [(5, 2, 2, 1), (5, 4, 4, 1), (5, 8, 8, 1)]
    final = levels[-1]
    np.testing.assert_allclose(np.clip(final, -1, 1), gan.generate(5, seed=4), atol=1e-5)
    # The final image's own pyramid has the returned coarsest image at its top,
    # and each intermediate image's pyramid too.
    for k in range(1, 3):
        pyramid = layers.build_pyramid(levels[k], k)
        np.testing.assert_allclose(np.asarray(pyramid[0]), levels[0], atol=1e-5)
    # The chain adds a residual to the upsampled coarser image at every level.
    residual = levels[2] - np.asarray(layers.upsample(levels[1]))
    assert np.abs(residual).max() > 0


def test_lapgan_conditional_generate_uses_the_labels():
    gan = _adam(_lapgan(3, levels=1))
    gan.fit(IMAGES, LABELS, batch_size=8, epochs=1, verbose=0)
    a = gan.generate(3, seed=2, labels=[0, 0, 0])
    b = gan.generate(3, seed=2, labels=[1, 2, 1])
    assert np.abs(a - b).max() > 0
    with pytest.raises(ValueError, match="labels"):
        _lapgan().generate(2, seed=0, labels=[0, 1])


def test_lapgan_sample_signature_matches_generate(tmp_path):
    gan = _lapgan(3)
    path = export(gan, os.path.join(tmp_path, "saved"))
    loaded = tf.saved_model.load(path)
    served = loaded.signatures["sample"](count=tf.constant(4), seed=tf.constant(9, tf.int64))
    np.testing.assert_allclose(served["images"].numpy(), gan.generate(4, seed=9), atol=1e-5)
    np.testing.assert_array_equal(served["labels"].numpy(), [0, 1, 2, 0])
    latents = gan.sample_latents(4, tf.constant([9, 0], tf.int64))
    by_inputs = loaded.signatures["serving_default"](
        latent=latents[0], noise_1=latents[1], noise_2=latents[2],
        label=tf.constant([0, 1, 2, 0]),
    )
    np.testing.assert_allclose(by_inputs["images"].numpy(), served["images"].numpy(), atol=1e-5)


def test_lapgan_levels_have_their_own_networks():
    gan = _lapgan(levels=2)
    assert set(gan.networks) == {
        "generator_0", "discriminator_0", "generator_1", "discriminator_1",
        "generator_2", "discriminator_2",
    }
    assert gan.generator_1.input_shape == [(None, 4, 4, 1), (None, 4, 4, 1)]
    assert gan.discriminator_2.input_shape == [(None, 8, 8, 1), (None, 8, 8, 1)]
    with pytest.raises(ValueError, match="levels"):
        LAPGAN((28, 28, 1), 3, 4)


# ------------------------------------------------------------------ AC-GAN


def test_acgan_class_weight_drives_the_class_head():
    moved = {}
    for weight in (0.0, 1.0):
        gan = _adam(ACGAN((8, 8, 1), 4, 3, class_weight=weight, generator_filters=4,
                          discriminator_filters=4, seed=1))
        before = np.asarray(gan.discriminator.get_layer("head").kernel).copy()
        history = gan.fit(IMAGES, LABELS, batch_size=8, epochs=1, verbose=0).history
        moved[weight] = np.abs(np.asarray(gan.discriminator.get_layer("head").kernel)
                               - before).max()
        assert (history["d_class_loss"][-1] == 0) == (weight == 0)
    assert moved[0.0] == 0 and moved[1.0] > 0


def test_acgan_classify():
    gan = ACGAN((8, 8, 1), 4, 3, generator_filters=4, discriminator_filters=4, seed=1)
    p = gan.classify(IMAGES[:5])
    assert p.shape == (5, 3)
    np.testing.assert_allclose(p.sum(1), 1.0, atol=1e-5)


# ------------------------------------------------------------------ InfoGAN


def test_infogan_latents_hold_the_codes():
    gan = _infogan()
    z = gan.sample_latent(400, tf.constant([3, 0], tf.int64)).numpy()
    assert z.shape == (400, 4 + 3 + 2 + 2)
    noise, categories, continuous = (np.asarray(t) for t in gan._split(z))
    np.testing.assert_array_equal(z[:, 4:7].sum(1), 1.0)
    np.testing.assert_array_equal(z[:, 7:9].sum(1), 1.0)
    assert set(categories[:, 0]) == {0, 1, 2} and set(categories[:, 1]) == {0, 1}
    assert np.abs(continuous).max() <= 1 and continuous.std() > 0.4
    assert noise.shape == (400, 4)


def test_infogan_fixed_codes_and_info_loss():
    gan = _infogan()
    codes = {"categorical": [[2, 1]], "continuous": [0.5, -0.25]}
    latents = gan.fix_codes(gan._latents_for(3, 0), codes)
    _, categories, continuous = gan._split(latents)
    np.testing.assert_array_equal(categories, [[2, 1]] * 3)
    np.testing.assert_allclose(continuous, [[0.5, -0.25]] * 3)
    np.testing.assert_allclose(
        gan.generate(3, seed=0, codes=codes), gan.predict(latents, verbose=0), atol=1e-6
    )
    # L_I is the codes' negative log-likelihood under Q's posterior.
    q = RNG.normal(size=(3, gan.q_units)).astype("float32")
    expected = np.zeros(3)
    for start, k, c in ((0, 3, 2), (3, 2, 1)):
        logits = q[:, start:start + k]
        log_p = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        expected -= log_p[:, c]
    expected += (0.5 * (continuous - q[:, 5:7]) ** 2 + 0.5 * np.log(2 * np.pi)).sum(1)
    np.testing.assert_allclose(gan.info_loss(latents, q), expected, rtol=1e-5)


def test_infogan_networks_have_the_papers_dense_layers():
    # The paper's networks: D's logit and Q both read one dense layer (FC 1024,
    # batch norm, LeakyReLU) after the convolutions; G's latents go through an
    # FC 1024 (batch norm, ReLU) before the projection. 0 drops either.
    gan = InfoGAN((8, 8, 1), generator_filters=4, discriminator_filters=4)
    assert gan.generator.get_layer("hidden").units == 1024
    assert gan.generator.get_layer("project").input.shape[-1] == 1024
    plain = _infogan(generator_hidden_units=0)
    assert "hidden" not in [layer.name for layer in plain.generator.layers]
    assert plain.generator.get_layer("project").input.shape[-1] == plain.latent_dim
    d = gan.discriminator
    shared = d.get_layer("shared_hidden")
    assert shared.units == 1024
    assert d.get_layer("logits").input.shape[-1] == 1024
    assert d.get_layer("head_hidden").input.shape[-1] == 1024
    bare = _infogan(shared_units=0).discriminator
    assert "shared_hidden" not in [layer.name for layer in bare.layers]
    flattened = bare.get_layer("features").output.shape[-1]  # The convolutions, flattened.
    assert bare.get_layer("logits").input.shape[-1] == flattened
    assert bare.get_layer("head_hidden").input.shape[-1] == flattened
    restored = InfoGAN.from_config(_infogan().get_config())
    assert (restored.shared_units, restored.generator_hidden_units) == (8, 8)
    assert restored.discriminator.get_layer("shared_hidden").units == 8
    assert restored.generator.get_layer("hidden").units == 8


def test_infogan_infer_codes_and_learned_variance():
    gan = _adam(_infogan(continuous_variance="learned"))
    assert gan.q_units == 3 + 2 + 2 * 2
    history = gan.fit(IMAGES, batch_size=8, epochs=1, verbose=0).history
    assert np.isfinite(history["info_loss"][-1])
    codes = gan.infer_codes(IMAGES[:4])
    assert [p.shape for p in codes["categorical"]] == [(4, 3), (4, 2)]
    np.testing.assert_allclose(codes["categorical"][0].sum(1), 1.0, atol=1e-5)
    assert codes["continuous"].shape == (4, 2) and codes["continuous_scale"].shape == (4, 2)
    with pytest.raises(ValueError, match="continuous_variance"):
        _infogan(continuous_variance="free")


def test_infogan_serving_default_fixes_the_codes(tmp_path):
    gan = _infogan(categorical_codes=(3,), continuous_codes=1)
    loaded = tf.saved_model.load(export(gan, os.path.join(tmp_path, "saved")))
    served = loaded.signatures["sample"](count=tf.constant(3), seed=tf.constant(5, tf.int64))
    np.testing.assert_allclose(served["images"].numpy(), gan.generate(3, seed=5), atol=1e-5)
    again = loaded.signatures["serving_default"](
        noise=gan._split(gan._latents_for(3, 5))[0],
        categorical=served["categorical"], continuous=served["continuous"],
    )
    np.testing.assert_allclose(again["images"].numpy(), served["images"].numpy(), atol=1e-5)


# ---------------------------------------------------------------- learning


def _fashion_mnist(n):
    try:
        x, y = datasets.load_arrays("fashion_mnist")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    return x[:n], y[:n]


@pytest.mark.large
def test_acgan_generates_the_requested_classes():
    # Run: 6,400 images, batch 64, 4 epochs (400 steps), 16 filters: about 25 s
    # on 2 idle CPU cores, under 60 s when shared. The shipped classifier (not
    # D's own class head) judges the samples.
    x, y = _fashion_mnist(6400)
    keras.utils.set_random_seed(0)
    gan = _adam(ACGAN((28, 28, 1), 32, 10, generator_filters=16, discriminator_filters=16,
                      seed=0), 2e-4, 2e-4)
    gan.fit(x, y, batch_size=64, epochs=4, verbose=0)
    labels = np.repeat(np.arange(10), 50)
    predicted = metrics.fashion_mnist_probabilities(gan.generate(500, labels=labels, seed=3))
    accuracy = float((predicted.argmax(1) == labels).mean())
    assert accuracy >= 0.5, accuracy


@pytest.mark.large
def test_infogan_categorical_code_clusters_the_samples():
    # Run: 12,800 images, batch 64, 3 epochs (600 steps), 16-d noise, one 10-way
    # code, 2 continuous codes, G lr 1e-3, D lr 2e-4, the default networks (the
    # paper's dense layers): about 75 s on one AMD EPYC core (2026-12-04).
    x, _ = _fashion_mnist(12800)
    keras.utils.set_random_seed(0)
    gan = _adam(InfoGAN((28, 28, 1), noise_dim=16, generator_filters=16,
                        discriminator_filters=16, q_hidden_units=64, seed=0), 1e-3, 2e-4)
    gan.fit(x, batch_size=64, epochs=3, verbose=0)
    codes = np.repeat(np.arange(10), 50)
    images = gan.generate(500, seed=3, codes={"categorical": codes})
    predicted = metrics.fashion_mnist_probabilities(images).argmax(1)
    # With the code fixed, the classifier's predictions concentrate on a few
    # classes: the share of each code's most common class is well above the
    # share of the most common class over all samples (no mode collapse).
    purity = np.mean([np.bincount(predicted[codes == c]).max() / 50 for c in range(10)])
    pooled = np.bincount(predicted).max() / 500
    assert purity >= pooled + 0.2, (purity, pooled)
    recovered = gan.infer_codes(images)["categorical"][0].argmax(1)
    assert (recovered == codes).mean() >= 0.5  # Chance: 0.1.
