import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.layers import Highway
from keras_gans.sequence import SequenceDiscriminator
from keras_gans.sequence import SequenceGenerator
from keras_gans.sequence import monte_carlo_rollouts


def _discriminator(**kwargs):
    kwargs = {"vocab_size": 10, "sequence_length": 6, "embedding_dim": 4,
              "filter_sizes": (1, 3, 6), "num_filters": (3, 4, 5), **kwargs}
    return SequenceDiscriminator(**kwargs)


def test_paper_defaults_and_output_shape():
    d = SequenceDiscriminator(50, 20)
    assert d.filter_sizes == tuple(range(1, 11)) + (15, 20)
    assert sum(d.num_filters) == 1720
    assert d(np.zeros((2, 20), "int32")).shape == (2, 1)
    # The L2 penalty on the output layer is l2 * (|W|^2 + |b|^2) / 2.
    w, b = d.output_layer.kernel.numpy(), d.output_layer.bias.numpy()
    expected = 0.2 * ((w**2).sum() + (b**2).sum()) / 2
    np.testing.assert_allclose(float(sum(d.losses)), expected, rtol=1e-5)


def test_dropout_only_in_training_and_seeded_by_a_weight():
    d = _discriminator(dropout=0.5)
    tokens = np.random.default_rng(0).integers(0, 10, (16, 6))
    np.testing.assert_array_equal(d(tokens).numpy(), d(tokens).numpy())
    state = d.dropout_layer.rng_state.numpy().copy()
    assert not np.allclose(d(tokens, training=True).numpy(), d(tokens).numpy())
    assert d.dropout_layer.rng_state.numpy()[1] == state[1] + 1


def test_config_and_keras_round_trip(tmp_path):
    d = _discriminator(dropout=0.1, l2=0.0)
    assert d.losses == []
    assert SequenceDiscriminator.from_config(d.get_config()).get_config() == d.get_config()
    d.save(tmp_path / "d.keras")
    loaded = keras.saving.load_model(tmp_path / "d.keras")
    tokens = np.arange(12).reshape(2, 6) % 10
    np.testing.assert_allclose(loaded(tokens).numpy(), d(tokens).numpy(), rtol=1e-6)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"filter_sizes": (1, 7), "num_filters": (2, 2)}, r"filter_sizes=\(1, 7\)"),
        ({"filter_sizes": (1, 2), "num_filters": (2,)}, "same length"),
        ({"num_filters": (3, 0, 5)}, r"num_filters=\(3, 0, 5\)"),
        ({"dropout": 1.0}, "dropout=1.0"),
        ({"l2": -1}, "l2=-1"),
        ({"vocab_size": 0}, "vocab_size=0"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _discriminator(**kwargs)


def test_highway_gates_between_transform_and_carry():
    x = np.random.default_rng(1).normal(size=(4, 8)).astype("float32")
    closed = Highway(transform_bias=-50.0)
    np.testing.assert_allclose(closed(x).numpy(), x, atol=1e-6)  # the gate carries x
    opened = Highway(transform_bias=50.0, activation="relu")
    y = opened(x).numpy()  # the gate passes the transform
    expected = np.maximum(x @ opened.kernel.numpy() + opened.bias.numpy(), 0)
    np.testing.assert_allclose(y, expected, atol=1e-5)
    restored = Highway.from_config(opened.get_config())
    assert restored.get_config() == opened.get_config()
    with pytest.raises(ValueError, match="transform_bias='high'"):
        Highway(transform_bias="high")


def _completions(tokens, rollouts=3):
    policy = SequenceGenerator(10, 4, 8, sequence_length=tokens.shape[1])
    return monte_carlo_rollouts(policy, tokens, rollouts, tf.constant([5, 6], tf.int64))


def test_max_over_time_is_the_maximum_of_each_filter():
    d = _discriminator(filter_sizes=(2,), num_filters=(3,))
    tokens = np.random.default_rng(2).integers(0, 10, (5, 6))
    windows = d.convolutions[0](d.embedding(tokens)).numpy()  # [5, 5, 3]
    features = np.maximum(windows, 0).max(axis=1)  # ReLU, then the maximum
    highway = d.highway(tf.constant(features))
    expected = d.output_layer(d.dropout_layer(highway, training=False)).numpy()
    np.testing.assert_allclose(d(tokens).numpy(), expected, rtol=1e-6)


def test_completion_logits_are_the_logits_of_the_flattened_completions():
    # Windows inside a prefix are computed once on `tokens`; the result must
    # be D on every completion. Sizes 1 (every prefix holds whole windows),
    # 3, and 6 = T (no window fits in any prefix) cover every branch.
    d = _discriminator()
    tokens = np.random.default_rng(3).integers(0, 10, (4, 6)).astype("int32")
    completions = _completions(tokens)  # [5, 3, 4, 6]
    expected = d(tf.reshape(completions, (-1, 6))).numpy()
    np.testing.assert_allclose(d.completion_logits(tokens, completions).numpy(), expected,
                               rtol=1e-5, atol=1e-6)
    # In a graph with an unknown batch size too.
    spec = [tf.TensorSpec([None, 6], tf.int32), tf.TensorSpec([5, 3, None, 6], tf.int32)]
    traced = tf.function(d.completion_logits, input_signature=spec)
    np.testing.assert_allclose(traced(tokens, completions).numpy(), expected,
                               rtol=1e-5, atol=1e-6)


def test_completion_logits_of_a_subclass_with_its_own_call_use_that_call():
    class Negated(SequenceDiscriminator):
        def call(self, tokens, training=False):
            return -super().call(tokens, training=training)

    d = Negated(10, 6, embedding_dim=4, filter_sizes=(1, 3), num_filters=(3, 4))
    tokens = np.random.default_rng(4).integers(0, 10, (2, 6)).astype("int32")
    completions = _completions(tokens)
    np.testing.assert_allclose(
        d.completion_logits(tokens, completions).numpy(),
        d(tf.reshape(completions, (-1, 6))).numpy(), rtol=1e-6,
    )


def test_completion_logits_need_the_rollout_shape():
    d = _discriminator()
    tokens = np.zeros((2, 6), "int32")
    with pytest.raises(ValueError, match=r"\[T - 1, rollouts, batch, T\].*\(2, 6\)"):
        d.completion_logits(tokens, tokens)
    with pytest.raises(ValueError, match=r"\(6, 3, 2, 6\)"):
        d.completion_logits(tokens, np.zeros((6, 3, 2, 6), "int32"))
    with pytest.raises(ValueError, match=r"`tokens`.*\(2, 5\)"):
        d.completion_logits(np.zeros((2, 5), "int32"), np.zeros((5, 3, 2, 6), "int32"))
