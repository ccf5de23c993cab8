"""MaskGAN, its masks and its seq2seq networks (the family kit covers the rest)."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import sequence
from keras_gans.sequence import mask_sequences

VOCAB, LENGTH = 7, 6
KW = dict(embedding_dim=4, hidden_dim=8, num_layers=1, sequence_length=LENGTH)


def _maskgan(**overrides):
    kwargs = {"seed": 2, "discount": 0.5, "advantage_clip": 5.0, **overrides}
    return sequence.MaskGAN(
        sequence.SequenceToSequenceGenerator(VOCAB, **KW),
        sequence.SequenceToSequenceDiscriminator(VOCAB, **KW),
        sequence.SequenceToSequenceCritic(VOCAB, **KW),
        **kwargs,
    )


def _compile(model):
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3)
    )
    return model


def _data(n=32):
    return np.random.default_rng(0).integers(0, VOCAB, (n, LENGTH)).astype("int32")


# --------------------------------------------------------------------- masks


def test_contiguous_masks_one_span_of_the_papers_length():
    tokens = np.zeros((200, 20), "int32")
    mask = mask_sequences(tokens, "contiguous", 0.5, seed=0).numpy()
    missing = ~mask
    assert np.all(missing.sum(axis=1) == int(0.5 * 20) - 1)
    assert not missing[:, 0].any()  # the span starts at a position >= 1
    starts = missing.argmax(axis=1)
    for row, start in zip(missing, starts):  # one contiguous span
        assert row[start:start + 9].all()
    assert len(set(starts.tolist())) > 5  # the start is random
    assert starts.max() <= 20 - 9
    np.testing.assert_array_equal(mask, mask_sequences(tokens, "contiguous", 0.5, seed=0))


def test_random_masks_keep_the_present_rate():
    mask = mask_sequences(np.zeros((500, 20), "int32"), "random", 0.3, seed=1).numpy()
    assert abs(mask.mean() - 0.3) < 0.03


@pytest.mark.parametrize("rate", [0.0, 1.0, -0.5, 1.5, "half"])
def test_present_rate_outside_the_open_unit_interval(rate):
    with pytest.raises(ValueError, match="present_rate"):
        mask_sequences(np.zeros((2, 20), "int32"), present_rate=rate, seed=0)
    with pytest.raises(ValueError, match="present_rate"):
        _maskgan(present_rate=rate)


def test_bad_strategy_and_tokens():
    with pytest.raises(ValueError, match="strategy"):
        mask_sequences(np.zeros((2, 20), "int32"), "prefix", seed=0)
    with pytest.raises(ValueError, match="tokens"):
        mask_sequences(np.zeros((20,), "int32"), seed=0)


# ---------------------------------------------------------------------- fill


def test_fill_keeps_every_present_token_and_changes_only_missing_ones():
    generator = sequence.SequenceToSequenceGenerator(VOCAB, **KW)
    tokens = _data(64)
    mask = mask_sequences(tokens, "random", 0.5, seed=3).numpy()
    changed = np.zeros_like(mask)
    for seed in range(3):
        filled = generator.fill(tokens, mask, seed=seed)
        assert filled.shape == tokens.shape and filled.dtype == np.int32
        np.testing.assert_array_equal(filled[mask], tokens[mask])
        changed |= filled != tokens
    assert not changed[mask].any()
    assert changed[~mask].mean() > 0.5  # missing tokens are sampled (V = 7)
    np.testing.assert_array_equal(generator.fill(tokens, mask, seed=0),
                                  generator.fill(tokens, mask, seed=0))


def test_fill_bad_inputs():
    generator = sequence.SequenceToSequenceGenerator(VOCAB, **KW)
    tokens = _data(4)
    with pytest.raises(ValueError, match="mask"):
        generator.fill(tokens, np.ones((4, LENGTH - 1), bool))
    with pytest.raises(ValueError, match="vocab"):
        generator.fill(tokens + VOCAB, np.ones((4, LENGTH), bool))


# ------------------------------------------------------- objectives by hand


def test_returns_and_advantages_by_hand():
    model = _compile(_maskgan(discount=0.5, advantage_clip=1.0))
    mask = np.array([[True, False, True, False]])
    logits = np.array([[9.0, 0.0, -3.0, np.log(3.0)]], "float32")
    # r_t = log D_t on missing positions: log(1/2) at t=1, log(3/4) at t=3.
    r1, r3 = np.log(0.5), np.log(0.75)
    rewards, returns = model.returns(logits, mask)
    np.testing.assert_allclose(rewards.numpy(), [[0, r1, 0, r3]], rtol=1e-6)
    np.testing.assert_allclose(returns.numpy(), [[0, r1 + 0.25 * r3, 0, r3]], rtol=1e-6)

    values = np.array([[5.0, -2.0, 7.0, 0.0]], "float32")
    log_probs = np.log(np.array([[0.1, 0.5, 0.2, 0.25]], "float32"))
    loss = model.generator_objective(log_probs, returns, values, mask).numpy()
    advantage = np.clip([r1 + 0.25 * r3 + 2.0, r3], -1.0, 1.0)  # [1.0, r3]
    expected = -(np.log(0.5) * advantage[0] + np.log(0.25) * advantage[1])
    np.testing.assert_allclose(loss, [expected], rtol=1e-6)


def test_critic_and_discriminator_losses_ignore_present_positions():
    model = _compile(_maskgan())
    rng = np.random.default_rng(0)
    mask = rng.random((5, LENGTH)) < 0.5
    mask[:, 0] = False
    real, fake, values, returns = (rng.normal(size=(5, LENGTH)).astype("float32")
                                   for _ in range(4))
    shifted = [np.where(mask, x + rng.normal(size=x.shape).astype("float32") * 10, x)
               for x in (real, fake, values, returns)]
    np.testing.assert_allclose(model.discriminator_objective(real, fake, mask),
                               model.discriminator_objective(shifted[0], shifted[1], mask))
    np.testing.assert_allclose(model.critic_objective(values, returns, mask),
                               model.critic_objective(shifted[2], shifted[3], mask))
    # ... and they do depend on missing positions.
    assert not np.allclose(model.critic_objective(values, returns, mask),
                           model.critic_objective(values + 1.0, returns, mask))
    # By hand: the critic's loss is the mean squared error over missing positions.
    missing = ~mask
    expected = ((values - returns) ** 2 * missing).sum(1) / missing.sum(1)
    np.testing.assert_allclose(model.critic_objective(values, returns, mask), expected,
                               rtol=1e-5)


# ---------------------------------------------------------- model and errors


@pytest.mark.parametrize("discount", [-0.1, 1.1])
def test_discount_outside_the_unit_interval(discount):
    with pytest.raises(ValueError, match="discount"):
        _maskgan(discount=discount)


def test_mismatched_networks_and_bad_data():
    other = dict(KW, sequence_length=LENGTH + 1)
    with pytest.raises(ValueError, match="sequence_length"):
        sequence.MaskGAN(
            sequence.SequenceToSequenceGenerator(VOCAB, **KW),
            sequence.SequenceToSequenceDiscriminator(VOCAB, **other),
            sequence.SequenceToSequenceCritic(VOCAB, **KW),
        )
    with pytest.raises(ValueError, match="generator"):
        sequence.MaskGAN(
            sequence.SequenceGenerator(VOCAB, 4, 8, sequence_length=LENGTH),
            sequence.SequenceToSequenceDiscriminator(VOCAB, **KW),
            sequence.SequenceToSequenceCritic(VOCAB, **KW),
        )
    model = _compile(_maskgan())
    with pytest.raises(ValueError, match="vocab"):
        model.fit(_data() + VOCAB, batch_size=8)
    with pytest.raises(ValueError, match="vocab"):
        model.pretrain_generator(_data() + VOCAB, batch_size=8)
    assert model.train_function is None


def test_pretraining_and_a_step_train_every_player():
    model = _compile(_maskgan(d_steps=2))
    history = model.pretrain_generator(_data(16), batch_size=8, verbose=0).history
    assert set(history) == {"mle_loss"} and np.isfinite(history["mle_loss"][0])
    history = model.pretrain_discriminator(_data(16), batch_size=8, verbose=0).history
    assert set(history) == {"d_loss", "d_real", "d_fake"}
    assert int(model.d_optimizer.iterations) == 2 and int(model.g_optimizer.iterations) == 0
    history = model.fit(_data(16), batch_size=8, verbose=0).history  # one step
    assert set(history) == set(model.metric_names())
    assert all(np.isfinite(v[-1]) for v in history.values())
    assert history["reward"][-1] < 0  # log D
    iterations = {p: int(o.iterations) for p, o in model.optimizers.items()}
    assert iterations == {"generator": 1, "discriminator": 4, "critic": 1}


def test_fill_text_export_keeps_the_given_characters(tmp_path):
    from keras_gans.text import TextTokenizer

    poems = ["白日依山尽黄", "河入海流欲穷"]
    tokenizer = TextTokenizer(split="character", sequence_length=LENGTH)
    tokenizer.adapt(poems)
    vocab = tokenizer.vocabulary_size()
    generator = sequence.SequenceToSequenceGenerator(vocab, tokenizer=tokenizer, **KW)
    model = sequence.MaskGAN(
        generator,
        sequence.SequenceToSequenceDiscriminator(vocab, **KW),
        sequence.SequenceToSequenceCritic(vocab, **KW),
    )
    from keras_gans.export import export

    path = export(model, str(tmp_path / "saved"))
    loaded = tf.saved_model.load(path)
    assert {"fill", "fill_text", "serving_default"} <= set(loaded.signatures)
    out = loaded.signatures["fill_text"](
        text=tf.constant(["白日__尽黄"]), seed=tf.constant(0, tf.int64),
        temperature=tf.constant(1.0),
    )
    text = out["text"].numpy()[0].decode("utf-8")
    assert text[:2] == "白日" and text[4:6] == "尽黄" and "_" not in text
    ids = tokenizer(["白日依山尽黄"]).numpy()
    np.testing.assert_array_equal(out["tokens"].numpy()[0, [0, 1, 4, 5]], ids[0, [0, 1, 4, 5]])
