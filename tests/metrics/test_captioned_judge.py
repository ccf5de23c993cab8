"""The shipped `captioned_fashion` attribute judge."""

import json
import os

import numpy as np
import pytest

from keras_gans import datasets
from keras_gans import metrics
from keras_gans.metrics import captioned


@pytest.fixture(scope="module")
def real_test():
    try:
        return datasets.captioned_fashion_arrays("test", 32, count=3000)
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")


def test_shipped_weights_are_small_and_recorded():
    assert os.path.getsize(captioned.JUDGE_WEIGHTS_PATH) < 3e6
    with open(os.path.splitext(os.path.splitext(captioned.JUDGE_WEIGHTS_PATH)[0])[0]
              + ".json") as f:
        record = json.load(f)
    assert set(record["test_accuracy"]) == {*captioned.JUDGE_ATTRIBUTES, "joint"}


def test_judge_names_the_attributes_of_real_canvases(real_test):
    predicted = metrics.judge_attributes(real_test["image"][:1000])
    assert predicted.shape == (1000, 4)
    accuracy = (predicted == real_test["attributes"][:1000]).mean(axis=0)
    # Colour, size and position are plain to see; the class is bounded by
    # Fashion-MNIST itself (shirts vs. T-shirts, pullovers vs. coats), here
    # on garments as small as 13 pixels. The shipped judge names 91.5% of
    # these classes; the judge before `GarmentCrop` named 84% and fails here.
    assert accuracy[1] >= 0.97 and accuracy[2] >= 0.95 and accuracy[3] >= 0.97, accuracy
    assert accuracy[0] >= 0.87, accuracy


def test_judge_is_fair_to_unseen_compositions(real_test):
    # The train split never shows the held-out (class, colour) pairs; a judge
    # that learnt "this colour is never a T-shirt" would call them wrongly
    # (a judge trained on the RGB canvas scored 22% on their class against
    # 79% on the seen ones).
    unseen = real_test["unseen_composition"]
    right = metrics.judge_attributes(real_test["image"]) == real_test["attributes"]
    assert unseen.sum() > 200
    assert right[unseen].mean(axis=0)[0] >= right[~unseen].mean(axis=0)[0] - 0.08
    assert right[unseen].mean(axis=0)[1] >= 0.97


def test_tint_and_shape_are_separated():
    from keras_gans.metrics.captioned import GarmentIntensityAndTint

    garment = np.random.default_rng(0).uniform(0, 1, (1, 32, 32, 1)).astype("float32")
    red = garment * np.array([1.0, 0.1, 0.1], "float32") * 2 - 1
    purple = garment * np.array([0.7, 0.15, 0.9], "float32") * 2 - 1
    (shape_red, tint_red), (shape_purple, tint_purple) = (
        [np.asarray(v) for v in GarmentIntensityAndTint()(x)] for x in (red, purple))
    np.testing.assert_allclose(shape_red, shape_purple, atol=2e-3)
    np.testing.assert_allclose(tint_red[0], [1.0, 0.1, 0.1], atol=2e-3)
    np.testing.assert_allclose(tint_purple[0], [0.7 / 0.9, 0.15 / 0.9, 1.0], atol=2e-3)


def test_judge_sees_what_changes(real_test):
    # The same garments on a blank canvas are no longer judged as drawn: a
    # judge that ignored the pixels (e.g. always the most common values)
    # would score the same on both.
    blank = np.full_like(real_test["image"][:200], -1.0)
    right_real = (metrics.judge_attributes(real_test["image"][:200])
                  == real_test["attributes"][:200]).all(axis=1).mean()
    right_blank = (metrics.judge_attributes(blank)
                   == real_test["attributes"][:200]).all(axis=1).mean()
    assert right_real > 0.6 and right_blank < 0.05


def test_judge_rejects_bad_input():
    with pytest.raises(ValueError, match=r"images.shape=\(2, 28, 28, 1\)"):
        metrics.judge_attributes(np.zeros((2, 28, 28, 1), "float32"))
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        metrics.judge_attributes(np.full((2, 32, 32, 3), 255.0))
    with pytest.raises(ValueError, match="weights"):
        metrics.captioned_fashion_judge(weights=3)
    with pytest.raises(ValueError, match="batch_size"):
        metrics.judge_attributes(np.zeros((2, 32, 32, 3), "float32"), batch_size=0)
    with pytest.raises(ValueError, match="judge"):
        metrics.judge_attributes(np.zeros((2, 32, 32, 3), "float32"), judge="default")


def test_garment_crop_is_the_same_wherever_and_however_large_the_garment():
    from keras_gans.metrics.captioned import GarmentCrop

    # A 6x4 block with a bright top row, drawn at two places on a 32x32
    # canvas, and twice as large at a third: the crop (the square around the
    # box, resampled to 6x6) is the same picture every time.
    small = np.zeros((6, 4), "float32") + 0.5
    small[0] = 1.0
    canvases = np.zeros((3, 32, 32, 1), "float32")
    canvases[0, 2:8, 3:7, 0] = small
    canvases[1, 20:26, 25:29, 0] = small
    canvases[2, 10:22, 8:16, 0] = np.kron(small, np.ones((2, 2), "float32"))
    crops = np.asarray(GarmentCrop(6)(canvases))[..., 0]
    assert crops.shape == (3, 6, 6)
    np.testing.assert_allclose(crops[1], crops[0], atol=1e-6)
    np.testing.assert_allclose(crops[2], crops[0], atol=1e-6)
    # The block fills the square's height and its middle 4 columns.
    expected = np.zeros((6, 6), "float32")
    expected[:, 1:5] = small
    np.testing.assert_allclose(crops[0], expected, atol=1e-6)
    # An empty canvas gives the (empty) canvas, not an error.
    assert np.asarray(GarmentCrop(12)(np.zeros((1, 32, 32, 1), "float32"))).max() == 0.0


def test_garment_crop_config_and_bad_arguments():
    from keras_gans.metrics.captioned import GarmentCrop

    layer = GarmentCrop(20, threshold=0.3)
    clone = GarmentCrop.from_config(layer.get_config())
    assert (clone.size, clone.threshold) == (20, 0.3)
    with pytest.raises(ValueError, match="size=0"):
        GarmentCrop(0)
    with pytest.raises(ValueError, match="threshold=1.5"):
        GarmentCrop(threshold=1.5)
    with pytest.raises(ValueError, match="threshold='high'"):
        GarmentCrop(threshold="high")
    with pytest.raises(ValueError, match=r"input_shape=\(None, 16, 16, 1\)"):
        GarmentCrop(28).build((None, 16, 16, 1))
