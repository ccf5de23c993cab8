"""MaskGAN's masks: which tokens of a sequence are given (True) or missing."""

import numbers

import numpy as np
import tensorflow as tf

STRATEGIES = ("contiguous", "random")


def check_present_rate(present_rate):
    if isinstance(present_rate, bool) or not isinstance(present_rate, numbers.Real):
        raise ValueError(
            f"`present_rate` must be a number in (0, 1). Received: present_rate={present_rate!r}"
        )
    if not 0.0 < float(present_rate) < 1.0:
        raise ValueError(f"`present_rate` must be in (0, 1). Received: present_rate={present_rate}")
    return float(present_rate)


def check_strategy(strategy):
    if strategy not in STRATEGIES:
        raise ValueError(f"`strategy` must be one of {STRATEGIES}. Received: strategy={strategy!r}")
    return strategy


def missing_span_length(sequence_length, present_rate):
    """The contiguous span's length: `int((1 - present_rate) * T) - 1`."""
    length = int((1.0 - present_rate) * sequence_length) - 1
    if length < 1:
        raise ValueError(
            "A contiguous mask must leave at least one token missing: "
            "int((1 - present_rate) * T) - 1 >= 1. Received: "
            f"present_rate={present_rate}, sequence length T={sequence_length}"
        )
    return length


def _stateless_seed(seed):
    if seed is None:
        seed = int(np.random.randint(2**31 - 1))
    if isinstance(seed, numbers.Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(f"`seed` must be an integer >= 0. Received: seed={seed}")
        return tf.constant([int(seed), 0], tf.int64)
    return tf.cast(seed, tf.int64)


def mask_sequences(tokens, strategy="contiguous", present_rate=0.5, seed=None):
    """MaskGAN's masks of `tokens` `[batch, T]`: True where a token is present.

    - `"contiguous"`: one span of `int((1 - present_rate) * T) - 1` missing
      tokens per sequence, starting uniformly at a position in
      `[1, T - span]` (the first token is always given).
    - `"random"`: each position is present with probability `present_rate`.

    Runs inside a graph: `seed` may be a stateless seed tensor `[2]`.

    Args:
        tokens: int `[batch, T]` (only its shape is used).
        strategy: `"contiguous"` or `"random"`.
        present_rate: the rate of present tokens, in (0, 1).
        seed: an int, a stateless seed tensor `[2]`, or `None`.

    Returns:
        bool `[batch, T]`, True where the token is present.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import mask_sequences

    mask = mask_sequences(np.zeros((2, 20), "int32"), "contiguous", 0.5, seed=0)
    # each row: 9 False in a row, starting at position >= 1
    ```

    Reference:
        [Fedus, Goodfellow & Dai, 2018. MaskGAN: Better Text Generation via
        Filling in the ______](https://arxiv.org/abs/1801.07736), section 3.
    """
    strategy = check_strategy(strategy)
    present_rate = check_present_rate(present_rate)
    if not tf.is_tensor(tokens):
        tokens = np.asarray(tokens)
    if len(tokens.shape) != 2:
        raise ValueError(
            f"`tokens` must have shape [batch, T]. Received: tokens.shape={tuple(tokens.shape)}"
        )
    seed = _stateless_seed(seed)
    shape = tf.shape(tokens)
    batch, length = shape[0], tokens.shape[1]
    if length is None:
        raise ValueError("`tokens` must have a static length T.")
    if strategy == "random":
        return tf.random.stateless_uniform([batch, length], seed) < present_rate
    span = missing_span_length(length, present_rate)
    start = tf.random.stateless_uniform(
        [batch, 1], seed, minval=1, maxval=length - span + 1, dtype=tf.int32
    )
    position = tf.range(length, dtype=tf.int32)[None, :]
    return tf.logical_not(tf.logical_and(position >= start, position < start + span))
