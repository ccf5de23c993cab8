import gzip
import os

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import datasets
from keras_gans.datasets import _images
from keras_gans.datasets import _loaders

SYSTEM_DIR = _images.SYSTEM_DIR


def _take(ds, n=4):
    return [tf.nest.map_structure(lambda t: t.numpy(), e) for e in ds.take(n)]


def _write_idx(filename, array, compress):
    header = bytes([0, 0, 8, array.ndim]) + np.array(array.shape, ">u4").tobytes()
    data = header + array.astype(np.uint8).tobytes()
    with (gzip.open if compress else open)(filename, "wb") as f:
        f.write(data)


def _write_fashion(directory, compress, n=5, seed=0):
    rng = np.random.default_rng(seed)
    arrays = {}
    for split, (img, lab) in _images.FILES.items():
        x = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8)
        x[0, 0, 0], x[0, 0, 1] = 0, 255
        y = rng.integers(0, 10, n, dtype=np.uint8)
        suffix = ".gz" if compress else ""
        _write_idx(os.path.join(directory, img + suffix), x, compress)
        _write_idx(os.path.join(directory, lab + suffix), y, compress)
        arrays[split] = (x, y)
    return arrays


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """Points every search location at empty directories."""
    for sub in ("env", "system", "home"):
        (tmp_path / sub).mkdir()
    monkeypatch.setenv("KERAS_GANS_DATA", str(tmp_path / "env"))
    monkeypatch.setattr(_images, "SYSTEM_DIR", str(tmp_path / "system"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KERAS_HOME", raising=False)
    return tmp_path


def test_available_and_registry():
    names = datasets.available()
    assert names == sorted(names) == sorted(datasets.DATASETS)
    assert names == ["digits", "fashion_mnist", "gaussian_1d", "grid", "ring"]


@pytest.mark.parametrize("split,count", [("train", 1500), ("test", 297)])
def test_digits(split, count):
    ds = datasets.load("digits", split=split)
    assert ds.cardinality().numpy() == count
    assert ds.element_spec == tf.TensorSpec((8, 8, 1), tf.float32)
    x, y = datasets.load_arrays("digits", split=split)
    assert x.shape == (count, 8, 8, 1) and x.dtype == np.float32
    assert y.shape == (count,) and y.dtype == np.int32
    assert x.min() == -1.0 and x.max() == 1.0 and set(np.unique(y)) == set(range(10))
    first = np.stack([e for e in _take(ds, 4)])
    np.testing.assert_array_equal(first, x[:4])


def test_digits_labels_and_resize():
    ds = datasets.load("digits", with_labels=True, image_size=16)
    assert ds.element_spec == (
        tf.TensorSpec((16, 16, 1), tf.float32),
        tf.TensorSpec((), tf.int32),
    )
    x, y = datasets.load_arrays("digits", image_size=16)
    assert x.shape == (1500, 16, 16, 1) and -1 <= x.min() and x.max() <= 1
    for (image, label), ref_x, ref_y in zip(_take(ds, 3), x, y):
        np.testing.assert_allclose(image, ref_x, atol=1e-6)
        assert label == ref_y and 0 <= label <= 9


def test_fashion_mnist_system(monkeypatch):
    if not os.path.isdir(SYSTEM_DIR):
        pytest.skip(f"{SYSTEM_DIR} absent (apt-get install dataset-fashion-mnist)")
    monkeypatch.delenv("KERAS_GANS_DATA", raising=False)
    ds = datasets.load("fashion_mnist", with_labels=True)
    assert ds.cardinality().numpy() == 60000
    for image, label in _take(ds, 3):
        assert image.shape == (28, 28, 1) and image.dtype == np.float32
        assert -1 <= image.min() and image.max() <= 1
        assert label.dtype == np.int32 and 0 <= label <= 9
    test = datasets.load("fashion_mnist", split="test", image_size=32)
    assert test.cardinality().numpy() == 10000
    assert test.element_spec == tf.TensorSpec((32, 32, 1), tf.float32)
    assert any(k.startswith(os.path.realpath(SYSTEM_DIR)) for k in _images._CACHE)
    cached = dict(_images._CACHE)
    datasets.load("fashion_mnist")
    assert all(_images._CACHE[k] is v for k, v in cached.items())  # not re-parsed


@pytest.mark.parametrize("compress", [True, False])
def test_fashion_mnist_explicit_path_roundtrip(tmp_path, no_data, compress):
    data_dir = tmp_path / "idx"
    data_dir.mkdir()
    arrays = _write_fashion(data_dir, compress)
    for split in ("train", "test"):
        raw_x, raw_y = arrays[split]
        expected = raw_x[..., None].astype(np.float32) / 127.5 - 1.0
        ds = datasets.load("fashion_mnist", split, with_labels=True, path=data_dir)
        got = _take(ds, 10)
        assert len(got) == 5
        np.testing.assert_allclose(np.stack([g[0] for g in got]), expected, atol=1e-7)
        np.testing.assert_array_equal([g[1] for g in got], raw_y)
        x, y = datasets.load_arrays("fashion_mnist", split, path=str(data_dir))
        np.testing.assert_allclose(x, expected, atol=1e-7)
        np.testing.assert_array_equal(y, raw_y)
        assert y.dtype == np.int32 and x.min() == -1.0 and x.max() == 1.0


@pytest.mark.parametrize("sub", ["fashion-mnist", ""])
def test_fashion_mnist_env_var(no_data, sub):
    target = no_data / "env" / sub
    target.mkdir(exist_ok=True)
    raw_x, _ = _write_fashion(target, compress=True, seed=3)["train"]
    x, _ = datasets.load_arrays("fashion_mnist")
    np.testing.assert_array_equal(x, raw_x[..., None] / np.float32(127.5) - 1)


def test_fashion_mnist_missing_message(no_data):
    with pytest.raises(FileNotFoundError) as info:
        datasets.load("fashion_mnist")
    assert isinstance(info.value, OSError)
    message = str(info.value)
    assert "apt-get install dataset-fashion-mnist" in message
    assert "$KERAS_GANS_DATA/fashion-mnist" in message
    assert "keras.datasets.fashion_mnist.load_data()" in message
    assert str(no_data / "home" / ".keras" / "datasets" / "fashion-mnist") in message


def test_missing_explicit_path(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(FileNotFoundError, match="nope"):
        datasets.load("fashion_mnist", path=missing)


def test_corrupt_idx(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x09abc")
    with pytest.raises(ValueError, match="IDX"):
        datasets.read_idx(bad)


def test_gaussian_1d():
    ds = datasets.load("gaussian_1d")
    assert ds.element_spec == tf.TensorSpec((1,), tf.float32)
    x, y = datasets.load_arrays("gaussian_1d")
    assert x.shape == (10000, 1) and x.dtype == np.float32 and not y.any()
    assert abs(x.mean() - 4.0) < 0.03 and abs(x.std() - 0.5) < 0.03
    x2, _ = datasets.load_arrays("gaussian_1d", mean=-1.0, std=2.0, num_samples=50)
    assert x2.shape == (50, 1)
    np.testing.assert_array_equal(datasets.toy_modes("gaussian_1d"), [[4.0]])


def test_ring_modes():
    x, y = datasets.load_arrays("ring")
    assert x.shape == (10000, 2) and y.dtype == np.int32
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, atol=0.06)
    means = datasets.toy_modes("ring")
    assert means.shape == (8, 2)
    np.testing.assert_allclose(means[2], [0.0, 1.0], atol=1e-6)
    nearest = np.argmin(((x[:, None] - means[None]) ** 2).sum(-1), axis=1)
    np.testing.assert_array_equal(nearest, y)
    assert set(np.unique(y)) == set(range(8))
    spec = datasets.toy_spec("ring", num_modes=4, radius=2.0, std=0.1)
    assert spec["means"].shape == (4, 2) and spec["std"] == 0.1
    (elem, label), *_ = _take(datasets.load("ring", with_labels=True), 1)
    assert elem.shape == (2,) and elem.dtype == np.float32 and label.dtype == np.int32


def test_grid_modes():
    spec = datasets.toy_spec("grid")
    assert spec["means"].shape == (25, 2) and spec["std"] == 0.05
    assert set(spec["means"].ravel()) == {-4.0, -2.0, 0.0, 2.0, 4.0}
    x, y = datasets.load_arrays("grid", num_samples=5000)
    nearest = np.argmin(((x[:, None] - spec["means"][None]) ** 2).sum(-1), axis=1)
    np.testing.assert_array_equal(nearest, y)
    assert len(np.unique(y)) == 25 and datasets.DATASETS["grid"]["num_classes"] == 25


def test_toy_splits_and_seeds():
    train, _ = datasets.load_arrays("ring", num_samples=100)
    test, _ = datasets.load_arrays("ring", split="test", num_samples=100)
    seed1, _ = datasets.load_arrays("ring", num_samples=100, seed=1)
    assert not np.allclose(train, test)
    np.testing.assert_array_equal(test, seed1)
    again = np.stack(_take(datasets.load("ring", num_samples=100), 100))
    np.testing.assert_array_equal(again, train)


@pytest.mark.parametrize(
    "kwargs,arg",
    [
        ({"name": "mnist"}, "name"),
        ({"name": 3}, "name"),
        ({"name": "ring", "split": "val"}, "split"),
        ({"name": "digits", "split": None}, "split"),
        ({"name": "ring", "with_labels": 1}, "with_labels"),
        ({"name": "digits", "with_labels": "yes"}, "with_labels"),
        ({"name": "digits", "image_size": 4}, "image_size"),
        ({"name": "fashion_mnist", "image_size": 0}, "image_size"),
        ({"name": "fashion_mnist", "image_size": 32.0}, "image_size"),
        ({"name": "digits", "image_size": True}, "image_size"),
        ({"name": "ring", "num_samples": 0}, "num_samples"),
        ({"name": "grid", "num_samples": -5}, "num_samples"),
        ({"name": "ring", "num_modes": 0}, "num_modes"),
        ({"name": "ring", "seed": -1}, "seed"),
        ({"name": "gaussian_1d", "std": -0.5}, "std"),
        ({"name": "ring", "image_size": 16}, "image_size"),
    ],
)
def test_value_errors_before_building(kwargs, arg, monkeypatch, no_data):
    def fail(*args, **kw):
        raise AssertionError("dataset built before validation")

    monkeypatch.setattr(_loaders, "_raw", fail)
    for fn in (datasets.load, datasets.load_arrays):
        if fn is datasets.load_arrays and arg == "with_labels":
            continue  # load_arrays has no with_labels argument
        with pytest.raises(ValueError, match=arg):
            fn(**kwargs)
    with pytest.raises(ValueError, match="digits.*fashion_mnist.*ring"):
        datasets.load("nope")


def test_toy_spec_rejects_images():
    with pytest.raises(ValueError, match="name"):
        datasets.toy_modes("digits")
