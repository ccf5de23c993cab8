import glob
import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image
from tensorflow.core.util import event_pb2

import keras_gans
from keras_gans import datasets
from keras_gans.callbacks import SampleGrid
from keras_gans.callbacks import image_grid
from keras_gans.callbacks import save_image_grid
from keras_gans.callbacks.sample_grid import vector_plot


def _compile(gan):
    gan.compile(
        g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    )
    return gan


def _png(path):
    with Image.open(path) as image:
        return np.asarray(image)


def _image_events(log_dir):
    events = []
    for filename in glob.glob(os.path.join(log_dir, "events.out.tfevents.*")):
        for record in tf.data.TFRecordDataset(filename):
            event = event_pb2.Event.FromString(record.numpy())
            for value in event.summary.value:
                events.append((event.step, value))
    return sorted(events, key=lambda e: e[0])


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A tiny DCGAN fit for 2 epochs with two SampleGrid callbacks."""
    root = tmp_path_factory.mktemp("sample_grid")
    gan = _compile(
        keras_gans.models.DCGAN(
            (8, 8, 1),
            latent_dim=4,
            generator_filters=4,
            discriminator_filters=4,
            seed=0,
        )
    )
    images = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1))
    every_epoch = SampleGrid(root / "samples", num_samples=16, log_dir=str(root / "logs"))
    every_other = SampleGrid(root / "other", num_samples=6, rows=2, every=2, filename="grid.png")
    gan.fit(
        images.astype("float32"),
        batch_size=16,
        epochs=2,
        callbacks=[every_epoch, every_other],
        verbose=0,
    )
    return gan, every_epoch, every_other, root


def test_pngs_written_each_epoch(trained):
    _, callback, _, root = trained
    expected = [
        str(root / "samples" / "samples_epoch_001.png"),
        str(root / "samples" / "samples_epoch_002.png"),
    ]
    assert callback.paths == expected
    assert callback.last_path == expected[-1]
    for path in expected:
        picture = _png(path)
        # 4 x 4 tiles of 8 x 8 with 1-pixel lines between them.
        assert picture.shape == (35, 35)
        assert picture.dtype == np.uint8


def test_every_and_fixed_filename(trained):
    _, _, callback, root = trained
    assert callback.paths == [str(root / "other" / "grid.png")]
    # 6 samples in 2 rows: 3 columns.
    assert _png(callback.last_path).shape == (2 * 8 + 1, 3 * 8 + 2)


def test_fixed_latents_give_identical_grids(trained):
    gan, callback, _, _ = trained
    first = callback.render()
    np.testing.assert_array_equal(first, callback.render())
    # The last PNG was written with the final weights.
    np.testing.assert_array_equal(first[..., 0], _png(callback.last_path))
    # A fresh callback with the same seed draws the same latents.
    again = SampleGrid("unused", num_samples=16, seed=0)
    again.prepare(gan)
    np.testing.assert_array_equal(again.latents, callback.latents)
    np.testing.assert_array_equal(again.render(), first)
    other = SampleGrid("unused", num_samples=16, seed=1)
    other.prepare(gan)
    assert not np.array_equal(other.latents, callback.latents)
    # The latents follow the model's prior (DCGAN: uniform in [-1, 1]).
    assert callback.latents.shape == (16, 4)
    assert np.all(np.abs(callback.latents) <= 1.0)


def test_grid_is_the_generator_in_inference_mode(trained):
    gan, callback, _, _ = trained
    samples = callback.generate_samples()
    expected = keras.ops.convert_to_numpy(gan.generator(callback.latents, training=False))
    np.testing.assert_allclose(samples, expected, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(callback.render(), image_grid(expected))


def test_tensorboard_image_summary(trained):
    _, callback, _, root = trained
    events = _image_events(str(root / "logs"))
    assert [step for step, _ in events] == [0, 1]
    for _, value in events:
        assert value.tag == "samples"
        assert value.metadata.plugin_data.plugin_name == "images"
        width, height, png = tf.make_ndarray(value.tensor)
        assert (int(width), int(height)) == (35, 35)
        assert tf.io.decode_png(png).shape == (35, 35, 1)
    last = tf.io.decode_png(tf.make_ndarray(events[-1][1].tensor)[2]).numpy()
    np.testing.assert_array_equal(last[..., 0], _png(callback.last_path))


def test_conditional_grid_one_class_per_row(tmp_path):
    gan = _compile(
        keras_gans.models.ConditionalGAN(
            (8, 8, 1),
            latent_dim=4,
            num_classes=3,
            generator_filters=4,
            discriminator_filters=4,
            seed=0,
        )
    )
    x = np.random.default_rng(0).uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    y = np.arange(16) % 3
    callback = SampleGrid(tmp_path, num_samples=6)
    gan.fit(x, y, batch_size=16, epochs=1, callbacks=[callback], verbose=0)
    np.testing.assert_array_equal(callback.labels, [0, 0, 1, 1, 2, 2])
    picture = _png(callback.last_path)
    assert picture.shape == (3 * 8 + 2, 2 * 8 + 1)
    # The tile of row 2, column 1 is class 2 from the sixth latent.
    tile = gan.generator([callback.latents[5:6], np.array([2], "int32")], training=False)
    np.testing.assert_array_equal(
        picture[18:26, 9:17], image_grid(keras.ops.convert_to_numpy(tile))[..., 0]
    )

    given = SampleGrid(tmp_path, num_samples=4, labels=[2, 2, 0, 1])
    given.prepare(gan)
    np.testing.assert_array_equal(given.labels, [2, 2, 0, 1])
    assert given.render().shape == (17, 17, 1)

    out_of_range = SampleGrid(tmp_path, num_samples=2, labels=[0, 3])
    with pytest.raises(ValueError, match="labels"):
        out_of_range.prepare(gan)


def test_vector_gan_scatter_and_histogram(tmp_path):
    gan = _compile(
        keras_gans.models.GAN(
            keras_gans.models.mlp_generator(2, 2, hidden_units=(8,)),
            keras_gans.models.mlp_discriminator(2, hidden_units=(8,)),
            seed=0,
        )
    )
    x, _ = datasets.load_arrays("ring", num_samples=64)
    callback = SampleGrid(tmp_path / "ring", num_samples=128)
    gan.fit(x, batch_size=32, epochs=1, callbacks=[callback], verbose=0)
    picture = _png(callback.last_path)
    assert picture.shape == (400, 400, 3)
    assert len(np.unique(picture.reshape(-1, 3), axis=0)) > 2  # Not blank.

    line = keras_gans.models.GAN(
        keras_gans.models.mlp_generator(1, 1, hidden_units=(4,)),
        keras_gans.models.mlp_discriminator(1, hidden_units=(4,)),
    )
    histogram = SampleGrid(tmp_path / "line", num_samples=32)
    histogram.prepare(line)
    path = histogram.save(epoch=0)
    assert path.endswith("samples_epoch_001.png")
    assert _png(path).shape == (400, 400, 3)


def test_image_grid_layout_and_range():
    images = np.zeros((5, 2, 3, 3), "float32")
    images[0] = -1.0
    images[1] = 1.0
    images[2] = 7.0  # Clipped.
    grid = image_grid(images, rows=2, padding=1)
    assert grid.shape == (2 * 2 + 1, 3 * 3 + 2, 3)
    assert grid.dtype == np.uint8
    assert np.all(grid[0:2, 0:3] == 0)
    assert np.all(grid[0:2, 4:7] == 255)
    assert np.all(grid[0:2, 8:11] == 255)
    assert np.all(grid[3:5, 0:3] == 128)  # 0.0 -> 127.5 rounds to 128.
    assert np.all(grid[2] == 255)  # The line between the rows.
    assert np.all(grid[3:5, 8:11] == 255)  # The empty sixth cell.
    assert image_grid(np.zeros((4, 5, 5)), padding=0).shape == (10, 10, 1)
    uint8 = np.full((1, 2, 2, 1), 7, np.uint8)
    np.testing.assert_array_equal(image_grid(uint8), uint8[0])


def test_save_image_grid(tmp_path):
    path = tmp_path / "new" / "dir" / "grid.png"
    grid = save_image_grid(np.zeros((4, 8, 8, 3)), str(path), rows=1)
    assert grid.shape == (8, 4 * 8 + 3, 3)
    np.testing.assert_array_equal(_png(path), grid)


@pytest.mark.parametrize(
    "images",
    [np.zeros((0, 8, 8, 1)), np.zeros((2, 8, 8, 2)), np.zeros((8, 8))],
)
def test_image_grid_bad_images(images):
    with pytest.raises(ValueError, match=r"images.*Received: images.shape"):
        image_grid(images)


def test_image_grid_bad_rows():
    with pytest.raises(ValueError, match="rows=5"):
        image_grid(np.zeros((4, 8, 8, 1)), rows=5)


def test_vector_plot_bad_samples():
    with pytest.raises(ValueError, match=r"samples.shape=\(4, 3\)"):
        vector_plot(np.zeros((4, 3)))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"num_samples": 0}, "num_samples=0"),
        ({"num_samples": 2.5}, "num_samples=2.5"),
        ({"every": 0}, "every=0"),
        ({"seed": -1}, "seed=-1"),
        ({"rows": 0}, "rows=0"),
        ({"num_samples": 4, "rows": 5}, "rows=5"),
        ({"num_samples": 4, "labels": [0, 1, 2]}, "num_samples=4.*Received: 3"),
        ({"num_samples": 2, "labels": [0.5, 1.0]}, "labels.*dtype=float64"),
        ({"filename": "grid_{step}.png"}, "filename='grid_{step}.png'"),
        ({"out_dir": None}, "out_dir=None"),
    ],
)
def test_bad_arguments(kwargs, match):
    kwargs = {"out_dir": "unused", **kwargs}
    with pytest.raises(ValueError, match=match):
        SampleGrid(**kwargs)


def test_labels_need_a_conditional_model(trained):
    gan = trained[0]
    callback = SampleGrid("unused", num_samples=2, labels=[0, 1])
    with pytest.raises(ValueError, match="not conditional"):
        callback.prepare(gan)


def test_render_before_prepare():
    with pytest.raises(ValueError, match="prepare"):
        SampleGrid("unused").render()


def test_get_config_round_trip(tmp_path):
    callback = SampleGrid(
        tmp_path,
        num_samples=6,
        rows=2,
        every=3,
        seed=4,
        labels=[0, 1, 2, 0, 1, 2],
        log_dir=str(tmp_path / "logs"),
        filename="s_{epoch}.png",
        padding=0,
    )
    config = callback.get_config()
    assert config["labels"] == [0, 1, 2, 0, 1, 2]
    assert SampleGrid.from_config(config).get_config() == config


def test_image_grid_scale_and_display_scale():
    from keras_gans.callbacks import display_scale

    images = np.random.default_rng(0).uniform(-1, 1, (16, 28, 28, 1)).astype("float32")
    grid = image_grid(images)
    assert grid.shape == (115, 115, 1)
    scaled = image_grid(images, scale=display_scale(28))
    assert display_scale(28) == 2 and display_scale(8) == 7 and display_scale(64) == 1
    assert scaled.shape == (230, 230, 1)
    np.testing.assert_array_equal(scaled[::2, ::2], grid)
    with pytest.raises(ValueError, match="`scale` must be an integer >= 1"):
        image_grid(images, scale=0)
    grid_callback = SampleGrid("/tmp/unused", scale=3)
    assert SampleGrid.from_config(grid_callback.get_config()).scale == 3
