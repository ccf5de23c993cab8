"""The `keras-gans` command: train, sample, export, evaluate and list.

A run directory holds everything one training run wrote:

```
RUN_DIR/
  run.json          the family, dataset and arguments of the run
  model.keras       the checkpoint (resumable: optimizers and RNG included)
  samples/          a fixed-latent sample grid per epoch (PNG)
  saved_model/      the generator as a SavedModel for TF Serving
  logs/             TensorBoard
```

A `seqgan` run (`keras-gans train seqgan --dataset oracle|poems|coco`) holds
`samples.txt` (one sample a line) instead of `samples/` and `logs/`, and, on
the oracle, `nll_oracle.json`; see `keras_gans.sequence.cli_seqgan`.
"""

import argparse
import json
import os
import sys

FAMILIES = {
    "gan": "multilayer-perceptron GAN for the toy vector datasets",
    "dcgan": "DCGAN (Radford et al.) for image datasets",
    "conditional_gan": "class-conditional DCGAN (Mirza & Osindero) for image datasets",
    "seqgan": "SeqGAN (Yu et al.) for token sequences: the oracle, poems, COCO captions",
}
IMAGE_DATASETS = ("fashion_mnist", "digits")
TOY_DATASETS = ("gaussian_1d", "ring", "grid")


def _fail(message):
    print(f"keras-gans: error: {message}", file=sys.stderr)
    raise SystemExit(2)


def _resolve_dataset(family, dataset):
    from keras_gans import datasets

    if dataset == "auto":
        if family == "gan":
            return "ring"
        try:
            datasets.load("fashion_mnist", split="test")
            return "fashion_mnist"
        except FileNotFoundError:
            print(
                "Fashion-MNIST is not installed (apt-get install "
                "dataset-fashion-mnist); training on the scikit-learn digits.",
                file=sys.stderr,
            )
            return "digits"
    allowed = TOY_DATASETS if family == "gan" else IMAGE_DATASETS
    if dataset not in allowed:
        _fail(
            f"family {family!r} trains on {', '.join(allowed)}; received "
            f"--dataset {dataset!r}"
        )
    return dataset


def build_model(family, dataset, image_size=None, latent_dim=None, seed=0):
    """Builds and compiles the CLI's model of `family` for `dataset`."""
    import keras

    from keras_gans import datasets
    from keras_gans import models

    spec = datasets.DATASETS[dataset]
    adam = dict(beta_1=0.5)
    if family == "gan":
        dim = spec["shape"][-1]
        latent_dim = latent_dim or 2
        model = models.GAN(
            models.mlp_generator(latent_dim, dim),
            models.mlp_discriminator(dim),
            seed=seed,
        )
        lr = 1e-3
    else:
        side = image_size or spec["shape"][0]
        shape = (side, side, spec["shape"][-1])
        latent_dim = latent_dim or 100
        if family == "dcgan":
            model = models.DCGAN(shape, latent_dim=latent_dim, seed=seed)
        else:
            model = models.ConditionalGAN(
                shape, latent_dim, spec["num_classes"], seed=seed
            )
        lr = 2e-4
    model.compile(
        g_optimizer=keras.optimizers.Adam(lr, **adam),
        d_optimizer=keras.optimizers.Adam(lr, **adam),
    )
    return model


def train(args):
    from keras_gans.sequence import cli_seqgan

    family = args.family
    if family not in FAMILIES:
        _fail(f"unknown family {family!r}; choose from: {', '.join(FAMILIES)}")
    if family == "seqgan":
        return cli_seqgan.train(args)
    cli_seqgan.reject_sequence_options(args)
    dataset = _resolve_dataset(family, args.dataset)
    args.epochs = 5 if args.epochs is None else args.epochs
    args.batch_size = 128 if args.batch_size is None else args.batch_size
    if args.epochs < 1 or args.batch_size < 1:
        _fail(f"--epochs and --batch-size must be >= 1; received {args.epochs}, "
              f"{args.batch_size}")
    if os.path.exists(os.path.join(args.out, "model.keras")) and not args.overwrite:
        _fail(f"{args.out} already holds a run; pass --overwrite or another --out")

    import tensorflow as tf

    from keras_gans import callbacks
    from keras_gans import datasets
    from keras_gans.export import export

    kwargs = {"image_size": args.image_size} if args.image_size else {}
    conditional = family == "conditional_gan"
    data = datasets.load(dataset, with_labels=conditional, **kwargs)
    data = (
        data.shuffle(10_000, seed=args.seed)
        .batch(args.batch_size, drop_remainder=True)
        .prefetch(tf.data.AUTOTUNE)
    )
    model = build_model(family, dataset, args.image_size, args.latent_dim, args.seed)
    os.makedirs(args.out, exist_ok=True)
    grid = callbacks.SampleGrid(
        os.path.join(args.out, "samples"),
        num_samples=100 if conditional else 64,
        log_dir=os.path.join(args.out, "logs"),
    )
    model.fit(
        data,
        epochs=args.epochs,
        steps_per_epoch=args.steps_per_epoch,
        callbacks=[grid],
        verbose=1 if sys.stdout.isatty() else 2,
    )
    model.save(os.path.join(args.out, "model.keras"))
    export(model, os.path.join(args.out, "saved_model"), overwrite=True)
    with open(os.path.join(args.out, "run.json"), "w") as f:
        json.dump(
            {
                **{
                    k: v
                    for k, v in vars(args).items()
                    if k != "func" and k not in cli_seqgan.SEQUENCE_OPTIONS
                },
                "dataset": dataset,
            },
            f,
            indent=2,
        )
    print(f"samples:     {grid.last_path}")
    print(f"checkpoint:  {os.path.join(args.out, 'model.keras')}")
    print(f"saved model: {os.path.join(args.out, 'saved_model')}")


