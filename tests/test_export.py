import os
import subprocess

import family_testing
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.export import export
from keras_gans.models import DCGAN
from keras_gans.models import GAN
from keras_gans.models import ConditionalGAN
from keras_gans.models import mlp_discriminator
from keras_gans.models import mlp_generator

SAVED_MODEL_CLI = family_testing.SAVED_MODEL_CLI


def _dcgan():
    return DCGAN((8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4,
                 seed=0)


def test_serving_default_matches_the_generator(tmp_path):
    gan = _dcgan()
    export(gan, tmp_path / "sm")
    loaded = tf.saved_model.load(str(tmp_path / "sm"))
    assert set(loaded.signatures) == {"serving_default", "sample"}
    z = np.random.uniform(-1, 1, (3, 4)).astype("float32")
    out = loaded.signatures["serving_default"](latent=tf.constant(z))
    expected = gan.predict(z, verbose=0)
    np.testing.assert_allclose(out["images"].numpy(), expected, atol=1e-5)
    assert out["images_uint8"].dtype == tf.uint8
    np.testing.assert_array_equal(
        out["images_uint8"].numpy(), np.round((expected + 1) * 127.5).astype("uint8")
    )


def test_sample_signature_is_seeded(tmp_path):
    export(_dcgan(), tmp_path / "sm")
    sample = tf.saved_model.load(str(tmp_path / "sm")).signatures["sample"]
    a = sample(count=tf.constant(5), seed=tf.constant(7, tf.int64))["images"].numpy()
    b = sample(count=tf.constant(5), seed=tf.constant(7, tf.int64))["images"].numpy()
    c = sample(count=tf.constant(5), seed=tf.constant(8, tf.int64))["images"].numpy()
    assert a.shape == (5, 8, 8, 1)
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


def test_conditional_export(tmp_path):
    gan = ConditionalGAN((8, 8, 1), 4, 3, generator_filters=4, discriminator_filters=4)
    export(gan, tmp_path / "sm")
    loaded = tf.saved_model.load(str(tmp_path / "sm"))
    z = np.zeros((2, 4), "float32")
    out = loaded.signatures["serving_default"](
        latent=tf.constant(z), label=tf.constant([0, 2])
    )
    np.testing.assert_allclose(
        out["images"].numpy(), gan.predict([z, np.array([0, 2])], verbose=0), atol=1e-5
    )
    sample = loaded.signatures["sample"](count=tf.constant(4), seed=tf.constant(1, tf.int64))
    np.testing.assert_array_equal(sample["labels"].numpy(), [0, 1, 2, 0])


def test_vector_gan_exports_samples(tmp_path):
    gan = GAN(mlp_generator(2, 2, (8,)), mlp_discriminator(2, (8,)))
    export(gan, tmp_path / "sm")
    out = tf.saved_model.load(str(tmp_path / "sm")).signatures["sample"](
        count=tf.constant(6), seed=tf.constant(0, tf.int64)
    )
    assert out["samples"].shape == (6, 2)


def test_export_never_overwrites_and_rejects_other_models(tmp_path):
    target = tmp_path / "sm"
    target.mkdir()
    (target / "keep.txt").write_text("user data")
    with pytest.raises(ValueError, match="overwrite=True"):
        export(_dcgan(), target)
    assert (target / "keep.txt").read_text() == "user data"
    with pytest.raises(ValueError, match="model="):
        export(mlp_generator(2, 2), tmp_path / "other")


def test_signatures_through_saved_model_cli(tmp_path):
    export(_dcgan(), tmp_path / "sm")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    shown = subprocess.run(
        [SAVED_MODEL_CLI, "show", "--all", "--dir", str(tmp_path / "sm")],
        capture_output=True, text=True, env=env, check=True,
    ).stdout
    assert "signature_def['serving_default']" in shown
    assert "inputs['latent']" in shown and "outputs['images_uint8']" in shown
    assert "signature_def['sample']" in shown and "inputs['seed']" in shown
    for signature, inputs in (
        ("serving_default", "latent=[[0.1,0.2,0.3,0.4]]"),
        ("sample", "count=2;seed=5"),
    ):
        out_dir = tmp_path / signature
        subprocess.run(
            [SAVED_MODEL_CLI, "run", "--dir", str(tmp_path / "sm"), "--tag_set", "serve",
             "--signature_def", signature, "--input_exprs", inputs,
             "--outdir", str(out_dir)],
            capture_output=True, text=True, env=env, check=True,
        )
        images = np.load(out_dir / "images_uint8.npy")
        assert images.dtype == np.uint8
        assert images.shape == ((1 if signature == "serving_default" else 2), 8, 8, 1)
