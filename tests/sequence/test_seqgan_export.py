import os
import subprocess

import family_testing
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.sequence import SeqGAN
from keras_gans.sequence import SequenceDiscriminator
from keras_gans.sequence import SequenceGenerator
from keras_gans.sequence import export_sequence_model
from keras_gans.text import TextTokenizer

SAVED_MODEL_CLI = family_testing.SAVED_MODEL_CLI
POEMS = ["秦川雄帝宅，函谷壮皇居。", "塞外悲风切，交河冰已结。"]


def _seqgan():
    tokenizer = TextTokenizer(split="character", sequence_length=6).adapt(POEMS)
    generator = SequenceGenerator(
        tokenizer.vocabulary_size(), 4, 8, sequence_length=6, tokenizer=tokenizer
    )
    discriminator = SequenceDiscriminator(
        generator.vocab_size, 6, embedding_dim=4, filter_sizes=(2,), num_filters=(3,)
    )
    return SeqGAN(generator, discriminator, rollout_num=2, seed=0), tokenizer


def test_sample_and_log_prob_signatures(tmp_path):
    model, tokenizer = _seqgan()
    export_sequence_model(model, tmp_path / "sm")
    loaded = tf.saved_model.load(str(tmp_path / "sm"))
    assert set(loaded.signatures) == {"serving_default", "sample", "log_prob"}
    sample = loaded.signatures["sample"]
    out = sample(count=tf.constant(5), seed=tf.constant(7, tf.int64),
                 temperature=tf.constant(1.0))
    np.testing.assert_array_equal(out["tokens"].numpy(), model.generate(5, seed=7))
    texts = [t.decode("utf-8") for t in out["text"].numpy()]
    assert texts == tokenizer.decode(out["tokens"]) == model.generator.generate_text(5, seed=7)
    again = loaded.signatures["serving_default"](
        count=tf.constant(5), seed=tf.constant(7, tf.int64), temperature=tf.constant(1.0)
    )
    np.testing.assert_array_equal(again["tokens"].numpy(), out["tokens"].numpy())
    tokens = tokenizer(POEMS)
    np.testing.assert_allclose(
        loaded.signatures["log_prob"](tokens=tokens)["log_prob"].numpy(),
        model.generator.log_prob(tokens).numpy(),
        rtol=1e-5,
    )


def test_export_refuses_to_overwrite_and_other_models(tmp_path):
    model, _ = _seqgan()
    target = tmp_path / "sm"
    target.mkdir()
    (target / "keep.txt").write_text("user data")
    with pytest.raises(ValueError, match="overwrite=True"):
        export_sequence_model(model, target)
    with pytest.raises(ValueError, match="model="):
        export_sequence_model(model.discriminator, tmp_path / "other")


def test_sample_signature_through_saved_model_cli(tmp_path):
    generator = SequenceGenerator(12, 4, 4, sequence_length=5)
    export_sequence_model(generator, tmp_path / "sm")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    subprocess.run(
        [SAVED_MODEL_CLI, "run", "--dir", str(tmp_path / "sm"), "--tag_set", "serve",
         "--signature_def", "sample", "--input_exprs", "count=3;seed=5;temperature=1.0",
         "--outdir", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, check=True,
    )
    tokens = np.load(tmp_path / "out" / "tokens.npy")
    np.testing.assert_array_equal(tokens, generator.generate(3, seed=5))
