"""`keras-gans evaluate`: through `add_evaluate_parser`, and on a run `train` wrote."""

import argparse
import json

import keras
import pytest

import keras_gans
from keras_gans import cli
from keras_gans import datasets
from keras_gans import metrics
from keras_gans.cli.evaluate import add_evaluate_parser


def _parser():
    parser = argparse.ArgumentParser(prog="keras-gans")
    add_evaluate_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def _run(argv):
    args = _parser().parse_args(argv)
    return args.func(args)


@pytest.fixture
def ring_run(tmp_path):
    gan = keras_gans.models.GAN(
        keras_gans.models.mlp_generator(2, 2, (16,)),
        keras_gans.models.mlp_discriminator(2, (16,)),
        seed=0,
    )
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3))
    gan.save(tmp_path / "model.keras")
    (tmp_path / "run.json").write_text(json.dumps({"family": "gan", "dataset": "ring"}))
    return tmp_path, gan


def test_evaluate_a_toy_run(ring_run, capsys):
    run_dir, gan = ring_run
    out = run_dir / "eval.json"
    record = _run(["evaluate", str(run_dir), "--num-samples", "300", "--seed", "4",
                   "--out", str(out)])
    assert set(record["results"]) == {"fid", "modes", "high_quality", "mode_kl"}
    assert json.loads(out.read_text()) == json.loads(capsys.readouterr().out)
    samples = gan.generate(300, seed=4)
    reference, _ = datasets.load_arrays("ring", split="test")
    assert record["results"]["fid"] == pytest.approx(
        metrics.frechet_distance(reference, samples), rel=1e-6
    )
    assert record["protocol"]["num_samples"] == 300
    assert record["protocol"]["extractor"] == "identity"
    assert record["protocol"]["reference"] == "ring/test"
    assert record["protocol"]["seed"] == 4


def test_metric_lists_and_errors(ring_run, tmp_path_factory, capsys):
    run_dir, _ = ring_run
    record = _run(["evaluate", str(run_dir), "--metric", "kid,precision",
                   "--metric", "recall", "--num-samples", "200",
                   "--reference-size", "500"])
    assert list(record["results"]) == ["kid", "kid_std", "precision", "recall"]
    assert record["protocol"]["reference_size"] == 500
    for argv, message in [
        (["--metric", "fjd"], "unknown --metric"),
        (["--num-samples", "1"], "--num-samples"),
        (["--metric", "inception_score"], "probabilities"),
    ]:
        with pytest.raises(SystemExit) as error:
            _run(["evaluate", str(run_dir), *argv])
        assert error.value.code == 2
        assert message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _run(["evaluate", str(tmp_path_factory.mktemp("empty"))])


def test_evaluate_a_trained_run(tmp_path, capsys):
    run = tmp_path / "run"
    cli.main(["train", "gan", "--dataset", "grid", "--epochs", "1", "--steps-per-epoch", "1",
              "--batch-size", "32", "--out", str(run)])
    capsys.readouterr()
    cli.main(["evaluate", str(run), "--num-samples", "200", "--reference-size", "500"])
    record = json.loads(capsys.readouterr().out)
    assert set(record["results"]) == {"fid", "modes", "high_quality", "mode_kl"}
    assert record["protocol"]["reference"] == "grid/test"
