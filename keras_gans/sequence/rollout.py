"""Monte Carlo rollouts for sequence GANs.

`discounted_returns` and `reinforce_loss` live in
`keras_gans.sequence.policy_gradient` (importable from here too).

A *policy* here is any object with

- `sequence_length`, `vocab_size` and `start_token` attributes;
- `initial_state(n)`: a list of state tensors `[n, ...]`;
- `step(tokens, states) -> (logits, states)`: reads the previous tokens `[n]`
  and returns the logits `[n, vocab_size]` of the next token and the new
  state;
- optionally `prefix_states(inputs)`: the states after each input of
  `inputs` `[B, L]`, a list of `[L, B, ...]` tensors (computed with `step`
  otherwise).

`keras_gans.sequence.SequenceGenerator` and `OracleLSTM` are policies.
"""

from keras import ops

from keras_gans._validation import check_positive_int
from keras_gans.sequence.policy_gradient import discounted_returns  # noqa: F401
from keras_gans.sequence.policy_gradient import reinforce_loss  # noqa: F401
from keras_gans.sequence.sampling import sample_categorical
from keras_gans.sequence.sampling import step_seed


def _prefix_states(policy, inputs):
    if hasattr(policy, "prefix_states"):
        return list(policy.prefix_states(inputs))
    states = policy.initial_state(ops.shape(inputs)[0])
    history = []
    for t in range(inputs.shape[1]):
        _, states = policy.step(inputs[:, t], states)
        history.append(states)
    return [ops.stack([s[i] for s in history]) for i in range(len(states))]


def _tile_rows(tensor, rollout_num):
    """`[G, B, ...]` -> `[G * R * B, ...]`, rows ordered (prefix, rollout, example)."""
    shape = ops.shape(tensor)
    tiled = ops.broadcast_to(
        ops.expand_dims(tensor, 1),
        (shape[0], rollout_num) + tuple(shape[1:]),
    )
    return ops.reshape(tiled, (-1,) + tuple(tensor.shape[2:]))


def monte_carlo_rollouts(policy, tokens, rollout_num, seed, temperature=1.0):
    """Completes every proper prefix of `tokens` `rollout_num` times.

    For each sequence `Y` of `tokens` `[B, T]` and each prefix length
    `g = 1 .. T - 1`, draws `rollout_num` completions `Y_1:g ~ policy` (the
    Monte Carlo search MC^G of SeqGAN's equation (4)). All `rollout_num *
    (T - 1) * B` continuations run as one batch in one graph:

    1. one teacher-forced pass of the policy over `tokens` gives the state at
       the end of every prefix;
    2. the first continuation step starts from the same state in all
       `rollout_num` completions of a prefix, so it is computed once per
       prefix and `rollout_num` tokens are drawn from its distribution;
    3. the states are then tiled `rollout_num` times and continued together;
       the loop over the remaining generation steps is unrolled at trace
       time (T is static) and at step `s` only the continuations that still
       have tokens to draw (prefixes `g <= T - 1 - s`) are computed, so the
       work is the sequential algorithm's, in `T - 1` batched steps (for
       large vocabularies the normalisers of the two-stage draw of
       `sample_categorical` are compiled by XLA);
    4. the drawn tokens are gathered into complete sequences.

    Args:
        policy: a policy (see the module docstring).
        tokens: int `[B, T]` sequences (usually the policy's own samples).
        rollout_num: the number of completions N per prefix.
        seed: a stateless RNG seed, int tensor `[2]`.
        temperature: the sampling temperature of the continuations.

    Returns:
        int32 `[T - 1, rollout_num, B, T]`: entry `[g - 1, n, b]` is the
        `n`-th completion of `tokens[b, :g]`; its first `g` tokens are the
        prefix.

    Example:

    ```python
    import tensorflow as tf
    import keras_gans

    g = keras_gans.sequence.SequenceGenerator(10, 8, 8, sequence_length=5)
    tokens = g.generate(3, seed=0)
    completions = keras_gans.sequence.monte_carlo_rollouts(
        g, tokens, rollout_num=4, seed=tf.constant([1, 2])
    )  # shape (4, 4, 3, 5)
    ```

    Reference:
        [Yu et al., 2017. SeqGAN](https://arxiv.org/abs/1609.05473),
        equations (4)-(5).
    """
    rollout_num = check_positive_int("rollout_num", rollout_num)
    length = policy.sequence_length
    prefixes = length - 1
    tokens = ops.cast(tokens, "int32")
    batch = ops.shape(tokens)[0]
    if prefixes == 0:
        return ops.zeros((0, rollout_num, batch, length), dtype="int32")
    rows_per_prefix = rollout_num * batch
    # The state S_g before reading token g - 1 is the state after reading
    # (start, y_0, ..., y_{g-2}): one pass over those T - 1 inputs gives all.
    start = ops.full((batch, 1), policy.start_token, dtype="int32")
    inputs = ops.concatenate([start, tokens[:, : prefixes - 1]], axis=1)
    states = _prefix_states(policy, inputs)  # [T - 1, B, ...]
    previous = ops.reshape(ops.transpose(tokens[:, :prefixes]), (-1,))  # y_{g-1}
    # Step 0, once per (prefix, example): [G * B, R] draws -> rows (prefix, rollout, example).
    logits, states = policy.step(
        previous, [ops.reshape(state, (-1,) + tuple(state.shape[2:])) for state in states]
    )
    first = sample_categorical(
        logits, step_seed(seed, 0), temperature, num_samples=rollout_num, jit_compile=True
    )
    previous = ops.reshape(
        ops.transpose(ops.reshape(first, (prefixes, batch, rollout_num)), (0, 2, 1)), (-1,)
    )
    states = [
        _tile_rows(ops.reshape(state, (prefixes, batch) + tuple(state.shape[1:])), rollout_num)
        for state in states
    ]
    total = prefixes * rows_per_prefix
    drawn = [previous]
    for s in range(1, prefixes):
        active = (prefixes - s) * rows_per_prefix  # prefixes g <= T - 1 - s
        previous = previous[:active]
        states = [state[:active] for state in states]
        logits, states = policy.step(previous, states)
        previous = sample_categorical(logits, step_seed(seed, s), temperature, jit_compile=True)
        drawn.append(ops.pad(previous, [[0, total - active]]))
    drawn = ops.stack(drawn, axis=1)  # [rows, T - 1]: token drawn at step s
    prefix_length = ops.arange(total, dtype="int32") // rows_per_prefix + 1
    offset = ops.arange(length, dtype="int32")[None, :] - prefix_length[:, None]
    completed = ops.take_along_axis(drawn, ops.clip(offset, 0, prefixes - 1), axis=1)
    given = ops.broadcast_to(tokens[None, None], (prefixes, rollout_num, batch, length))
    given = ops.reshape(given, (total, length))
    sequences = ops.where(offset < 0, given, completed)
    return ops.reshape(sequences, (prefixes, rollout_num, batch, length))


