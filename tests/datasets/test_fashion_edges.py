"""`load("fashion_edges")`: Sobel edge maps paired with Fashion-MNIST garments."""

import numpy as np
import pytest
import tensorflow as tf

from keras_gans import datasets
from keras_gans.datasets import _images


def _needs_data():
    try:
        _images.find_fashion_mnist("test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")


def _take(ds, n):
    return [tf.nest.map_structure(lambda t: t.numpy(), e) for e in ds.take(n)]


def test_edge_maps_of_a_square():
    image = -np.ones((1, 12, 12, 1), "float32")
    image[0, 4:8, 4:8] = 1.0
    edges = datasets.edge_maps(image)
    assert set(np.unique(edges)) == {-1.0, 1.0}
    assert edges[0, 0, 0, 0] == -1.0 and edges[0, 6, 6, 0] == -1.0  # flat: no edge
    assert edges[0, 4, 6, 0] == 1.0 and edges[0, 3, 6, 0] == 1.0  # the square's border


def test_pairs_test_split_deterministic_and_true_pairs():
    _needs_data()
    ds = datasets.load("fashion_edges", split="test", with_labels=True)
    assert ds.cardinality() == 10000
    first = _take(ds, 5)
    again = _take(datasets.load("fashion_edges", split="test", with_labels=True), 5)
    garments, labels = datasets.load_arrays("fashion_mnist", "test")
    for i, ((e, g, y), (e2, g2, y2)) in enumerate(zip(first, again)):
        assert e.shape == g.shape == (28, 28, 1) and e.dtype == g.dtype == np.float32
        np.testing.assert_array_equal(e, e2)
        np.testing.assert_array_equal(g.reshape(28, 28), garments[i].reshape(28, 28))
        assert y == labels[i]
        np.testing.assert_array_equal(e, datasets.edge_maps(g[None])[0])  # its own edges
        assert set(np.unique(e)) <= {-1.0, 1.0}
    # Unpaired on the test split still keeps the true pairs.
    unpaired = _take(datasets.load("fashion_edges", split="test", paired=False), 3)
    for (e, g), (e0, g0, _) in zip(unpaired, first):
        np.testing.assert_array_equal(e, e0)
        np.testing.assert_array_equal(g, g0)


def test_unpaired_train_shuffles_domains_independently():
    _needs_data()
    edges, garments, labels = datasets.fashion_edges_arrays("train", paired=False, seed=0)
    p_edges, p_garments, p_labels = datasets.fashion_edges_arrays("train", paired=True)
    assert edges.shape == garments.shape == (60000, 28, 28, 1)
    # Same domains, different order, and the pairs are broken.
    np.testing.assert_allclose(edges.mean(), p_edges.mean(), rtol=1e-6)
    assert np.bincount(labels).tolist() == np.bincount(p_labels).tolist()
    recomputed = datasets.edge_maps(garments[:200])
    matched = np.mean(np.all(recomputed == edges[:200], axis=(1, 2, 3)))
    assert matched < 0.05
    again, _, _ = datasets.fashion_edges_arrays("train", paired=False, seed=0)
    np.testing.assert_array_equal(again[:50], edges[:50])
    other, _, _ = datasets.fashion_edges_arrays("train", paired=False, seed=1)
    assert not np.array_equal(other[:50], edges[:50])
    ds = datasets.load("fashion_edges", paired=False, seed=0)
    (e, g), = _take(ds, 1)
    np.testing.assert_array_equal(e, edges[0])
    np.testing.assert_array_equal(g, garments[0])


@pytest.mark.parametrize(
    "kwargs,pattern",
    [
        ({"split": "valid"}, "split"),
        ({"paired": 1}, "paired"),
        ({"seed": -1}, "seed"),
        ({"image_size": 32}, "image_size"),
        ({"with_labels": "yes"}, "with_labels"),
    ],
)
def test_bad_arguments(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        datasets.load("fashion_edges", **kwargs)
