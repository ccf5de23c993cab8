"""EvaluationCallback / FIDCallback inside fit, and the Evaluator."""

import glob
import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from tensorflow.core.util import event_pb2

import keras_gans
from keras_gans import datasets
from keras_gans import metrics
from keras_gans.callbacks.evaluation import EvaluationCallback
from keras_gans.callbacks.evaluation import FIDCallback


def _toy_gan():
    gan = keras_gans.models.GAN(
        keras_gans.models.mlp_generator(2, 2, (16,)),
        keras_gans.models.mlp_discriminator(2, (16,)),
        seed=0,
    )
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    return gan


def _scalars(log_dir):
    found = {}
    for filename in glob.glob(os.path.join(log_dir, "events.out.tfevents.*")):
        for record in tf.data.TFRecordDataset(filename):
            event = event_pb2.Event.FromString(record.numpy())
            for value in event.summary.value:
                found.setdefault(value.tag, []).append(
                    (event.step, float(tf.make_ndarray(value.tensor)),
                     value.metadata.summary_description)
                )
    return found


def test_callback_logs_metrics_history_tensorboard_and_protocol(tmp_path):
    gan = _toy_gan()
    x, _ = datasets.load_arrays("ring", num_samples=512)
    callback = EvaluationCallback(
        "ring",
        metrics=["fid", "kid", "mode_coverage"],
        extractor="identity",
        num_samples=400,
        kid_subsets=5,
        log_dir=str(tmp_path / "logs"),
        record_path=str(tmp_path / "eval.jsonl"),
    )
    history = gan.fit(x, batch_size=128, epochs=2, callbacks=[callback], verbose=0)
    for key in ("fid", "kid", "kid_std", "modes", "high_quality", "mode_kl"):
        assert len(history.history[key]) == 2
    # The last value is the metric of the final generator, recomputed here.
    reference, _ = datasets.load_arrays("ring", split="test")
    samples = gan.generate(400, seed=0)
    assert history.history["fid"][-1] == pytest.approx(
        metrics.frechet_distance(reference, samples), rel=1e-6
    )
    spec = datasets.toy_spec("ring")
    assert history.history["modes"][-1] == metrics.mode_coverage(
        samples, spec["means"], spec["std"]
    )["modes"]
    protocol = callback.records[-1]["protocol"]
    assert protocol["num_samples"] == 400
    assert protocol["reference"] == "ring/test" and protocol["reference_size"] == 10_000
    assert protocol["extractor"] == "identity" and protocol["kid_subsets"] == 5
    lines = (tmp_path / "eval.jsonl").read_text().splitlines()
    assert [json.loads(line)["epoch"] for line in lines] == [1, 2]
    scalars = _scalars(str(tmp_path / "logs"))
    assert [step for step, _, _ in scalars["eval/fid"]] == [0, 1]
    assert scalars["eval/fid"][-1][1] == pytest.approx(history.history["fid"][-1], rel=1e-5)
    assert json.loads(scalars["eval/fid"][0][2])["reference"] == "ring/test"


def test_every_n_epochs_and_fid_callback_on_arrays():
    gan = _toy_gan()
    x, _ = datasets.load_arrays("grid", num_samples=256)
    callback = FIDCallback(x, every=2, num_samples=100, extractor="identity",
                           reference_name="grid sample")
    history = gan.fit(x, batch_size=128, epochs=3, callbacks=[callback], verbose=0)
    assert len(history.history["fid"]) == 1 and callback.records[0]["epoch"] == 2
    assert callback.records[0]["protocol"]["reference"] == "grid sample"


def test_conditional_gan_with_the_fashion_mnist_extractor():
    try:
        x, y = datasets.load_arrays("fashion_mnist", split="test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    cgan = keras_gans.models.ConditionalGAN(
        (28, 28, 1), 8, 10, generator_filters=8, discriminator_filters=8, seed=0
    )
    cgan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                 d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    callback = EvaluationCallback("fashion_mnist", metrics=["fid", "precision", "recall"],
                                  num_samples=200, reference_size=500)
    history = cgan.fit(x[:64], y[:64], batch_size=32, epochs=1, callbacks=[callback],
                       verbose=0)
    assert np.isfinite(history.history["fid"][0]) and history.history["fid"][0] > 0
    assert 0 <= history.history["recall"][0] <= 1
    assert callback.records[0]["protocol"]["extractor"] == "fashion_mnist_classifier/features"


def test_bad_arguments():
    with pytest.raises(ValueError, match="metrics"):
        EvaluationCallback("ring", metrics=["fjd"])
    with pytest.raises(ValueError, match="reference"):
        EvaluationCallback(None, metrics=["fid"])
    with pytest.raises(ValueError, match="num_samples"):
        EvaluationCallback("ring", num_samples=1)
    with pytest.raises(ValueError, match="inception_score"):
        EvaluationCallback("ring", metrics=["inception_score"], extractor="identity")
    with pytest.raises(ValueError, match="mode_spec"):
        metrics.Evaluator(["mode_coverage"], reference=np.ones((4, 2)))
    callback = EvaluationCallback("ring", extractor="identity")
    with pytest.raises(ValueError, match="generate"):
        callback.set_model(keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)]))
