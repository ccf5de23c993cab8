"""`RunCheckpoint`: atomic epoch checkpoints, pruning, exact resume, failed writes."""

import errno
import json
import os

import keras
import numpy as np
import pytest

from keras_gans import models
from keras_gans import saving
from keras_gans.callbacks import RunCheckpoint

IMAGES = np.random.default_rng(0).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")


def _dcgan():
    keras.utils.set_random_seed(0)
    model = models.DCGAN((8, 8, 1), latent_dim=4, generator_filters=4,
                         discriminator_filters=4, seed=1)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    return model


def _fit(model, callbacks, initial_epoch=0, epochs=1):
    model.fit(IMAGES, batch_size=8, shuffle=False, initial_epoch=initial_epoch,
              epochs=epochs, callbacks=callbacks, verbose=0)


def _state(model):
    values = [w.numpy() for w in model.weights]
    for optimizer in (model.g_optimizer, model.d_optimizer):
        values += [v.numpy() for v in optimizer.variables]
    return values


def test_keeps_the_last_checkpoints_and_resumes_exactly(tmp_path):
    run = tmp_path / "run"
    model = _dcgan()
    checkpoint = RunCheckpoint(run, keep=2)
    _fit(model, [checkpoint], epochs=3)
    assert sorted(os.listdir(run / "checkpoints")) == ["epoch_0002.keras", "epoch_0003.keras"]
    assert os.path.samefile(run / "model.keras", run / "checkpoints" / "epoch_0003.keras")
    assert json.loads((run / "checkpoint.json").read_text()) == {
        "epoch": 3, "model": "model.keras",
        "checkpoints": ["checkpoints/epoch_0002.keras", "checkpoints/epoch_0003.keras"]}
    assert checkpoint.epoch == 3 and len(checkpoint.seconds) == 3
    assert saving.read_metadata(run / "checkpoints" / "epoch_0002.keras")["epoch"] == 2

    resumed = saving.load(str(run / "checkpoints" / "epoch_0002.keras"))
    assert saving.read_metadata(run / "model.keras")["epoch"] == 3
    _fit(resumed, [RunCheckpoint(tmp_path / "other")], initial_epoch=2, epochs=3)
    for a, b in zip(_state(model), _state(resumed)):
        np.testing.assert_allclose(a, b, atol=1e-5)


def test_every_epochs_keep_zero_and_arguments(tmp_path):
    model = _dcgan()
    checkpoint = RunCheckpoint(tmp_path, every_epochs=2, keep=0)
    _fit(model, [checkpoint], epochs=3)
    assert checkpoint.epoch == 2 and not (tmp_path / "checkpoints").exists()
    assert saving.read_metadata(tmp_path / "model.keras")["epoch"] == 2
    for kwargs, message in [({"every_epochs": 0}, "`every_epochs` must be an integer >= 1"),
                            ({"keep": -1}, "`keep` must be an integer >= 0"),
                            ({"run_dir": ""}, "`run_dir` must be a directory path")]:
        with pytest.raises(ValueError, match=message):
            RunCheckpoint(**{"run_dir": tmp_path, **kwargs})


def test_an_epoch_stopped_early_is_not_saved(tmp_path):
    class StopAfterOneStep(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if self.model.optimizers["generator"].iterations.numpy() == 5:
                self.model.stop_training = True

    model = _dcgan()
    checkpoint = RunCheckpoint(tmp_path)
    _fit(model, [StopAfterOneStep(), checkpoint], epochs=3)
    # 4 steps an epoch: epoch 1 saved, epoch 2 stopped after its first step.
    assert checkpoint.epoch == 1
    assert saving.read_metadata(tmp_path / "model.keras")["epoch"] == 1


@pytest.mark.parametrize("error", [RuntimeError("killed inside the write"),
                                   OSError(errno.ENOSPC, "No space left on device")])
def test_a_failed_write_keeps_the_previous_checkpoint(tmp_path, monkeypatch, error):
    model = _dcgan()
    checkpoint = RunCheckpoint(tmp_path)
    _fit(model, [checkpoint], epochs=1)
    before = (tmp_path / "model.keras").read_bytes()
    save = keras.Model.save

    def broken_save(self, filepath, *args, **kwargs):
        save(self, filepath, *args, **kwargs)
        with open(filepath, "r+b") as f:  # Half the archive is on disk, then it fails.
            f.truncate(os.path.getsize(filepath) // 2)
        raise error

    monkeypatch.setattr(keras.Model, "save", broken_save)
    with pytest.raises(type(error), match=str(error.args[-1])):
        _fit(model, [checkpoint], initial_epoch=1, epochs=2)
    monkeypatch.undo()
    assert (tmp_path / "model.keras").read_bytes() == before
    assert saving.read_metadata(tmp_path / "model.keras")["epoch"] == 1
    assert isinstance(saving.load(str(tmp_path / "model.keras")), models.DCGAN)
    leftovers = [n for n in os.listdir(tmp_path) + os.listdir(tmp_path / "checkpoints")
                 if "partial" in n]
    assert leftovers == []
