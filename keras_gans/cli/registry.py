"""The family registry of the `keras-gans` command.

Each family registers one `FamilyRecipe` under its name, once, in this
package (`keras_gans/cli/families.py` for gan, dcgan and conditional_gan,
`keras_gans/cli/seqgan.py` for seqgan). The commands look the recipe up by
name, from the `train` argument or from a run's `run.json`, and never branch
on the family: what differs between families (datasets, builder, optimizer
defaults, what `sample` writes, a training flow of its own) is in the recipe.

This module imports neither TensorFlow nor Keras, so that `keras-gans list`
and `--help` stay fast: the dataset table below is static (a test checks it
against `keras_gans.datasets.available()`).

Example:

```python
from keras_gans.cli.registry import FamilyRecipe, register_family

def build_wgan(settings):
    ...  # import keras and keras_gans.models here; return a compiled model

register_family(
    "my_gan",
    FamilyRecipe(
        description="my GAN for the image datasets",
        datasets=("fashion_mnist", "digits"),
        default_dataset="fashion_mnist",
        build=build_wgan,
        sample_writer=write_image_grid,  # from keras_gans.cli.families
    ),
)
```
"""

import dataclasses
import importlib
from typing import Callable
from typing import Optional

# The datasets of `keras_gans.datasets`: name -> (kind, one-line description).
# Static, so that listing them does not import TensorFlow.
DATASETS = {
    "digits": ("image", "scikit-learn's 8x8 digits, 10 classes (embedded, always present)"),
    "fashion_mnist": ("image", "Fashion-MNIST 28x28, 10 classes (apt-get install "
                      "dataset-fashion-mnist)"),
    "gaussian_1d": ("toy", "1-D Gaussian N(4, 0.5^2)"),
    "grid": ("toy", "2-D grid of 25 Gaussians at {-4,-2,0,2,4}^2, std 0.05"),
    "ring": ("toy", "2-D ring of 8 Gaussians, radius 1, std 0.01"),
}  # fmt: skip

# The modules that register the built-in families, imported on first look-up.
BUILTIN_MODULES = (
    "keras_gans.cli.families",
    "keras_gans.cli.seqgan",
    "keras_gans.cli.sequence_gans",
)

_FAMILIES = {}
_loaded = False