def rollout_rewards(policy, reward_fn, tokens, rollout_num, seed, temperature=1.0,
                    completion_reward_fn=None):
    """Action values `Q(Y_1:t-1, y_t)` of every step of `tokens`, by rollouts.

    `Q` at step `t < T` is the mean of `reward_fn` over `rollout_num`
    completions of `tokens[:, :t]` by `policy` (SeqGAN's equation (4)); at
    `t = T` it is `reward_fn(tokens)` itself. The completions of all prefixes
    are scored by one call of `reward_fn`.

    Args:
        policy: the rollout policy G_beta (see the module docstring).
        reward_fn: maps int32 sequences `[n, T]` to float rewards `[n]` (for
            SeqGAN, the discriminator's probability that they are real).
        tokens: int `[B, T]` sequences.
        rollout_num: the number of completions N per prefix.
        seed: a stateless RNG seed, int tensor `[2]`.
        temperature: the sampling temperature of the completions.
        completion_reward_fn: optional; maps `(tokens, completions)`, the
            completions `[T - 1, rollout_num, B, T]` of `monte_carlo_rollouts`,
            to their rewards `[(T - 1) * rollout_num * B]`: what `reward_fn`
            gives on them flattened, computed in a way that knows their
            shared prefixes (e.g. `SeqGAN.completion_rewards`). By default
            `reward_fn` scores the flattened completions.

    Returns:
        float32 `[B, T]` rewards (the gradient is stopped).

    Example:

    ```python
    import tensorflow as tf
    import keras_gans

    g = keras_gans.sequence.SequenceGenerator(10, 8, 8, sequence_length=5)
    tokens = g.generate(3, seed=0)
    share_of_ones = lambda x: tf.reduce_mean(tf.cast(x == 1, "float32"), axis=1)
    q = keras_gans.sequence.rollout_rewards(
        g, share_of_ones, tokens, rollout_num=8, seed=tf.constant([1, 2])
    )  # shape (3, 5)
    ```

    Reference:
        [Yu et al., 2017. SeqGAN](https://arxiv.org/abs/1609.05473),
        equation (4).
    """
    rollout_num = check_positive_int("rollout_num", rollout_num)
    tokens = ops.cast(tokens, "int32")
    batch = ops.shape(tokens)[0]
    length = policy.sequence_length
    final = ops.reshape(ops.cast(reward_fn(tokens), "float32"), (batch, 1))
    if length == 1:
        return ops.stop_gradient(final)
    completions = monte_carlo_rollouts(policy, tokens, rollout_num, seed, temperature)
    if completion_reward_fn is None:
        scores = reward_fn(ops.reshape(completions, (-1, length)))
    else:
        scores = completion_reward_fn(tokens, completions)
    scores = ops.reshape(ops.cast(scores, "float32"), (length - 1, rollout_num, batch))
    partial = ops.transpose(ops.mean(scores, axis=1))  # [B, T - 1]
    return ops.stop_gradient(ops.concatenate([partial, final], axis=1))
