"""Training data for the adversarial base: checks, rescaling, real-batch groups.

Everything here runs eagerly in `fit`, before TensorFlow traces a step, so a
mistake in the data is a `ValueError` that names what was received.
"""

import numpy as np
import tensorflow as tf

# Images may exceed [-1, 1] by float round-off (e.g. after resizing).
RANGE_TOLERANCE = 1e-3


def shapes_agree(expected, received):
    """Whether two shapes agree, `None` matching any size."""
    return len(expected) == len(received) and all(
        a is None or b is None or a == b for a, b in zip(expected, received)
    )


def split_element(element):
    """`(samples, conditions)` of a data element (conditions may be None)."""
    if isinstance(element, (tuple, list)):
        if len(element) == 1:
            return element[0], None
        return element[0], element[1]
    return element, None


def check_sample_shape(received, expected, batched=True):
    """Raises a `ValueError` if per-example shape `received` is not `expected`."""
    received, expected = tuple(received), tuple(expected)
    if shapes_agree(expected, received):
        return
    if (
        len(received) == len(expected) - 1
        and expected[-1] == 1
        and shapes_agree(expected[:-1], received)
    ):
        raise ValueError(
            "The training images have no channel axis. Add one (e.g. "
            "`x[..., None]` or `tf.expand_dims(x, -1)`): the model expects "
            f"batches of shape (batch, {', '.join(str(d) for d in expected)}). "
            f"Received samples of shape {received}"
        )
    if batched and len(received) == len(expected) - 1 and shapes_agree(
        expected[1:], received
    ):
        raise ValueError(
            "The dataset must be batched (call `dataset.batch(n)`). Received "
            f"elements of shape {received}, model sample shape {expected}"
        )
    raise ValueError(
        "The training data's sample shape differs from the model's. Received: "
        f"data sample shape={received}, model sample shape={expected}"
    )


def check_value_range(samples, value_range):
    """Raises a `ValueError` if `samples` (NumPy) fall outside `value_range`."""
    if value_range is None or samples.size == 0:
        return
    if not (np.issubdtype(samples.dtype, np.number) or samples.dtype == bool):
        return
    low, high = value_range
    smallest, largest = float(np.min(samples)), float(np.max(samples))
    if smallest >= low - RANGE_TOLERANCE and largest <= high + RANGE_TOLERANCE:
        return
    hint = (
        " They look like 8-bit pixels: scale them with `x / 127.5 - 1`, or "
        "pass `fit(..., rescale=True)`."
        if largest > 1.5 and smallest >= 0
        else " Scale them to the generator's output range."
    )
    raise ValueError(
        f"The training images must lie in [{low:g}, {high:g}] (the generator "
        f"ends in tanh). Received values from {smallest:g} to {largest:g} "
        f"(dtype {samples.dtype}).{hint}"
    )


def rescale_uint8(samples):
    """Maps pixels in [0, 255] to [-1, 1] (float32)."""
    return tf.cast(samples, tf.float32) / 127.5 - 1.0


def first_element(dataset):
    """The dataset's first element as NumPy (a tuple stays a tuple)."""
    for element in dataset.take(1):
        return tf.nest.map_structure(lambda t: t.numpy(), element)
    return None


def static_batch_size(dataset):
    """The dataset's batch size: static, or that of its first element."""
    samples, _ = split_element(dataset.element_spec)
    size = samples.shape[0] if samples.shape.rank else None
    if size is None:
        first, _ = split_element(first_element(dataset))
        size = int(first.shape[0])
    return size


def group_batches(dataset, groups, batch_size, count=None):
    """Regroups a batched dataset into elements of `groups` batches.

    Each component of an element becomes `[batch_size, groups, ...]`: column
    `i` is the real batch of the step's `i`-th update. Rows that do not fill
    a whole group are dropped.
    """

    def regroup(*element):
        def one(t):
            t = tf.reshape(t, tf.concat([[groups, batch_size], tf.shape(t)[1:]], 0))
            perm = [1, 0] + list(range(2, t.shape.rank))
            return tf.transpose(t, perm)

        out = tuple(one(t) for t in element)
        return out if len(out) > 1 else out[0]

    grouped = dataset.unbatch().batch(batch_size * groups, drop_remainder=True)
    grouped = grouped.map(regroup, num_parallel_calls=tf.data.AUTOTUNE)
    if count is not None:
        grouped = grouped.apply(
            tf.data.experimental.assert_cardinality(count // (batch_size * groups))
        )
    return grouped


def count_rows(dataset):
    """The number of examples of a finite batched dataset (None if infinite)."""
    if dataset.cardinality() == tf.data.INFINITE_CARDINALITY:
        return None
    return int(
        dataset.reduce(
            tf.constant(0, tf.int64),
            lambda total, *element: total
            + tf.cast(tf.shape(split_element(element)[0])[0], tf.int64),
        )
    )
