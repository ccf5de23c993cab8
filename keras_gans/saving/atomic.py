"""Atomic writes: a temporary name in the destination's directory, fsync, `os.replace`.

See `keras_gans.saving`; a crash at any point leaves the previous complete
file (or directory), never a partial one.
"""

import contextlib
import json
import os
import secrets
import shutil

_PARTIAL = ".partial-"


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
