"""Helpers shared by the `keras-gans` commands: errors, run directories, start-up.

Nothing here imports TensorFlow at module level. `import_tensorflow` imports
it once, quietly: `TF_CPP_MIN_LOG_LEVEL=3` hides TensorFlow's C++ log lines
(among them "failed call to cuInit ... UNKNOWN ERROR (303)" on a machine
without a GPU), but the lines its shared libraries log while they load
(before absl's logging is initialised: oneDNN, "Could not find cuda
drivers", CPU instructions) ignore that variable; they are filtered out of
standard error during the import, and every other line is passed through.
"""

import json
import os
import re
import sys
import tempfile

RUN_FILE = "run.json"
MODEL_FILE = "model.keras"

# Start-up lines of TensorFlow's shared libraries (absl's format before
# absl::InitializeLog): informational, and printed whatever the log level.
_STARTUP_NOISE = re.compile(
    r"^(WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    r"|I\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\] "
    r"|[EW]\d{4} [\d:.]+ +\d+ [\w./-]+:\d+\] .*(cuInit|cuda|CUDA|TensorRT)"
    r"|To enable the following instructions: .*rebuild TensorFlow"
    r")"
)


def fail(message, status=2):
    """Prints `keras-gans: error: message` and exits with `status` (2: usage error)."""
    print(f"keras-gans: error: {message}", file=sys.stderr)
    raise SystemExit(status)


def option(name):
    """The command-line spelling of the argparse name `name`: `--batch-size`."""
    return "--" + name.replace("_", "-")


def set_quiet_environment():
    """Sets the variables that quiet TensorFlow; call before importing it."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def import_tensorflow():
    """Imports TensorFlow (and Keras) without their start-up lines.

    Returns:
        The `tensorflow` module.
    """
    set_quiet_environment()
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        return tf
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # No file descriptor 2 (an embedded interpreter).
        import tensorflow as tf

        return tf
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import keras  # noqa: F401
            import tensorflow as tf
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            text = captured.read().decode("utf-8", "replace")
            kept = [line for line in text.splitlines() if not _STARTUP_NOISE.match(line)]
            if kept:
                print("\n".join(kept), file=sys.stderr)
    return tf


# ------------------------------------------------------------------ run directories


def read_run(run_dir, needs_model=True):
    """The `run.json` record of `run_dir` (`{}` if absent and not `needs_model`)."""
    model_path = os.path.join(run_dir, MODEL_FILE)
    if needs_model and not os.path.exists(model_path):
        fail(f"{run_dir} is not a run directory (no {MODEL_FILE})")
    path = os.path.join(run_dir, RUN_FILE)
    if not os.path.exists(path):
        if needs_model:
            fail(f"{run_dir} has no {RUN_FILE}: the run's family and dataset are unknown")
        return {}
    try:
        with open(path) as f:
            record = json.load(f)
    except (OSError, ValueError) as error:
        fail(f"{path} cannot be read: {error}")
    if not isinstance(record, dict):
        fail(f"{path} must hold a JSON object; received {type(record).__name__}")
    return record


def write_run(run_dir, record):
    """Writes `record` to `run_dir/run.json` (atomically: a crash keeps the old one)."""
    from keras_gans.saving import write_json

    write_json(os.path.join(run_dir, RUN_FILE), record)


def family_recipe(name, where):
    """The registered recipe of family `name`; fails naming `where` it came from."""
    from keras_gans.cli.registry import get_family

    try:
        return get_family(name)
    except KeyError as error:
        fail(f"{where}: {error.args[0]}")


def import_keras():
    """Imports Keras quietly and registers the keras_gans classes with it.

    `import keras_gans` registers its classes only when Keras is loaded
    already; the command imports `keras_gans` first, so it registers them
    here, before any `.keras` file is loaded.

    Returns:
        The `keras` module.
    """
    import_tensorflow()
    import keras

    import keras_gans._registry  # noqa: F401  (registers every public class)

    return keras


def previous_checkpoint_hint(run_dir):
    """What to say about the newest intact checkpoint of `run_dir`, for an error."""
    from keras_gans.callbacks.checkpoint import latest_intact_checkpoint

    model_path = os.path.join(run_dir, MODEL_FILE)
    found = latest_intact_checkpoint(run_dir, exclude=model_path)
    if found is None:
        return f"no intact earlier checkpoint in {os.path.join(run_dir, 'checkpoints')}"
    epochs_done, path = found
    return (f"the previous checkpoint {path} (epoch {epochs_done}) is intact: copy it over "
            f"{model_path} (cp {path} {model_path}) to use it")


def load_model(run_dir):
    """Loads `run_dir/model.keras` (optimizers and RNG state included), safely.

    A damaged or foreign file fails cleanly (exit 2, no traceback), naming
    the file, what is wrong, and the previous intact checkpoint if one exists.
    """
    import_keras()
    from keras_gans import saving

    try:
        return saving.load(os.path.join(run_dir, MODEL_FILE))
    except ValueError as error:
        fail(f"{error}; {previous_checkpoint_hint(run_dir)}")


def check_output_dir(path, flag, overwrite):
    """Fails if `path` is a non-empty directory and `--overwrite` was not given.

    `keras_gans._validation.check_output_dir` says "pass overwrite=True" to a
    Python caller; the command says which option to pass.
    """
    if os.path.isdir(path) and os.listdir(path) and not overwrite:
        fail(f"{flag} {path} exists and is not empty; pass --overwrite to replace it")
