"""TextToImageGAN: the matching-aware loss, interpolation, serving from strings."""

import os
import shutil
import subprocess

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models
from keras_gans import text
from keras_gans.export import export

CAPTIONS = np.array(["a small red sneaker", "a big blue bag", "ünï 漢字", ""] * 4)
IMAGES = np.random.default_rng(0).uniform(-1, 1, (16, 8, 8, 3)).astype("float32")


def _model(**kwargs):
    keras.utils.set_random_seed(0)
    kwargs = {"latent_dim": 4, "seed": 1, **kwargs}
    encoder = text.CharCNNRNN(embedding_dim=6, max_length=12, char_embedding_dim=4,
                              conv_filters=(4,), rnn_units=4)
    model = models.TextToImageGAN(
        models.text_to_image_generator((8, 8, 3), 4, 6, 4, filters=4),
        models.text_to_image_discriminator((8, 8, 3), 6, 4, filters=4),
        encoder, **kwargs)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    return model


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_matching_aware_loss_is_the_algorithm_box():
    model = _model(method="cls")
    real = np.array([[2.0], [-1.0], [0.3]], "float32")
    fake = np.array([[-0.5], [1.5], [0.0]], "float32")
    wrong = np.array([[0.7], [-2.0], [4.0]], "float32")
    s_r, s_f, s_w = _sigmoid(real[:, 0]), _sigmoid(fake[:, 0]), _sigmoid(wrong[:, 0])
    expected = -(np.log(s_r) + (np.log(1 - s_w) + np.log(1 - s_f)) / 2)
    np.testing.assert_allclose(np.asarray(model.matching_aware_loss(real, fake, wrong)),
                               expected, rtol=1e-5)
    # wrong_weight moves the balance of the two fake terms.
    heavy = _model(method="cls", wrong_weight=1.0)
    np.testing.assert_allclose(np.asarray(heavy.matching_aware_loss(real, fake, wrong)),
                               -(np.log(s_r) + np.log(1 - s_w)), rtol=1e-5)


def _d_step_outputs(model):
    ids = model.text_encoder.char_ids(tf.constant(CAPTIONS[:4]))
    seed = tf.constant([0, 0], tf.int64)
    real = tf.constant(IMAGES[:4])
    prepared = model.fake_batch(real, ids, seed)
    return model.discriminator_loss(real, ids, seed, prepared)


def test_plain_has_no_wrong_text_term_and_cls_has():
    plain = _model(method="plain")
    assert "d_wrong" not in plain.metric_names() and "g_interpolated" not in plain.metric_names()
    per_example, outputs = _d_step_outputs(plain)
    expected = plain.loss_fn.discriminator_loss(outputs["real_logits"], outputs["fake_logits"])
    np.testing.assert_allclose(np.asarray(per_example), np.asarray(expected).reshape(-1),
                               rtol=1e-6)
    cls = _model(method="cls")
    assert "d_wrong" in cls.metric_names() and "g_interpolated" not in cls.metric_names()
    per_example, outputs = _d_step_outputs(cls)
    wrong_logits = cls.discriminator(
        [tf.constant(IMAGES[:4]), cls.wrong_embeddings(outputs["embeddings"])], training=True)
    expected = cls.matching_aware_loss(outputs["real_logits"], outputs["fake_logits"],
                                       wrong_logits)
    np.testing.assert_allclose(np.asarray(per_example), np.asarray(expected), rtol=1e-5)
    assert set(_model(method="int_cls").metric_names()) >= {"d_wrong", "g_interpolated"}


def test_interpolation_uses_beta():
    model = _model(method="int", interpolation_beta=0.25)
    e = np.array([[1.0, 0.0], [0.0, 2.0], [4.0, 4.0]], "float32")
    np.testing.assert_allclose(
        np.asarray(model.interpolate_embeddings(e)),
        0.25 * e + 0.75 * np.roll(e, 1, axis=0))
    # The wrong captions are other examples' captions.
    np.testing.assert_allclose(np.asarray(model.wrong_embeddings(e)), np.roll(e, -1, axis=0))


