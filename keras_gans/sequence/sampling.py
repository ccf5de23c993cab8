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

import math

import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._validation import check_positive_int
from keras_gans.sequence import _checks

# Vocabularies at least this large are sampled in two stages (see
# `sample_categorical`); smaller ones in one call of the categorical op.
BLOCKED_SAMPLING_MIN_VOCAB = 1024


def _block_size(vocab_size):
    """The block length of a two-stage draw: about sqrt(V) tokens.

    A divisor of V within a factor 2 of sqrt(V) if there is one (no padding:
    the closest to sqrt(V), the larger of two equally close), else
    sqrt(V) rounded up to a multiple of 8 (the last block padded).
    """
    root = math.sqrt(vocab_size)
    divisors = [d for d in range(math.ceil(root / 2), math.floor(2 * root) + 1)
                if vocab_size % d == 0]
    if divisors:
        return min(divisors, key=lambda d: (abs(math.log(d / root)), -d))
    return 8 * math.ceil(root / 8)


# The log-sum-exp of each block as one XLA computation, which fuses the
# max, subtraction, exponential and sum that are separate passes over the
# logits otherwise (the SeqGAN rollouts at the paper's sizes took 1.27 s
# instead of 1.58 s on a 2-core CPU; `benchmarks/RESULTS.md`).
_compiled_block_logsumexp = tf.function(
    lambda blocks: tf.reduce_logsumexp(blocks, axis=-1), jit_compile=True, reduce_retracing=True
)


def sample_categorical(logits, seed, temperature=1.0, num_samples=None, jit_compile=False):
    """Draws tokens from each row of `logits` with a stateless `seed` `[2]`.

    For vocabularies of `BLOCKED_SAMPLING_MIN_VOCAB` tokens or more the draw
    is exact but in two stages: the vocabulary is cut into blocks of about
    sqrt(V) tokens, a block is drawn with probability its share of the
    softmax mass (the log-sum-exp of its logits, computed with vectorised
    kernels), then a token within that block (blocks of a divisor of V when
    one is near sqrt(V), else padded with -inf). P(block) * P(token | block) is
    the softmax, so the distribution is the one-stage draw's, while the
    categorical op, which exponentiates every logit in double precision one
    at a time, sees 2 sqrt(V) logits per row instead of V (1.7x faster for
    V = 5,000 on a 2-core CPU; `benchmarks/RESULTS.md`). The two stages use
    seeds folded from `seed`, so the draws differ from the one-stage op's
    for the same seed, as any two samplers' would.

    Args:
        logits: float `[n, vocab_size]` unnormalised log-probabilities.
        seed: an int tensor of shape `[2]` (a stateless RNG seed).
        temperature: divides the logits; below 1 sharpens the distribution.
        num_samples: `None` for one token per row, or the number of
            independent draws from each row (the normalisation of a row is
            then computed once for all its draws).
        jit_compile: whether the block log-sum-exps of a two-stage draw are
            computed by XLA, which fuses their kernels (the rollouts of
            `monte_carlo_rollouts` use it). The draws are the same up to
            float rounding.

    Returns:
        int32 `[n]` token ids, or `[n, num_samples]` if `num_samples` is set.
    """
    count = 1 if num_samples is None else check_positive_int("num_samples", num_samples)
    logits = ops.cast(logits, "float32") / ops.cast(temperature, "float32")
    vocab_size = logits.shape[-1]
    if vocab_size is None or vocab_size < BLOCKED_SAMPLING_MIN_VOCAB:
        draws = tf.random.stateless_categorical(logits, count, seed, dtype=tf.int32)
    else:
        block = _block_size(vocab_size)
        blocks = -(-vocab_size // block)
        padded = logits
        if blocks * block > vocab_size:
            padded = tf.pad(logits, [[0, 0], [0, blocks * block - vocab_size]],
                            constant_values=-math.inf)
        padded = tf.reshape(padded, (-1, blocks, block))
        if jit_compile:
            block_logits = _compiled_block_logsumexp(padded)  # [n, blocks]
        else:
            block_logits = tf.reduce_logsumexp(padded, axis=-1)
        chosen = tf.random.stateless_categorical(
            block_logits, count, step_seed(seed, 0), dtype=tf.int32
        )  # [n, count]
        within = tf.reshape(tf.gather(padded, chosen, batch_dims=1), (-1, block))
        offset = tf.random.stateless_categorical(within, 1, step_seed(seed, 1), dtype=tf.int32)
        draws = chosen * block + tf.reshape(offset, (-1, count))
    return draws[:, 0] if num_samples is None else draws


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
