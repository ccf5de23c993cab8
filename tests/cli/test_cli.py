"""`keras-gans`: the registry, train/sample/export/list, --resume, seqgan runs."""

import json
import os
import pathlib
import subprocess
import sys
import warnings

import family_testing
import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

import keras_gans
from keras_gans import cli
from keras_gans import datasets
from keras_gans import sequence
from keras_gans.cli import registry

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


# The resume test's settings: digits, 2 steps of 16 images per epoch.
TINY_DCGAN = ["--dataset", "digits", "--batch-size", "16", "--steps-per-epoch", "2",
              "--latent-dim", "8"]


def test_list_prints_the_registry(capsys):
    cli.main(["list"])
    out = capsys.readouterr().out
    for name, recipe in registry.families().items():
        assert f"  {name} " in out and recipe.description in out
        for dataset in recipe.datasets:
            assert dataset in out
    for name in ("gan", "dcgan", "conditional_gan", "seqgan", "fashion_mnist", "ring",
                 "oracle", "poems", "coco", "chinese_poems.txt"):
        assert name in out


def test_registry_tables_match_the_library():
    assert sorted(registry.DATASETS) == datasets.available()
    for name, (kind, _) in registry.DATASETS.items():
        assert kind == datasets.DATASETS[name]["kind"]
    from keras_gans.cli.evaluate import METRICS
    from keras_gans.metrics.evaluation import METRICS as LIBRARY_METRICS

    assert METRICS == LIBRARY_METRICS


def test_a_family_registers_once():
    recipe = registry.families()["dcgan"]
    with pytest.raises(ValueError, match="registered already"):
        registry.register_family("dcgan", recipe)
    with pytest.raises(ValueError, match="`default_dataset` must be one of"):
        registry.FamilyRecipe(description="x", datasets=("digits",), default_dataset="ring",
                              build=len, sample_writer=len)
    with pytest.raises(KeyError, match="unknown family 'stylegan'"):
        registry.get_family("stylegan")


@pytest.mark.parametrize("argv", [["--help"], ["train", "--help"], ["list"]])
def test_help_and_list_import_no_tensorflow(argv):
    root = pathlib.Path(keras_gans.__file__).resolve().parents[1]
    code = (
        "import sys\n"
        "from keras_gans import cli\n"
        "try:\n"
        f"    cli.main({argv!r})\n"
        "except SystemExit as error:\n"
        "    assert error.code == 0, error.code\n"
        "heavy = [m for m in ('tensorflow', 'keras') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=root,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "usage: keras-gans" in result.stdout or "families:" in result.stdout


def test_tensorflow_start_up_lines_are_filtered():
    from keras_gans.cli._common import _STARTUP_NOISE

    for line in [
        "WARNING: All log messages before absl::InitializeLog() is called are written to "
        "STDERR",
        "I0000 00:00:1796172732.201202    6018 port.cc:153] oneDNN custom operations are on.",
        "I0000 00:00:1796172732.201476    6018 cudart_stub.cc:31] Could not find cuda drivers",
        "E0000 00:00:1796172735.284082    6018 cuda_platform.cc:52] failed call to cuInit: "
        "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)",
        "To enable the following instructions: AVX2 FMA, in other operations, rebuild "
        "TensorFlow with the appropriate compiler flags.",
    ]:
        assert _STARTUP_NOISE.match(line), line
    for line in ["Traceback (most recent call last):", "ValueError: bad shape",
                 "E0000 00:00:1.2 7 file.cc:3] a real error"]:
        assert not _STARTUP_NOISE.match(line), line


def test_train_sample_export_dcgan(tmp_path, capsys):
    run = tmp_path / "run"
    cli.main(["train", "dcgan", "--dataset", "digits", "--epochs", "1", "--image-size", "28",
              "--steps-per-epoch", "1", "--batch-size", "16", "--latent-dim", "8",
              "--out", str(run)])
    assert (run / "model.keras").exists()
    assert (run / "saved_model" / "saved_model.pb").exists()
    record = json.loads((run / "run.json").read_text())
    assert (record["dataset"], record["epochs_done"], record["image_size"]) == ("digits", 1, 28)
    grids = list((run / "samples").glob("*.png"))
    # 64 tiles of 28 pixels, 8 x 8 with 1-pixel lines, shown twice their size.
    assert len(grids) == 1 and Image.open(grids[0]).size == (2 * 231, 2 * 231)

    # 16 images of 28 pixels: a 115-pixel grid, upscaled to 230 as the gallery's.
    cli.main(["sample", str(run), "--count", "16", "--out", str(tmp_path / "s.png")])
    assert Image.open(tmp_path / "s.png").size == (230, 230)
    assert capsys.readouterr().out.strip().endswith("s.png")

    cli.main(["export", str(run), "--to", str(tmp_path / "exported")])
    assert (tmp_path / "exported" / "saved_model.pb").exists()
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["export", str(run), "--to", str(tmp_path / "exported")])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "pass --overwrite" in err and "overwrite=True" not in err
    cli.main(["export", str(run), "--to", str(tmp_path / "exported"), "--overwrite"])


