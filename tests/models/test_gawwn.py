"""GAWWN: location maps, bad locations, keypoint completion, serving, learning."""

import os

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import text
from keras_gans.export import export
from keras_gans.models.gawwn import LocationMaps

CAPTIONS = np.array(["a small red sneaker", "a big blue bag"] * 8)
IMAGES = np.random.default_rng(0).uniform(-1, 1, (16, 8, 8, 3)).astype("float32")
BOXES = np.tile(np.array([[0.0, 0.0, 0.5, 0.5], [0.25, 0.5, 1.0, 1.0]], "float32"), (8, 1))
KEYPOINTS = np.tile(np.array([[[0.5, 0.1, 1], [0.5, 0.9, 1], [0.1, 0.5, 1], [0.9, 0.5, 1]]],
                             "float32"), (16, 1, 1))


def _model(location="box", **kwargs):
    keras.utils.set_random_seed(0)
    encoder = text.CharCNNRNN(embedding_dim=6, max_length=12, char_embedding_dim=4,
                              conv_filters=(4,), rnn_units=4)
    model = models.GAWWN(
        models.gawwn_generator((8, 8, 3), 4, 6, location, 4, 4, filters=4),
        models.gawwn_discriminator((8, 8, 3), 6, location, 4, 4, filters=4),
        encoder, location=location, latent_dim=4, seed=1, **kwargs)
    optimizers = {p: keras.optimizers.Adam(1e-3) for p in model.players}
    model.compile(optimizers=optimizers)
    return model


def test_box_maps_cover_the_box():
    region, maps = LocationMaps(4, "box")(np.array([[0.0, 0.0, 0.5, 0.5],
                                                    [0.125, 0.0, 0.5, 0.25]], "float32"))
    region = np.asarray(region)[..., 0]
    expected = np.zeros((4, 4))
    expected[:2, :2] = 1.0
    np.testing.assert_allclose(region[0], expected, atol=1e-6)
    # Half of row 0 (0.125 to 0.25) and all of row 1; column 0 only.
    np.testing.assert_allclose(region[1][:, 0], [0.5, 1.0, 0.0, 0.0], atol=1e-6)
    np.testing.assert_allclose(region[1][:, 1:], 0.0, atol=1e-6)
    np.testing.assert_allclose(np.asarray(maps)[..., 0], region)


def test_keypoint_maps_peak_at_visible_keypoints():
    points = np.array([[[0.1, 0.9, 1.0], [0.6, 0.4, 0.0]]], "float32")  # x, y, visibility
    region, maps = LocationMaps(8, "keypoints")(points)
    maps = np.asarray(maps)
    assert maps.shape == (1, 8, 8, 2)
    assert np.unravel_index(maps[0, ..., 0].argmax(), (8, 8)) == (7, 0)  # row y, column x
    np.testing.assert_allclose(maps[0, ..., 1], 0.0)  # invisible: no bump
    np.testing.assert_allclose(np.asarray(region)[0, ..., 0], maps[0].max(-1))


def test_fit_generate_and_serve_box(tmp_path):
    model = _model()
    model.fit(IMAGES, {"captions": CAPTIONS, "boxes": BOXES}, batch_size=8, verbose=0)
    images = model.generate(["a red bag", "a blue coat"], boxes=BOXES[:2], seed=2)
    assert images.shape == (2, 8, 8, 3)
    np.testing.assert_array_equal(
        images, model.generate(["a red bag", "a blue coat"], boxes=BOXES[:2], seed=2))
    path = export(model, os.path.join(tmp_path, "saved_model"))
    served = tf.saved_model.load(path).signatures["sample"](
        text=tf.constant(["a red bag", "a blue coat"]), box=tf.constant(BOXES[:2]),
        seed=tf.constant(2, tf.int64))
    np.testing.assert_allclose(served["images"].numpy(), images, atol=1e-5)
    model.save(os.path.join(tmp_path, "m.keras"))
    loaded = keras.saving.load_model(os.path.join(tmp_path, "m.keras"))
    assert loaded.location == "box"
    # The same call as above: a batch of one may take other CPU kernels than a
    # batch of two (oneDNN on AMD EPYC differed in the 9th decimal).
    np.testing.assert_array_equal(
        loaded.generate(["a red bag", "a blue coat"], boxes=BOXES[:2], seed=2), images)


