""".keras files: `save_model` with a keras_gans header, `check_file` and a safe `load`.

See `keras_gans.saving`. Keras is imported only when a model is saved or loaded.
"""

import json
import os
import zipfile

from keras_gans.saving.atomic import atomic_path

# The version of what `save_model` adds to a `.keras` file (the header in the
# zip comment). A file of a higher version was written by a newer keras_gans.
FORMAT_VERSION = 1
_HEADER = b"keras_gans "
_REQUIRED_MEMBERS = ("config.json", "metadata.json")
_WEIGHT_MEMBERS = ("model.weights.h5", "model.weights.npz")


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