def test_train_gan_on_a_toy_writes_a_scatter_plot(tmp_path, capsys):
    run = tmp_path / "ring"
    cli.main(["train", "gan", "--dataset", "ring", "--epochs", "1",
              "--steps-per-epoch", "2", "--batch-size", "32", "--out", str(run)])
    assert len(list((run / "samples").glob("*.png"))) == 1
    cli.main(["sample", str(run), "--count", "5"])
    assert np.load(run / "sample_seed0.npy").shape == (5, 2)
    assert Image.open(run / "sample_seed0.png").size == (400, 400)
    with pytest.raises(SystemExit):
        cli.main(["sample", str(run), "--temperature", "0.5"])
    assert "--temperature does not apply to gan runs" in capsys.readouterr().err


def test_a_fresh_process_samples_a_run_without_start_up_noise(tmp_path, capsys):
    # `keras-gans` imports keras_gans before Keras: the classes must still load,
    # and TensorFlow's start-up lines (oneDNN, CUDA, cuInit) stay out of stderr.
    run = tmp_path / "run"
    cli.main(["train", "gan", "--dataset", "gaussian_1d", "--epochs", "1",
              "--steps-per-epoch", "1", "--batch-size", "32", "--out", str(run)])
    root = pathlib.Path(keras_gans.__file__).resolve().parents[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_CPP")}
    env["PYTHONPATH"] = str(root)
    result = subprocess.run(
        [sys.executable, "-m", "keras_gans.cli", "sample", str(run), "--count", "50"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.split() == [str(run / "sample_seed0.npy"), str(run / "sample_seed0.png")]
    assert np.load(run / "sample_seed0.npy").shape == (50, 1)
    assert Image.open(run / "sample_seed0.png").size == (400, 400)  # a histogram


def test_train_repeats_the_data(tmp_path, capsys):
    # 1500 digits make 2 batches of 512 a pass: 2 epochs of 3 steps need the
    # data three times (and the labels of a conditional model come along).
    run = tmp_path / "run"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cli.main(["train", "conditional_gan", "--dataset", "digits", "--epochs", "2",
                  "--steps-per-epoch", "3", "--batch-size", "512", "--latent-dim", "8",
                  "--out", str(run)])
    captured = capsys.readouterr()
    messages = [str(w.message) for w in caught] + [captured.out, captured.err]
    assert not any("ran out of data" in m for m in messages)
    assert "3/3" in captured.out
    model = keras.saving.load_model(run / "model.keras")
    assert int(model.g_optimizer.iterations.numpy()) == 2 * 3
    assert int(model.d_optimizer.iterations.numpy()) == 2 * 3
    assert json.loads((run / "run.json").read_text())["steps_per_epoch"] == 3


def _assert_same_weights(a, b):
    family_testing.assert_same_state(family_testing.state_of(a), family_testing.state_of(b))


def test_resume_continues_exactly(tmp_path, capsys):
    resumed, straight = tmp_path / "resumed", tmp_path / "straight"
    cli.main(["train", "dcgan", *TINY_DCGAN, "--epochs", "1", "--out", str(resumed)])
    assert json.loads((resumed / "run.json").read_text())["epochs_done"] == 1
    cli.main(["train", "--resume", str(resumed), "--epochs", "2"])
    cli.main(["train", "dcgan", *TINY_DCGAN, "--epochs", "2", "--out", str(straight)])
    assert json.loads((resumed / "run.json").read_text())["epochs_done"] == 2
    assert sorted(p.name for p in (resumed / "samples").iterdir()) == [
        "samples_epoch_001.png", "samples_epoch_002.png"]
    a = keras.saving.load_model(resumed / "model.keras")
    b = keras.saving.load_model(straight / "model.keras")
    assert int(a.g_optimizer.iterations.numpy()) == 4
    _assert_same_weights(a, b)
    capsys.readouterr()

    for argv, message in [
        (["--epochs", "2"], "the run has finished: it trained 2 of 2 epochs"),
        (["--epochs", "3", "--batch-size", "32"],
         "--batch-size 32 conflicts with the run's 16"),
        (["--epochs", "3", "--dataset", "fashion_mnist"],
         "--dataset fashion_mnist conflicts with the run's digits"),
        (["--epochs", "3", "--seed", "1"], "--seed 1 conflicts with the run's 0"),
        (["--epochs", "3", "--overwrite"], "--overwrite does not apply with --resume"),
        (["--epochs", "3", "--out", str(tmp_path / "elsewhere")], "continues the run in its"),
    ]:
        with pytest.raises(SystemExit) as exit_info:
            cli.main(["train", "--resume", str(resumed), *argv])
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err, argv
    with pytest.raises(SystemExit):
        cli.main(["train", "gan", "--resume", str(resumed), "--epochs", "3"])
    assert "the run is a 'dcgan' run; received family 'gan'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["train", "--resume", str(tmp_path / "nothing"), "--epochs", "3"])
    assert "is not a run directory" in capsys.readouterr().err


def test_existing_run_is_not_overwritten(tmp_path, capsys):
    run = tmp_path / "run"
    run.mkdir()
    (run / "model.keras").write_text("a user's checkpoint")
    with pytest.raises(SystemExit):
        cli.main(["train", "gan", "--dataset", "ring", "--out", str(run)])
    err = capsys.readouterr().err
    assert "pass --overwrite" in err and f"--resume {run}" in err
    assert (run / "model.keras").read_text() == "a user's checkpoint"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "stylegan"], "unknown family 'stylegan'"),
        (["train", "dcgan", "--dataset", "ring"], "--dataset 'ring'"),
        (["train", "gan", "--dataset", "ring", "--epochs", "0"],
         "--epochs must be >= 1; received --epochs 0"),
        (["train", "dcgan", "--steps-per-epoch", "0"],
         "--steps-per-epoch must be >= 1; received --steps-per-epoch 0"),
        (["train", "dcgan", "--steps-per-epoch", "-3"],
         "--steps-per-epoch must be >= 1; received --steps-per-epoch -3"),
        (["train", "dcgan", "--batch-size", "0"],
         "--batch-size must be >= 1; received --batch-size 0"),
        (["train", "seqgan", "--steps-per-epoch", "0"],
         "--steps-per-epoch must be >= 1; received --steps-per-epoch 0"),
        (["train"], "train needs a FAMILY"),
        (["train", "gan", "--image-size", "16"], "--image-size applies to image datasets"),
        (["train", "dcgan", "--dataset", "digits", "--batch-size", "4096"],
         "--batch-size 4096 is larger than the 1500 training examples of digits"),
        (["train", "seqgan", "--resume", "/nonexistent/run"], "is not a run directory"),
        (["sample", "/nonexistent/run"], "not a run directory"),
        (["sample", "/nonexistent/run", "--temperature", "0"], "--temperature must be > 0"),
        (["train", "seqgan", "--dataset", "fashion_mnist"], "--dataset 'fashion_mnist'"),
        (["train", "dcgan", "--rollout-num", "2"], "--rollout-num applies to the seqgan"),
        (["train", "seqgan", "--learning-rate", "0.1"], "--learning-rate does not apply"),
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
        cli.main(["train", "--resume", str(run), "--epochs", "3"])
    assert "seqgan runs cannot be resumed exactly" in capsys.readouterr().err
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
