"""`RunCheckpoint`: periodic, atomic checkpoints of a training run."""

import os
import re
import time

import keras

from keras_gans import saving
from keras_gans._validation import check_positive_int

MODEL_FILE = "model.keras"
CHECKPOINT_DIR = "checkpoints"
STATE_FILE = "checkpoint.json"
_EPOCH_FILE = re.compile(r"^epoch_(\d{4,})\.keras$")


def epoch_filename(epochs_done):
    """The name of the checkpoint after `epochs_done` epochs: `epoch_0003.keras`."""
    return f"epoch_{int(epochs_done):04d}.keras"


def checkpoint_files(run_dir):
    """The epoch checkpoints of `run_dir`, oldest first.

    Returns:
        A list of `(epochs_done, path)` of `RUN_DIR/checkpoints/epoch_*.keras`.
    """
    directory = os.path.join(run_dir, CHECKPOINT_DIR)
    if not os.path.isdir(directory):
        return []
    found = []
    for name in os.listdir(directory):
        match = _EPOCH_FILE.match(name)
        if match:
            found.append((int(match.group(1)), os.path.join(directory, name)))
    return sorted(found)


def latest_intact_checkpoint(run_dir, exclude=None):
    """The newest epoch checkpoint of `run_dir` that passes `saving.check_file`.

    Args:
        run_dir: the run directory.
        exclude: a file (e.g. a `model.keras` that failed to load) whose hard
            links are skipped.

    Returns:
        `(epochs_done, path)`, or `None` if there is none.
    """
    for epochs_done, path in reversed(checkpoint_files(run_dir)):
        try:
            if exclude is not None and os.path.exists(exclude) and os.path.samefile(
                path, exclude
            ):
                continue
            saving.check_file(path)
        except ValueError:
            continue
        return epochs_done, path
    return None


def _link_atomically(source, path):
    """Makes `path` the same file as `source` in one `os.replace` (a copy if links fail)."""
    with saving.atomic_path(path) as tmp:
        try:
            os.link(source, tmp)
        except OSError:  # A file system without hard links.
            import shutil

            shutil.copyfile(source, tmp)


class RunCheckpoint(keras.callbacks.Callback):
    """Saves the model of a run after every `every_epochs` epochs, atomically.

    After each saved epoch `run_dir` holds:

    ```
    RUN_DIR/
      model.keras                  the latest checkpoint
      checkpoints/epoch_0003.keras the last `keep` epoch checkpoints
      checkpoints/epoch_0002.keras
      checkpoint.json              {"epoch": 3, "model": ..., "checkpoints": [...]}
    ```

    A checkpoint is the model's `.keras` file: its networks, every player's
    optimizer state, the RNG and the controller state (all weights of the
    model), plus the epoch reached in its keras_gans header
    (`keras_gans.saving.read_metadata(path)["epoch"]`). Every file is
    written under a temporary name and renamed into place
    (`keras_gans.saving`), so a crash or `kill -9` at any moment leaves the
    previous checkpoint complete; `model.keras` is a hard link to the newest
    epoch file (no second write). An epoch that `fit` left early
    (`model.stop_training` set in the middle of an epoch) is not saved: a
    checkpoint is always at an epoch boundary, so that training resumed with
    `fit(..., initial_epoch=epoch)` on the data after that epoch continues
    exactly.

    Args:
        run_dir: the run directory (created if missing).
        every_epochs: save after every `every_epochs`-th epoch.
        keep: how many epoch checkpoints to keep in `checkpoints/` (older
            ones are deleted); 0 keeps only `model.keras`.

    Attributes:
        epoch: the number of epochs of the last checkpoint written, or `None`.
        last_path: the path of the last epoch checkpoint written.
        seconds: the time each checkpoint took to write, in order.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans
    from keras_gans.callbacks import RunCheckpoint

    gan = keras_gans.models.DCGAN((8, 8, 1), latent_dim=4, seed=0,
                                  generator_filters=4, discriminator_filters=4)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    images = np.random.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    gan.fit(images, batch_size=32, epochs=2, verbose=0,
            callbacks=[RunCheckpoint("/tmp/keras_gans_run")])
    # Later, or after a crash: continue from the last complete epoch.
    path = "/tmp/keras_gans_run/model.keras"
    gan = keras_gans.saving.load(path)
    done = keras_gans.saving.read_metadata(path)["epoch"]
    gan.fit(images, batch_size=32, initial_epoch=done, epochs=4, verbose=0,
            callbacks=[RunCheckpoint("/tmp/keras_gans_run")])
    ```
    """

    def __init__(self, run_dir, every_epochs=1, keep=2):
        super().__init__()
        if not isinstance(run_dir, (str, os.PathLike)) or not str(run_dir):
            raise ValueError(f"`run_dir` must be a directory path. Received: run_dir={run_dir!r}")
        self.run_dir = os.fspath(run_dir)
        self.every_epochs = check_positive_int("every_epochs", every_epochs)
        self.keep = check_positive_int("keep", keep, minimum=0)
        self.epoch = None
        self.last_path = None
        self.seconds = []
        self._steps = 0

    @property
    def model_path(self):
        """`RUN_DIR/model.keras`, the latest checkpoint."""
        return os.path.join(self.run_dir, MODEL_FILE)

    def on_train_begin(self, logs=None):
        # Temporary files of a writer that was killed are never used again.
        saving.remove_partial_files(self.run_dir)
        saving.remove_partial_files(os.path.join(self.run_dir, CHECKPOINT_DIR))

    def on_epoch_begin(self, epoch, logs=None):
        self._steps = 0

    def on_train_batch_end(self, batch, logs=None):
        self._steps += 1

    def _epoch_is_complete(self):
        steps = (self.params or {}).get("steps")
        return not steps or self._steps >= steps

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every_epochs or not self._epoch_is_complete():
            return
        self.save(epoch + 1)

    def save(self, epochs_done, model=None):
        """Writes the checkpoint of the model after `epochs_done` epochs.

        `fit` calls it at the end of every `every_epochs`-th epoch; call it
        yourself for the state before training (`epochs_done=0`).

        Args:
            epochs_done: the number of complete epochs the model has trained.
            model: the model, by default the one being trained.

        Returns:
            The path of the checkpoint (`model.keras`).
        """
        epochs_done = check_positive_int("epochs_done", epochs_done, minimum=0)
        if model is not None:
            self.set_model(model)
        start = time.perf_counter()
        metadata = {"epoch": epochs_done}
        os.makedirs(self.run_dir, exist_ok=True)
        if self.keep:
            path = os.path.join(self.run_dir, CHECKPOINT_DIR, epoch_filename(epochs_done))
            saving.save_model(self.model, path, metadata=metadata)
            _link_atomically(path, self.model_path)
        else:
            path = saving.save_model(self.model, self.model_path, metadata=metadata)
        kept = checkpoint_files(self.run_dir)
        for _, old in kept[: max(len(kept) - self.keep, 0)]:
            os.remove(old)
        saving.write_json(
            os.path.join(self.run_dir, STATE_FILE),
            {
                "epoch": epochs_done,
                "model": MODEL_FILE,
                "checkpoints": [os.path.relpath(p, self.run_dir)
                                for _, p in checkpoint_files(self.run_dir)],
            },
        )
        self.seconds.append(time.perf_counter() - start)
        self.epoch = epochs_done
        self.last_path = path
        return self.model_path

    def get_config(self):
        return {"run_dir": self.run_dir, "every_epochs": self.every_epochs, "keep": self.keep}
