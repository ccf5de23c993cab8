"""The `keras-gans` subcommands: train, sample, export, list (evaluate: `evaluate.py`).

The parser that dispatches to them is built by `keras_gans.cli.parser`
(`make_parser`, also importable from here).

No command branches on the family: `train` looks the recipe up from its
FAMILY argument (or from the run being resumed), `sample`, `export` and
`evaluate` from the `family` of the run's `run.json`.
"""

import os
import shlex
import signal
import sys

from keras_gans.cli import _common
from keras_gans.cli._common import fail
from keras_gans.cli._common import option
from keras_gans.cli.parser import make_parser  # noqa: F401 (its former home)
from keras_gans.cli.registry import DATASETS
from keras_gans.cli.registry import families

DEFAULT_OUT = os.path.join("runs", "latest")
SHUFFLE_BUFFER = 10_000
# The `train` options a resumed run must not change (they fix the model and
# the data stream); `--epochs` (the total) may grow.
RUN_OPTIONS = (
    "dataset", "batch_size", "steps_per_epoch", "image_size", "latent_dim", "seed",
    "learning_rate", "beta_1",
)  # fmt: skip
# `sample` options that only some families take (their default is None).
SAMPLE_OPTIONS = ("temperature",)


# ------------------------------------------------------------------ train


def _check_counts(args):
    """`--epochs`, `--steps-per-epoch` and `--batch-size` are >= 1 when given."""
    for name in ("epochs", "steps_per_epoch", "batch_size", "image_size", "latent_dim"):
        value = getattr(args, name)
        if value is not None and value < 1:
            fail(f"{option(name)} must be >= 1; received {option(name)} {value}")
    if args.seed is not None and args.seed < 0:
        fail(f"--seed must be >= 0; received --seed {args.seed}")
    for name in ("learning_rate", "beta_1"):
        value = getattr(args, name)
        if value is not None and not value > 0:
            fail(f"{option(name)} must be > 0; received {option(name)} {value}")
    if args.beta_1 is not None and not args.beta_1 < 1:
        fail(f"--beta-1 must be < 1; received --beta-1 {args.beta_1}")


def _reject_foreign_options(args, family):
    """Fails if an option that belongs to another family was given."""
    for name, recipe in families().items():
        if name == family:
            continue
        for dest in recipe.options:
            if getattr(args, dest, None) is not None:
                fail(f"{option(dest)} applies to the {name} family only; received it for "
                     f"family {family!r}")


def _resume_record(args):
    """The run.json record of `--resume`, after checking the options against it."""
    run_dir = args.resume
    record = _common.read_run(run_dir)
    if args.family is not None and args.family != record.get("family"):
        fail(f"--resume {run_dir}: the run is a {record.get('family')!r} run; received "
             f"family {args.family!r}")
    if args.out is not None and os.path.abspath(args.out) != os.path.abspath(run_dir):
        fail(f"--resume {run_dir} continues the run in its own directory; received --out "
             f"{args.out}")
    if args.overwrite:
        fail("--overwrite does not apply with --resume (the run is continued, not replaced)")
    for name in RUN_OPTIONS:
        given = getattr(args, name)
        if name == "dataset" and given == "auto":
            continue
        if given is not None and given != record.get(name):
            fail(f"--resume {run_dir}: {option(name)} {given} conflicts with the run's "
                 f"{record.get(name)} ({_common.RUN_FILE}); drop the option or start a new "
                 "run with --out")
    return record


def train(args):
    """Runs `keras-gans train` for parsed `args`."""
    record = None
    if args.resume is not None:
        record = _resume_record(args)
        args.family = record["family"]
        args.out = args.resume
    elif args.family is None:
        fail("train needs a FAMILY (see keras-gans list), or --resume RUN_DIR")
    recipe = _common.family_recipe(args.family, "train")
    _check_counts(args)
    _reject_foreign_options(args, args.family)
    if record is None:
        args.out = args.out or DEFAULT_OUT
        if os.path.exists(os.path.join(args.out, _common.MODEL_FILE)) and not args.overwrite:
            fail(f"--out {args.out} already holds a run ({_common.MODEL_FILE}); pass "
                 f"--overwrite to replace it, --resume {args.out} to continue it, or "
                 "another --out")
    if recipe.train is not None:
        return recipe.train(args)
    return fit_family(recipe, args, record)


