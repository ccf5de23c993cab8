import itertools

import keras
import numpy as np
import pytest
import tensorflow as tf
from scipy import stats

from keras_gans.sequence import OracleLSTM
from keras_gans.sequence import SeqGAN
from keras_gans.sequence import SequenceDiscriminator
from keras_gans.sequence import SequenceGenerator
from keras_gans.sequence import discounted_returns
from keras_gans.sequence import monte_carlo_rollouts
from keras_gans.sequence import reinforce_loss
from keras_gans.sequence import rollout_rewards
from keras_gans.sequence import sampling

SEED = tf.constant([3, 4], tf.int64)


def _share_of(token):
    return lambda x: tf.reduce_mean(tf.cast(tf.equal(x, token), tf.float32), axis=1)


def test_completions_keep_their_prefix_and_have_the_right_shape():
    g = SequenceGenerator(9, 4, 8, sequence_length=6)
    tokens = g.generate(3, seed=0)
    completions = monte_carlo_rollouts(g, tokens, 5, SEED).numpy()
    assert completions.shape == (5, 5, 3, 6) and completions.dtype == np.int32
    for g_len in range(1, 6):
        prefix = completions[g_len - 1, :, :, :g_len]
        np.testing.assert_array_equal(prefix, np.broadcast_to(tokens[:, :g_len], prefix.shape))
    # Continuations differ between rollouts (they are sampled, not copied).
    assert len({tuple(c) for c in completions[0, :, 0]}) > 1


def test_rewards_shape_and_last_step_is_the_reward_of_the_full_sequence():
    g = SequenceGenerator(9, 4, 8, sequence_length=6)
    tokens = g.generate(4, seed=1)
    reward_fn = _share_of(2)
    rewards = rollout_rewards(g, reward_fn, tokens, 3, SEED).numpy()
    assert rewards.shape == (4, 6) and rewards.dtype == np.float32
    np.testing.assert_allclose(rewards[:, -1], reward_fn(tokens).numpy())


def test_rewards_estimate_the_expected_final_reward():
    # A policy that ignores history and draws token 1 with probability 0.5:
    # Q(prefix of length g) = (ones in the prefix + 0.5 (T - g)) / T.
    g = SequenceGenerator(4, 3, 3, sequence_length=6)
    g.output_kernel.assign(np.zeros((3, 4), "float32"))
    g.output_bias.assign(np.log(np.array([1, 3, 1, 1], "float32")))
    tokens = np.array([[1, 1, 1, 0, 0, 0], [0, 2, 1, 3, 1, 0]], "int32")
    rewards = rollout_rewards(g, _share_of(1), tokens, 600, SEED).numpy()
    ones = np.cumsum(tokens == 1, axis=1)[:, :-1]
    expected = (ones + 0.5 * (6 - np.arange(1, 6))) / 6
    np.testing.assert_allclose(rewards[:, :-1], expected, atol=0.02)
    np.testing.assert_allclose(rewards[:, -1], (tokens == 1).mean(1))


def test_continuations_follow_the_policy_given_the_prefix():
    # A history-dependent policy (a tiny oracle, weights N(0, 4)): the
    # completions of every prefix must follow its conditional distribution.
    oracle = OracleLSTM.random(3, 4, 4, sequence_length=4, seed=3)
    oracle.set_parameters({k: 2 * v for k, v in oracle.parameters().items()})
    everything = np.array(list(itertools.product(range(3), repeat=4)), "int32")
    joint = np.exp(oracle.log_prob(everything).numpy().astype("float64")).reshape((3,) * 4)
    tokens = np.array([[0, 2, 1, 1], [2, 1, 0, 2], [1, 1, 2, 0]], "int32")
    rollouts = 4000
    completions = monte_carlo_rollouts(oracle, tokens, rollouts, SEED).numpy()
    for b, sequence in enumerate(tokens):
        for prefix in (1, 2, 3):
            rest = completions[prefix - 1, :, b, prefix:]
            cells = 3 ** (4 - prefix)
            counts = np.bincount(rest @ 3 ** np.arange(3 - prefix, -1, -1), minlength=cells)
            expected = joint[tuple(sequence[:prefix])].ravel()
            expected = expected / expected.sum()
            assert stats.chisquare(counts, expected * rollouts).pvalue > 1e-4, (b, prefix)


def test_reinforce_raises_the_probability_of_a_rewarded_token():
    g = SequenceGenerator(4, 3, 4, sequence_length=1)
    optimizer = keras.optimizers.SGD(0.5)

    def probability_of_two():
        return float(tf.nn.softmax(g(np.zeros((1, 1), "int32"))[0, 0])[2])

    before = probability_of_two()
    for step in range(15):
        tokens = g.sample_tokens(64, tf.constant([step, 0], tf.int64))
        rewards = tf.cast(tf.equal(tokens, 2), tf.float32)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(reinforce_loss(g.token_log_probs(tokens), rewards))
        optimizer.apply_gradients(zip(tape.gradient(loss, g.trainable_variables),
                                      g.trainable_variables))
    after = probability_of_two()
    assert before < 0.4 and after > 0.7, (before, after)


def test_reinforce_loss_values_baseline_mask_and_no_gradient_into_rewards():
    log_probs = tf.constant([[-1.0, -2.0, -3.0]])
    rewards = tf.Variable([[1.0, 0.5, 2.0]])
    with tf.GradientTape() as tape:
        loss = reinforce_loss(log_probs, rewards, baseline=0.5, mask=[[1, 1, 0]])
    np.testing.assert_allclose(loss.numpy(), [-(-1.0 * 0.5 + -2.0 * 0.0)])
    assert tape.gradient(loss, rewards) is None
    np.testing.assert_allclose(reinforce_loss(log_probs, rewards).numpy(), [8.0])


