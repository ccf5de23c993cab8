"""BiGAN, ALI and VAE beyond the family kit: the encoder's loss, the
likelihood bounds, the encode signatures."""

import os

import keras
import numpy as np
import tensorflow as tf

from keras_gans import models
from keras_gans.export import export

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")


def _bigan(**kwargs):
    return models.BiGAN(
        models.dcgan_generator((8, 8, 1), 4, filters=4),
        models.bigan_encoder((8, 8, 1), 4, filters=4),
        models.bigan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8),
        seed=0,
        **kwargs,
    )


def _ali(**kwargs):
    return models.ALI(
        models.dcgan_generator((8, 8, 1), 4, filters=4),
        models.bigan_encoder((8, 8, 1), 4, filters=4, gaussian=True),
        models.bigan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8),
        seed=0,
        **kwargs,
    )


def _vae(likelihood="bernoulli"):
    return models.VAE(
        models.vae_encoder((8, 8, 1), 4, filters=4),
        models.vae_decoder((8, 8, 1), 4, filters=4, likelihood=likelihood),
        latent_dim=4,
        likelihood=likelihood,
        seed=0,
    )


def test_bigan_encoder_loss_is_the_generator_loss_with_labels_flipped():
    bigan = _bigan()
    bigan.compile(g_optimizer=keras.optimizers.Adam(), d_optimizer=keras.optimizers.Adam())
    seed = tf.constant([3, 4], tf.int64)
    per_example, outputs = bigan.generator_loss(tf.constant(IMAGES), None, seed)
    encoded = bigan.infer(tf.constant(IMAGES), None)
    real_logits = bigan.discriminator([tf.constant(IMAGES), encoded])
    # Non-saturating: E minimises -log(1 - D(x, E(x))) = softplus(logit).
    np.testing.assert_allclose(
        outputs["e_loss"], np.log1p(np.exp(np.asarray(real_logits)[:, 0])), rtol=1e-5
    )
    fake_logits = bigan.discriminator([outputs["fake"], outputs["latents"]])
    np.testing.assert_allclose(
        outputs["g_loss"], np.log1p(np.exp(-np.asarray(fake_logits)[:, 0])), rtol=1e-5
    )
    np.testing.assert_allclose(per_example, outputs["g_loss"] + outputs["e_loss"], rtol=1e-6)


def test_bigan_encode_and_reconstruct_shapes():
    bigan = _bigan()
    z = bigan.encode(IMAGES)
    assert z.shape == (16, 4) and z.dtype == np.float32
    np.testing.assert_allclose(z, np.asarray(bigan.encoder(IMAGES)), rtol=1e-5, atol=1e-6)
    assert bigan.reconstruct(IMAGES[:3]).shape == (3, 8, 8, 1)


def test_ali_encode_mean_and_reparameterised_samples():
    ali = _ali()
    mean = ali.encode(IMAGES[:2])
    repeated = np.repeat(IMAGES[:2][None], 400, axis=0).reshape(800, 8, 8, 1)
    draws = ali.encode(repeated, sample=True, seed=0).reshape(400, 2, 4)
    np.testing.assert_array_equal(
        draws.reshape(800, 4), ali.encode(repeated, sample=True, seed=0)
    )
    scale = np.asarray(ali.posterior(IMAGES[:2]).stddev())
    assert np.all(draws.std(0) > 0.5 * scale)
    np.testing.assert_allclose(draws.mean(0), mean, atol=4 * scale.max() / np.sqrt(400))
    assert ali.reconstruct(IMAGES[:3]).shape == (3, 8, 8, 1)
    # The gradient of the generator player reaches the encoder through the sample.
    with tf.GradientTape() as tape:
        z = ali.infer(IMAGES[:2], tf.constant([0, 1], tf.int64), training=True)
        loss = tf.reduce_sum(z**2)
    grads = tape.gradient(loss, ali.encoder.trainable_variables)
    assert all(g is not None for g in grads)


