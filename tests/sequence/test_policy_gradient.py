"""The shared policy-gradient core against hand-computed values."""

import numpy as np
import pytest
import tensorflow as tf

from keras_gans.sequence import policy_gradient as pg


def test_sampled_log_probs_by_hand():
    logits = np.array([[[0.0, np.log(3.0)], [np.log(2.0), np.log(2.0)]]], "float32")
    tokens = np.array([[1, 0]])
    np.testing.assert_allclose(
        pg.sampled_log_probs(logits, tokens).numpy(), [[np.log(0.75), np.log(0.5)]], rtol=1e-6
    )


def test_masked_discounted_returns_by_hand():
    rewards = np.array([[1.0, 2.0, 3.0, 4.0]], "float32")
    mask = np.array([[0, 1, 0, 1]], "float32")
    gamma = 0.5
    # R_t = sum_{s >= t} gamma^(s - t) m_s r_s, then zero where m_t = 0.
    expected = [[0.0, 2.0 + 0.25 * 4.0, 0.0, 4.0]]
    returns = pg.discounted_returns(rewards, gamma, mask).numpy()
    np.testing.assert_allclose(returns, expected, rtol=1e-6)
    unmasked = pg.discounted_returns(rewards, gamma).numpy()
    np.testing.assert_allclose(
        unmasked, [[1 + 1 + 0.75 + 0.5, 2 + 1.5 + 1.0, 3 + 2.0, 4.0]], rtol=1e-6
    )


@pytest.mark.parametrize("discount", [-0.1, 1.5])
def test_discount_outside_the_unit_interval(discount):
    with pytest.raises(ValueError, match="discount"):
        pg.discounted_returns(np.zeros((1, 2)), discount)
    with pytest.raises(ValueError, match="discount"):
        pg.check_discount(discount)


def test_advantages_clip_and_mask_by_hand():
    returns = np.array([[10.0, 1.0, -10.0]], "float32")
    values = np.array([[1.0, 2.0, 1.0]], "float32")
    mask = np.array([[1, 1, 0]], "float32")
    adv = pg.advantages(returns, values, clip=5.0, mask=mask).numpy()
    np.testing.assert_allclose(adv, [[5.0, -1.0, 0.0]])


def test_reinforce_loss_with_mask_and_clip_by_hand():
    log_probs = np.log(np.array([[0.5, 0.25, 0.5]], "float32"))
    rewards = np.array([[8.0, 1.0, 3.0]], "float32")
    mask = np.array([[1, 1, 0]], "float32")
    loss = pg.reinforce_loss(log_probs, rewards, baseline=1.0, mask=mask, advantage_clip=5.0)
    expected = -(np.log(0.5) * 5.0 + np.log(0.25) * 0.0)
    np.testing.assert_allclose(loss.numpy(), [expected], rtol=1e-6)


def test_no_gradient_flows_into_rewards_or_baseline():
    log_probs = tf.Variable([[-1.0, -2.0]])
    rewards = tf.Variable([[1.0, 2.0]])
    baseline = tf.Variable([0.5, 0.5])
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(pg.reinforce_loss(log_probs, rewards, baseline))
    g_lp, g_r, g_b = tape.gradient(loss, [log_probs, rewards, baseline])
    np.testing.assert_allclose(g_lp.numpy(), [[-0.5, -1.5]])
    assert g_r is None and g_b is None


def test_baselines():
    rewards = np.array([[1.0, 2.0], [3.0, 6.0]], "float32")
    np.testing.assert_allclose(pg.batch_mean_baseline(rewards).numpy(), [2.0, 4.0])
    average = tf.Variable([1.0, 1.0])
    baseline = pg.moving_average_baseline(average, rewards, decay=0.75)
    np.testing.assert_allclose(baseline.numpy(), [1.0, 1.0])
    np.testing.assert_allclose(average.numpy(), [0.75 + 0.5, 0.75 + 1.0])
    # The same inside a graph (the read is ordered before the assignment).
    in_graph = tf.Variable([1.0, 1.0])
    baseline = tf.function(lambda r: pg.moving_average_baseline(in_graph, r, 0.75))(rewards)
    np.testing.assert_allclose(baseline.numpy(), [1.0, 1.0])
    np.testing.assert_allclose(in_graph.numpy(), [1.25, 1.75])


def test_importance_weights_properties():
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(4, 7)).astype("float32")
    w = pg.importance_weights(logits).numpy()
    np.testing.assert_allclose(w.sum(axis=-1), np.ones(4), rtol=1e-6)
    np.testing.assert_allclose(pg.importance_weights(logits + 3.7).numpy(), w, rtol=1e-5)
    np.testing.assert_allclose(
        pg.importance_weights(np.full((2, 5), 1.3, "float32")).numpy(), np.full((2, 5), 0.2)
    )
    ess = pg.effective_sample_size(w).numpy()
    assert np.all(ess >= 1.0 - 1e-5) and np.all(ess <= 7.0 + 1e-5)
    np.testing.assert_allclose(pg.effective_sample_size(np.full((1, 5), 0.2)).numpy(), [5.0])
    np.testing.assert_allclose(
        pg.effective_sample_size(np.array([[1.0, 0.0, 0.0]])).numpy(), [1.0]
    )
    # By hand: weights w = D / (1 - D) = exp(logit), normalised.
    np.testing.assert_allclose(
        pg.importance_weights(np.array([[0.0, np.log(3.0)]])).numpy(), [[0.25, 0.75]],
        rtol=1e-6,
    )


def test_log_mean_exp():
    values = np.log(np.array([1.0, 2.0, 3.0, 6.0], "float32"))
    np.testing.assert_allclose(float(pg.log_mean_exp(values)), np.log(3.0), rtol=1e-6)
