"""`load("captioned_fashion")`: captions, boxes, keypoints and held-out compositions."""

import numpy as np
import pytest

from keras_gans import datasets
from keras_gans.datasets import _captioned
from keras_gans.datasets import _images


def _needs_data():
    try:
        _images.find_fashion_mnist("test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")


@pytest.fixture(scope="module")
def test_arrays():
    _needs_data()
    return datasets.captioned_fashion_arrays("test", image_size=32, count=600)


def test_shapes_ranges_and_dtypes(test_arrays):
    a = test_arrays
    n = len(a["caption"])
    assert a["image"].shape == (n, 32, 32, 3) and a["image"].dtype == np.float32
    assert a["image"].min() >= -1.0 and a["image"].max() <= 1.0
    assert a["box"].shape == (n, 4) and a["keypoints"].shape == (n, 4, 3)
    assert np.all((a["box"] >= 0) & (a["box"] <= 1))
    assert np.all(a["box"][:, 0] < a["box"][:, 2]) and np.all(a["box"][:, 1] < a["box"][:, 3])
    assert np.all(a["keypoints"][..., 2] == 1.0)
    ds = datasets.load("captioned_fashion", split="test", image_size=16)
    spec = ds.element_spec
    assert spec["image"].shape == (16, 16, 3) and spec["caption"].dtype.name == "string"
    assert set(spec["attributes"]) == {"class", "colour", "size", "position"}


def test_captions_match_attributes(test_arrays):
    for caption, attributes in zip(test_arrays["caption"], test_arrays["attributes"]):
        parsed = datasets.parse_caption(caption)
        assert [parsed[k] for k in ("class", "colour", "size", "position")] == list(
            attributes
        ), caption
    # Wording varies: several templates and synonyms are used.
    assert len({c.split(b" ")[0] for c in test_arrays["caption"]}) >= 5


def test_the_image_agrees_with_box_keypoints_and_attributes(test_arrays):
    a = test_arrays
    image, box, keypoints = a["image"], a["box"], a["keypoints"]
    mask = image.max(axis=-1) > -1 + 2 * _captioned.MASK_THRESHOLD * 0.99
    for i in range(0, 600, 37):
        ys, xs = np.nonzero(mask[i])
        y1, x1, y2, x2 = box[i] * 32
        assert ys.min() >= y1 - 1e-4 and ys.max() < y2 + 1e-4  # the box holds the mask
        assert xs.min() >= x1 - 1e-4 and xs.max() < x2 + 1e-4
        top, bottom, left, right = keypoints[i, :, :2]
        assert top[1] <= bottom[1] and left[0] <= right[0]
        cls, colour, size, position = a["attributes"][i]
        centre_y, centre_x = (y1 + y2) / 64, (x1 + x2) / 64
        row, col = position // 3, position % 3
        # The garment's position and colour follow its attributes.
        assert [0.0, 1 / 3, 2 / 3][row] - 0.05 <= centre_y <= [1 / 3, 2 / 3, 1.0][row] + 0.05
        assert [0.0, 1 / 3, 2 / 3][col] - 0.05 <= centre_x <= [1 / 3, 2 / 3, 1.0][col] + 0.05
        pixels = (image[i][mask[i]] + 1) / 2
        hue = pixels.mean(axis=0) / pixels.mean(axis=0).max()
        expected = _captioned.COLOUR_RGB[colour] / _captioned.COLOUR_RGB[colour].max()
        np.testing.assert_allclose(hue, expected, atol=0.02)
    # Larger sizes make larger boxes.
    areas = (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])
    by_size = [areas[a["attributes"][:, 2] == s].mean() for s in range(3)]
    assert by_size[0] < by_size[1] < by_size[2]


def test_held_out_compositions_only_in_test():
    _needs_data()
    held = set(datasets.held_out_compositions())
    assert len(held) == 10 and len({c for c, _ in held}) == 10
    _, train_attributes, _, train_unseen = _captioned._table("train", None)
    pairs = set(map(tuple, train_attributes[:, :2].tolist()))
    assert not pairs & held and not train_unseen.any()
    assert len(pairs) == 80 - 10  # every other composition is seen
    _, test_attributes, _, test_unseen = _captioned._table("test", None)
    test_pairs = set(map(tuple, test_attributes[:, :2].tolist()))
    assert held <= test_pairs
    flags = np.array([tuple(p) in held for p in test_attributes[:, :2].tolist()])
    np.testing.assert_array_equal(flags, test_unseen)
    assert 0.05 < test_unseen.mean() < 0.25


def test_deterministic(test_arrays):
    again = datasets.captioned_fashion_arrays("test", image_size=32, count=50)
    for key, value in again.items():
        np.testing.assert_array_equal(value, test_arrays[key][:50], err_msg=key)
    train = datasets.captioned_fashion_arrays("train", image_size=32, count=50)
    assert not np.array_equal(train["caption"], again["caption"])


@pytest.mark.parametrize(
    "kwargs,pattern",
    [
        ({"split": "valid"}, "split"),
        ({"image_size": 8}, "image_size"),
        ({"image_size": 32.0}, "image_size"),
        ({"with_labels": True}, "with_labels"),
        ({"paired": True}, "paired"),
    ],
)
def test_bad_arguments(kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        datasets.load("captioned_fashion", **kwargs)
