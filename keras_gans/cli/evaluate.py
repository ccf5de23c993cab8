"""`keras-gans evaluate RUN_DIR --metric fid ...`: metrics of a trained run.

The subcommand loads `RUN_DIR/model.keras`, reads the dataset (and image
size) of the run from `RUN_DIR/run.json`, generates `--num-samples` samples
with a fixed `--seed` and compares them with the dataset's `--reference-split`
split. It prints one JSON record, `{"run_dir", "results", "protocol"}`, and
writes it to `--out` if given.

Defaults: FID with the shipped Fashion-MNIST classifier for Fashion-MNIST
runs; FID on raw samples (`identity`) and the VEEGAN mode coverage for the
toy datasets (ring, grid); FID on pixels for the digits.

A family whose recipe has an `evaluate` function (seqgan) is evaluated by it
instead (seqgan refuses, pointing at its NLL-oracle).
"""

import json
import os

from keras_gans.cli import _common
from keras_gans.cli._common import fail as _fail
from keras_gans.cli.registry import DATASETS

# The names of `keras_gans.metrics.evaluation.METRICS`, static so that the
# parser's help does not import the metrics (a test checks they agree).
METRICS = ("fid", "kid", "precision", "recall", "density", "coverage", "inception_score",
           "mode_coverage")


def _is_toy(dataset):
    return DATASETS.get(dataset, ("image",))[0] == "toy"


def _metric_names(values, dataset):
    if not values:
        return ["fid", "mode_coverage"] if _is_toy(dataset) else ["fid"]
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in METRICS]
    if unknown:
        _fail(f"unknown --metric {', '.join(unknown)}; choose from: {', '.join(METRICS)}")
    return names


def _extractor(args, dataset):
    if args.extractor == "auto":
        return "fashion_mnist" if dataset == "fashion_mnist" else "identity"
    if args.extractor in ("fashion_mnist", "identity"):
        return args.extractor
    if not os.path.exists(args.extractor):
        _fail(
            "--extractor must be auto, fashion_mnist, identity or the path of a "
            f".keras model; received {args.extractor!r}"
        )
    import keras

    from keras_gans.metrics.extractor import FeatureExtractor

    model = keras.saving.load_model(args.extractor, compile=False)
    return FeatureExtractor(model, layer=args.layer)


def evaluate_run(args):
    """Runs the `evaluate` subcommand for parsed `args`."""
    model_path = os.path.join(args.run_dir, _common.MODEL_FILE)
    if not os.path.exists(model_path):
        _fail(f"{args.run_dir} is not a run directory (no {_common.MODEL_FILE})")
    if args.num_samples < 2:
        _fail(f"--num-samples must be >= 2; received {args.num_samples}")
    run = _common.read_run(args.run_dir, needs_model=False)
    run_json = os.path.join(args.run_dir, _common.RUN_FILE)
    if run.get("family") is not None:
        recipe = _common.family_recipe(run["family"], run_json)
        if recipe.evaluate is not None:
            return recipe.evaluate(args, run)
    dataset = args.reference or run.get("dataset")
    if dataset is None:
        _fail(f"{run_json} names no dataset; pass --reference DATASET")
    metrics = _metric_names(args.metric, dataset)

    model = _common.load_model(args.run_dir)  # A damaged file fails before any work.
    from keras_gans.metrics.evaluation import Evaluator

    reference_kwargs = {}
    if run.get("image_size") and not _is_toy(dataset):
        reference_kwargs["image_size"] = int(run["image_size"])
    try:
        evaluator = Evaluator(
            metrics=metrics,
            reference=dataset,
            reference_split=args.reference_split,
            reference_kwargs=reference_kwargs,
            reference_size=args.reference_size,
            extractor=_extractor(args, dataset),
        )
        samples = model.generate(args.num_samples, seed=args.seed)
        results = evaluator(samples)
    except (ValueError, FileNotFoundError) as error:
        _fail(str(error))
    protocol = evaluator.protocol(len(samples))
    protocol["seed"] = args.seed
    record = {"run_dir": os.path.abspath(args.run_dir), "results": results,
              "protocol": protocol}
    text = json.dumps(record, indent=2)
    print(text)
    if args.out:
        from keras_gans.saving import atomic_write

        with atomic_write(args.out) as f:
            f.write(text + "\n")
    return record


def add_evaluate_parser(subparsers):
    """Adds the `evaluate` subcommand to the `keras-gans` argument parser.

    Args:
        subparsers: the object `argparse.ArgumentParser.add_subparsers()`
            returned.

    Returns:
        The subcommand's parser; its `func` default is `evaluate_run`.

    Example:

    ```python
    import argparse
    from keras_gans.cli.evaluate import add_evaluate_parser

    parser = argparse.ArgumentParser(prog="keras-gans")
    add_evaluate_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["evaluate", "runs/dcgan", "--metric", "fid,kid"])
    ```
    """
    p = subparsers.add_parser(
        "evaluate",
        help="compute sample-quality metrics (FID, KID, ...) of a run",
        description="Generates samples from RUN_DIR/model.keras and compares them "
        "with the run's dataset. Prints a JSON record with the protocol.",
    )
    p.add_argument("run_dir", help="the run directory (holds model.keras and run.json)")
    p.add_argument(
        "--metric",
        action="append",
        default=None,
        help=f"metric name(s), repeatable or comma-separated: {', '.join(METRICS)} "
        "(default: fid; fid,mode_coverage for toy datasets)",
    )
    p.add_argument("--num-samples", type=int, default=10_000,
                   help="samples generated and compared (default 10000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the generated samples")
    p.add_argument("--reference", default=None,
                   help="reference dataset (default: the run's dataset)")
    p.add_argument("--reference-split", choices=("train", "test"), default="test",
                   help="split of the reference dataset (default test)")
    p.add_argument("--reference-size", type=int, default=None,
                   help="use the first N reference samples (default: all)")
    p.add_argument(
        "--extractor",
        default="auto",
        help="auto (fashion_mnist for Fashion-MNIST runs, identity otherwise), "
        "fashion_mnist, identity, or the path of a .keras model",
    )
    p.add_argument("--layer", default=None,
                   help="the feature layer of a --extractor model (default: its output)")
    p.add_argument("--out", default=None, help="also write the JSON record here")
    p.set_defaults(func=evaluate_run)
    return p