def _resolve_dataset(recipe, args):
    dataset = args.dataset or "auto"
    if dataset != "auto":
        if dataset not in recipe.datasets:
            fail(f"family {args.family!r} trains on {', '.join(recipe.datasets)}; received "
                 f"--dataset {dataset!r}")
        return dataset
    dataset = recipe.default_dataset
    if recipe.fallback_dataset is not None:
        _common.import_tensorflow()
        from keras_gans import datasets

        try:
            datasets.load(dataset, split="test")
        except FileNotFoundError:
            print(f"{dataset} is not installed ({recipe.describe_dataset(dataset)}); "
                  f"training on {recipe.fallback_dataset}.", file=sys.stderr)
            dataset = recipe.fallback_dataset
    return dataset


def _settings(recipe, args, record):
    """The run's settings: the record's when resuming, else options and defaults."""
    if record is not None:
        settings = {name: record.get(name) for name in RUN_OPTIONS}
        settings["epochs"] = args.epochs if args.epochs is not None else record["epochs"]
        return settings
    dataset = _resolve_dataset(recipe, args)
    if args.image_size is not None and DATASETS.get(dataset, ("image",))[0] != "image":
        fail(f"--image-size applies to image datasets; received --image-size "
             f"{args.image_size} with --dataset {dataset}")
    defaults = {
        "batch_size": recipe.batch_size, "epochs": recipe.epochs,
        "latent_dim": recipe.latent_dim, "seed": 0,
        "learning_rate": recipe.learning_rate, "beta_1": recipe.beta_1,
    }  # fmt: skip
    settings = {"dataset": dataset, "image_size": args.image_size,
                "steps_per_epoch": args.steps_per_epoch}
    for name, default in defaults.items():
        given = getattr(args, name)
        settings[name] = default if given is None else given
    return settings


def training_batches(recipe, settings, epochs_done=0):
    """The endless stream of training batches of a run, after `epochs_done` epochs.

    The dataset is shuffled (seeded: call `keras.utils.set_random_seed(seed)`
    first, as `fit_family` does), cut into full batches (the remainder of a
    pass is dropped) and repeated, reshuffled on every pass, so any number of
    steps runs and the stream is a function of the seed alone. A resumed run
    rebuilds it and skips the batches its epochs consumed. An epoch is
    `settings["steps_per_epoch"]` batches, or one pass if that is `None`.

    Returns:
        `(dataset, steps_per_epoch)`.
    """
    import tensorflow as tf

    from keras_gans import datasets

    kwargs = {"image_size": settings["image_size"]} if settings["image_size"] else {}
    data = datasets.load(settings["dataset"], with_labels=recipe.with_labels, **kwargs)
    batch_size = settings["batch_size"]
    examples = int(data.cardinality())
    if examples < batch_size:
        fail(f"--batch-size {batch_size} is larger than the {examples} training examples "
             f"of {settings['dataset']}")
    steps = settings["steps_per_epoch"] or examples // batch_size
    stream = (
        data.shuffle(SHUFFLE_BUFFER, seed=int(settings["seed"]), reshuffle_each_iteration=True)
        .batch(batch_size, drop_remainder=True)
        .repeat()
    )
    if epochs_done:
        stream = stream.skip(epochs_done * steps)
    return stream.prefetch(tf.data.AUTOTUNE), steps


