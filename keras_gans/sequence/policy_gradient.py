"""The policy-gradient core shared by SeqGAN, MaskGAN and the discrete BGAN.

- `sampled_log_probs`: `log pi(x_t)` of the tokens a policy took, from its
  logits.
- `discounted_returns`: masked returns-to-go `R_t = sum_{s >= t}
  gamma^(s - t) m_s r_s`.
- Baselines: `batch_mean_baseline`, `moving_average_baseline` (an
  exponential moving average kept in a variable); a learned critic is the
  `baseline=` argument of `advantages` (its values, under stop-gradient).
- `advantages`: `clip(R_t - b_t, -c, c)` under stop-gradient, masked.
- `reinforce_loss`: `-sum_t m_t log pi(x_t) A_t` per sequence.
- `importance_weights`, `effective_sample_size`, `log_mean_exp`: the
  self-normalised weights of the boundary-seeking GAN.

All functions take and return tensors (`keras.ops`) and run inside a graph.
"""

from keras import ops


def sampled_log_probs(logits, tokens):
    """`log softmax(logits)[..., tokens]`: the log-probabilities of taken tokens.

    Args:
        logits: float `[batch, T, vocab_size]` (any leading shape).
        tokens: int `[batch, T]` the tokens taken.

    Returns:
        float32 `[batch, T]`, differentiable in `logits`.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import policy_gradient

    logits = np.zeros((1, 2, 4), "float32")
    policy_gradient.sampled_log_probs(logits, np.array([[0, 3]]))  # log(1/4) twice
    ```
    """
    log_probs = ops.log_softmax(ops.cast(logits, "float32"), axis=-1)
    index = ops.expand_dims(ops.cast(tokens, "int32"), -1)
    return ops.squeeze(ops.take_along_axis(log_probs, index, axis=-1), -1)


def check_discount(discount):
    """`discount` as a float in [0, 1], or a `ValueError` naming it."""
    if isinstance(discount, bool) or not isinstance(discount, (int, float)):
        raise ValueError(f"`discount` must be a number in [0, 1]. Received: discount={discount!r}")
    if not 0.0 <= float(discount) <= 1.0:
        raise ValueError(f"`discount` must be in [0, 1]. Received: discount={discount}")
    return float(discount)


def discounted_returns(rewards, discount=1.0, mask=None):
    """Returns-to-go `R_t = sum_{k >= t} discount^(k - t) r_k` per sequence.

    Args:
        rewards: float `[batch, T]` per-step rewards.
        discount: the discount factor gamma in `[0, 1]`.
        mask: optional `[batch, T]` weights (1 for real steps, 0 for padding);
            masked steps contribute no reward and get a return of 0.

    Returns:
        float32 `[batch, T]`.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import discounted_returns

    discounted_returns(np.array([[0.0, 0.0, 1.0]]), discount=0.5)
    # [[0.25, 0.5, 1.0]]
    ```
    """
    if not 0.0 <= float(discount) <= 1.0:
        raise ValueError(f"`discount` must be in [0, 1]. Received: discount={discount}")
    rewards = ops.cast(rewards, "float32")
    if mask is not None:
        rewards = rewards * ops.cast(mask, "float32")
    steps = ops.shape(rewards)[1]
    index = ops.arange(steps)
    lag = ops.cast(index[:, None] - index[None, :], "float32")  # [k, t]: k - t
    weights = ops.where(lag >= 0, ops.power(float(discount), ops.maximum(lag, 0.0)), 0.0)
    returns = ops.matmul(rewards, weights)
    if mask is not None:
        returns = returns * ops.cast(mask, "float32")
    return returns


def batch_mean_baseline(rewards):
    """The mean of `rewards` `[batch, T]` over the batch at each step: `[T]`."""
    return ops.mean(ops.cast(rewards, "float32"), axis=0)


def moving_average_baseline(average, rewards, decay=0.9):
    """An exponential moving average baseline kept in the variable `average`.

    Returns the current average (the baseline of this batch) and moves it:
    `average <- decay * average + (1 - decay) * mean(rewards, axis=0)`.

    Args:
        average: a float variable of shape `[T]` or `[]` (e.g. an
            `AdversarialModel.add_state` weight, so it resumes exactly).
        rewards: float `[batch, T]`.
        decay: the weight of the old average, in [0, 1).

    Returns:
        The baseline (the average before the update), float32.
    """
    # A copy of the current value (a plain read may alias the buffer that the
    # assignment below overwrites).
    baseline = ops.multiply(ops.convert_to_tensor(average), 1.0)
    batch_mean = ops.mean(ops.cast(rewards, "float32"), axis=0)
    if len(average.shape) == 0:
        batch_mean = ops.mean(batch_mean)
    average.assign(decay * baseline + (1.0 - decay) * batch_mean)
    return baseline