def test_fit_on_captioned_fashion_dicts():
    model = _model()
    element = {"image": IMAGES, "caption": CAPTIONS, "box": BOXES, "keypoints": KEYPOINTS,
               "unseen_composition": np.zeros(16, bool)}
    ds = tf.data.Dataset.from_tensor_slices(element).batch(8)
    history = model.fit(ds, epochs=1, verbose=0).history
    assert np.isfinite(history["g_loss"][-1])


def test_complete_keypoints_keeps_the_given_ones():
    model = _model("keypoints")
    model.fit(IMAGES, {"captions": CAPTIONS, "keypoints": KEYPOINTS}, batch_size=8, verbose=0)
    visible = np.array([[True, False, True, False]] * 2)
    completed = model.complete_keypoints(CAPTIONS[:2], KEYPOINTS[:2, :, :2], visible)
    assert completed.shape == (2, 4, 3) and np.all(completed[..., 2] == 1)
    np.testing.assert_allclose(completed[visible][:, :2], KEYPOINTS[:2][visible][:, :2])
    assert np.all((completed >= 0) & (completed <= 1))
    with pytest.raises(ValueError, match="location='keypoints'"):
        _model().complete_keypoints(CAPTIONS[:2], KEYPOINTS[:2], visible)


@pytest.mark.parametrize(
    "call,pattern",
    [
        (lambda m: m.generate(["a"], boxes=[[0.5, 0.0, 0.2, 1.0]]), "y1 <= y2"),
        (lambda m: m.generate(["a"], boxes=[[0.0, 0.0, 1.5, 1.0]]), r"\[0, 1\]"),
        (lambda m: m.generate(["a"], boxes=[[0.0, 0.0, 1.0]]), "shape"),
        (lambda m: m.generate(["a", "b"], boxes=[[0.0, 0.0, 1.0, 1.0]]), "one location"),
        (lambda m: m.fit(IMAGES, CAPTIONS), "captions"),
        (lambda m: _model("keypoints").generate(["a"], keypoints=np.zeros((1, 3, 3))),
         "keypoints"),
    ],
)
def test_bad_locations(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call(_model())


@pytest.mark.large
def test_objects_generated_in_a_box_lie_mostly_inside_it():
    from keras_gans import datasets
    from keras_gans.datasets import _images

    try:
        _images.find_fashion_mnist("test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    train = datasets.captioned_fashion_arrays("train", 16, count=4096)
    test = datasets.captioned_fashion_arrays("test", 16, count=256)
    keras.utils.set_random_seed(0)
    encoder = text.CharCNNRNN(embedding_dim=16, max_length=64, char_embedding_dim=8,
                              conv_filters=(16,), rnn_units=16)
    gan = models.GAWWN(
        models.gawwn_generator((16, 16, 3), 16, 16, "box", compressed_dim=16, filters=16),
        models.gawwn_discriminator((16, 16, 3), 16, "box", compressed_dim=16, filters=16),
        encoder, location="box", latent_dim=16, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5))
    gan.fit(train["image"], {"captions": train["caption"], "boxes": train["box"]},
            batch_size=64, epochs=14, verbose=0)
    fake = gan.generate(test["caption"], boxes=test["box"], seed=1)
    brightness = ((fake + 1) / 2).sum(axis=-1)
    grid = (np.arange(16) + 0.5) / 16
    y1, x1, y2, x2 = (test["box"][:, i, None] for i in range(4))
    inside = ((grid >= y1) & (grid <= y2))[:, :, None] & ((grid >= x1) & (grid <= x2))[:, None]
    mass = (brightness * inside).sum((1, 2)) / brightness.sum((1, 2))
    area = inside.mean((1, 2))
    assert np.mean(mass) > 0.5 and np.mean(mass) > np.mean(area) + 0.15, (
        np.mean(mass), np.mean(area))
