"""keras_gans: classic GAN families as Keras models trained with `fit`.

Subpackages are imported on first use (`keras_gans.models`, ...), so that
`import keras_gans` and the `keras-gans --help` command stay fast and
`keras_gans.losses` does not pull in TensorFlow Text. Every public class can
still be loaded from a `.keras` file after `import keras_gans`: the package
registers a lazy entry for each class with Keras (see `_registry`).
"""

import importlib
import sys

__version__ = "0.1.0"

_SUBPACKAGES = (
    "callbacks",
    "datasets",
    "export",
    "layers",
    "losses",
    "metrics",
    "models",
    "sampling",
    "sequence",
    "text",
)

__all__ = [*_SUBPACKAGES, "__version__"]


def __getattr__(name):
    if name in _SUBPACKAGES:
        module = importlib.import_module(f"keras_gans.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'keras_gans' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBPACKAGES))


if "keras" in sys.modules:  # Keras is loaded already: registering costs nothing.
    from keras_gans import _registry  # noqa: F401
