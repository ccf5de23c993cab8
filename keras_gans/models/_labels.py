"""Class-label conditions shared by the class-conditional families."""

import tensorflow as tf


class ClassLabels:
    """Mixin: conditions are int class ids in `[0, num_classes)`.

    Gives a family the condition hooks of `AdversarialModel` for class
    labels: `condition_spec`, `unpack_data` (labels flattened to int32),
    `check_conditions` and `default_conditions`. The family sets
    `self.num_classes`.
    """

    @property
    def condition_spec(self):
        """One example's condition: an int32 class id named `label`."""
        return tf.TensorSpec([], tf.int32, name="label")

    def unpack_data(self, data):
        real, labels = super().unpack_data(data)
        return real, tf.cast(tf.reshape(labels, [-1]), tf.int32)

    def check_conditions(self, conditions):
        """Labels must be integer class ids in `[0, num_classes)`."""
        if not conditions.dtype.is_integer:
            raise ValueError(
                "The labels must be integer class ids. Received: label dtype="
                f"{conditions.dtype.name}"
            )
        message = f"The labels must lie in [0, num_classes={self.num_classes})"
        return [
            tf.debugging.assert_non_negative(conditions, message=message),
            tf.debugging.assert_less(
                conditions, tf.cast(self.num_classes, conditions.dtype), message=message
            ),
        ]

    def default_conditions(self, count):
        """The `sample` signature's labels: `0, 1, ..., num_classes - 1` in turn."""
        return tf.range(count, dtype=tf.int32) % self.num_classes
