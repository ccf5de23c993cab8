"""`load()` / `load_arrays()`: one entry point for all bundled datasets."""

import math
import numbers
import os

import numpy as np
import tensorflow as tf

from keras_gans.datasets import _captioned
from keras_gans.datasets import _edges
from keras_gans.datasets import _images
from keras_gans.datasets import _toys

_TOY_KWARGS = {"num_samples": 10000, "seed": 0}
DATASETS = {
    "digits": {"kind": "image", "shape": (8, 8, 1), "num_classes": 10,
               "kwargs": {"image_size": None}},
    "fashion_mnist": {"kind": "image", "shape": (28, 28, 1), "num_classes": 10,
                      "kwargs": {"image_size": None}},
    "gaussian_1d": {"kind": "toy", "shape": (1,), "num_classes": 1,
                    "kwargs": {"mean": 4.0, "std": 0.5, **_TOY_KWARGS}},
    "grid": {"kind": "toy", "shape": (2,), "num_classes": 25,
             "kwargs": {"std": 0.05, **_TOY_KWARGS}},
    "ring": {"kind": "toy", "shape": (2,), "num_classes": 8,
             "kwargs": {"num_modes": 8, "radius": 1.0, "std": 0.01, **_TOY_KWARGS}},
}  # fmt: skip


def available():
    """Returns the sorted list of single-domain dataset names of `load()`.

    `load()` also accepts "fashion_edges", the paired image-to-image data,
    and "captioned_fashion", the captioned text-to-image data.
    """
    return sorted(DATASETS)


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check(name, split, with_labels, path, kwargs, kind=None):
    """Validates every argument; returns `(name, kwargs with defaults)`."""
    valid = [n for n in available() if kind in (None, DATASETS[n]["kind"])]
    key = name.replace("-", "_") if isinstance(name, str) else None
    if key not in valid:
        raise ValueError(f"Unknown dataset `name`={name!r}. Valid names: {valid}.")
    if not isinstance(split, str) or split not in ("train", "test"):
        raise ValueError(f'`split` must be "train" or "test". Received: {split!r}')
    if not isinstance(with_labels, (bool, np.bool_)):
        raise ValueError(f"`with_labels` must be a bool. Received: {with_labels!r}")
    defaults = DATASETS[key]["kwargs"]
    if unknown := sorted(set(kwargs) - set(defaults)):
        raise ValueError(
            f"Unexpected keyword argument(s) {unknown} for dataset {key!r}. "
            f"Accepted: {sorted(defaults)}."
        )
    kw = {**defaults, **kwargs}
    size = kw.get("image_size")
    if size is not None and not (_is_int(size) and size >= 8):
        raise ValueError(f"`image_size` must be an int >= 8. Received: {size!r}")
    for arg, low in (("num_samples", 1), ("num_modes", 1), ("seed", 0)):
        if arg in kw and not (_is_int(kw[arg]) and kw[arg] >= low):
            raise ValueError(f"`{arg}` must be an int >= {low}. Received: {kw[arg]!r}")
    for arg in ("mean", "radius", "std"):
        value = kw.get(arg, 0.0)
        ok = isinstance(value, numbers.Real) and not isinstance(value, bool)
        if not (ok and math.isfinite(value) and (arg == "mean" or value >= 0)):
            sign = "" if arg == "mean" else " non-negative"
            raise ValueError(
                f"`{arg}` must be a finite{sign} number. Received: {value!r}"
            )
    if path is not None and not os.path.isdir(path):
        raise FileNotFoundError(f"`path` directory does not exist: {path!r}")
    return key, kw


def _raw(name, split, path, kw):
    """Returns `(x, y, scale)`: uint8 images with `scale`, or toys with None."""
    if name == "fashion_mnist":
        return (*_images.fashion_mnist_arrays(split, path), 127.5)
    if name == "digits":
        return (*_images.digits_arrays(split), 8.0)
    return (*_toys.sample_toy(name, split, **kw), None)


