"""Image datasets: Fashion-MNIST (local IDX files) and scikit-learn digits."""

import functools
import gzip
import os

import numpy as np

# Search locations; module-level so they can be monkeypatched in tests.
ENV_VAR = "KERAS_GANS_DATA"
SYSTEM_DIR = "/usr/share/datasets/fashion-mnist"
FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_IDX_DTYPES = {8: "u1", 9: "i1", 11: ">i2", 12: ">i4", 13: ">f4", 14: ">f8"}
_CACHE = {}  # resolved file path -> parsed (read-only) array


def keras_cache_dir():
    """Directory where `keras.datasets.fashion_mnist.load_data()` caches files."""
    home = os.environ.get("KERAS_HOME") or os.path.join(
        os.path.expanduser("~"), ".keras"
    )
    return os.path.join(home, "datasets", "fashion-mnist")


def search_dirs(path=None):
    """Directories searched for the Fashion-MNIST IDX files, in order."""
    dirs = [] if path is None else [os.fspath(path)]
    root = os.environ.get(ENV_VAR)
    if root:
        dirs += [os.path.join(root, "fashion-mnist"), root]
    return dirs + [SYSTEM_DIR, keras_cache_dir()]


def read_idx(filename):
    """Parses an IDX file (gzip-compressed or plain) into a numpy array.

    Args:
        filename: path of the IDX file; gzip data is detected by its magic bytes.

    Returns:
        A read-only numpy array with the shape and dtype stored in the header.

    Example:
    >>> labels = read_idx("/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
    """
    with open(filename, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[:2] != b"\0\0" or data[2] not in _IDX_DTYPES:
        raise ValueError(f"Not a valid IDX file (bad magic number): {filename}")
    ndim, dtype = data[3], np.dtype(_IDX_DTYPES[data[2]])
    offset = 4 + 4 * ndim
    shape = tuple(int(d) for d in np.frombuffer(data[4:offset], ">u4"))
    if len(shape) != ndim or len(data) - offset != np.prod(shape) * dtype.itemsize:
        raise ValueError(f"Truncated or corrupt IDX file: {filename}")
    array = np.frombuffer(data, dtype, offset=offset).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=False)


def _cached_idx(filename):
    key = os.path.realpath(filename)
    if key not in _CACHE:
        _CACHE[key] = read_idx(key)
    return _CACHE[key]


def _find(directory, stem):
    for candidate in (stem, stem + ".gz"):
        filename = os.path.join(directory, candidate)
        if os.path.isfile(filename):
            return filename
    return None


def find_fashion_mnist(split, path=None):
    """Returns `(images_file, labels_file)` for `split`, or raises."""
    dirs = search_dirs(path)
    for directory in dirs:
        files = [_find(directory, stem) for stem in FILES[split]]
        if all(files):
            return files
    names = ", ".join(f"{stem}[.gz]" for stem in FILES[split])
    raise FileNotFoundError(
        f"Fashion-MNIST files for split={split!r} ({names}) were not found in "
        f"any of: {dirs}. No download is attempted. To get the data, either:\n"
        f"  1. run `apt-get install dataset-fashion-mnist` (Debian/Ubuntu; "
        f"installs the .gz files into {SYSTEM_DIR}),\n"
        f"  2. put the four IDX files (train-images-idx3-ubyte, "
        f"train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte,"
        f" optionally .gz) in $KERAS_GANS_DATA/fashion-mnist (or pass path=DIR),"
        f" or\n"
        f'  3. run `python -c "import keras; '
        f'keras.datasets.fashion_mnist.load_data()"` once with network access, '
        f"which fills the Keras cache {keras_cache_dir()}."
    )


def fashion_mnist_arrays(split, path=None):
    """Returns uint8 images `[N, 28, 28, 1]` and int32 labels `[N]`."""
    images_file, labels_file = find_fashion_mnist(split, path)
    x, y = _cached_idx(images_file), _cached_idx(labels_file)
    if x.ndim != 3 or y.shape != (len(x),):
        raise ValueError(
            f"Inconsistent IDX files: images {x.shape} in {images_file}, "
            f"labels {y.shape} in {labels_file}."
        )
    return x[..., None], y.astype(np.int32)


@functools.lru_cache(maxsize=None)
def _digits():
    from sklearn.datasets import load_digits

    data = load_digits()
    x, y = data.images.astype(np.uint8)[..., None], data.target.astype(np.int32)
    x.setflags(write=False)
    y.setflags(write=False)
    return x, y


def digits_arrays(split):
    """Returns uint8 images `[N, 8, 8, 1]` (0..16) and int32 labels `[N]`."""
    x, y = _digits()
    rows = slice(None, 1500) if split == "train" else slice(1500, None)
    return x[rows], y[rows]
