import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses
from keras_gans import models


def _softplus(x):
    return np.log1p(np.exp(x))


REAL = np.array([2.0, -1.0, 0.5], "float32")
FAKE = np.array([-1.5, 0.3, 1.0], "float32")

# Closed forms in terms of D = sigmoid(logit) or the raw critic value.
EXPECTED = {
    "minimax": (
        -np.log(1 / (1 + np.exp(-REAL))) - np.log(1 - 1 / (1 + np.exp(-FAKE))),
        np.log(1 - 1 / (1 + np.exp(-FAKE))),
    ),
    "non_saturating": (
        -np.log(1 / (1 + np.exp(-REAL))) - np.log(1 - 1 / (1 + np.exp(-FAKE))),
        -np.log(1 / (1 + np.exp(-FAKE))),
    ),
    "wasserstein": (FAKE - REAL, -FAKE),
    "hinge": (np.maximum(0, 1 - REAL) + np.maximum(0, 1 + FAKE), -FAKE),
    "least_squares": (0.5 * (REAL - 1) ** 2 + 0.5 * FAKE**2, 0.5 * (FAKE - 1) ** 2),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_losses_match_closed_forms(name):
    loss = losses.get(name)
    d_expected, g_expected = EXPECTED[name]
    np.testing.assert_allclose(loss.discriminator_loss(REAL, FAKE), d_expected, rtol=1e-5)
    np.testing.assert_allclose(loss.generator_loss(FAKE), g_expected, rtol=1e-5)


def test_minimax_and_non_saturating_generators_differ():
    # Where D confidently rejects a sample, minimax's gradient vanishes.
    logit = tf.constant([-8.0])
    grads = {}
    for name in ("minimax", "non_saturating"):
        with tf.GradientTape() as tape:
            tape.watch(logit)
            value = losses.get(name).generator_loss(logit)
        grads[name] = float(tape.gradient(value, logit)[0])
    assert abs(grads["minimax"]) < 1e-3
    assert abs(grads["non_saturating"]) > 0.99


def test_any_rank_gives_one_value_per_example():
    patch_real = np.ones((4, 3, 3, 1), "float32")
    patch_fake = -np.ones((4, 3, 3, 1), "float32")
    for name in EXPECTED:
        loss = losses.get(name)
        assert loss.discriminator_loss(patch_real, patch_fake).shape == (4,)
        assert loss.generator_loss(patch_fake).shape == (4,)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_serialization_round_trip(name):
    loss = getattr(losses, name)
    restored = keras.saving.deserialize_keras_object(
        keras.saving.serialize_keras_object(loss)
    )
    assert restored == loss
    assert losses.get(keras.saving.serialize_keras_object(loss)) == loss


def test_unknown_loss_name():
    with pytest.raises(ValueError, match="loss='nonsaturating'"):
        losses.get("nonsaturating")
    with pytest.raises(ValueError, match="loss=3"):
        losses.get(3)


def test_gradient_penalty_of_a_linear_critic():
    w = np.array([[3.0], [4.0]], "float32")  # ||grad|| = 5 everywhere.
    critic = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, use_bias=False)])
    critic.layers[0].set_weights([w])
    real = np.random.normal(size=(6, 2)).astype("float32")
    fake = np.random.normal(size=(6, 2)).astype("float32")
    penalty = losses.gradient_penalty(critic, real, fake, seed=[1, 2])
    np.testing.assert_allclose(penalty, np.full(6, 16.0), rtol=1e-5)


def test_gradient_penalty_is_finite_where_the_gradient_is_zero():
    critic = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(1, kernel_initializer="zeros")]
    )
    real = np.ones((3, 2), "float32")
    fake = np.zeros((3, 2), "float32")
    with tf.GradientTape() as tape:
        penalty = tf.reduce_mean(losses.gradient_penalty(critic, real, fake, seed=[0, 0]))
    kernel = critic.layers[0].kernel
    grad = tape.gradient(penalty, kernel)
    np.testing.assert_allclose(float(penalty), 1.0, atol=1e-5)
    assert grad is not None and np.all(np.isfinite(grad.numpy()))


def test_gradient_penalty_interpolates_with_uniform_weights():
    # With an identity critic on scalars, x_hat lies between real and fake.
    seen = []

    def critic(x):
        seen.append(x)
        return tf.reduce_sum(x, axis=-1)

    real = np.zeros((2000, 1), "float32")
    fake = np.ones((2000, 1), "float32")
    losses.gradient_penalty(critic, real, fake, seed=[3, 4])
    mixed = seen[0].numpy()
    assert mixed.min() >= 0.0 and mixed.max() <= 1.0
    assert abs(mixed.mean() - 0.5) < 0.03 and abs(mixed.std() - 0.2887) < 0.02


def test_r1_penalty_of_a_quadratic_discriminator_and_its_gradient():
    # D(x) = a·Σx², so ∇D = 2a·x, ‖∇D‖² = 4a²‖x‖² and ∂/∂a = 8a‖x‖².
    a = tf.Variable(1.5)
    real = np.random.default_rng(0).normal(size=(5, 2, 3)).astype("float32")
    squared_norms = np.sum(real.reshape(5, -1) ** 2, axis=-1)
    with tf.GradientTape() as tape:
        penalty = losses.r1_penalty(lambda x: a * tf.reduce_sum(x**2, axis=[1, 2]), real)
        total = tf.reduce_sum(penalty)
    np.testing.assert_allclose(penalty, 4 * 1.5**2 * squared_norms, rtol=1e-5)
    np.testing.assert_allclose(tape.gradient(total, a), 8 * 1.5 * squared_norms.sum(), rtol=1e-5)


def test_penalties_refuse_a_discriminator_that_cannot_be_called():
    real = np.zeros((2, 3), "float32")
    with pytest.raises(ValueError, match=r"`discriminator` must be a callable.*Received: "
                                         r"discriminator='d' \(of type str\)"):
        losses.r1_penalty("d", real)
    with pytest.raises(ValueError, match=r"`critic` must be a callable.*critic=None"):
        losses.gradient_penalty(None, real, real, seed=[0, 1])


def test_r1_penalty_through_the_discriminator_penalty_hook_enters_d_loss():
    class R1GAN(models.GAN):
        def discriminator_penalty(self, real, fake, conditions, seed):
            return 0.5 * self.gamma * losses.r1_penalty(
                lambda x: self.discriminator(x, training=True), real
            )

    logs = {}
    for gamma in (0.0, 100.0):
        keras.utils.set_random_seed(0)
        gan = R1GAN(
            models.mlp_generator(2, 2, hidden_units=(8,)),
            models.mlp_discriminator(2, hidden_units=(8,)),
            seed=0,
        )
        gan.gamma = gamma
        gan.compile(g_optimizer=keras.optimizers.SGD(), d_optimizer=keras.optimizers.SGD())
        x = np.random.default_rng(1).normal(size=(16, 2)).astype("float32")
        logs[gamma] = gan.fit(x, batch_size=16, epochs=1, verbose=0).history
    # The first step's D loss is evaluated before any update: the same
    # networks, plus a strictly positive penalty.
    assert logs[100.0]["d_loss"][0] > logs[0.0]["d_loss"][0] + 1e-3
