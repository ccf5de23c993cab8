import itertools
import os
import pathlib

import keras
import numpy as np
import pytest
from scipy import stats

from keras_gans.sequence import OracleLSTM

SHARED = pathlib.Path(
    os.environ.get(
        "KERAS_GANS_SHARED_DATA",
        pathlib.Path(__file__).resolve().parents[3] / "shared" / "data",
    )
)
GATES = ("i", "f", "o", "c")


def _parameters(vocab, emb, hidden, seed):
    rng = np.random.default_rng(seed)
    p = {"embedding": rng.normal(size=(vocab, emb)), "W_out": rng.normal(size=(hidden, vocab)),
         "b_out": rng.normal(size=vocab)}
    for g in GATES:
        p[f"W_{g}"] = rng.normal(size=(emb, hidden))
        p[f"U_{g}"] = rng.normal(size=(hidden, hidden))
        p[f"b_{g}"] = rng.normal(size=hidden)
    return {k: v.astype("float32") for k, v in p.items()}


def _numpy_log_probs(p, sequences, start_token=0):
    """The README's equations, written out gate by gate in float64."""
    p = {k: v.astype("float64") for k, v in p.items()}
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    n, length = sequences.shape
    hidden = p["U_i"].shape[0]
    h, c = np.zeros((n, hidden)), np.zeros((n, hidden))
    previous = np.full(n, start_token)
    log_probs = np.zeros((n, length))
    for t in range(length):
        x = p["embedding"][previous]
        i = sigmoid(x @ p["W_i"] + h @ p["U_i"] + p["b_i"])
        f = sigmoid(x @ p["W_f"] + h @ p["U_f"] + p["b_f"])
        o = sigmoid(x @ p["W_o"] + h @ p["U_o"] + p["b_o"])
        candidate = np.tanh(x @ p["W_c"] + h @ p["U_c"] + p["b_c"])
        c = f * c + i * candidate
        h = o * np.tanh(c)
        logits = h @ p["W_out"] + p["b_out"]
        logits = logits - logits.max(axis=1, keepdims=True)
        log_softmax = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        log_probs[:, t] = log_softmax[np.arange(n), sequences[:, t]]
        previous = sequences[:, t]
    return log_probs


def _oracle(vocab=30, emb=6, hidden=5, length=7, seed=3):
    params = _parameters(vocab, emb, hidden, seed)
    oracle = OracleLSTM(vocab, emb, hidden, sequence_length=length)
    return oracle.set_parameters(params), params


def test_nll_equals_numpy_on_fixed_sequences():
    oracle, params = _oracle()
    sequences = np.random.default_rng(0).integers(0, 30, size=(64, 7))
    expected = -_numpy_log_probs(params, sequences).mean()
    np.testing.assert_allclose(oracle.nll(sequences, batch_size=20), expected, rtol=1e-5)
    np.testing.assert_allclose(
        oracle.log_prob(sequences).numpy(), _numpy_log_probs(params, sequences).sum(1),
        rtol=1e-4,
    )


@pytest.mark.skipif(not (SHARED / "seqgan_oracle.npz").is_file(), reason="no shared data")
def test_paper_oracle_matches_numpy_and_its_reference_numbers():
    oracle = OracleLSTM.from_npz(SHARED / "seqgan_oracle.npz")
    assert (oracle.vocab_size, oracle.embedding_dim, oracle.hidden_dim) == (5000, 32, 32)
    with np.load(SHARED / "seqgan_oracle.npz") as data:
        params = dict(data)
    sequences = np.random.default_rng(1).integers(0, 5000, size=(40, 20))
    np.testing.assert_allclose(
        oracle.nll(sequences), -_numpy_log_probs(params, sequences).mean(), rtol=1e-5
    )
    # The README's reference points: own samples ~5.75, uniform tokens ~11.44.
    own = oracle.nll(oracle.sample(500, seed=0))
    assert 5.5 < own < 6.0, own
    assert abs(oracle.nll(np.random.default_rng(2).integers(0, 5000, (500, 20))) - 11.44) < 0.1


def test_samples_follow_the_oracle_distribution():
    oracle, params = _oracle(vocab=3, emb=4, hidden=4, length=3, seed=5)
    everything = np.array(list(itertools.product(range(3), repeat=3)))
    probabilities = np.exp(_numpy_log_probs(params, everything).sum(1))
    np.testing.assert_allclose(probabilities.sum(), 1.0, rtol=1e-6)
    samples = oracle.sample(20_000, seed=11)
    assert samples.dtype == np.int32 and samples.shape == (20_000, 3)
    counts = np.bincount(samples @ np.array([9, 3, 1]), minlength=27)
    assert stats.chisquare(counts, probabilities * len(samples)).pvalue > 1e-3
    np.testing.assert_array_equal(samples[:50], oracle.sample(50, seed=11))
    # A wrong distribution (uniform) is rejected by the same test.
    assert stats.chisquare(counts, np.full(27, len(samples) / 27)).pvalue < 1e-6


def test_random_oracle_is_seeded_and_frozen():
    a = OracleLSTM.random(40, 4, 4, sequence_length=5, seed=1)
    b = OracleLSTM.random(40, 4, 4, sequence_length=5, seed=1)
    c = OracleLSTM.random(40, 4, 4, sequence_length=5, seed=2)
    np.testing.assert_array_equal(a.embeddings.numpy(), b.embeddings.numpy())
    assert not np.allclose(a.embeddings.numpy(), c.embeddings.numpy())
    assert 0.8 < a.embeddings.numpy().std() < 1.2  # N(0, 1), as the paper.
    assert a.trainable_weights == []


def test_npz_config_and_keras_round_trips(tmp_path):
    oracle, params = _oracle()
    np.savez(tmp_path / "oracle.npz", **params)
    loaded = OracleLSTM.from_npz(tmp_path / "oracle.npz", sequence_length=7)
    sequences = np.random.default_rng(0).integers(0, 30, size=(8, 7))
    assert loaded.nll(sequences) == pytest.approx(oracle.nll(sequences), rel=1e-6)
    for key, value in loaded.parameters().items():
        np.testing.assert_array_equal(value, params[key])
    assert OracleLSTM.from_config(oracle.get_config()).get_config() == oracle.get_config()
    oracle.save(tmp_path / "oracle.keras")
    restored = keras.saving.load_model(tmp_path / "oracle.keras")
    assert type(restored) is OracleLSTM
    assert restored.nll(sequences) == pytest.approx(oracle.nll(sequences), rel=1e-6)


def test_bad_inputs():
    oracle, _ = _oracle()
    with pytest.raises(ValueError, match=r"outside \[0, 30\).*from 0 to 30"):
        oracle.nll(np.array([[0, 1, 2, 3, 4, 5, 30]]))
    with pytest.raises(ValueError, match="length 7.*length 5"):
        oracle.nll(np.zeros((2, 5), "int32"))
    with pytest.raises(ValueError, match="integer token ids"):
        oracle.nll(np.zeros((2, 7), "float32"))
    with pytest.raises(ValueError, match=r"lacks the arrays \['b_out'\]"):
        oracle.set_parameters({k: v for k, v in _parameters(30, 6, 5, 0).items() if k != "b_out"})
    with pytest.raises(ValueError, match="path="):
        OracleLSTM.from_npz("/nonexistent/oracle.npz")
    with pytest.raises(ValueError, match="n=0"):
        oracle.sample(0)
