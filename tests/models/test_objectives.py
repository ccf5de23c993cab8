"""WGAN, WGAN-GP, BEGAN and PacGAN packing (the kit covers the rest)."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf
import tensorflow_probability as tfp

from keras_gans import layers
from keras_gans import losses
from keras_gans import models

RNG = np.random.default_rng(0)
POINTS = RNG.normal(size=(64, 2)).astype("float32")
IMAGES = RNG.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")


def _mlps(pack=1):
    g = models.mlp_generator(2, 2, hidden_units=(8,))
    d = models.mlp_discriminator(2 * pack, hidden_units=(8,))
    return g, d if pack == 1 else models.packed_discriminator(d, pack)


def _began(**kwargs):
    return models.BEGAN(
        models.began_generator((8, 8, 1), latent_dim=4, filters=4),
        models.began_autoencoder((8, 8, 1), hidden_dim=4, filters=4),
        **{"seed": 0, **kwargs},
    )


# ------------------------------------------------------------------ WGAN


def test_wgan_clips_every_critic_weight_after_each_update():
    wgan = models.WGAN(*_mlps(), clip_value=0.05, d_steps=2, seed=0)
    wgan.compile(
        g_optimizer=keras.optimizers.RMSprop(0.1), d_optimizer=keras.optimizers.RMSprop(0.1)
    )
    wgan.fit(POINTS, batch_size=8, epochs=1, verbose=0)
    weights = np.concatenate([np.ravel(w) for w in wgan.critic.get_weights()])
    assert np.max(np.abs(weights)) <= 0.05 + 1e-7
    assert np.isclose(np.max(np.abs(weights)), 0.05)  # The clip was active.
    assert wgan.critic is wgan.discriminator


def test_default_optimizers_are_the_papers():
    wgan = models.WGAN(*_mlps(), seed=0)
    wgan.compile()
    for optimizer in (wgan.g_optimizer, wgan.d_optimizer):
        assert isinstance(optimizer, keras.optimizers.RMSprop)
        assert np.isclose(float(optimizer.learning_rate), 5e-5)
    assert wgan.d_steps == 5 and wgan.loss_fn == losses.get("wasserstein")
    gp = models.WGANGP(*_mlps(), seed=0)
    gp.compile()
    assert isinstance(gp.d_optimizer, keras.optimizers.Adam)
    assert float(gp.d_optimizer.beta_1) == 0.0 and np.isclose(float(gp.d_optimizer.beta_2), 0.9)
    assert gp.d_steps == 5


def test_wgan_gp_adds_the_weighted_penalty():
    logs = {}
    for weight in (0.0, 10.0):
        keras.utils.set_random_seed(0)
        model = models.WGANGP(*_mlps(), gp_weight=weight, d_steps=1, seed=0)
        model.compile(g_optimizer=keras.optimizers.SGD(0.0), d_optimizer=keras.optimizers.SGD(0.0))
        logs[weight] = model.fit(POINTS[:8], batch_size=8, epochs=1, verbose=0).history
    penalty = logs[10.0]["gradient_penalty"][0]
    assert penalty > 0 and np.isclose(penalty, logs[0.0]["gradient_penalty"][0])
    np.testing.assert_allclose(
        logs[10.0]["d_loss"][0], logs[0.0]["d_loss"][0] + 10.0 * penalty, rtol=1e-4
    )


def test_wgan_critic_has_no_batch_norm():
    critic = models.wgan_critic((16, 16, 1), filters=4)
    assert critic.output_shape == (None, 1)
    assert not any(
        isinstance(layer, keras.layers.BatchNormalization) for layer in critic.layers
    )


@pytest.mark.parametrize("bad", [0, 0.0, -0.01, "0.01", None, True])
def test_clip_value_must_be_positive(bad):
    with pytest.raises(ValueError, match="clip_value="):
        models.WGAN(*_mlps(), clip_value=bad)


@pytest.mark.parametrize("bad", [-1.0, "10", None])
def test_gp_weight_must_be_non_negative(bad):
    with pytest.raises(ValueError, match="gp_weight="):
        models.WGANGP(*_mlps(), gp_weight=bad)


# ----------------------------------------------------------------- BEGAN


@pytest.mark.parametrize("bad", [0, 0.0, -0.5, 1.01, 2, "0.5", None])
def test_gamma_outside_zero_one_is_refused(bad):
    with pytest.raises(ValueError, match="gamma="):
        _began(gamma=bad)


def test_gamma_one_is_accepted_and_other_arguments_checked():
    assert _began(gamma=1.0).gamma == 1.0
    with pytest.raises(ValueError, match="lambda_k="):
        _began(lambda_k=-0.1)
    with pytest.raises(ValueError, match="k_initial="):
        _began(k_initial=1.5)


def test_began_autoencoder_must_return_its_input_shape():
    bad_autoencoder = keras.Sequential(
        [keras.Input((8, 8, 1)), keras.layers.Conv2D(2, 3, padding="same")]
    )
    with pytest.raises(ValueError, match="autoencoder"):
        models.BEGAN(models.began_generator((8, 8, 1), 4, 4), bad_autoencoder)


def test_began_builders():
    g = models.began_generator((28, 28, 1), latent_dim=8, filters=4)
    ae = models.began_autoencoder((28, 28, 1), hidden_dim=8, filters=4)
    assert g.output_shape == (None, 28, 28, 1) == ae.output_shape
    for network in (g, ae):
        assert not any(isinstance(x, keras.layers.BatchNormalization) for x in network.layers)
        assert any(getattr(x, "activation", None) is keras.activations.elu for x in network.layers)


def _fixed_began(gamma, lambda_k, k_initial):
    zero = tfp.distributions.Deterministic(loc=np.zeros(4, "float32"))
    model = _began(gamma=gamma, lambda_k=lambda_k, k_initial=k_initial, prior=zero)
    # Learning rate 0: the networks stay fixed, only the controller moves.
    model.compile(g_optimizer=keras.optimizers.SGD(0.0), d_optimizer=keras.optimizers.SGD(0.0))
    return model


@pytest.mark.parametrize("gamma", [0.05, 1.0])
def test_controller_moves_k_by_the_balance(gamma):
    model = _fixed_began(gamma, lambda_k=0.02, k_initial=0.5)
    ae_real = float(np.mean(model.reconstruction_loss(IMAGES)))
    fake = model.generator(np.zeros((16, 4), "float32"))
    ae_fake = float(np.mean(model.reconstruction_loss(fake)))
    balance = gamma * ae_real - ae_fake
    steps = 3
    history = model.fit(IMAGES, batch_size=16, epochs=steps, shuffle=False, verbose=0).history
    expected = np.clip(0.5 + 0.02 * balance * np.arange(1, steps + 1), 0, 1)
    np.testing.assert_allclose(history["k"], expected, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(history["balance"], balance, rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(history["m_global"], ae_real + abs(balance), rtol=1e-4)
    # k moves in the direction that restores γ·L(x) = L(G(z)).
    assert np.sign(float(model.k) - 0.5) == np.sign(balance)


def test_k_stays_in_zero_one():
    for gamma, k_initial in ((0.01, 0.05), (1.0, 0.95)):
        model = _fixed_began(gamma, lambda_k=50.0, k_initial=k_initial)
        history = model.fit(IMAGES, batch_size=8, epochs=2, verbose=0).history
        assert all(0.0 <= k <= 1.0 for k in history["k"])
    assert float(model.k) in (0.0, 1.0)  # A huge gain saturates at a bound.


def test_began_resume_restores_k(tmp_path):
    model = _began(lambda_k=0.5)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3))
    model.fit(IMAGES, batch_size=8, epochs=1, verbose=0)
    assert float(model.k) != 0.0
    path = os.path.join(tmp_path, "began.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert float(loaded.k) == float(model.k)
    assert loaded.autoencoder.output_shape == (None, 8, 8, 1)


def test_began_refuses_a_loss():
    model = _began()
    with pytest.raises(ValueError, match="loss="):
        model.compile(g_optimizer="adam", d_optimizer="adam", loss="minimax")


# --------------------------------------------------------------- packing


def test_pack_samples_concatenates_consecutive_samples():
    x = np.arange(8, dtype="float32").reshape(4, 2)
    np.testing.assert_array_equal(layers.PackSamples(2)(x), [[0, 1, 2, 3], [4, 5, 6, 7]])
    images = RNG.normal(size=(4, 3, 3, 2)).astype("float32")
    packed = np.asarray(layers.PackSamples(2)(images))
    assert packed.shape == (2, 3, 3, 4)
    np.testing.assert_array_equal(packed[1, ..., :2], images[2])
    np.testing.assert_array_equal(packed[1, ..., 2:], images[3])
    np.testing.assert_array_equal(layers.RepeatPacks(2)(np.array([[1.0], [2.0]])),
                                  [[1.0], [1.0], [2.0], [2.0]])


def test_packed_discriminator_scores_each_pack():
    inner = models.mlp_discriminator(2 * 4, hidden_units=(8,))
    packed = models.packed_discriminator(inner, 4)
    assert packed.input_shape == (None, 2)
    scores = np.asarray(packed(POINTS[:8]))
    expected = np.asarray(inner(POINTS[:8].reshape(2, 8)))
    np.testing.assert_allclose(scores, np.repeat(expected, 4, axis=0), rtol=1e-6)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", None])
def test_pack_must_be_a_positive_int(bad):
    with pytest.raises(ValueError, match="pack"):
        models.packed_discriminator(models.mlp_discriminator(2), bad)
    with pytest.raises(ValueError, match="pack"):
        layers.PackSamples(bad)


def test_packed_discriminator_needs_a_multiple_of_the_channels():
    with pytest.raises(ValueError, match="pack=2"):
        models.packed_discriminator(models.mlp_discriminator(3), 2)
    with pytest.raises(ValueError, match="multiple of pack=2"):
        layers.PackSamples(2)(np.zeros((3, 2), "float32"))


LOSSES = [
    "minimax", "non_saturating", "least_squares", "hinge", "wasserstein",
    "boundary_seeking", "pi_weighted_js", *losses.divergences.DIVERGENCES,
]


def test_packing_trains_with_every_loss():
    for loss in LOSSES:
        gan = models.GAN(*_mlps(pack=2), seed=0)
        # Eagerly (a traced step per loss was 1.5 s of the suite each); every
        # loss is traced below, in one function on the packed discriminator.
        gan.compile(g_optimizer="adam", d_optimizer="adam", loss=loss, run_eagerly=True)
        history = gan.fit(POINTS[:16], batch_size=8, epochs=1, verbose=0).history
        assert all(np.isfinite(v[-1]) for v in history.values()), loss
    # And every loss in one traced function, on the packed discriminator.
    gan = models.GAN(*_mlps(pack=2), seed=0)
    objectives = [losses.get(loss) for loss in LOSSES]

    @tf.function
    def traced(real, fake):
        real_logits, fake_logits = gan.discriminator(real), gan.discriminator(fake)
        return [(o.discriminator_loss(real_logits, fake_logits), o.generator_loss(fake_logits))
                for o in objectives]

    fake = gan.generate(8, seed=0)
    for loss, values in zip(LOSSES, traced(tf.constant(POINTS[:8]), fake)):
        assert np.all(np.isfinite(np.asarray(values))), loss
    gp = models.WGANGP(*_mlps(pack=2), d_steps=2, seed=0)
    gp.compile()
    history = gp.fit(POINTS[:32], batch_size=8, epochs=1, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())


def test_packed_gan_saves_and_loads(tmp_path):
    gan = models.GAN(*_mlps(pack=4), seed=0)
    gan.compile(g_optimizer="adam", d_optimizer="adam")
    gan.fit(POINTS[:16], batch_size=8, epochs=1, verbose=0)
    path = os.path.join(tmp_path, "packed.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_allclose(loaded.discriminator(POINTS[:8]), gan.discriminator(POINTS[:8]))
