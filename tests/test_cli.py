import json

import numpy as np
import pytest
from PIL import Image

from keras_gans import cli


def test_list(capsys):
    cli.main(["list"])
    out = capsys.readouterr().out
    for name in ("gan", "dcgan", "conditional_gan", "fashion_mnist", "ring"):
        assert name in out


def test_train_sample_export_dcgan(tmp_path, capsys):
    run = tmp_path / "run"
    cli.main(["train", "dcgan", "--dataset", "digits", "--epochs", "1",
              "--steps-per-epoch", "2", "--batch-size", "16", "--latent-dim", "8",
              "--out", str(run)])
    assert (run / "model.keras").exists()
    assert (run / "saved_model" / "saved_model.pb").exists()
    assert json.loads((run / "run.json").read_text())["dataset"] == "digits"
    grids = list((run / "samples").glob("*.png"))
    assert len(grids) == 1 and Image.open(grids[0]).size[0] > 8

    cli.main(["sample", str(run), "--count", "4", "--out", str(tmp_path / "s.png")])
    assert Image.open(tmp_path / "s.png").size[0] >= 16

    cli.main(["export", str(run), "--to", str(tmp_path / "exported")])
    assert (tmp_path / "exported" / "saved_model.pb").exists()
    with pytest.raises(SystemExit):
        cli.main(["export", str(run), "--to", str(tmp_path / "exported")])
    assert "overwrite" in capsys.readouterr().err


def test_train_gan_on_a_toy(tmp_path):
    run = tmp_path / "ring"
    cli.main(["train", "gan", "--dataset", "ring", "--epochs", "1",
              "--steps-per-epoch", "2", "--batch-size", "32", "--out", str(run)])
    cli.main(["sample", str(run), "--count", "5"])
    assert np.load(run / "sample_seed0.npy").shape == (5, 2)


def test_existing_run_is_not_overwritten(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_text("a user's checkpoint")
    with pytest.raises(SystemExit):
        cli.main(["train", "gan", "--dataset", "ring", "--out", str(run)])
    assert "--overwrite" in capsys.readouterr().err
    assert (run / "model.keras").read_text() == "a user's checkpoint"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "stylegan"], "unknown family 'stylegan'"),
        (["train", "dcgan", "--dataset", "ring"], "--dataset 'ring'"),
        (["train", "gan", "--dataset", "ring", "--epochs", "0"], "--epochs"),
        (["sample", "/nonexistent/run"], "not a run directory"),
    ],
)
def test_bad_arguments(argv, message, capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv + (["--out", str(tmp_path / "o")] if argv[0] == "train" else []))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err