def test_discounted_returns():
    rewards = np.array([[1.0, 0.0, 2.0, 1.0], [0.5, 0.5, 0.5, 0.5]], "float32")
    gamma = 0.9
    expected = np.zeros_like(rewards)
    running = np.zeros(2)
    for t in reversed(range(4)):
        running = rewards[:, t] + gamma * running
        expected[:, t] = running
    np.testing.assert_allclose(discounted_returns(rewards, gamma).numpy(), expected, rtol=1e-6)
    mask = np.array([[1, 1, 1, 1], [1, 1, 0, 0]], "float32")
    masked = discounted_returns(rewards, gamma, mask=mask).numpy()
    np.testing.assert_allclose(masked[1], [0.5 + 0.45, 0.5, 0, 0], rtol=1e-6)
    with pytest.raises(ValueError, match="discount=1.5"):
        discounted_returns(rewards, 1.5)


def test_rollout_num_must_be_positive():
    g = SequenceGenerator(4, 3, 3, sequence_length=3)
    with pytest.raises(ValueError, match="rollout_num=0"):
        monte_carlo_rollouts(g, np.zeros((1, 3), "int32"), 0, SEED)
    with pytest.raises(ValueError, match="num_samples=0"):
        sampling.sample_categorical(np.zeros((2, 3), "float32"), SEED, num_samples=0)


@pytest.mark.parametrize(
    "vocab,temperature,num_samples,jit_compile",
    [(2000, 1.0, None, False), (2003, 0.7, None, False), (2000, 1.0, 8, True),
     (2003, 0.7, 8, True), (300, 0.7, 8, False)],
)
def test_blocked_sampling_of_a_large_vocabulary_draws_from_the_softmax(
    vocab, temperature, num_samples, jit_compile
):
    # Past BLOCKED_SAMPLING_MIN_VOCAB: 2,000 is cut into blocks of 40, the
    # prime 2,003 into blocks of 48 with a padded last block (300 is drawn in
    # one stage). The draw must match softmax(logits / T), here concentrated
    # on 40 tokens, the last 5 of them in the last block; with `num_samples`
    # each row gives that many draws, with `jit_compile` XLA computes the
    # blocks' normalisers.
    rows = 40_000
    assert (vocab >= sampling.BLOCKED_SAMPLING_MIN_VOCAB) == (vocab > 300)
    assert (vocab % sampling._block_size(vocab) == 0) == (vocab != 2003)
    rng = np.random.default_rng(0)
    logits = np.full(vocab, -30.0, "float32")
    hot = np.concatenate([rng.choice(vocab - 10, 35, replace=False), np.arange(vocab - 5, vocab)])
    logits[hot] = rng.normal(0.0, 1.0, hot.size)
    tiled = tf.tile(logits[None], [rows // (num_samples or 1), 1])

    def draw(seed):
        return sampling.sample_categorical(
            tiled, seed, temperature, num_samples=num_samples, jit_compile=jit_compile
        ).numpy().ravel()

    draws = draw(SEED)
    if num_samples:
        draws = draws.reshape(rows // num_samples, num_samples)
        # The draws of one row are independent: not repeated across its columns.
        assert (draws[:, 1:] != draws[:, :1]).mean() > 0.5
        draws = draws.ravel()
    if jit_compile:  # XLA's normalisers differ from the kernels' by rounding only.
        plain = sampling.sample_categorical(tiled, SEED, temperature, num_samples=num_samples)
        assert (plain.numpy().ravel() == draws).mean() > 0.99
    assert draws.shape == (rows,)
    assert draws.dtype == np.int32 and draws.min() >= 0 and draws.max() < vocab
    assert set(np.unique(draws)) <= set(hot.tolist())
    scaled = logits[hot].astype("float64") / temperature
    expected = np.exp(scaled - scaled.max())
    observed = np.array([(draws == h).sum() for h in hot])
    assert observed.sum() == rows
    assert stats.chisquare(observed, expected / expected.sum() * rows).pvalue > 1e-3
    # Seeded: the same seed gives the same draws, another seed others.
    np.testing.assert_array_equal(draws, draw(SEED))
    assert (draw(tf.constant([5, 6], tf.int64)) != draws).mean() > 0.5


def test_bfloat16_rewards_match_float32_rewards():
    # SeqGAN(precision="bfloat16") scores rollouts with D's inner layers in
    # bfloat16 (its logit in float32): same weights, same completions, the
    # rewards may differ by bfloat16 rounding only.
    def build(precision):
        keras.utils.set_random_seed(0)
        g = SequenceGenerator(30, 8, 16, sequence_length=8)
        d = SequenceDiscriminator(30, 8, embedding_dim=16, filter_sizes=(2, 3, 8),
                                  num_filters=(16, 16, 8))
        model = SeqGAN(g, d, rollout_num=4, seed=0, precision=precision)
        model.compile(g_optimizer="adam", d_optimizer="adam")
        return model

    full, half = build("float32"), build("bfloat16")
    assert half.compute_precision == "bfloat16"
    layers = {layer.name: layer for layer in half.discriminator._flatten_layers()}
    assert layers["conv_2"].compute_dtype == "bfloat16"
    assert layers["conv_2"].kernel.dtype == "float32"
    assert layers["logit"].compute_dtype == "float32"
    tokens = full.generate(64, seed=1)
    rewards = [
        rollout_rewards(m.generator, m.reward, tokens, 4, SEED).numpy() for m in (full, half)
    ]
    assert rewards[1].dtype == np.float32
    assert not np.array_equal(rewards[0], rewards[1])  # bfloat16 did compute
    np.testing.assert_allclose(rewards[1], rewards[0], atol=0.02)
    assert abs(rewards[1].mean() - rewards[0].mean()) < 2e-3
