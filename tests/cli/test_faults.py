"""Fault injection for `keras-gans train`: kill -9, SIGINT/SIGTERM, damaged files, full disks.

The subprocess tests start `python -m keras_gans.cli train`, wait for the
checkpoint of its first epoch, then kill or signal it in its second epoch;
the run resumed with `--resume` must equal a run trained straight to the
same epoch (a checkpoint is always at an epoch boundary).
"""

import errno
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import family_testing
import keras
import pytest

import keras_gans
from keras_gans import cli
from keras_gans import saving
from keras_gans.cli import interrupt

# 12 steps of 16 digits an epoch: long enough to land a signal inside epoch 2.
SETTINGS = ["--dataset", "digits", "--batch-size", "16", "--steps-per-epoch", "12",
            "--latent-dim", "8"]
EPOCHS = 3


def _assert_same_weights(a, b):
    family_testing.assert_same_state(family_testing.state_of(a), family_testing.state_of(b))


@pytest.fixture(scope="module")
def straight(tmp_path_factory):
    """The model.keras of a run trained straight to EPOCHS epochs (in this process)."""
    run = tmp_path_factory.mktemp("straight") / "run"
    cli.main(["train", "dcgan", *SETTINGS, "--epochs", str(EPOCHS), "--out", str(run)])
    return run / "model.keras"


