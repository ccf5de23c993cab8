"""`keras-gans train maskgan` and `keras-gans train discrete_bgan`."""

import json

import pytest
import tensorflow as tf

from keras_gans import cli
from keras_gans import datasets

# 24 quatrains of 20 characters (punctuation is dropped by the recipe).
CHARS = "秦川雄帝宅函谷壮皇居塞外悲风切交河冰已结白日依山尽黄河入海流床前明月光疑是地上霜"


@pytest.fixture
def poems_dir(tmp_path, monkeypatch):
    directory = tmp_path / "data"
    directory.mkdir()
    lines = []
    for i in range(24):
        poem = "".join(CHARS[(i + 3 * k) % len(CHARS)] for k in range(20))
        lines.append(" ".join(poem[:5]) + " ， " + " ".join(poem[5:10]) + " 。 "
                     + " ".join(poem[10:15]) + " ， " + " ".join(poem[15:]) + " 。")
    (directory / "chinese_poems.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("KERAS_GANS_SHARED_DATA", str(directory))
    return directory


@pytest.mark.large  # An end-to-end run: minutes on a shared 2-core machine.
def test_train_sample_export_maskgan_on_poems(poems_dir, tmp_path, capsys):
    run = tmp_path / "run"
    cli.main(["train", "maskgan", "--dataset", "poems", "--out", str(run), "--batch-size", "4",
              "--steps-per-epoch", "2"])
    record = json.loads((run / "run.json").read_text())
    assert (record["family"], record["dataset"]) == ("maskgan", "poems")
    lines = (run / "samples.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 16  # 8 held-out poems: with blanks, then filled
    for blanked, filled in zip(lines[::2], lines[1::2]):
        # One "_" per missing character; the fill keeps what surrounds them.
        assert blanked.count("_") == 9 and "_" not in filled.replace("<unk>", "")
        before, after = blanked[: blanked.index("_")], blanked[blanked.rindex("_") + 1:]
        # (A sampled padding id would end the decoded text early: the prefix
        # is always kept, the suffix when the fill drew no padding.)
        assert filled.startswith(before)
        assert filled.endswith(after) or len(filled.replace("<unk>", "?")) < 20
    loaded = tf.saved_model.load(str(run / "saved_model"))
    assert {"fill", "fill_text"} <= set(loaded.signatures)
    out = loaded.signatures["fill_text"](text=tf.constant(["秦川____壮皇居"]),
                                         seed=tf.constant(0, tf.int64),
                                         temperature=tf.constant(1.0))
    assert out["text"].numpy()[0].decode("utf-8").startswith("秦川")
    capsys.readouterr()
    cli.main(["sample", str(run), "--count", "3", "--out", str(tmp_path / "s.txt")])
    assert len((tmp_path / "s.txt").read_text(encoding="utf-8").splitlines()) == 3


@pytest.mark.large
@pytest.mark.skipif("fashion_mnist" not in datasets.available(), reason="no Fashion-MNIST")
def test_train_discrete_bgan_on_binary_fashion_mnist(tmp_path):
    try:
        datasets.load("fashion_mnist", split="test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    run = tmp_path / "run"
    cli.main(["train", "discrete_bgan", "--dataset", "binary_fashion_mnist", "--out", str(run),
              "--batch-size", "8", "--steps-per-epoch", "2"])
    record = json.loads((run / "run.json").read_text())
    assert record["family"] == "discrete_bgan"
    assert set(record["final_logs"]) == {"d_loss", "d_real", "d_fake", "g_loss", "ess", "log_z"}
    assert (run / "samples.png").is_file() and (run / "saved_model").is_dir()


@pytest.mark.parametrize(
    "argv, message",
    [
        (["train", "maskgan", "--dataset", "oracle"], "maskgan' trains on poems, coco"),
        (["train", "discrete_bgan", "--dataset", "poems"], "discrete_bgan' trains on oracle"),
        (["train", "maskgan", "--latent-dim", "8"], "--latent-dim does not apply"),
        (["train", "maskgan", "--rollout-num", "2"], "--rollout-num applies to the seqgan"),
        (["train", "discrete_bgan", "--steps-per-epoch", "0"], "--steps-per-epoch"),
    ],
)
def test_bad_arguments(argv, message, tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(argv + ["--out", str(tmp_path / "run")])
    assert message in capsys.readouterr().err
