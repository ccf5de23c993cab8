import keras
import numpy as np
import pytest

from keras_gans.layers import Highway
from keras_gans.sequence import SequenceDiscriminator


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
