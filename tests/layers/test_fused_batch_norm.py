import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.layers import FusedBatchNormalization

X = np.random.default_rng(0).normal(2.0, 3.0, (16, 5, 5, 4)).astype("float32")


def _pair(**kwargs):
    keras_layer = keras.layers.BatchNormalization(momentum=0.5, **kwargs)
    fused = FusedBatchNormalization(momentum=0.5, **kwargs)
    for layer in (keras_layer, fused):
        layer.build(X.shape)
        if layer.scale:
            layer.gamma.assign(np.arange(1, 5, dtype="float32"))
        if layer.center:
            layer.beta.assign(np.linspace(-1, 1, 4).astype("float32"))
    return keras_layer, fused


@pytest.mark.parametrize("kwargs", [{}, {"scale": False}, {"center": False, "epsilon": 1e-5}])
def test_training_matches_keras_outputs_statistics_and_gradients(kwargs):
    keras_layer, fused = _pair(**kwargs)
    x = tf.constant(X)
    results = []
    for layer in (keras_layer, fused):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = layer(x, training=True)
            loss = tf.reduce_sum(y**3)
        grads = tape.gradient(loss, [x] + layer.trainable_weights)
        results.append((y, grads, layer.moving_mean, layer.moving_variance))
    (y_a, g_a, m_a, v_a), (y_b, g_b, m_b, v_b) = results
    np.testing.assert_allclose(y_b, y_a, atol=2e-5)
    # The moving variance averages the biased batch variance, as Keras does.
    biased = X.reshape(-1, 4).var(axis=0)
    np.testing.assert_allclose(np.asarray(v_b), 0.5 + 0.5 * biased, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(m_b), np.asarray(m_a), atol=1e-5)
    np.testing.assert_allclose(np.asarray(v_b), np.asarray(v_a), rtol=1e-5)
    for a, b in zip(g_a, g_b):
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), atol=1e-4 * np.abs(a).max())
    # Inference uses the moving statistics, as Keras' layer does.
    np.testing.assert_allclose(fused(x), keras_layer(x), atol=2e-5)


def test_bfloat16_inputs_give_bfloat16_outputs_close_to_float32():
    fused = FusedBatchNormalization(dtype="mixed_bfloat16")
    reference = FusedBatchNormalization()
    y = fused(tf.constant(X), training=True)
    assert keras.backend.standardize_dtype(y.dtype) == "bfloat16"
    expected = reference(tf.constant(X), training=True)
    np.testing.assert_allclose(np.asarray(tf.cast(y, "float32")), expected, atol=0.05)
    np.testing.assert_allclose(fused.moving_mean, reference.moving_mean, rtol=0.02)


def test_cases_the_kernel_does_not_take_are_keras_own(monkeypatch):
    calls = []
    original = tf.compat.v1.nn.fused_batch_norm
    monkeypatch.setattr(
        tf.compat.v1.nn, "fused_batch_norm", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    FusedBatchNormalization()(X, training=True)
    assert calls == [1]
    FusedBatchNormalization()(X, training=False)
    FusedBatchNormalization(axis=1)(X, training=True)
    FusedBatchNormalization(synchronized=True)(X, training=True)
    FusedBatchNormalization()(X.reshape(16, 100), training=True)
    FusedBatchNormalization(epsilon=1e-6)(X, training=True)
    assert calls == [1]


def test_config_round_trip_and_swap_with_keras_layer():
    layer = FusedBatchNormalization(momentum=0.9, epsilon=1e-4, name="bn")
    config = keras.saving.serialize_keras_object(layer)
    restored = keras.saving.deserialize_keras_object(config)
    assert type(restored) is FusedBatchNormalization
    assert restored.get_config() == layer.get_config()
    plain = keras.layers.BatchNormalization.from_config(layer.get_config())
    plain.build(X.shape)
    layer.build(X.shape)
    plain.set_weights(layer.get_weights())  # The same weights, in the same order.