def load(name, split="train", with_labels=False, path=None, **kwargs):
    """Loads a dataset as an unbatched `tf.data.Dataset`. Never downloads.

    Images are float32 `[H, W, C]` in `[-1, 1]`; toys are float32 vectors of
    shape `[2]` ("ring", "grid") or `[1]` ("gaussian_1d").

    "fashion_edges" yields `(edges, garment)` pairs (plus the garment's label
    with `with_labels=True`), both float32 `[28, 28, 1]` at Fashion-MNIST's
    native 28×28: the edge map is the garment's Sobel magnitude
    (`tf.image.sobel_edges`) above 0.2 of the image's largest, as `{-1, +1}`.
    Its keyword arguments are `paired=True` and `seed=0`: with
    `paired=False` the train split's two domains are shuffled independently
    (for unpaired image-to-image training such as CycleGAN); the test split
    always keeps the true pairs, so unpaired models can be scored against
    them. Deterministic for a given `seed`.

    "captioned_fashion" yields dicts: `image` (float32 `[s, s, 3]` in
    `[-1, 1]`, `s = image_size`, default 32), `caption` (a string),
    `box` (float32 `[4]`, keras-cv `"rel_yxyx"`), `keypoints` (float32
    `[4, 3]`: normalised x, y and visibility of the top, bottom, left and
    right extremes of the garment), `attributes` (a dict of int32 `class`,
    `colour`, `size`, `position` ids) and `unseen_composition` (bool: the
    (class, colour) pair never appears in the train split). Each example is
    one Fashion-MNIST garment tinted with one of 8 colours, at one of 3
    sizes and one of a 3×3 grid of positions on a black canvas, with a
    caption from 5 templates and 3 synonyms per word; everything is seeded,
    so every load is identical. See `captioned_fashion` in
    `keras_gans.datasets` (`parse_caption`, `held_out_compositions`).

    Args:
        name: one of `available()` ("digits", "fashion_mnist",
            "gaussian_1d", "grid", "ring"), "fashion_edges" or
            "captioned_fashion".
        split: "train" or "test". Digits: first 1500 rows vs the other 297.
            Toys: "test" draws with `seed + 1`.
        with_labels: if True, yield `(x, label)` with an int32 scalar label
            (the class for images, the mode index for toys).
        path: optional directory holding the Fashion-MNIST IDX files, searched
            before `$KERAS_GANS_DATA[/fashion-mnist]`, the Debian location
            `/usr/share/datasets/fashion-mnist` and `~/.keras/datasets/fashion-mnist`.
        **kwargs: per dataset: `image_size` (images; bilinear resize to a
            square of this side, >= 8); `num_samples=10000`, `seed=0`, `std`
            (toys); `mean=4.0` (gaussian_1d); `num_modes=8`, `radius=1.0` (ring).

    Returns:
        An unbatched `tf.data.Dataset`.

    Raises:
        ValueError: on any invalid argument, before any data is read.
        FileNotFoundError: if `path` or the Fashion-MNIST files do not exist.

    Example:
    >>> ds = load("digits", image_size=16, with_labels=True)
    >>> ds = ds.shuffle(1500).batch(64)
    """
    if isinstance(name, str) and name.replace("-", "_") == "fashion_edges":
        return _load_edges(split, with_labels, path, **kwargs)
    if isinstance(name, str) and name.replace("-", "_") == "captioned_fashion":
        if with_labels is not False:
            raise ValueError(
                "`with_labels` is not used by 'captioned_fashion': each example holds its "
                f"`attributes`. Received: with_labels={with_labels!r}"
            )
        return _captioned.load_captioned(split, path=path, **kwargs)
    name, kw = _check(name, split, with_labels, path, kwargs)
    x, y, scale = _raw(name, split, path, kw)
    if scale is None:
        return tf.data.Dataset.from_tensor_slices((x, y) if with_labels else x)
    size = kw["image_size"]
    resize = size is not None and size != x.shape[1]

    def prepare(image):
        image = tf.cast(image, tf.float32) / scale - 1.0
        if resize:
            image = tf.clip_by_value(tf.image.resize(image, (size, size)), -1.0, 1.0)
        return image

    if with_labels:
        ds = tf.data.Dataset.from_tensor_slices((x, y))
        return ds.map(lambda a, b: (prepare(a), b), num_parallel_calls=tf.data.AUTOTUNE)
    ds = tf.data.Dataset.from_tensor_slices(x)
    return ds.map(prepare, num_parallel_calls=tf.data.AUTOTUNE)


def load_arrays(name, split="train", path=None, **kwargs):
    """Loads a whole split as numpy arrays (same values as `load()`).

    Args:
        name, split, path, **kwargs: as in `load()`.

    Returns:
        `(x, y)`: float32 `x` in `[-1, 1]` (images) or toy samples, and int32
        labels / mode indices `y`.

    Example:
    >>> x, y = load_arrays("ring", num_samples=512)
    >>> x.shape, y.shape
    ((512, 2), (512,))
    """
    name, kw = _check(name, split, False, path, kwargs)
    x, y, scale = _raw(name, split, path, kw)
    if scale is None:
        return x, y
    x = x.astype(np.float32) / np.float32(scale) - np.float32(1.0)
    size = kw["image_size"]
    if size is not None and size != x.shape[1]:
        x = np.clip(tf.image.resize(x, (size, size)).numpy(), -1.0, 1.0)
    return x, np.array(y, np.int32)


def toy_spec(name, **kwargs):
    """Returns `{"means": float32 [modes, dim], "std": float}` of a toy dataset.

    Args:
        name: "gaussian_1d", "grid" or "ring".
        **kwargs: the same distribution kwargs as `load()`.

    Returns:
        A dict used e.g. for mode-coverage / high-quality-sample evaluation.

    Example:
    >>> toy_spec("grid")["means"].shape
    (25, 2)
    """
    name, kw = _check(name, "train", False, None, kwargs, kind="toy")
    return {"means": _toys.toy_means(name, **kw), "std": float(kw["std"])}


def toy_modes(name, **kwargs):
    """Returns the mode centres of a toy dataset, float32 `[num_modes, dim]`.

    Example:
    >>> toy_modes("ring").shape
    (8, 2)
    """
    return toy_spec(name, **kwargs)["means"]


def _load_edges(split, with_labels, path, paired=True, seed=0, **kwargs):
    """`load("fashion_edges", ...)`: see `load`."""
    if kwargs:
        raise ValueError(
            f"Unexpected keyword argument(s) {sorted(kwargs)} for dataset 'fashion_edges'. "
            "Accepted: ['paired', 'seed']."
        )
    if not isinstance(split, str) or split not in ("train", "test"):
        raise ValueError(f'`split` must be "train" or "test". Received: {split!r}')
    for arg, value in (("with_labels", with_labels), ("paired", paired)):
        if not isinstance(value, (bool, np.bool_)):
            raise ValueError(f"`{arg}` must be a bool. Received: {value!r}")
    if not (_is_int(seed) and seed >= 0):
        raise ValueError(f"`seed` must be an int >= 0. Received: {seed!r}")
    if path is not None and not os.path.isdir(path):
        raise FileNotFoundError(f"`path` directory does not exist: {path!r}")
    edges, garments, labels = _edges.edge_arrays(split, bool(paired), seed, path)
    parts = (edges, garments, labels) if with_labels else (edges, garments)
    return tf.data.Dataset.from_tensor_slices(parts)
