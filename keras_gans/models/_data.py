"""Training data of `AdversarialModel`: checks, rescaling, real-batch groups.

Everything here runs eagerly in `fit`, before TensorFlow traces a step, so a
mistake in the data is a `ValueError` that names what was received.
"""

import numpy as np
import tensorflow as tf

from keras_gans._validation import check_positive_int

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


def check_8bit_range(samples):
    """Raises a `ValueError` unless `samples` (NumPy) lie in [0, 255].

    `fit(..., rescale=True)` maps [0, 255] to [-1, 1]; data already scaled
    (negative values) would be silently squeezed near -1.
    """
    if samples.size == 0 or not np.issubdtype(samples.dtype, np.number):
        return
    smallest, largest = float(np.min(samples)), float(np.max(samples))
    if smallest < 0 or largest > 255:
        raise ValueError(
            "`rescale=True` maps 8-bit pixels in [0, 255] to [-1, 1]. Received "
            f"values from {smallest:g} to {largest:g}: pass data already in [-1, 1] "
            "without `rescale`."
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
            lambda total, element: total
            + tf.cast(tf.shape(split_element(element)[0])[0], tf.int64),
        )
    )


class TrainingData:
    """`fit` and the data checks (mixed into `AdversarialModel`)."""

    @property
    def sample_shape(self):
        """The shape of one training sample (without the batch axis)."""
        raise NotImplementedError(f"{type(self).__name__} must define `sample_shape`.")

    @property
    def conditional(self):
        """Whether the family trains on `(samples, conditions)`."""
        return self.condition_spec is not None

    @property
    def sample_range(self):
        """The value range training samples must lie in: `[-1, 1]` for images."""
        return (-1.0, 1.0) if len(self.sample_shape) == 3 else None

    def check_conditions(self, conditions):
        """Checks a batch of conditions with `tf.debugging` asserts (a hook).

        Runs eagerly on arrays and on a dataset's first batch (a failure is a
        `ValueError`) and inside the input pipeline for later batches.
        Returns the assert ops (graph mode) or nothing.
        """
        return []

    def fit(self, x=None, y=None, batch_size=None, rescale=False, **kwargs):
        """`keras.Model.fit`, after checking and preparing the data.

        The data is samples, or `(samples, conditions)` for conditional
        families, as arrays or a batched `tf.data.Dataset`. With `d_steps >
        1` it is regrouped so each step takes `d_steps` real batches
        (`group_real_batches`). Every mismatch raises a `ValueError` before
        any graph is traced.

        Args:
            x, y, batch_size: as in `keras.Model.fit`.
            rescale: `True` maps 8-bit images in [0, 255] to [-1, 1]
                (`x / 127.5 - 1`) before training; by default images outside
                [-1, 1] are refused.
            **kwargs: the rest of `keras.Model.fit`'s arguments.

        Speed: a `tf.data.Dataset` reaches Keras with its autotuning model
        off (`without_autotune_model`), because with TensorFlow 2.21 deleting
        an autotuned iterator, at the end of every `fit` and of every epoch
        of finite data, often blocks until the autotuner's next wake-up
        (10 ms after the iterator's creation, then at doubling intervals up
        to 60 s), which can make a short `fit` or epoch take up to twice as
        long. A dataset whose options set `autotune.enabled` is left as it
        is; arrays are batched by Keras as usual.
        """
        if not getattr(self, "optimizers", None):
            raise ValueError(
                f"Call `compile(...)` before `fit`: {type(self).__name__} has no optimizers."
            )
        shuffle = kwargs.pop("shuffle", True)
        if isinstance(x, tf.data.Dataset):
            shuffle = False  # A dataset shuffles itself.
        elif x is not None and hasattr(x, "shape") and rescale:
            check_8bit_range(np.asarray(x))
            x = np.asarray(rescale_array(x))
        if rescale and isinstance(x, tf.data.Dataset):
            first, _ = split_element(first_element(x))
            if first is not None:
                check_8bit_range(first)
            x = x.map(_rescale_element, num_parallel_calls=tf.data.AUTOTUNE)
        self.check_training_data(x, y)
        if isinstance(x, tf.data.Dataset) and self.condition_spec is not None:
            x = x.map(self._checked_element, num_parallel_calls=tf.data.AUTOTUNE)
        if x is not None and self.real_batches_per_step > 1 and not self._is_grouped(x):
            if not isinstance(x, tf.data.Dataset) and y is not None:
                x, y = tf.data.Dataset.from_tensor_slices((x, y)), None
                x = _shuffled_batches(x, len(x), shuffle, batch_size)
            x = self.group_real_batches(x, batch_size=batch_size, shuffle=shuffle)
            batch_size = None
        if isinstance(x, tf.data.Dataset):
            batch_size, shuffle = None, False
            x = without_autotune_model(x)
        self.choose_compiler(x, y, batch_size, kwargs)
        return super().fit(x, y, batch_size=batch_size, shuffle=shuffle, **kwargs)

    def _is_grouped(self, x):
        if not isinstance(x, tf.data.Dataset):
            return False
        samples, _ = split_element(x.element_spec)
        return samples.shape.rank == len(self.sample_shape) + 2

    def _checked_element(self, *element):
        _, conditions = split_element(element)
        checks = [c for c in (self.check_conditions(conditions) or []) if c is not None]
        with tf.control_dependencies(checks):
            element = tf.nest.map_structure(tf.identity, element)
        return element if len(element) > 1 else element[0]

    def group_real_batches(self, x, batch_size=None, shuffle=True):
        """The data as a dataset of `d_steps` real batches per step.

        Each component of an element is `[batch_size, d_steps, ...]`: column
        `i` is the real batch of the step's `i`-th discriminator update.
        Examples that do not fill a whole group are dropped (per epoch,
        after shuffling).

        Args:
            x: an array of samples or a batched dataset (its batches are
                regrouped; the batch size is the dataset's static batch size
                or that of its first batch).
            batch_size: the real batch size of arrays (default 32, as in
                `fit`); ignored for datasets.
            shuffle: shuffle arrays before each epoch.

        Returns:
            A `tf.data.Dataset`.
        """
        groups = self.real_batches_per_step
        if isinstance(x, tf.data.Dataset):
            if self._is_grouped(x):
                return x
            batch_size = static_batch_size(x)
            count = count_rows(x)
        else:
            batch_size = check_positive_int("batch_size", 32 if batch_size is None else batch_size)
            count = len(x)
            x = _shuffled_batches(tf.data.Dataset.from_tensor_slices(x), count, shuffle, batch_size)
        if count is not None and count < batch_size * groups:
            raise ValueError(
                f"One step needs batch_size * d_steps = {batch_size * groups} examples, "
                f"but the data has {count}. Received: batch_size={batch_size}, "
                f"d_steps={groups}"
            )
        return group_batches(x, groups, batch_size, count)

    def check_training_data(self, x, y=None):
        """Raises `ValueError` if the data does not fit the model (a hook)."""
        if isinstance(x, tf.data.Dataset):
            if x.cardinality() == 0:
                raise ValueError(f"The training dataset is empty. Received: x={x!r}")
            spec = x.element_spec
            if isinstance(spec, dict):
                raise ValueError(
                    "The dataset must yield `x` or `(x, conditions)` tuples. Received "
                    f"element_spec={spec}"
                )
            sample_spec, condition_spec = split_element(spec)
            grouped = self._is_grouped(x)
            if grouped and sample_spec.shape[1] != self.real_batches_per_step:
                raise ValueError(
                    "A dataset of grouped batches [batch, groups, ...] must have one group "
                    f"per discriminator step. Received groups={sample_spec.shape[1]}, "
                    f"d_steps={self.real_batches_per_step}"
                )
            if sample_spec.shape.rank is not None:
                check_sample_shape(
                    tuple(sample_spec.shape)[2 if grouped else 1:], self.sample_shape
                )
            first = first_element(x)
            samples, conditions = split_element(first)
            check_value_range(samples, self.sample_range)
            self._check_condition_values(condition_spec is not None, conditions)
        elif x is not None and hasattr(x, "shape"):
            if len(x) == 0:
                raise ValueError(f"The training data is empty. Received: x.shape={x.shape}")
            check_sample_shape(tuple(x.shape[1:]), self.sample_shape, batched=False)
            check_value_range(np.asarray(x), self.sample_range)
            self._check_condition_values(y is not None, None if y is None else np.asarray(y))

    def _check_condition_values(self, present, conditions):
        name = type(self).__name__
        if present and self.condition_spec is None:
            raise ValueError(
                f"{name} is unconditional, but the data has labels or conditions (it "
                "yields `(x, y)`). Pass the samples alone, or use a conditional family "
                "such as ConditionalGAN."
            )
        if not present and self.condition_spec is not None:
            raise ValueError(
                f"{name} trains on `(x, {self.condition_spec.name})`: the data has no "
                f"{self.condition_spec.name}s (no labels or conditions). Pass `fit(x, y)` "
                "or a dataset of `(samples, conditions)`."
            )
        if conditions is not None:
            try:
                self.check_conditions(tf.convert_to_tensor(conditions))
            except tf.errors.InvalidArgumentError as error:
                message = error.message.split("\n")[0].rstrip(". ")
                values = np.asarray(conditions)
                if values.size and np.issubdtype(values.dtype, np.number):
                    message += f". Received values from {values.min()} to {values.max()}"
                raise ValueError(message) from None


def rescale_array(x):
    """8-bit images `[0, 255]` as float32 in `[-1, 1]` (a new array)."""
    return np.asarray(x, dtype="float32") / 127.5 - 1.0


def _rescale_element(*element):
    samples, conditions = split_element(element)
    samples = rescale_uint8(samples)
    return samples if len(element) == 1 else (samples, conditions)


def without_autotune_model(dataset):
    """`dataset` with tf.data's autotuning model off, unless its options set it.

    `num_parallel_calls=tf.data.AUTOTUNE` then runs as many calls as the
    input pipeline has threads and `prefetch(tf.data.AUTOTUNE)` keeps its
    own buffer autotuning; what goes is the background thread that re-plans
    the pipeline, whose wake-up the deletion of an iterator waits for (see
    `TrainingData.fit`).
    """
    if dataset.options().autotune.enabled is not None:
        return dataset
    options = tf.data.Options()
    options.autotune.enabled = False
    return dataset.with_options(options)


def _shuffled_batches(dataset, count, shuffle, batch_size):
    if shuffle:
        dataset = dataset.shuffle(count, reshuffle_each_iteration=True)
    return dataset.batch(32 if batch_size is None else batch_size)