def _load_run(run_dir):
    path = os.path.join(run_dir, "model.keras")
    if not os.path.exists(path):
        _fail(f"{run_dir} is not a run directory (no model.keras)")
    import keras

    import keras_gans  # noqa: F401  (registers the classes)

    return keras.saving.load_model(path)


def sample(args):
    from keras_gans.callbacks import save_image_grid
    from keras_gans.sequence import SeqGAN
    from keras_gans.sequence import cli_seqgan

    if args.count < 1:
        _fail(f"--count must be >= 1; received {args.count}")
    if args.seed < 0:
        _fail(f"--seed must be >= 0; received {args.seed}")
    if args.temperature is not None and not args.temperature > 0:
        _fail(f"--temperature must be > 0; received {args.temperature}")
    model = _load_run(args.run_dir)
    if isinstance(model, SeqGAN):
        print(cli_seqgan.sample(model, args))
        return
    if args.temperature is not None:
        _fail("--temperature applies to sequence (seqgan) runs; "
              f"{args.run_dir} holds a {type(model).__name__}")
    images = model.generate(args.count, seed=args.seed)
    out = args.out or os.path.join(args.run_dir, f"sample_seed{args.seed}.png")
    if len(model.sample_shape) == 3:
        save_image_grid(images, out)
    else:
        import numpy as np

        out = os.path.splitext(out)[0] + ".npy"
        np.save(out, images)
    print(out)


def export_run(args):
    from keras_gans.export import export

    model = _load_run(args.run_dir)
    try:
        export(model, args.to, overwrite=args.overwrite)
    except ValueError as error:
        _fail(str(error))
    print(args.to)


def list_things(args):
    from keras_gans import datasets
    from keras_gans.sequence.cli_seqgan import SEQUENCE_DATASETS

    print("families:")
    for name, text in FAMILIES.items():
        print(f"  {name:16s} {text}")
    print("datasets:")
    for name in datasets.available():
        family = "gan" if name in TOY_DATASETS else "dcgan, conditional_gan"
        print(f"  {name:16s} ({family})")
    for name, (filename, text) in SEQUENCE_DATASETS.items():
        print(f"  {name:16s} (seqgan) {filename}: {text}")


def make_parser():
    from keras_gans.sequence import cli_seqgan

    parser = argparse.ArgumentParser(
        prog="keras-gans", description="Train, sample and export keras_gans models."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("train", help="train a family on a dataset")
    p.add_argument("family", help=", ".join(FAMILIES))
    p.add_argument("--dataset", default="auto",
                   help="dataset name; 'auto' = fashion_mnist (digits if absent), "
                   "ring for gan, oracle for seqgan")
    p.add_argument("--epochs", type=int, default=None,
                   help="training epochs (default 5; seqgan: see --adversarial-batches)")
    p.add_argument("--steps-per-epoch", type=int, default=None,
                   help="steps per epoch (default: one pass over the data)")
    p.add_argument("--batch-size", type=int, default=None,
                   help="batch size (default 128; seqgan 64)")
    p.add_argument("--image-size", type=int, default=None)
    p.add_argument("--latent-dim", type=int, default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", default="runs/latest")
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(func=train)
    cli_seqgan.add_train_arguments(p)

    p = sub.add_parser(
        "sample", help="write a sample grid from a run (a text file for seqgan)"
    )
    p.add_argument("run_dir")
    p.add_argument("--count", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--temperature", type=float, default=None,
                   help="seqgan: divides the logits (default 1.0; < 1 sharpens)")
    p.add_argument("--out", default=None,
                   help="output file (default RUN_DIR/sample_seedSEED.png, .npy or .txt)")
    p.set_defaults(func=sample)

    p = sub.add_parser("export", help="export a run's generator as a SavedModel")
    p.add_argument("run_dir")
    p.add_argument("--to", required=True)
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(func=export_run)

    p = sub.add_parser("list", help="list families and datasets")
    p.set_defaults(func=list_things)

    from keras_gans.metrics.cli_evaluate import add_evaluate_parser

    add_evaluate_parser(sub)
    return parser


def main(argv=None):
    """Entry point of the `keras-gans` command."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    args = make_parser().parse_args(argv)
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
