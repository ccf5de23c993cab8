"""The package's one serialization decorator."""

import keras

PACKAGE = "keras_gans"


def register(cls):
    """Registers `cls` with Keras serialization under the `keras_gans` package.

    Every public class of the library goes through this decorator, so that a
    `.keras` file that contains it loads without `custom_objects`.
    """
    return keras.saving.register_keras_serializable(package=PACKAGE)(cls)