@dataclasses.dataclass(frozen=True)
class FamilyRecipe:
    """What the `keras-gans` command needs to know about one family.

    Args:
        description: one line for `keras-gans list`.
        datasets: the names `--dataset` accepts for this family, in the order
            `list` shows them.
        default_dataset: what `--dataset auto` (the default) trains on.
        fallback_dataset: trained on instead of `default_dataset`, with a
            note, when the default's files are not installed.
        dataset_descriptions: name -> one-line description of the datasets
            that are the family's own (not in `keras_gans.datasets`).
        build: `build(settings) -> compiled model`, where `settings` is a
            dict with `dataset`, `image_size` (None for the dataset's own),
            `latent_dim`, `seed`, `learning_rate` and `beta_1`. It imports
            Keras and the models inside, never at module level.
        learning_rate: the default `--learning-rate` of both optimizers
            (`None` for a family with a `train` of its own and its own
            optimizers).
        beta_1: the default `--beta-1` of both (Adam) optimizers, or `None`.
        batch_size: the default `--batch-size`.
        epochs: the default `--epochs` (`None`: the family's `train` decides).
        latent_dim: the default `--latent-dim`.
        with_labels: whether the training data are `(samples, labels)`.
        grid_samples: samples in the per-epoch picture of a run.
        sample_writer: `sample_writer(model, args, stem) -> [paths]` writes
            `keras-gans sample`'s files (`stem` is the output path without
            its extension) and returns their paths.
        sample_options: `sample` options (argparse names) the family takes
            beyond `--count`, `--seed` and `--out`, e.g. `("temperature",)`.
        train: `train(args)` for a family with a training flow of its own;
            `None` trains `build`'s model with `fit` on the dataset.
        add_arguments: `add_arguments(parser)` adds the family's own `train`
            options (e.g. as an argument group).
        options: the argparse names of those options (their default must be
            `None`); giving one to another family is an error.
        evaluate: `evaluate(args, run)` replaces `keras-gans evaluate` for
            the family's runs (`run` is the run's `run.json` record); `None`
            computes the image/vector metrics of `keras_gans.metrics`.
    """

    description: str
    datasets: tuple
    default_dataset: str
    sample_writer: Callable
    fallback_dataset: Optional[str] = None
    dataset_descriptions: dict = dataclasses.field(default_factory=dict)
    build: Optional[Callable] = None
    learning_rate: Optional[float] = 2e-4
    beta_1: Optional[float] = 0.5
    batch_size: int = 128
    epochs: Optional[int] = 5
    latent_dim: Optional[int] = None
    with_labels: bool = False
    grid_samples: int = 64
    sample_options: tuple = ()
    train: Optional[Callable] = None
    add_arguments: Optional[Callable] = None
    options: tuple = ()
    evaluate: Optional[Callable] = None

    def __post_init__(self):
        if not isinstance(self.description, str) or not self.description:
            raise ValueError(
                f"`description` must be a non-empty string. Received: {self.description!r}"
            )
        datasets = tuple(self.datasets)
        if not datasets or not all(isinstance(d, str) and d for d in datasets):
            raise ValueError(
                f"`datasets` must be a non-empty sequence of names. Received: {self.datasets!r}"
            )
        object.__setattr__(self, "datasets", datasets)
        for name in ("default_dataset", "fallback_dataset"):
            value = getattr(self, name)
            if value is not None and value not in datasets:
                raise ValueError(
                    f"`{name}` must be one of `datasets` {list(datasets)}. Received: "
                    f"{name}={value!r}"
                )
        unknown = [d for d in datasets if d not in DATASETS and d not in self.dataset_descriptions]
        if unknown:
            raise ValueError(
                f"`datasets` {unknown} are neither in keras_gans.datasets ({list(DATASETS)}) "
                "nor described in `dataset_descriptions`"
            )
        if self.build is None and self.train is None:
            raise ValueError("A recipe needs a `build` function, or a `train` function of its own")
        for name in ("build", "sample_writer", "train", "add_arguments", "evaluate"):
            value = getattr(self, name)
            if value is not None and not callable(value):
                raise ValueError(f"`{name}` must be callable or None. Received: {value!r}")

    def describe_dataset(self, name):
        """The one-line description of dataset `name`."""
        if name in self.dataset_descriptions:
            return self.dataset_descriptions[name]
        return DATASETS[name][1]


def register_family(name, recipe):
    """Registers `recipe` as the `keras-gans` recipe of family `name`.

    Args:
        name: the family name used on the command line, e.g. `"dcgan"`.
        recipe: a `FamilyRecipe`.

    Raises:
        ValueError: if `name` is registered already (a family registers
            once) or `recipe` is not a `FamilyRecipe`.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"`name` must be a snake_case identifier. Received: name={name!r}")
    if not isinstance(recipe, FamilyRecipe):
        raise ValueError(f"`recipe` must be a FamilyRecipe. Received: recipe={recipe!r}")
    if name in _FAMILIES:
        raise ValueError(f"Family {name!r} is registered already; a family registers once.")
    _FAMILIES[name] = recipe
    return recipe


def _load_builtin_families():
    global _loaded
    if not _loaded:
        _loaded = True
        for module in BUILTIN_MODULES:
            importlib.import_module(module)


def families():
    """The registered recipes, `{name: FamilyRecipe}`, in registration order."""
    _load_builtin_families()
    return dict(_FAMILIES)


def get_family(name):
    """The recipe of family `name`; `KeyError` (naming the choices) if unknown."""
    _load_builtin_families()
    if name not in _FAMILIES:
        raise KeyError(f"unknown family {name!r}; choose from: {', '.join(_FAMILIES)}")
    return _FAMILIES[name]
