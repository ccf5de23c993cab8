"""keras_gans: classic GAN families as Keras models trained with `fit`.

Subpackages are imported on first use (`keras_gans.models`, ...), so that
`import keras_gans` and the `keras-gans --help` command stay fast and
`keras_gans.losses` does not pull in TensorFlow Text. Every public class can
still be loaded from a `.keras` file after `import keras_gans`: as soon as
Keras is imported (before or after this package) a lazy entry for each class
is registered with it (see `_registry`).
"""

import importlib
import importlib.abc
import importlib.util
import sys

__version__ = "0.1.0"

_SUBPACKAGES = (
    "augment",
    "callbacks",
    "datasets",
    "export",
    "layers",
    "losses",
    "metrics",
    "models",
    "sampling",
    "saving",
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


class _RegisterWhenKerasLoads(importlib.abc.MetaPathFinder):
    """Registers keras_gans' classes with Keras right after Keras is imported."""

    def find_spec(self, name, path=None, target=None):
        if name != "keras":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec("keras")
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_and_register(module):
            exec_module(module)
            from keras_gans import _registry  # noqa: F401

        spec.loader.exec_module = exec_and_register
        return spec


if "keras" in sys.modules:  # Keras is loaded already: registering costs nothing.
    from keras_gans import _registry  # noqa: F401
elif not any(isinstance(f, _RegisterWhenKerasLoads) for f in sys.meta_path):
    sys.meta_path.insert(0, _RegisterWhenKerasLoads())
