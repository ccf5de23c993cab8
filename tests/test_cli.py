import json
import os

import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from keras_gans import cli
from keras_gans import sequence

# A tiny SeqGAN: 5-token sequences, 8-unit networks, 2 steps per phase.
TINY_SEQGAN = [
    "--sequence-length", "5", "--num-sequences", "32", "--batch-size", "16",
    "--embedding-dim", "8", "--hidden-dim", "8", "--d-embedding-dim", "8",
    "--d-filter-sizes", "2,3", "--d-num-filters", "4", "--mle-epochs", "1",
    "--d-pretrain-steps", "2", "--adversarial-batches", "2", "--rollout-num", "2",
    "--d-steps", "1", "--eval-samples", "64",
]
POEMS = [
    "秦 川 雄 帝 宅 ， 函 谷 壮 皇 居 。",
    "塞 外 悲 风 切 ， 交 河 冰 已 结 。",
    "白 日 依 山 尽 ， 黄 河 入 海 流 。",
    "床 前 明 月 光 ， 疑 是 地 上 霜 。",
]


def test_list(capsys):
    cli.main(["list"])
    out = capsys.readouterr().out
    for name in ("gan", "dcgan", "conditional_gan", "fashion_mnist", "ring", "seqgan",
                 "oracle", "poems", "coco", "chinese_poems.txt"):
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


def test_train_gan_on_a_toy(tmp_path, capsys):
    run = tmp_path / "ring"
    cli.main(["train", "gan", "--dataset", "ring", "--epochs", "1",
              "--steps-per-epoch", "2", "--batch-size", "32", "--out", str(run)])
    cli.main(["sample", str(run), "--count", "5"])
    assert np.load(run / "sample_seed0.npy").shape == (5, 2)
    with pytest.raises(SystemExit):
        cli.main(["sample", str(run), "--temperature", "0.5"])
    assert "--temperature applies to sequence (seqgan) runs" in capsys.readouterr().err


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
        (["sample", "/nonexistent/run", "--temperature", "0"], "--temperature must be > 0"),
        (["train", "seqgan", "--dataset", "fashion_mnist"], "--dataset 'fashion_mnist'"),
        (["train", "dcgan", "--rollout-num", "2"], "--rollout-num applies to the seqgan"),
        (["train", "seqgan", "--rollout-num", "0"], "--rollout-num must be >= 1"),
        (["train", "seqgan", "--baseline", "ema"], "invalid choice: 'ema'"),
        (["train", "gan", "--baseline", "mean"], "--baseline applies to the seqgan"),
        (["train", "seqgan", "--latent-dim", "8"], "--latent-dim does not apply"),
        (["train", "seqgan", "--adversarial-batches", "3", "--epochs", "2"],
         "either --adversarial-batches or --epochs"),
        (["train", "seqgan", "--d-filter-sizes", "2,30"], "--d-filter-sizes must lie in"),
        (["train", "seqgan", "--d-filter-sizes", "2,3", "--d-num-filters", "4,4,4"],
         "--d-num-filters needs one number or one per window size"),
        (["train", "seqgan", "--dataset", "oracle", "--max-tokens", "100"], "--max-tokens"),
        (["train", "seqgan", "--dataset", "coco", "--data-dir", "/nonexistent"],
         "--data-dir '/nonexistent' is not a directory"),
    ],
)
def test_bad_arguments(argv, message, capsys, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv + (["--out", str(tmp_path / "o")] if argv[0] == "train" else []))
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.fixture
def tiny_oracle_dir(tmp_path):
    """A data folder whose seqgan_oracle.npz is a random 30-token oracle."""
    oracle = sequence.OracleLSTM.random(30, 8, 8, sequence_length=5, seed=0)
    directory = tmp_path / "data"
    directory.mkdir()
    np.savez(directory / "seqgan_oracle.npz", **oracle.parameters())
    return directory


