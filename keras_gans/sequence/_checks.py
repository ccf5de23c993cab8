"""Checks of token data, run before TensorFlow traces anything."""

import numbers

import numpy as np
import tensorflow as tf


def check_vocab_size(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 2:
        raise ValueError(
            f"`{name}` must be an integer >= 2. Received: {name}={value!r}"
        )
    return int(value)


def check_positive_float(name, value, allow_zero=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"`{name}` must be a number. Received: {name}={value!r}")
    value = float(value)
    if not np.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"`{name}` must be a finite number {bound}. Received: {name}={value}")
    return value


def check_unit_interval(name, value, closed_right=False):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"`{name}` must be a number. Received: {name}={value!r}")
    value = float(value)
    upper_ok = value <= 1 if closed_right else value < 1
    if not (value >= 0 and upper_ok):
        interval = "[0, 1]" if closed_right else "[0, 1)"
        raise ValueError(f"`{name}` must be in {interval}. Received: {name}={value}")
    return value


def check_seed(name, seed):
    if seed is None:
        return int(np.random.randint(2**31 - 1))
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"`{name}` must be an integer >= 0 or None. Received: {name}={seed!r}")
    return int(seed)


def check_tokenizer(tokenizer, vocab_size, sequence_length):
    """Checks that `tokenizer` (or None) matches a model's vocabulary and length."""
    if tokenizer is None:
        return
    size = getattr(tokenizer, "vocabulary_size", lambda: None)()
    if size != vocab_size:
        raise ValueError(
            "`tokenizer` must have `vocabulary_size() == vocab_size`. Received: "
            f"tokenizer vocabulary size={size}, vocab_size={vocab_size}"
        )
    seq_len = getattr(tokenizer, "sequence_length", None)
    if seq_len is not None and seq_len != sequence_length:
        raise ValueError(
            "`tokenizer.sequence_length` must equal `sequence_length`. "
            f"Received: tokenizer.sequence_length={seq_len}, "
            f"sequence_length={sequence_length}"
        )


def _range_error(name, low, high, vocab_size):
    return ValueError(
        f"`{name}` holds token ids outside [0, {vocab_size}). Received token ids "
        f"from {low} to {high} (vocab_size={vocab_size})"
    )


def _length_error(name, length, sequence_length):
    return ValueError(
        f"`{name}` must hold sequences of length {sequence_length} (the model's "
        f"sequence_length). Received sequences of length {length}"
    )


def check_token_array(name, tokens, vocab_size, sequence_length=None):
    """Returns `tokens` as an int32 array `[n, T]` after checking it.

    Raises `ValueError` for non-integer data, a rank other than 2, a length
    other than `sequence_length` and ids outside `[0, vocab_size)`.
    """
    try:
        array = np.asarray(tokens)
    except (ValueError, TypeError):
        raise ValueError(
            f"`{name}` must be an integer array [num_sequences, sequence_length]. "
            f"Received: {name}={tokens!r}"
        ) from None
    if not (np.issubdtype(array.dtype, np.integer) or array.size == 0):
        raise ValueError(
            f"`{name}` must hold integer token ids. Received dtype {array.dtype}"
        )
    if array.ndim != 2:
        raise ValueError(
            f"`{name}` must have shape [num_sequences, sequence_length]. Received: "
            f"{name}.shape={array.shape}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"`{name}` is empty. Received: {name}.shape={array.shape}")
    if sequence_length is not None and array.shape[1] != sequence_length:
        raise _length_error(name, array.shape[1], sequence_length)
    low, high = int(array.min()), int(array.max())
    if low < 0 or high >= vocab_size:
        raise _range_error(name, low, high, vocab_size)
    return array.astype(np.int32)


def _first(element):
    if isinstance(element, (tuple, list)):
        return element[0]
    return element


def check_token_dataset(name, dataset, vocab_size, sequence_length, max_scan_batches=None):
    """Checks a batched dataset of token ids `[batch, T]` (or `(tokens, ...)`).

    The element spec gives the length; the ids are checked by one pass of
    `tf.data` over the dataset when its cardinality is finite (over its first
    batch otherwise).
    """
    if dataset.cardinality() == 0:
        raise ValueError(f"The `{name}` dataset is empty. Received: {name}={dataset!r}")
    spec = dataset.element_spec
    if isinstance(spec, dict):
        raise ValueError(
            f"The `{name}` dataset must yield token batches (or tuples whose first "
            f"item is the tokens). Received element_spec={spec}"
        )
    spec = _first(spec)
    if not isinstance(spec, tf.TensorSpec) or not spec.dtype.is_integer:
        raise ValueError(
            f"The `{name}` dataset must yield integer token ids. Received "
            f"element_spec={dataset.element_spec}"
        )
    shape = spec.shape
    if shape.rank is not None:
        if shape.rank == 1:
            raise ValueError(
                f"The `{name}` dataset must be batched (call `dataset.batch(n)`). "
                f"Received elements of shape {tuple(shape)}"
            )
        if shape.rank != 2:
            raise ValueError(
                f"The `{name}` dataset must yield token batches of shape [batch, "
                f"sequence_length]. Received elements of shape {tuple(shape)}"
            )
        if shape[1] is not None and shape[1] != sequence_length:
            raise _length_error(name, shape[1], sequence_length)
    scanned = dataset
    if dataset.cardinality() < 0:
        scanned = dataset.take(1)
    elif max_scan_batches is not None:
        scanned = dataset.take(max_scan_batches)
    scanned = scanned.map(lambda *e: tf.cast(_first(e), tf.int64))
    big = tf.constant(np.iinfo(np.int64).max, tf.int64)
    low, high, length = scanned.reduce(
        (big, -big, tf.constant(-1, tf.int64)),
        lambda state, x: (
            tf.minimum(state[0], tf.reduce_min(x)),
            tf.maximum(state[1], tf.reduce_max(x)),
            tf.where(
                tf.logical_and(state[2] >= 0, state[2] != tf.shape(x, tf.int64)[1]),
                tf.constant(-2, tf.int64),
                tf.shape(x, tf.int64)[1],
            ),
        ),
    )
    low, high, length = int(low), int(high), int(length)
    if length == -2:
        raise ValueError(
            f"The `{name}` dataset yields batches of different sequence lengths; "
            f"the model needs length {sequence_length}"
        )
    if length >= 0 and length != sequence_length:
        raise _length_error(name, length, sequence_length)
    if low < 0 or high >= vocab_size:
        raise _range_error(name, low, high, vocab_size)


def check_token_data(name, data, vocab_size, sequence_length):
    """Checks arrays or datasets of token ids; other inputs are left to Keras."""
    if isinstance(data, tf.data.Dataset):
        check_token_dataset(name, data, vocab_size, sequence_length)
    elif isinstance(data, (tuple, list)) and data and hasattr(data[0], "shape"):
        check_token_array(name, data[0], vocab_size, sequence_length)
    elif hasattr(data, "shape") or isinstance(data, (list, tuple)):
        check_token_array(name, data, vocab_size, sequence_length)