def _start(run):
    root = pathlib.Path(keras_gans.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.Popen(
        [sys.executable, "-m", "keras_gans.cli", "train", "dcgan", *SETTINGS,
         "--epochs", str(EPOCHS), "--out", str(run)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _model_epoch(run):
    try:
        return saving.read_metadata(run / "model.keras")["epoch"]
    except (OSError, ValueError, KeyError):
        return -1


def _wait_for_first_epoch(process, run, timeout=120):
    # The epoch-1 file is written first, then model.keras is linked to it:
    # wait for both, so the fault lands after the first complete checkpoint.
    target = run / "checkpoints" / "epoch_0001.keras"
    deadline = time.monotonic() + timeout
    while not (target.exists() and _model_epoch(run) >= 1):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no checkpoint of epoch 1"
        time.sleep(0.005)


def _resume_and_compare(run, straight, capsys):
    done = saving.read_metadata(run / "model.keras")["epoch"]
    assert 1 <= done < EPOCHS, done  # Stopped inside an epoch after the first.
    assert json.loads((run / "run.json").read_text())["epochs_done"] in (done - 1, done)
    cli.main(["train", "--resume", str(run)])
    capsys.readouterr()
    assert saving.read_metadata(run / "model.keras")["epoch"] == EPOCHS
    assert not [n for n in os.listdir(run) if "partial" in n]
    _assert_same_weights(saving.load(str(run / "model.keras")), saving.load(str(straight)))


def test_kill_9_in_an_epoch_then_resume_equals_a_straight_run(tmp_path, straight, capsys):
    run = tmp_path / "run"
    process = _start(run)
    _wait_for_first_epoch(process, run)
    process.kill()  # SIGKILL: no handler, no clean-up.
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    _resume_and_compare(run, straight, capsys)


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_stops_cleanly_and_resume_works(tmp_path, straight, capsys, signum, status):
    run = tmp_path / "run"
    process = _start(run)
    _wait_for_first_epoch(process, run)
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert "Traceback" not in err
    name = signal.Signals(signum).name
    assert f"{name} received: stopping at the end of this step" in err
    assert f"interrupted by {name} in epoch" in err
    assert f"resume with: keras-gans train --resume {run}" in err
    done = saving.read_metadata(run / "model.keras")["epoch"]
    assert f"the last checkpoint is epoch {done}" in err
    assert json.loads((run / "run.json").read_text())["epochs_done"] == done
    _resume_and_compare(run, straight, capsys)


def test_a_second_signal_restores_the_default_action():
    previous = signal.getsignal(signal.SIGINT)
    with interrupt.handle_signals() as state:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.01)  # Python runs the handler between two bytecodes.
        assert state.signum == signal.SIGTERM
        assert signal.getsignal(signal.SIGINT) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        with pytest.raises(interrupt.Interrupted) as info:
            state.check(epoch=1, step=3)
        assert info.value.exit_status == 143
    assert signal.getsignal(signal.SIGINT) is previous


# ------------------------------------------------------------------ damaged files


TINY = ["--dataset", "digits", "--batch-size", "16", "--steps-per-epoch", "2",
        "--latent-dim", "8"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A 2-epoch run: model.keras = checkpoints/epoch_0002.keras, and epoch_0001."""
    run = tmp_path_factory.mktemp("trained") / "run"
    cli.main(["train", "dcgan", *TINY, "--epochs", "2", "--out", str(run)])
    return run


def _damage(kind, path, tmp_path):
    data = path.read_bytes()
    if kind == "wrong_model":
        other = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        other.save(tmp_path / "other.keras")
        data = (tmp_path / "other.keras").read_bytes()
    content = {"truncated": data[: len(data) // 3], "empty": b"", "non_zip": b"not a zip",
               "wrong_model": data}[kind]
    with open(path, "wb") as f:  # In place: the hard-linked epoch_0002 is damaged too.
        f.write(content)


COMMANDS = {
    "sample": lambda run, tmp: ["sample", str(run), "--out", str(tmp / "s.png")],
    "export": lambda run, tmp: ["export", str(run), "--to", str(tmp / "exported")],
    "evaluate": lambda run, tmp: ["evaluate", str(run), "--num-samples", "8"],
    "resume": lambda run, tmp: ["train", "--resume", str(run), "--epochs", "3"],
}
MESSAGES = {"truncated": "is truncated", "empty": r"is empty (0 bytes)",
            "non_zip": "is not a .keras file: not a zip archive",
            "wrong_model": "holds a keras.Sequential model, not a keras_gans model"}


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_every_command_refuses_a_damaged_model_cleanly(trained, tmp_path, capsys, kind):
    run = tmp_path / "run"
    shutil.copytree(trained, run)  # copytree copies: model.keras is its own file here.
    os.remove(run / "model.keras")
    os.link(run / "checkpoints" / "epoch_0002.keras", run / "model.keras")
    _damage(kind, run / "model.keras", tmp_path)
    with pytest.raises(ValueError, match=MESSAGES[kind].replace("(", r"\(").replace(")", r"\)")):
        saving.load(str(run / "model.keras"))
    previous = run / "checkpoints" / "epoch_0001.keras"
    for command, argv in COMMANDS.items():
        with pytest.raises(SystemExit) as info:
            cli.main(argv(run, tmp_path))
        err = capsys.readouterr().err
        assert info.value.code == 2, (command, err)
        assert err.startswith(f"keras-gans: error: {run / 'model.keras'} "), (command, err)
        assert MESSAGES[kind] in err, (command, err)
        assert f"the previous checkpoint {previous} (epoch " in err, (command, err)
        assert "Traceback" not in err
    # model.keras damaged alone (not through its link): the intact epoch 2 is named.
    os.remove(run / "checkpoints" / "epoch_0002.keras")
    shutil.copy(trained / "checkpoints" / "epoch_0002.keras", run / "checkpoints")
    with pytest.raises(SystemExit):
        cli.main(COMMANDS["sample"](run, tmp_path))
    assert f"previous checkpoint {run / 'checkpoints' / 'epoch_0002.keras'} (epoch 2) is " \
        "intact" in capsys.readouterr().err
    shutil.rmtree(run / "checkpoints")
    with pytest.raises(SystemExit):
        cli.main(COMMANDS["sample"](run, tmp_path))
    assert "no intact earlier checkpoint" in capsys.readouterr().err


# ------------------------------------------------------------------ failing writes


@pytest.mark.parametrize("error", [OSError(errno.ENOSPC, "No space left on device"),
                                   RuntimeError("killed inside the write")])
def test_a_failing_checkpoint_write_keeps_the_earlier_one(tmp_path, capsys, monkeypatch,
                                                          error):
    run = tmp_path / "run"
    cli.main(["train", "dcgan", *TINY, "--epochs", "1", "--out", str(run)])
    before = (run / "model.keras").read_bytes()
    save = keras.Model.save

    def broken_save(self, filepath, *args, **kwargs):
        save(self, filepath, *args, **kwargs)
        with open(filepath, "r+b") as f:  # Half written, then the disk is full.
            f.truncate(os.path.getsize(filepath) // 2)
        raise error

    monkeypatch.setattr(keras.Model, "save", broken_save)
    if isinstance(error, OSError):
        with pytest.raises(SystemExit) as info:
            cli.main(["train", "--resume", str(run), "--epochs", "2"])
        err = capsys.readouterr().err
        assert info.value.code == 1
        assert "No space left on device" in err and "Traceback" not in err
        assert "the last complete checkpoint is epoch 1" in err
        assert f"resume with: keras-gans train --resume {run}" in err
    else:
        with pytest.raises(RuntimeError, match="killed inside the write"):
            cli.main(["train", "--resume", str(run), "--epochs", "2"])
    monkeypatch.undo()
    assert (run / "model.keras").read_bytes() == before
    assert saving.read_metadata(run / "model.keras")["epoch"] == 1
    assert json.loads((run / "run.json").read_text())["epochs_done"] == 1
    cli.main(["train", "--resume", str(run), "--epochs", "2"])
    assert saving.read_metadata(run / "model.keras")["epoch"] == 2
