"""`CharCNNRNN` on raw strings, and the `JointEmbedding` pre-training."""

import os
import shutil
import subprocess

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import text


def _encoder(**kwargs):
    keras.utils.set_random_seed(0)
    kwargs = {"embedding_dim": 8, "max_length": 24, "char_embedding_dim": 8,
              "conv_filters": (8, 8), "rnn_units": 8, **kwargs}
    return text.CharCNNRNN(**kwargs)


TEXTS = ["a small red sneaker in the top left", "", "été — ünïcödé 漢字 🙂",
         "x" * 500, "top left: a tiny crimson trainer"]


def test_char_ids_in_the_graph():
    ids = text.char_ids(tf.constant(["Ab c", "", "é" + "a" * 40]), 6).numpy()
    assert ids.shape == (3, 6) and ids.dtype == np.int32
    alphabet = text.char_cnn_rnn.ALPHABET
    assert ids[0].tolist() == [alphabet.index("a") + 2, alphabet.index("b") + 2,
                               alphabet.index(" ") + 2, alphabet.index("c") + 2, 0, 0]
    assert ids[1].tolist() == [0] * 6  # empty: all padding
    assert ids[2, 0] == text.char_cnn_rnn.UNKNOWN_ID and ids[2, 5] == alphabet.index("a") + 2

    # Inside a traced function, from a string placeholder.
    traced = tf.function(lambda t: text.char_ids(t, 6)).get_concrete_function(
        tf.TensorSpec([None], tf.string))
    np.testing.assert_array_equal(traced(tf.constant(["Ab c"])).numpy()[0], ids[0])


def test_any_string_and_same_string_same_embedding():
    encoder = _encoder()
    embeddings = np.asarray(encoder(TEXTS))
    assert embeddings.shape == (len(TEXTS), 8) and np.all(np.isfinite(embeddings))
    again = np.asarray(encoder(list(reversed(TEXTS))))[::-1]
    np.testing.assert_allclose(again, embeddings, atol=1e-6)
    # Truncation: only the first max_length characters count.
    np.testing.assert_allclose(np.asarray(encoder(["x" * 30, "x" * 500])[0]),
                               embeddings[3], atol=1e-6)
    assert not np.allclose(embeddings[0], embeddings[4])
    # Ids and strings give the same embedding.
    np.testing.assert_allclose(np.asarray(encoder(encoder.char_ids(TEXTS))), embeddings,
                               atol=1e-6)


def test_save_and_load(tmp_path):
    encoder = _encoder()
    path = os.path.join(tmp_path, "encoder.keras")
    encoder.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is text.CharCNNRNN and loaded.get_config() == encoder.get_config()
    np.testing.assert_array_equal(np.asarray(loaded(TEXTS)), np.asarray(encoder(TEXTS)))


