import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.sequence import SequenceGenerator


def _generator(**kwargs):
    kwargs = {"vocab_size": 7, "embedding_dim": 6, "hidden_dim": 12, "sequence_length": 5,
              **kwargs}
    return SequenceGenerator(**kwargs)


def _compile(generator, lr=3e-2):
    generator.compile(
        optimizer=keras.optimizers.Adam(lr),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    return generator


def _counting_language(n, vocab=7, length=5, seed=0):
    """Token t + 1 is token t + 1 (mod 6, ids 1..6); the first is uniform."""
    first = np.random.default_rng(seed).integers(1, vocab, size=n)
    return ((first[:, None] - 1 + np.arange(length)) % (vocab - 1) + 1).astype("int32")


def test_shapes_and_seeded_sampling():
    g = _generator()
    assert g(np.zeros((3, 5), "int32")).shape == (3, 5, 7)
    tokens = g.generate(11, seed=4)
    assert tokens.shape == (11, 5) and tokens.dtype == np.int32
    assert tokens.min() >= 0 and tokens.max() < 7
    np.testing.assert_array_equal(tokens, g.generate(11, seed=4))
    assert not np.array_equal(g.generate(50, seed=4), g.generate(50, seed=5))
    chunked = g.generate(10, seed=4, batch_size=4)
    assert chunked.shape == (10, 5)


def test_teacher_forcing_and_log_prob_agree_with_step():
    g = _generator()
    tokens = g.generate(4, seed=0)
    logits = g(tokens).numpy()
    states = g.initial_state(4)
    previous = np.zeros(4, "int32")
    for t in range(5):
        step_logits, states = g.step(previous, states)
        np.testing.assert_allclose(step_logits.numpy(), logits[:, t], atol=1e-5)
        previous = tokens[:, t]
    log_softmax = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
    expected = np.take_along_axis(log_softmax, tokens[..., None], -1)[..., 0].sum(1)
    np.testing.assert_allclose(g.log_prob(tokens).numpy(), expected, rtol=1e-5)


def test_temperature_sharpens_samples():
    g = _generator(vocab_size=30)
    g.output_bias.assign(np.linspace(-3, 3, 30).astype("float32"))
    cold = g.generate(2000, seed=1, temperature=0.3)
    hot = g.generate(2000, seed=1, temperature=3.0)
    assert (cold == 29).mean() > 3 * (hot == 29).mean()


@pytest.mark.large
def test_mle_learns_a_tiny_deterministic_language():
    keras.utils.set_random_seed(0)
    g = _compile(_generator())
    data = _counting_language(480)
    g.fit(data, batch_size=32, epochs=12, verbose=0)
    samples = g.generate(500, seed=3)
    follows = ((samples[:, 1:] - 1) == (samples[:, :-1] % 6)).all(axis=1)
    assert follows.mean() > 0.9, follows.mean()
    first = np.bincount(samples[:, 0], minlength=7)[1:] / len(samples)
    assert first.min() > 0.08, first  # every start token is still generated


def test_fit_on_a_dataset_and_validation():
    g = _compile(_generator())
    data = tf.data.Dataset.from_tensor_slices(_counting_language(64)).batch(16)
    history = g.fit(data, validation_data=data, epochs=1, verbose=0).history
    assert np.isfinite(history["loss"][0]) and np.isfinite(history["val_loss"][0])


def test_config_and_keras_round_trip(tmp_path):
    g = _generator(start_token=2)
    assert SequenceGenerator.from_config(g.get_config()).get_config() == g.get_config()
    g.save(tmp_path / "g.keras")
    loaded = keras.saving.load_model(tmp_path / "g.keras")
    assert type(loaded) is SequenceGenerator and loaded.start_token == 2
    np.testing.assert_array_equal(loaded.generate(6, seed=1), g.generate(6, seed=1))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"vocab_size": 1}, "vocab_size=1"),
        ({"hidden_dim": 0}, "hidden_dim=0"),
        ({"sequence_length": 2.5}, "sequence_length=2.5"),
        ({"start_token": 7}, "start_token=7"),
    ],
)
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _generator(**kwargs)


def test_bad_data_is_rejected_before_tracing():
    g = _compile(_generator())
    with pytest.raises(ValueError, match=r"outside \[0, 7\).*from 0 to 9"):
        g.fit(np.array([[0, 1, 2, 3, 9]] * 4), verbose=0)
    with pytest.raises(ValueError, match="length 5.*length 6"):
        g.fit(np.zeros((4, 6), "int32"), verbose=0)
    bad = tf.data.Dataset.from_tensor_slices(np.full((8, 5), -1, "int32")).batch(4)
    with pytest.raises(ValueError, match="from -1 to -1"):
        g.fit(bad, verbose=0)
    with pytest.raises(ValueError, match="batched"):
        g.fit(tf.data.Dataset.from_tensor_slices(np.zeros((8, 5), "int32")), verbose=0)
    with pytest.raises(ValueError, match="temperature=0"):
        g.generate(3, temperature=0)
    assert g.train_function is None
