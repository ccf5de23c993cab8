"""The `keras-gans` argument parser: its subcommands and their options.

`make_parser` builds the parser of `keras-gans` (train, sample, export, list
and evaluate) without importing TensorFlow; each subcommand's `func` default
is its function in `keras_gans.cli.commands` (evaluate: `evaluate.py`). A
family adds its own `train` options through its recipe's `add_arguments`.
"""

import argparse

from keras_gans.cli.registry import families


def _family_help():
    return "; ".join(f"{name}: {recipe.description}" for name, recipe in families().items())


def _defaults_help(name):
    """`gan 2, dcgan 100, ...`: each family's default of recipe field `name`."""
    values = [(family, getattr(recipe, name)) for family, recipe in families().items()]
    return ", ".join(f"{family} {value:g}" for family, value in values if value is not None)


def _dataset_help():
    parts = []
    for family, recipe in families().items():
        text = f"{family} {recipe.default_dataset}"
        if recipe.fallback_dataset is not None:
            text += f" ({recipe.fallback_dataset} if absent)"
        parts.append(text)
    return ", ".join(parts)


def make_parser():
    """The `keras-gans` argument parser (imports no TensorFlow)."""
    from keras_gans.cli import commands
    from keras_gans.cli.evaluate import add_evaluate_parser

    parser = argparse.ArgumentParser(
        prog="keras-gans",
        description="Train, sample, export and evaluate keras_gans models.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser(
        "train",
        help="train a family on a dataset",
        description="Trains FAMILY and writes a run directory (--out): run.json, "
        "model.keras after every epoch, samples/, logs/, saved_model/.",
    )
    p.add_argument("family", nargs="?", default=None,
                   help=f"the family to train ({_family_help()})")
    p.add_argument("--dataset", default=None,
                   help="dataset name (see keras-gans list); default 'auto', the family's "
                   f"default: {_dataset_help()}")
    p.add_argument("--epochs", type=int, default=None,
                   help="total training epochs, as Keras' epochs: with --resume the run "
                   f"continues up to this epoch (default: {_defaults_help('epochs')}; seqgan: "
                   "see --adversarial-batches)")
    p.add_argument("--steps-per-epoch", type=int, default=None,
                   help="batches per epoch; the data repeat, so any number runs (default: "
                   "one pass over the data, its number of full batches)")
    p.add_argument("--batch-size", type=int, default=None,
                   help=f"batch size (default: {_defaults_help('batch_size')})")
    p.add_argument("--image-size", type=int, default=None,
                   help="image datasets: resize the images to this side in pixels (default: "
                   "the dataset's own, 28 for fashion_mnist, 8 for digits)")
    p.add_argument("--latent-dim", type=int, default=None,
                   help="size of the generator's latent vector (default: "
                   f"{_defaults_help('latent_dim')})")
    p.add_argument("--learning-rate", type=float, default=None,
                   help="Adam learning rate of both players (default: "
                   f"{_defaults_help('learning_rate')})")
    p.add_argument("--beta-1", type=float, default=None,
                   help=f"Adam beta_1 of both players (default: {_defaults_help('beta_1')})")
    p.add_argument("--seed", type=int, default=None,
                   help="seed of the weights, the latents and the data order (default 0)")
    p.add_argument("--out", default=None,
                   help=f"the run directory to write (default {commands.DEFAULT_OUT})")
    p.add_argument("--overwrite", action="store_true",
                   help="replace the run that --out holds already")
    p.add_argument("--resume", default=None, metavar="RUN_DIR",
                   help="continue RUN_DIR's run exactly from its model.keras, up to --epochs "
                   "in total (the other options must match the run's)")
    p.set_defaults(func=commands.train)
    for recipe in families().values():
        if recipe.add_arguments is not None:
            recipe.add_arguments(p)

    p = sub.add_parser(
        "sample",
        help="write samples of a run: an image grid, a scatter plot and .npy, or text",
    )
    p.add_argument("run_dir", help="the run directory (holds model.keras and run.json)")
    p.add_argument("--count", type=int, default=64, help="how many samples (default 64)")
    p.add_argument("--seed", type=int, default=0, help="seed of the samples (default 0)")
    p.add_argument("--temperature", type=float, default=None,
                   help="seqgan: divides the logits (default 1.0; < 1 sharpens)")
    p.add_argument("--out", default=None,
                   help="output file (default RUN_DIR/sample_seedSEED.png; .npy and .png "
                   "for toy vectors, .txt for seqgan)")
    p.set_defaults(func=commands.sample)

    p = sub.add_parser("export", help="export a run's generator as a SavedModel")
    p.add_argument("run_dir", help="the run directory (holds model.keras and run.json)")
    p.add_argument("--to", required=True, help="the SavedModel directory to write")
    p.add_argument("--overwrite", action="store_true",
                   help="replace a non-empty --to directory")
    p.set_defaults(func=commands.export_run)

    p = sub.add_parser("list", help="list the families and their datasets")
    p.set_defaults(func=commands.list_families)

    add_evaluate_parser(sub)
    return parser