def test_iwae_bound_is_above_the_elbo_and_tightens():
    vae = _vae()
    x = np.sign(IMAGES[:6])
    elbo = vae.elbo(x, num_samples=500, seed=1)
    iwae_1 = vae.log_likelihood(x, num_samples=1, seed=2)
    iwae = vae.log_likelihood(x, num_samples=500, chunk_size=128, seed=1)
    assert np.all(iwae >= elbo)
    assert np.all(np.isfinite(iwae_1))
    np.testing.assert_allclose(vae.log_likelihood(x, num_samples=500, chunk_size=128, seed=1),
                               iwae)  # Seeded: reproducible.


def test_vae_log_likelihood_of_a_known_decoder():
    # A decoder that ignores z: p(x|z) = p(x) exactly, so every importance
    # weight is p(x) p(z) / q(z|x); with q = prior (encoder output 0 mean,
    # softplus^-1(1) scale) the estimate is exact for any K.
    encoder = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Flatten(),
         keras.layers.Dense(8, kernel_initializer="zeros",
                            bias_initializer=keras.initializers.Constant(
                                [0.0] * 4 + [np.log(np.e - 1)] * 4))]
    )
    logits = RNG.normal(size=(8, 8, 1)).astype("float32")
    z = keras.Input((4,))
    out = keras.layers.Dense(64, kernel_initializer="zeros",
                             bias_initializer=keras.initializers.Constant(logits.ravel()))(z)
    decoder = keras.Model(z, keras.layers.Reshape((8, 8, 1))(out))
    vae = models.VAE(encoder, decoder, latent_dim=4)
    x = np.sign(IMAGES[:3])
    bits = (x + 1) / 2
    exact = np.sum(bits * -np.log1p(np.exp(-logits)) + (1 - bits) * -np.log1p(np.exp(logits)),
                   axis=(1, 2, 3))
    np.testing.assert_allclose(vae.log_likelihood(x, num_samples=7, chunk_size=3), exact,
                               rtol=2e-4)
    np.testing.assert_allclose(vae.elbo(x), exact, rtol=2e-4)


def _run(loaded, name, **inputs):
    return {k: v.numpy() for k, v in loaded.signatures[name](**inputs).items()}


def test_exported_encode_signatures_match_encode(tmp_path):
    for name, model in (("bigan", _bigan()), ("ali", _ali()), ("vae", _vae("gaussian"))):
        loaded = tf.saved_model.load(export(model, os.path.join(tmp_path, name)))
        out = _run(loaded, "encode", images=tf.constant(IMAGES))
        np.testing.assert_allclose(out["latent"], model.encode(IMAGES), rtol=1e-4, atol=1e-5)
        pixels = RNG.integers(0, 256, (4, 8, 8, 1)).astype("uint8")
        out8 = _run(loaded, "encode_uint8", images=tf.constant(pixels))
        np.testing.assert_allclose(
            out8["latent"], model.encode(pixels / 127.5 - 1), rtol=1e-4, atol=1e-5
        )
        z = RNG.normal(size=(3, 4)).astype("float32")
        images = _run(loaded, "serving_default", latent=tf.constant(z))["images"]
        decoded = model.decode(z) if name == "vae" else model.predict(z, verbose=0)
        np.testing.assert_allclose(images, decoded, rtol=1e-4, atol=1e-5)


def test_conditional_vae_endpoints_take_labels(tmp_path):
    cvae = models.ConditionalVAE(
        models.vae_encoder((8, 8, 1), 4, filters=4, num_classes=3),
        models.vae_decoder((8, 8, 1), 4, filters=4, num_classes=3),
        latent_dim=4, num_classes=3, seed=0,
    )
    labels = np.array([0, 1, 2, 0], "int32")
    loaded = tf.saved_model.load(export(cvae, os.path.join(tmp_path, "cvae")))
    out = _run(loaded, "encode", images=tf.constant(IMAGES[:4]), label=tf.constant(labels))
    np.testing.assert_allclose(out["latent"], cvae.encode(IMAGES[:4], labels), rtol=1e-4,
                               atol=1e-5)
    images = cvae.generate(6, seed=0)
    assert images.shape == (6, 8, 8, 1)
    assert np.all(np.abs(images) <= 1)
