"""Atomic writes, and `.keras` files that save and load safely.

Every artefact the library or the `keras-gans` command writes (`model.keras`,
SavedModels, `run.json`, sample grids, benchmark records) goes through this
module: the bytes are written under a temporary name in the destination's
directory (`.NAME.partial-XXXXXXXX.EXT`), flushed to disk (`fsync`), and
only then renamed over the destination with `os.replace`, which POSIX makes
atomic. A crash, a `kill -9` or a full disk at any point leaves either the
previous complete file or the new complete file, never a partial one; an
exception inside the write removes the temporary file and keeps the old one.

`save_model` writes a model this way and records a small keras_gans header
(the format version, the library version and any metadata such as the epoch
reached) in the zip archive's comment, where Keras does not look. `load`
checks a file before Keras reads it and turns every failure (a missing,
empty, truncated or non-zip file, a model of another library, a newer
format) into a `ValueError` that names the file and what is wrong; it always
loads with Keras' `safe_mode=True`.

Nothing here imports TensorFlow or Keras until a model is saved or loaded.
"""

from keras_gans.saving.atomic import atomic_directory
from keras_gans.saving.atomic import atomic_path
from keras_gans.saving.atomic import atomic_write
from keras_gans.saving.atomic import remove_partial_files
from keras_gans.saving.atomic import write_json
from keras_gans.saving.files import FORMAT_VERSION
from keras_gans.saving.files import check_file
from keras_gans.saving.files import load
from keras_gans.saving.files import read_metadata
from keras_gans.saving.files import save_model

__all__ = [
    "FORMAT_VERSION",
    "atomic_directory",
    "atomic_path",
    "atomic_write",
    "check_file",
    "load",
    "read_metadata",
    "remove_partial_files",
    "save_model",
    "write_json",
]
