"""The Laplacian pyramid: exact inverse, shapes, the fixed filters, bad levels."""

import keras
import numpy as np
import pytest

from keras_gans import layers

RNG = np.random.default_rng(0)


@pytest.mark.parametrize("side,levels", [(8, 3), (16, 2), (28, 2), (32, 3)])
def test_reconstruction_is_exact(side, levels):
    x = RNG.uniform(-1, 1, (3, side, side, 2)).astype("float32")
    pyramid = layers.build_pyramid(x, levels)
    np.testing.assert_allclose(np.asarray(layers.reconstruct(pyramid)), x, atol=1e-6)
    layer = layers.LaplacianPyramid(levels)
    np.testing.assert_allclose(np.asarray(layer.inverse(layer(x))), x, atol=1e-6)


@pytest.mark.parametrize("side,levels", [(8, 1), (28, 2), (32, 3)])
def test_shapes_per_level(side, levels):
    x = RNG.uniform(-1, 1, (2, side, side, 3)).astype("float32")
    layer = layers.LaplacianPyramid(levels)
    pyramid = layer(x)
    assert len(pyramid) == levels + 1
    expected = [side // 2**levels] + [side // 2 ** (levels - k) for k in range(1, levels + 1)]
    assert [tuple(p.shape) for p in pyramid] == [(2, s, s, 3) for s in expected]
    assert [tuple(s) for s in layer.compute_output_shape((2, side, side, 3))] == [
        (2, s, s, 3) for s in expected
    ]


def test_filters_are_the_documented_ones():
    x = RNG.uniform(-1, 1, (1, 4, 4, 1)).astype("float32")
    down = np.asarray(layers.downsample(x))
    np.testing.assert_allclose(down[0, 0, 0, 0], x[0, :2, :2, 0].mean(), atol=1e-6)
    np.testing.assert_allclose(down[0, 1, 0, 0], x[0, 2:, :2, 0].mean(), atol=1e-6)
    up = np.asarray(layers.upsample(down))
    np.testing.assert_array_equal(up[0, :2, :2, 0], np.full((2, 2), down[0, 0, 0, 0]))
    # Residuals have zero block means, so a coarse image survives a reconstruction.
    coarse, residual = layers.build_pyramid(x, 1)
    np.testing.assert_allclose(np.asarray(layers.downsample(residual)), 0.0, atol=1e-6)
    np.testing.assert_allclose(
        np.asarray(layers.downsample(layers.reconstruct([coarse, residual]))),
        np.asarray(coarse), atol=1e-6,
    )


def test_config_round_trip_and_saving(tmp_path):
    layer = layers.LaplacianPyramid(2, name="pyr")
    restored = layers.LaplacianPyramid.from_config(layer.get_config())
    assert restored.levels == 2 and restored.get_config() == layer.get_config()
    inputs = keras.Input((8, 8, 1))
    model = keras.Model(inputs, layer(inputs))
    path = str(tmp_path / "pyramid.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    x = RNG.uniform(-1, 1, (2, 8, 8, 1)).astype("float32")
    for a, b in zip(loaded(x), model(x)):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b))


@pytest.mark.parametrize("side,levels", [(8, 4), (28, 3), (32, 6), (12, 3)])
def test_too_many_levels(side, levels):
    x = np.zeros((1, side, side, 1), "float32")
    with pytest.raises(ValueError, match="`levels` too many"):
        layers.build_pyramid(x, levels)
    with pytest.raises(ValueError, match="`levels` too many"):
        layers.LaplacianPyramid(levels)(x)


@pytest.mark.parametrize("levels", [0, -1, 1.5, True, "2"])
def test_bad_levels(levels):
    with pytest.raises(ValueError, match="`levels` must be an integer"):
        layers.LaplacianPyramid(levels)


def test_bad_pyramid():
    with pytest.raises(ValueError, match="`pyramid`"):
        layers.reconstruct([])