def _lines(path):
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def test_train_sample_export_seqgan_on_the_oracle(tiny_oracle_dir, tmp_path, capsys):
    run = tmp_path / "run"
    cli.main(["train", "seqgan", "--dataset", "oracle", "--data-dir", str(tiny_oracle_dir),
              "--out", str(run), "--baseline", "mean", *TINY_SEQGAN])
    record = json.loads((run / "run.json").read_text())
    assert (record["family"], record["dataset"], record["vocab_size"]) == ("seqgan", "oracle", 30)
    assert record["num_sequences"] == 32 and record["sequence_length"] == 5
    nll = json.loads((run / "nll_oracle.json").read_text())
    for stage in ("oracle_own_samples", "before_training", "after_mle", "after_seqgan"):
        assert np.isfinite(nll[stage]) and nll[stage] > 0
    assert nll["oracle_own_samples"] < nll["before_training"]
    assert nll["eval_samples"] == 64
    rows = [[int(t) for t in line.split()] for line in _lines(run / "samples.txt")]
    assert len(rows) == 64 and all(len(r) == 5 and 0 <= min(r) and max(r) < 30 for r in rows)

    model = keras.saving.load_model(run / "model.keras")
    assert isinstance(model, sequence.SeqGAN) and model.baseline == "mean"
    tokens = model.generate(7, seed=3, temperature=0.7)
    assert tokens.shape == (7, 5) and tokens.min() >= 0 and tokens.max() < 30

    cli.main(["sample", str(run), "--count", "7", "--seed", "3", "--temperature", "0.7"])
    sampled = _lines(run / "sample_seed3.txt")
    assert sampled == [" ".join(map(str, row)) for row in tokens]

    cli.main(["export", str(run), "--to", str(tmp_path / "exported")])
    signature = tf.saved_model.load(str(tmp_path / "exported")).signatures["sample"]
    outputs = signature(count=tf.constant(6), seed=tf.constant(1, tf.int64),
                        temperature=tf.constant(1.0))
    assert outputs["tokens"].shape == (6, 5)
    np.testing.assert_array_equal(outputs["tokens"].numpy(), model.generate(6, seed=1))

    # Another train into the same folder is refused, and the run is kept.
    modified = os.path.getmtime(run / "model.keras")
    capsys.readouterr()
    with pytest.raises(SystemExit):
        cli.main(["train", "seqgan", "--data-dir", str(tiny_oracle_dir), "--out", str(run),
                  *TINY_SEQGAN])
    assert "--overwrite" in capsys.readouterr().err
    assert os.path.getmtime(run / "model.keras") == modified
    with pytest.raises(SystemExit):
        cli.main(["evaluate", str(run)])
    assert "nll_oracle.json" in capsys.readouterr().err


def test_train_seqgan_on_poems_writes_decoded_text(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "chinese_poems.txt").write_text("\n".join(POEMS * 8) + "\n", encoding="utf-8")
    characters = set("".join(POEMS).replace(" ", ""))
    run = tmp_path / "run"
    # The adversarial phase is the oracle test's; here MLE only, to save time.
    cli.main(["train", "seqgan", "--dataset", "poems", "--data-dir", str(data),
              "--out", str(run), *TINY_SEQGAN, "--sequence-length", "12",
              "--d-pretrain-steps", "0", "--adversarial-batches", "0"])
    record = json.loads((run / "run.json").read_text())
    assert record["vocab_size"] == len(characters) + 2  # <pad> and <unk>
    assert record["seconds"].keys() == {"mle"}
    assert not (run / "nll_oracle.json").exists()
    poems = _lines(run / "samples.txt")
    assert len(poems) == 64 and any(poems)
    assert set("".join(poems).replace("<unk>", "")) <= characters

    cli.main(["sample", str(run), "--count", "5", "--out", str(tmp_path / "poems.txt")])
    assert len(_lines(tmp_path / "poems.txt")) == 5
    exported = tf.saved_model.load(str(run / "saved_model")).signatures["serving_default"]
    text = exported(count=tf.constant(3), seed=tf.constant(0, tf.int64),
                    temperature=tf.constant(1.0))["text"]
    assert text.shape == (3,) and text.dtype == tf.string


def test_seqgan_data_errors_name_the_argument(tiny_oracle_dir, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SystemExit):
        cli.main(["train", "seqgan", "--data-dir", str(empty), "--out", str(tmp_path / "a")])
    assert "holds no seqgan_oracle.npz" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["train", "seqgan", "--data-dir", str(tiny_oracle_dir), "--out",
                  str(tmp_path / "b"), "--num-sequences", "10", "--batch-size", "16"])
    assert "--batch-size 16 is larger than the 10 training sequences" in capsys.readouterr().err
    assert not (tmp_path / "b").exists()
