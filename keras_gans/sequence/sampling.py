"""Sampling from a sequence policy, and scoring sequences under it.

- `sample_categorical`: one token per row of logits, with a stateless seed.
- `step_seed`: the stateless seed of each step of a draw.
- `compiled_sampler`, `generate_tokens`: a policy's `sample_tokens` compiled
  once into one graph, and the (optionally chunked) draw of
  `SequenceGenerator.generate`.
- `mean_nll`: the mean negative log-likelihood per token of sequences under a
  policy (`SequenceGenerator.nll`).

`keras_gans.sequence.SequenceGenerator` and the rollouts of
`keras_gans.sequence.rollout` sample with these functions.
"""

import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._validation import check_positive_int
from keras_gans.sequence import _checks


def sample_categorical(logits, seed, temperature=1.0):
    """Draws one token per row of `logits` with a stateless `seed` `[2]`.

    Args:
        logits: float `[n, vocab_size]` unnormalised log-probabilities.
        seed: an int tensor of shape `[2]` (a stateless RNG seed).
        temperature: divides the logits; below 1 sharpens the distribution.

    Returns:
        int32 `[n]` token ids.
    """
    logits = ops.cast(logits, "float32") / ops.cast(temperature, "float32")
    draws = tf.random.stateless_categorical(logits, 1, seed, dtype=tf.int32)
    return draws[:, 0]


def step_seed(seed, step):
    """The stateless seed of step `step` of a draw seeded with `seed`."""
    return tf.random.experimental.stateless_fold_in(seed, step)


def compiled_sampler(policy):
    """`policy.sample_tokens(n, seed, temperature)` as a `tf.function`.

    The function is built once per policy and kept in its `_sample_function`
    attribute: a closure per model (not the shared method), so that
    tf.function counts traces per model and does not warn about retracing.
    """
    if policy._sample_function is None:
        policy._sample_function = tf.function(
            lambda n, seed, temperature: policy.sample_tokens(n, seed, temperature),
            input_signature=[
                tf.TensorSpec([], tf.int32),
                tf.TensorSpec([2], tf.int64),
                tf.TensorSpec([], tf.float32),
            ],
        )
    return policy._sample_function


def generate_tokens(policy, n, seed, temperature, batch_size=None):
    """Samples `n` sequences of `policy` in its compiled graph: NumPy `[n, T]`.

    The arguments are checked already: `n` an int >= 1, `seed` an int >= 0,
    `temperature` a float > 0 and `batch_size` an int >= 1 or `None`. All
    sequences are drawn at once with the seed `[seed, 0]`, or in chunks of
    `batch_size`, chunk `i` with the seed `[seed, i + 1]`.
    """
    sampler = compiled_sampler(policy)
    base = tf.constant([seed, 0], tf.int64)
    temperature = tf.constant(temperature, tf.float32)
    if batch_size is None or batch_size >= n:
        return sampler(tf.constant(n, tf.int32), base, temperature).numpy()
    chunks = []
    for i, start in enumerate(range(0, n, batch_size)):
        count = min(batch_size, n - start)
        chunk_seed = tf.constant([seed, i + 1], tf.int64)
        chunks.append(sampler(tf.constant(count, tf.int32), chunk_seed, temperature))
    return np.concatenate([c.numpy() for c in chunks])


def mean_nll(policy, tokens, batch_size=1000):
    """Mean negative log-likelihood per token of `tokens` under `policy`.

    `policy` needs `vocab_size`, `sequence_length` and `token_log_probs`; the
    compiled scoring function is kept in its `_nll_function` attribute.
    """
    tokens = _checks.check_token_array(
        "sequences", tokens, policy.vocab_size, policy.sequence_length
    )
    batch_size = check_positive_int("batch_size", batch_size)
    function = getattr(policy, "_nll_function", None)
    if function is None:
        spec = tf.TensorSpec([None, policy.sequence_length], tf.int32)

        def total(batch):
            return -ops.sum(ops.cast(policy.token_log_probs(batch), "float64"))

        function = tf.function(total, input_signature=[spec])
        policy._nll_function = function
    total = 0.0
    for start in range(0, len(tokens), batch_size):
        total += float(function(tf.constant(tokens[start : start + batch_size])))
    return total / tokens.size