def advantages(returns, baseline=None, clip=None, mask=None):
    """`clip(R - b, -clip, clip)` (times `mask`), under stop-gradient.

    Args:
        returns: float `[batch, T]` returns (or action values).
        baseline: `None`, a scalar, `[T]` or `[batch, T]` values subtracted
            (a learned critic's `V_t` is passed here; no gradient flows into
            it).
        clip: `None` or a float > 0, the bound of the advantage.
        mask: optional `[batch, T]`; masked steps get an advantage of 0.

    Returns:
        float32 `[batch, T]`.
    """
    values = ops.cast(returns, "float32")
    if baseline is not None:
        values = values - ops.cast(baseline, "float32")
    if clip is not None:
        values = ops.clip(values, -float(clip), float(clip))
    if mask is not None:
        values = values * ops.cast(mask, "float32")
    return ops.stop_gradient(values)


def reinforce_loss(log_probs, rewards, baseline=None, mask=None, advantage_clip=None):
    """The REINFORCE loss of each sequence: `-sum_t m_t log p(y_t) A_t`.

    `A_t = clip(Q_t - b_t)` is treated as a constant (no gradient flows into
    the rewards or the baseline). Its gradient is the policy-gradient
    estimate of SeqGAN's equation (6) (with the rewards `Q_t` the action
    values from rollouts) and MaskGAN's actor update.

    Args:
        log_probs: float `[batch, T]`, `log G(y_t | Y_1:t-1)` of the taken
            tokens (differentiable).
        rewards: float `[batch, T]` action values or returns.
        baseline: optional float `[batch, T]`, `[T]` or scalar subtracted from
            the rewards (variance reduction). `None` (the paper) uses none.
        mask: optional `[batch, T]` weights of the steps (0 for padding).
        advantage_clip: optional bound `c`: advantages clipped to `[-c, c]`.

    Returns:
        float32 `[batch]` per-sequence losses; reduce them as the model does.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import reinforce_loss

    log_probs = np.log(np.full((2, 3), 0.5, "float32"))
    rewards = np.ones((2, 3), "float32")
    reinforce_loss(log_probs, rewards)  # [2.079, 2.079]
    ```

    Reference:
        [Williams, 1992. Simple statistical gradient-following algorithms for
        connectionist reinforcement learning](
        https://doi.org/10.1007/BF00992696); [Yu et al., 2017. SeqGAN](
        https://arxiv.org/abs/1609.05473), equations (6)-(8).
    """
    log_probs = ops.cast(log_probs, "float32")
    terms = log_probs * advantages(rewards, baseline, advantage_clip)
    if mask is not None:
        terms = terms * ops.cast(mask, "float32")
    return -ops.sum(terms, axis=-1)


def importance_weights(log_weights, axis=-1):
    """Self-normalised importance weights `softmax(log w)` along `axis`.

    Under stop-gradient: the weights are constants of the generator's update.
    They sum to 1 along `axis` and do not change when a constant is added to
    every log-weight.

    Args:
        log_weights: float `[..., M]`, e.g. a discriminator's logits
            (`log D / (1 - D)`) of M samples drawn from one latent.
        axis: the axis of the M samples.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import policy_gradient

    policy_gradient.importance_weights(np.array([[0.0, np.log(3.0)]]))  # [[0.25, 0.75]]
    ```

    Reference:
        [Hjelm et al., 2018. Boundary-Seeking Generative Adversarial
        Networks](https://arxiv.org/abs/1702.08431), section 2.3.
    """
    return ops.stop_gradient(ops.softmax(ops.cast(log_weights, "float32"), axis=axis))


def effective_sample_size(weights, axis=-1):
    """`1 / sum w^2` of normalised weights: in [1, M]."""
    weights = ops.cast(weights, "float32")
    return 1.0 / ops.sum(ops.square(weights), axis=axis)


def log_mean_exp(values, axis=None):
    """`log mean exp(values)` along `axis` (all axes when `None`), stably."""
    values = ops.cast(values, "float32")
    if axis is None:
        values = ops.reshape(values, (-1,))
        axis = 0
    count = ops.cast(ops.shape(values)[axis], "float32")
    return ops.logsumexp(values, axis=axis) - ops.log(count)


__all__ = [
    "advantages",
    "batch_mean_baseline",
    "discounted_returns",
    "effective_sample_size",
    "importance_weights",
    "log_mean_exp",
    "moving_average_baseline",
    "reinforce_loss",
    "sampled_log_probs",
]