def _run_checkpoint(out, record):
    """The run's `RunCheckpoint`, which also records `epochs_done` in `run.json`."""
    from keras_gans.callbacks import RunCheckpoint

    class CLIRunCheckpoint(RunCheckpoint):
        def save(self, epochs_done, model=None):
            path = super().save(epochs_done, model)
            record["epochs_done"] = epochs_done
            _common.write_run(out, record)
            return path

    return CLIRunCheckpoint(out)


def _resume_hint(out):
    return f"keras-gans train --resume {shlex.quote(out)}"


def _report_interruption(error, out, checkpointer):
    where = ""
    if error.epoch is not None:
        where = f" in epoch {error.epoch + 1} (after step {error.step}; those steps are discarded)"
    last = checkpointer.epoch
    print(f"keras-gans: interrupted by {signal.Signals(error.signum).name}{where}.",
          file=sys.stderr)
    if last is None:
        print("keras-gans: no checkpoint was written.", file=sys.stderr)
    else:
        print(f"keras-gans: the last checkpoint is epoch {last}: "
              f"{os.path.join(out, _common.MODEL_FILE)}\n"
              f"keras-gans: resume with: {_resume_hint(out)}", file=sys.stderr)
    raise SystemExit(error.exit_status)


def fit_family(recipe, args, record=None):
    """Trains `recipe.build`'s model with `fit`; continues `record`'s run if given.

    Writes `RUN_DIR/model.keras` (a checkpoint before training and after
    every epoch, with the last two in `RUN_DIR/checkpoints/`, by
    `keras_gans.callbacks.RunCheckpoint`) and `run.json` (with
    `epochs_done`), a sample picture per epoch, TensorBoard logs, and the
    SavedModel at the end, every file atomically. A resumed run continues
    from the epoch recorded in `model.keras`. SIGINT or SIGTERM stops
    training at the end of the current step and exits with 130 or 143,
    keeping the last complete epoch's checkpoint (see `interrupt`).
    """
    if record is not None and not isinstance(record.get("epochs_done"), int):
        fail(f"--resume {args.out}: its {_common.RUN_FILE} records no epochs_done (a run "
             "written before --resume existed); train a new run")
    settings = _settings(recipe, args, record)
    keras = _common.import_keras()
    from keras_gans import __version__
    from keras_gans import callbacks
    from keras_gans import saving
    from keras_gans.cli import interrupt
    from keras_gans.export import export

    done, model = 0, None
    if record is not None:
        model = _common.load_model(args.out)
        # The checkpoint's own epoch wins over run.json's (written just after it).
        marker = saving.read_metadata(os.path.join(args.out, _common.MODEL_FILE))
        done = marker.get("epoch", record["epochs_done"])
    if settings["epochs"] <= done:
        state = "has finished: it trained" if done >= record["epochs"] else "trained"
        fail(f"--resume {args.out}: the run {state} {done} of {record['epochs']} epochs, and "
             f"--epochs is the total ({settings['epochs']}); pass --epochs greater than "
             f"{done} to train more")
    keras.utils.set_random_seed(settings["seed"])
    data, steps = training_batches(recipe, settings, epochs_done=done)
    settings["steps_per_epoch"] = steps
    if model is None:
        try:
            model = recipe.build(settings)
        except ValueError as error:
            fail(str(error))
    out = args.out
    os.makedirs(out, exist_ok=True)
    if record is None and args.overwrite:  # The old checkpoints must not pass for ours.
        from keras_gans.callbacks.checkpoint import checkpoint_files

        old = [path for _, path in checkpoint_files(out)]
        for path in [os.path.join(out, n) for n in (_common.MODEL_FILE, "checkpoint.json")]:
            if os.path.exists(path):
                old.append(path)
        for path in old:
            os.remove(path)
    fresh = record is None
    record = {
        "family": args.family, **settings, "epochs_done": done, "out": out,
        "keras_gans_version": __version__,
    }  # fmt: skip
    _common.write_run(out, record)
    shape = model.sample_shape
    grid = callbacks.SampleGrid(
        os.path.join(out, "samples"),
        num_samples=recipe.grid_samples,
        log_dir=os.path.join(out, "logs"),
        scale=callbacks.display_scale(shape[0]) if len(shape) == 3 else 1,
    )
    checkpointer = _run_checkpoint(out, record)
    with interrupt.handle_signals() as signals:
        try:
            if fresh:  # Resumable even if stopped in the first epoch.
                checkpointer.save(0, model)
            else:
                checkpointer.epoch = done
            model.fit(
                data, initial_epoch=done, epochs=settings["epochs"], steps_per_epoch=steps,
                callbacks=[grid, checkpointer, interrupt.stop_on_signal(signals)],
                verbose=1 if sys.stdout.isatty() else 2,
            )
            signals.check()
            export(model, os.path.join(out, "saved_model"), overwrite=True)
            signals.check()
        except interrupt.Interrupted as error:
            _report_interruption(error, out, checkpointer)
        except OSError as error:  # A full disk, a lost mount: every write is atomic.
            last = checkpointer.epoch
            fail(f"writing the run failed: {error}; the last complete checkpoint is "
                 f"{'epoch ' + str(last) if last is not None else 'none'} "
                 f"({os.path.join(out, _common.MODEL_FILE)}); once fixed, resume with: "
                 f"{_resume_hint(out)}", status=1)
    print(f"samples:     {grid.last_path}")
    print(f"checkpoint:  {os.path.join(out, _common.MODEL_FILE)}")
    print(f"saved model: {os.path.join(out, 'saved_model')}")


