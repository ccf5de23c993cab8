"""Argument checks shared by the public API.

Each check raises a `ValueError` that names the argument and the value that
was received, before TensorFlow traces anything.
"""

import numbers
import os


def check_positive_int(name, value, minimum=1):
    """Returns `value` as an int if it is an integer ≥ `minimum`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(
            f"`{name}` must be an integer >= {minimum}. Received: "
            f"{name}={value!r} (of type {type(value).__name__})"
        )
    if value < minimum:
        raise ValueError(
            f"`{name}` must be an integer >= {minimum}. Received: {name}={value}"
        )
    return int(value)


def check_image_shape(name, shape):
    """Returns `shape` as a tuple `(height, width, channels)` of positive ints."""
    try:
        shape = tuple(shape)
    except TypeError:
        raise ValueError(
            f"`{name}` must be a tuple (height, width, channels). "
            f"Received: {name}={shape!r}"
        ) from None
    if len(shape) != 3 or not all(
        isinstance(d, numbers.Integral) and not isinstance(d, bool) and d > 0
        for d in shape
    ):
        raise ValueError(
            f"`{name}` must be a tuple (height, width, channels) of positive "
            f"integers. Received: {name}={shape!r}"
        )
    return tuple(int(d) for d in shape)


def check_output_dir(name, path, overwrite):
    """Returns `path` as a string; refuses a non-empty directory unless `overwrite`."""
    path = os.fspath(path)
    if os.path.isdir(path) and os.listdir(path) and not overwrite:
        raise ValueError(
            f"`{name}` exists and is not empty; pass overwrite=True to replace it. "
            f"Received: {name}={path!r}"
        )
    return path