def test_interpolated_term_is_weighted_and_shares_the_generators_call():
    model = _model(method="int")
    ids = model.text_encoder.char_ids(tf.constant(CAPTIONS[:4]))
    real, seed = tf.constant(IMAGES[:4]), tf.constant([0, 5], tf.int64)
    calls = []
    generator_call = model.generator.call
    model.generator.call = lambda *a, **k: calls.append(1) or generator_call(*a, **k)
    half, outputs = model.generator_loss(real, ids, seed)
    assert len(calls) == 1  # own and interpolated captions in one batch
    model.interpolation_weight = 2.0
    double, _ = model.generator_loss(real, ids, seed)
    interpolated = np.asarray(outputs["g_interpolated"])
    assert interpolated.shape == (4,) and np.all(interpolated > 0)
    # Same seed, same fakes: the two losses differ by (2 - 0.5) x the interpolated term.
    np.testing.assert_allclose(np.asarray(double) - np.asarray(half), 1.5 * interpolated,
                               rtol=1e-5, atol=1e-6)
    assert np.asarray(outputs["fake"]).shape == (4, 8, 8, 3)
    config = _model(method="int", interpolation_weight=0.25).get_config()
    assert config["interpolation_weight"] == 0.25
    # A config saved before the argument existed keeps the weight it trained with.
    del config["interpolation_weight"]
    assert models.TextToImageGAN.from_config(config).interpolation_weight == 1.0


def test_generate_from_strings_is_seeded():
    model = _model()
    a = model.generate(["a red bag", "a blue coat"], seed=3)
    assert a.shape == (2, 8, 8, 3)
    np.testing.assert_array_equal(a, model.generate(["a red bag", "a blue coat"], seed=3))
    assert not np.allclose(a[0], model.generate(["a blue coat", "a blue coat"], seed=3)[0])


def test_saved_model_serves_raw_strings(tmp_path):
    model = _model()
    model.fit(IMAGES, CAPTIONS, batch_size=8, epochs=1, verbose=0)
    path = export(model, os.path.join(tmp_path, "saved_model"))
    loaded = tf.saved_model.load(path)
    captions = ["a small red sneaker", "été 🙂 " * 40]
    served = loaded.signatures["sample"](text=tf.constant(captions),
                                         seed=tf.constant(3, tf.int64))
    np.testing.assert_allclose(served["images"].numpy(), model.generate(captions, seed=3),
                               atol=1e-5)
    assert served["images_uint8"].dtype == tf.uint8
    cli = shutil.which("saved_model_cli")
    if cli is None:
        pytest.skip("saved_model_cli is not installed")
    out = os.path.join(tmp_path, "out")
    run = subprocess.run(
        [cli, "run", "--dir", path, "--tag_set", "serve", "--signature_def",
         "serving_default", "--input_exprs",
         # Literals: `--input_exprs` evaluates them with `ast.literal_eval`.
         "text=['a big blue bag', ''];latent=[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]",
         "--outdir", out],
        capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert run.returncode == 0, run.stderr[-2000:]
    images = np.load(os.path.join(out, "images.npy"))
    assert images.shape == (2, 8, 8, 3) and np.all(np.abs(images) <= 1)
    expected = model.predict(
        [np.zeros((2, 4), "float32"), model.text_encoder(["a big blue bag", ""])], verbose=0)
    np.testing.assert_allclose(images, expected, atol=1e-5)


def test_save_and_load_keeps_the_text_encoder(tmp_path):
    model = _model(method="int", interpolation_beta=0.3)
    path = os.path.join(tmp_path, "model.keras")
    model.save(path)
    loaded = keras.saving.load_model(path)
    assert loaded.method == "int" and loaded.interpolation_beta == 0.3
    np.testing.assert_array_equal(loaded.generate(["a red bag"], seed=1),
                                  model.generate(["a red bag"], seed=1))


@pytest.mark.parametrize(
    "call,pattern",
    [
        (lambda m: m.generate("a red bag"), "captions"),
        (lambda m: m.generate([]), "captions"),
        (lambda m: _model(wrong_weight=-0.1), "wrong_weight"),
        (lambda m: _model(interpolation_weight=-1.0), "interpolation_weight"),
        (lambda m: _model(interpolation_weight=float("nan")), "interpolation_weight"),
        (lambda m: _model(latent_dim=5), "latent_dim"),
        (lambda m: models.TextToImageGAN(m.generator, m.discriminator, object()),
         "text_encoder"),
    ],
)
def test_bad_inputs(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call(_model())
