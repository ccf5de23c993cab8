import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import losses


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