# ------------------------------------------------------------------ sample, export, list


def sample(args):
    """Runs `keras-gans sample`: the family's sample files (grid, plot, text)."""
    if args.count < 1:
        fail(f"--count must be >= 1; received --count {args.count}")
    if args.seed < 0:
        fail(f"--seed must be >= 0; received --seed {args.seed}")
    if args.temperature is not None and not args.temperature > 0:
        fail(f"--temperature must be > 0; received --temperature {args.temperature}")
    record = _common.read_run(args.run_dir)
    family = record.get("family")
    recipe = _common.family_recipe(family, f"{args.run_dir}/{_common.RUN_FILE}")
    for name in SAMPLE_OPTIONS:
        if getattr(args, name) is not None and name not in recipe.sample_options:
            fail(f"{option(name)} does not apply to {family} runs; received "
                 f"{option(name)} {getattr(args, name)}")
    model = _common.load_model(args.run_dir)
    stem = os.path.splitext(args.out)[0] if args.out else os.path.join(
        args.run_dir, f"sample_seed{args.seed}"
    )
    try:
        paths = recipe.sample_writer(model, args, stem)
    except ValueError as error:
        fail(str(error))
    for path in paths:
        print(path)


def export_run(args):
    """Runs `keras-gans export`: the run's generator as a SavedModel."""
    record = _common.read_run(args.run_dir)
    _common.family_recipe(record.get("family"), f"{args.run_dir}/{_common.RUN_FILE}")
    _common.check_output_dir(args.to, "--to", args.overwrite)
    model = _common.load_model(args.run_dir)
    from keras_gans.export import export

    try:
        export(model, args.to, overwrite=args.overwrite)
    except ValueError as error:
        fail(str(error))
    print(args.to)


def list_families(args):
    """Runs `keras-gans list`: the registered families and their datasets."""
    registered = families()
    print("families:")
    for name, recipe in registered.items():
        print(f"  {name:16s} {recipe.description}")
        names = [d + (" (default)" if d == recipe.default_dataset else "")
                 for d in recipe.datasets]
        print(f"  {'':16s} datasets: {', '.join(names)}")
    print("datasets:")
    users = {}
    descriptions = {}
    for name, recipe in registered.items():
        for dataset in recipe.datasets:
            users.setdefault(dataset, []).append(name)
            descriptions.setdefault(dataset, recipe.describe_dataset(dataset))
    for dataset, text in descriptions.items():
        print(f"  {dataset:16s} {text} [{', '.join(users[dataset])}]")
