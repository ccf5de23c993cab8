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

import contextlib
import json
import os
import secrets
import shutil
import zipfile

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

# The version of what `save_model` adds to a `.keras` file (the header in the
# zip comment). A file of a higher version was written by a newer keras_gans.
FORMAT_VERSION = 1
_HEADER = b"keras_gans "
_PARTIAL = ".partial-"
_REQUIRED_MEMBERS = ("config.json", "metadata.json")
_WEIGHT_MEMBERS = ("model.weights.h5", "model.weights.npz")


def _partial_name(path, suffix=True):
    directory, name = os.path.split(os.path.abspath(os.fspath(path)))
    stem, ext = os.path.splitext(name)
    if not suffix:
        stem, ext = name, ""
    # The extension is kept: `model.save` and `np.save` choose the format by it.
    return os.path.join(directory, f".{stem}{_PARTIAL}{secrets.token_hex(4)}{ext}")


def _fsync_path(path, directory=False):
    """Flushes a file (or a directory entry) to disk; best effort for directories."""
    flags = os.O_RDONLY | (getattr(os, "O_DIRECTORY", 0) if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        if directory:
            return
        raise
    try:
        os.fsync(fd)
    except OSError:
        if not directory:  # Some file systems refuse fsync on directories.
            raise
    finally:
        os.close(fd)


def _remove(path):
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    except FileNotFoundError:
        pass


@contextlib.contextmanager
def atomic_path(path):
    """A temporary path to write `path` through; renamed over it on success.

    Use it with writers that take a path (`model.save`, `PIL.Image.save`,
    `np.save`, `savefig`): the temporary name lies in the same directory and
    keeps the extension. When the block ends the file is flushed to disk and
    renamed over `path` in one step; if the block raises, the temporary file
    is removed and `path` keeps its previous content.

    Args:
        path: the destination file. Its directory is created if missing.

    Returns:
        A context manager yielding the temporary path (a string).

    Example:

    ```python
    import numpy as np
    from keras_gans import saving

    with saving.atomic_path("/tmp/keras_gans_atomic_example.npy") as tmp:
        np.save(tmp, np.arange(3))
    ```
    """
    path = os.path.abspath(os.fspath(path))
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    tmp = _partial_name(path)
    try:
        yield tmp
        if not os.path.exists(tmp):
            raise ValueError(
                f"The writer wrote nothing to the temporary path of {path}. Received: "
                f"no file at {tmp}"
            )
        _fsync_path(tmp)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _fsync_path(directory, directory=True)


@contextlib.contextmanager
def atomic_write(path, mode="w", encoding=None):
    """Opens a temporary file that replaces `path` atomically when closed.

    Args:
        path: the destination file. Its directory is created if missing.
        mode: `"w"` (text) or `"wb"` (bytes).
        encoding: the text encoding (default UTF-8 for text mode).

    Returns:
        A context manager yielding the open file object.

    Example:

    ```python
    from keras_gans import saving

    with saving.atomic_write("/tmp/keras_gans_atomic_example.txt") as f:
        f.write("complete, or not at all\\n")
    ```
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"`mode` must be 'w' or 'wb'. Received: mode={mode!r}")
    if mode == "w" and encoding is None:
        encoding = "utf-8"
    with atomic_path(path) as tmp:
        with open(tmp, mode, encoding=encoding) as f:
            yield f
            f.flush()


def write_json(path, obj, indent=2, **kwargs):
    """Writes `obj` as JSON to `path` atomically (see `atomic_write`).

    Args:
        path: the destination file.
        obj: a JSON-serialisable object.
        indent: passed to `json.dump`, like `**kwargs`.

    Returns:
        `path`.
    """
    with atomic_write(path) as f:
        json.dump(obj, f, indent=indent, **kwargs)
        f.write("\n")
    return path


@contextlib.contextmanager
def atomic_directory(path, overwrite=False):
    """A temporary directory that is renamed into place as `path` on success.

    A SavedModel is a directory: it is written into `.NAME.partial-XXXXXXXX`
    beside `path`, flushed, and renamed to `path`. An existing `path` is
    replaced only if `overwrite`: it is first renamed aside
    (`.NAME.old-XXXXXXXX`), the new directory renamed in, and the old one
    deleted, so `path` is never a half-written directory (a crash between
    the two renames leaves both complete copies under their hidden names).
    If the block raises, the temporary directory is deleted and `path` is
    untouched.

    Args:
        path: the destination directory.
        overwrite: replace an existing `path`.

    Returns:
        A context manager yielding the temporary directory.
    """
    path = os.path.abspath(os.fspath(path))
    if os.path.lexists(path) and not overwrite:
        raise ValueError(
            f"`path` exists; pass overwrite=True to replace it. Received: path={path!r}"
        )
    parent = os.path.dirname(path)
    os.makedirs(parent, exist_ok=True)
    tmp = _partial_name(path, suffix=False)
    os.mkdir(tmp)
    try:
        yield tmp
        for root, _, files in os.walk(tmp):
            for name in files:
                _fsync_path(os.path.join(root, name))
            _fsync_path(root, directory=True)
        if os.path.lexists(path):
            old = os.path.join(parent, f".{os.path.basename(path)}.old-{secrets.token_hex(4)}")
            os.rename(path, old)
            os.rename(tmp, path)
            _remove(old)
        else:
            os.rename(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
    _fsync_path(parent, directory=True)


def remove_partial_files(directory):
    """Deletes the temporary files a killed writer left in `directory`.

    Only names this module creates (`.NAME.partial-XXXXXXXX[.EXT]`) are
    removed; call it when no other process writes into `directory`.

    Returns:
        The paths removed.
    """
    removed = []
    if not os.path.isdir(directory):
        return removed
    for name in os.listdir(directory):
        if name.startswith(".") and _PARTIAL in name:
            _remove(os.path.join(directory, name))
            removed.append(os.path.join(directory, name))
    return removed


# ------------------------------------------------------------------ .keras files


def save_model(model, path, metadata=None):
    """Saves `model` to the `.keras` file `path` atomically, with a header.

    The file is the one `model.save(path)` writes (networks, every player's
    optimizer state, the RNG and controller state) plus a keras_gans header
    in the zip comment: `{"format_version", "keras_gans_version", **metadata}`.

    Args:
        model: a Keras model (any keras_gans family).
        path: the destination; must end in `.keras`.
        metadata: a JSON-serialisable dict stored in the header (e.g.
            `{"epoch": 3}`); read it back with `read_metadata`.

    Returns:
        `path`.

    Example:

    ```python
    import keras_gans

    gan = keras_gans.models.DCGAN((8, 8, 1), latent_dim=4,
                                  generator_filters=4, discriminator_filters=4)
    keras_gans.saving.save_model(gan, "/tmp/keras_gans_save.keras",
                                 metadata={"epoch": 0})
    restored = keras_gans.saving.load("/tmp/keras_gans_save.keras")
    ```
    """
    path = os.fspath(path)
    if not path.endswith(".keras"):
        raise ValueError(f"`path` must end in .keras. Received: path={path!r}")
    if metadata is not None and not isinstance(metadata, dict):
        raise ValueError(f"`metadata` must be a dict or None. Received: metadata={metadata!r}")
    from keras_gans import __version__

    header = {"format_version": FORMAT_VERSION, "keras_gans_version": __version__,
              **(metadata or {})}
    comment = _HEADER + json.dumps(header, sort_keys=True).encode()
    with atomic_path(path) as tmp:
        model.save(tmp)
        with zipfile.ZipFile(tmp, "a") as archive:
            archive.comment = comment
    return path


def read_metadata(path):
    """The keras_gans header of a `.keras` file written by `save_model`.

    Returns:
        The header dict (`format_version`, `keras_gans_version` and the
        metadata given to `save_model`), or `{}` for a `.keras` file saved
        otherwise. Raises `ValueError` (see `check_file`) for a damaged file.
    """
    return check_file(path)


def _keras_version_tuple(text):
    parts = []
    for piece in str(text).split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _comment_is_cut(path, size):
    """Whether the zip comment (the file's last bytes) is shorter than its record says."""
    with open(path, "rb") as f:
        f.seek(max(0, size - (1 << 16) - 22))
        tail = f.read()
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) < end + 22:
        return False
    declared = int.from_bytes(tail[end + 20:end + 22], "little")
    return len(tail) - (end + 22) < declared


def check_file(path):
    """Checks that `path` is a complete `.keras` archive this keras_gans reads.

    The checks read the zip archive only (no model is built): the file
    exists and is not empty, is a zip archive that is not truncated, every
    member passes its CRC check, it holds Keras' `config.json`,
    `metadata.json` and weights, and neither Keras' version nor keras_gans'
    format version is newer than the installed ones.

    Args:
        path: the `.keras` file.

    Returns:
        The keras_gans header (see `read_metadata`), `{}` if there is none.

    Raises:
        ValueError: naming `path` and what is wrong with it.
    """
    path = os.fspath(path)
    if not os.path.exists(path):
        raise ValueError(f"{path} does not exist")
    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory, not a .keras file (a SavedModel? load it "
                         "with tf.saved_model.load)")
    size = os.path.getsize(path)
    if size == 0:
        raise ValueError(f"{path} is empty (0 bytes): its write was interrupted")
    with open(path, "rb") as f:
        start = f.read(8)
    if not zipfile.is_zipfile(path):
        if start.startswith(b"PK\x03\x04") or b"PK\x03\x04".startswith(start):
            raise ValueError(f"{path} is truncated ({size} bytes; the end of its zip archive "
                             "is missing): its write was interrupted")
        kind = "an HDF5 file (legacy .h5 format)" if start.startswith(b"\x89HDF") else (
            f"not a zip archive (it starts with {start!r})")
        raise ValueError(f"{path} is not a .keras file: {kind}")
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            bad = archive.testzip()
            comment = archive.comment
            missing = [m for m in _REQUIRED_MEMBERS if m not in names]
            if not any(m in names for m in _WEIGHT_MEMBERS):
                missing.append(_WEIGHT_MEMBERS[0])
            metadata = {}
            if "metadata.json" in names:
                metadata = json.loads(archive.read("metadata.json"))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise ValueError(f"{path} is a damaged zip archive ({size} bytes): {error}") from None
    if _comment_is_cut(path, size):
        raise ValueError(f"{path} is truncated ({size} bytes; the end of its zip archive is "
                         "cut short): its write was interrupted")
    if bad is not None:
        raise ValueError(f"{path} is corrupted: its member {bad} fails its CRC check")
    if missing:
        raise ValueError(f"{path} is a zip archive but not a .keras file: it lacks "
                         f"{', '.join(missing)}")
    import keras

    written_by = metadata.get("keras_version") if isinstance(metadata, dict) else None
    if written_by and _keras_version_tuple(written_by) > _keras_version_tuple(keras.__version__):
        raise ValueError(f"{path} was written by Keras {written_by}, newer than the installed "
                         f"Keras {keras.__version__}; upgrade Keras to load it")
    header = {}
    if comment.startswith(_HEADER):
        try:
            header = json.loads(comment[len(_HEADER):])
        except ValueError:  # The comment is the file's last bytes: cut short.
            raise ValueError(f"{path} is truncated ({size} bytes; its keras_gans header "
                             f"is cut short: {comment[-40:]!r})") from None
        version = header.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ValueError(
                f"{path} is in keras_gans format {version!r} (written by keras_gans "
                f"{header.get('keras_gans_version')}); this keras_gans reads format "
                f"{FORMAT_VERSION} and older: upgrade keras_gans to load it"
            )
    return header


def _is_library_model(model):
    from keras_gans.models.base import AdversarialModel

    return isinstance(model, AdversarialModel) or type(model).__module__.startswith(
        "keras_gans."
    )


def load(path, custom_objects=None, compile=True):
    """Loads a keras_gans model from a `.keras` file, safely.

    `keras.saving.load_model(path, safe_mode=True)` after `check_file`:
    every failure is a `ValueError` that names `path` and what is wrong
    (missing, empty, truncated, not a zip archive, a damaged member, a newer
    Keras or keras_gans format, a model of another library, a class that
    cannot be rebuilt), never a traceback from inside Keras or h5py. Safe
    mode refuses pickled Python (`Lambda` layers); no keras_gans model
    needs it.

    Args:
        path: the `.keras` file.
        custom_objects: passed to `keras.saving.load_model` (for families
            defined outside keras_gans).
        compile: passed to `keras.saving.load_model`; `True` restores every
            player's optimizer state.

    Returns:
        The model.

    Raises:
        ValueError: naming `path` and what is wrong with it.

    Example:

    ```python
    import keras_gans

    try:
        gan = keras_gans.saving.load("runs/latest/model.keras")
    except ValueError as error:
        print(error)  # e.g. "runs/latest/model.keras is truncated (...)"
    ```
    """
    path = os.fspath(path)
    if not path.endswith(".keras"):
        raise ValueError(f"{path} is not a .keras file (its name must end in .keras)")
    check_file(path)
    import keras

    with zipfile.ZipFile(path) as archive:
        try:
            config = json.loads(archive.read("config.json"))
        except ValueError as error:
            raise ValueError(f"{path} has a damaged config.json: {error}") from None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"{path} has no model in its config.json")
    module = str(config.get("module") or "")
    if module.split(".")[0] == "keras":
        raise ValueError(
            f"{path} holds a keras.{config['class_name']} model, not a keras_gans model; "
            "load it with keras.saving.load_model"
        )
    try:
        model = keras.saving.load_model(
            path, custom_objects=custom_objects, compile=compile, safe_mode=True
        )
    except Exception as error:  # Keras, h5py and zipfile raise many types.
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise ValueError(
            f"{path} cannot be loaded as a keras_gans model ({type(error).__name__}: "
            f"{message[:300]})"
        ) from None
    if not _is_library_model(model):
        raise ValueError(
            f"{path} holds a {type(model).__module__}.{type(model).__name__}, not a "
            "keras_gans model; load it with keras.saving.load_model"
        )
    return model