def test_serves_raw_strings(tmp_path):
    encoder = _encoder()
    archive = keras.export.ExportArchive()
    archive.track(encoder)
    archive.add_endpoint("serve", lambda t: {"embedding": encoder(t)},
                         [tf.TensorSpec([None], tf.string, name="text")])
    path = os.path.join(tmp_path, "encoder")
    archive.write_out(path, verbose=False)
    loaded = tf.saved_model.load(path)
    np.testing.assert_allclose(loaded.serve(tf.constant(TEXTS))["embedding"].numpy(),
                               np.asarray(encoder(TEXTS)), atol=1e-6)
    cli = shutil.which("saved_model_cli")
    if cli:
        run = subprocess.run(
            [cli, "run", "--dir", path, "--tag_set", "serve", "--signature_def", "serve",
             "--input_exprs", "text=['a red bag', '']"],
            capture_output=True, text=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
        assert run.returncode == 0, run.stderr[-2000:]


@pytest.mark.parametrize(
    "call,pattern",
    [
        (lambda e: e([1, 2]), "inputs"),
        (lambda e: text.CharCNNRNN(max_length=0), "max_length"),
        (lambda e: text.CharCNNRNN(conv_filters=(8, -1)), "conv_filters"),
    ],
)
def test_bad_inputs(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call(_encoder())


def test_structured_loss_hand_set_scores():
    v = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "float32")
    t = np.array([[2.0, 0.0], [0.0, 1.0], [1.0, 0.0]], "float32")
    labels = np.array([0, 1, 0])
    # S = v tᵀ = [[2, 0, 1], [0, 1, 0], [2, 1, 1]]
    # image 0 (class 0) vs caption 1: relu(1 + 0 - 2) = 0
    # image 1 (class 1) vs captions 0, 2: (relu(1 + 0 - 1) + relu(1 + 0 - 1)) / 2 = 0
    # image 2 (class 0) vs caption 1: relu(1 + 1 - 1) = 1
    # caption 0 vs image 1: relu(1 + 0 - 2) = 0
    # caption 1 vs images 0, 2: (relu(1 + 0 - 1) + relu(1 + 1 - 1)) / 2 = 0.5
    # caption 2 vs image 1: relu(1 + 0 - 1) = 0
    loss = np.asarray(text.structured_loss(v, t, labels, margin=1.0))
    np.testing.assert_allclose(loss, [0.0, 0.5, 1.0])
    # One class only: nothing to separate.
    np.testing.assert_allclose(np.asarray(text.structured_loss(v, t, np.zeros(3))), 0.0)


def test_joint_embedding_bad_inputs():
    joint = text.JointEmbedding(_encoder(), text.image_encoder((16, 16, 3), 8, filters=4))
    joint.compile(optimizer="adam")
    images = np.zeros((4, 16, 16, 3), "float32")
    with pytest.raises(ValueError, match="captions"):
        joint.fit((images, np.arange(4)), verbose=0)
    with pytest.raises(ValueError, match="pair"):
        joint.fit(images, verbose=0)
    with pytest.raises(ValueError, match="margin"):
        text.JointEmbedding(_encoder(), joint.image_encoder, margin=0)


def test_joint_embedding_save_and_load(tmp_path):
    joint = text.JointEmbedding(_encoder(), text.image_encoder((16, 16, 3), 8, filters=4))
    path = os.path.join(tmp_path, "joint.keras")
    joint.save(path)
    loaded = keras.saving.load_model(path)
    images = np.random.default_rng(0).uniform(-1, 1, (3, 16, 16, 3)).astype("float32")
    for a, b in zip(loaded.embed(images, TEXTS[:3]), joint.embed(images, TEXTS[:3])):
        np.testing.assert_allclose(a, b, atol=1e-6)


@pytest.mark.large
def test_joint_embedding_retrieves_better_than_chance_on_held_out_captions():
    from keras_gans import datasets
    from keras_gans.datasets import _images

    try:
        _images.find_fashion_mnist("test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    train = datasets.captioned_fashion_arrays("train", image_size=16, count=2048)
    test = datasets.captioned_fashion_arrays("test", image_size=16, count=400)
    keras.utils.set_random_seed(1)
    joint = text.JointEmbedding(
        text.CharCNNRNN(embedding_dim=16, max_length=64, char_embedding_dim=16,
                        conv_filters=(32, 32), rnn_units=32),
        text.image_encoder((16, 16, 3), 16, filters=8),
    )
    joint.compile(optimizer=keras.optimizers.Adam(2e-3))
    # The structured loss's classes: the compositions (class, colour, size, position).
    composition = np.ravel_multi_index(train["attributes"].T, (10, 8, 3, 9))
    joint.fit((train["image"], train["caption"]), composition, batch_size=64, epochs=3,
              verbose=0)
    # Held-out pairs: each image must retrieve its own caption among 400, and back.
    after = joint.retrieval_accuracy(test["image"], test["caption"])
    chance = 1 / len(test["caption"])
    for direction in ("image_to_text", "text_to_image"):
        assert after[direction] > 3 * chance, (after, chance)
