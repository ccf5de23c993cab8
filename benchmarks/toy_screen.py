"""Screening runs on the 2-D ring/grid (VEEGAN protocol), one JSON line per run.

Used to look for what limits the 2-D objectives benchmark (issue 11) before a
configuration is fixed; screening uses seeds >= 100 so that the seeds 0-4 of a
final run stay unseen. Results are appended to `benchmarks/toy_screen.jsonl`.

    python benchmarks/toy_screen.py --name grid --seed 100 --decay cosine \
        --units 256,256,256 --pack 2
"""

import argparse
import json
import pathlib
import time

import keras

from keras_gans import callbacks
from keras_gans import datasets
from keras_gans import metrics
from keras_gans import models

OUT = pathlib.Path(__file__).with_name("toy_screen.jsonl")


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--name", default="grid", choices=("ring", "grid"))
    p.add_argument("--seed", type=int, default=100)
    p.add_argument("--steps", type=int, default=10000, help="generator updates")
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--glr", type=float, default=0, help="G's rate (0: --lr)")
    p.add_argument("--decay", default="none", choices=("none", "cosine", "linear"))
    p.add_argument("--ema", type=float, default=0, help="GeneratorEMA decay (0: off)")
    p.add_argument("--units", default="128,128")
    p.add_argument("--dunits", default="", help="D's widths (default: --units)")
    p.add_argument("--bn", type=int, default=0, help="batch norm in the generator")
    p.add_argument("--pack", type=int, default=1)
    p.add_argument("--loss", default="non_saturating")
    p.add_argument("--latent", type=int, default=2)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--dsteps", type=int, default=1)
    p.add_argument("--beta1", type=float, default=0.5)
    p.add_argument("--beta2", type=float, default=0.999)
    return p.parse_args(argv)


def generator(args, units):
    if not args.bn:
        return models.mlp_generator(args.latent, 2, hidden_units=units)
    z = keras.Input((args.latent,))
    h = z
    for width in units:
        h = keras.layers.Dense(width, use_bias=False)(h)
        h = keras.layers.BatchNormalization()(h)
        h = keras.layers.ReLU()(h)
    return keras.Model(z, keras.layers.Dense(2)(h), name="generator")


def rate(args, base, updates):
    if args.decay == "cosine":
        return keras.optimizers.schedules.CosineDecay(base, updates)
    if args.decay == "linear":
        return keras.optimizers.schedules.PolynomialDecay(base, updates, base * 0.01)
    return base


def main(argv=None):
    args = parse(argv)
    keras.utils.set_random_seed(args.seed)
    units = tuple(int(u) for u in args.units.split(","))
    d_units = tuple(int(u) for u in (args.dunits or args.units).split(","))
    net = generator(args, units)  # before D: the seeded initialisation order
    if args.pack > 1:
        discriminator = models.packed_discriminator(
            models.mlp_discriminator(2 * args.pack, hidden_units=d_units), args.pack
        )
    else:
        discriminator = models.mlp_discriminator(2, hidden_units=d_units)
    gan = models.GAN(net, discriminator, seed=args.seed, d_steps=args.dsteps)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(
            rate(args, args.glr or args.lr, args.steps), beta_1=args.beta1, beta_2=args.beta2
        ),
        d_optimizer=keras.optimizers.Adam(
            rate(args, args.lr, args.steps * args.dsteps), beta_1=args.beta1,
            beta_2=args.beta2,
        ),
        loss=args.loss,
        steps_per_execution=100,
    )
    x, _ = datasets.load_arrays(
        args.name, num_samples=args.batch * args.steps * args.dsteps, seed=args.seed
    )
    extra = [callbacks.GeneratorEMA(decay=args.ema)] if args.ema else []
    start = time.time()
    gan.fit(x, batch_size=args.batch, epochs=1, shuffle=False, verbose=0, callbacks=extra)
    spec = datasets.toy_spec(args.name)
    samples = gan.generate(2500, seed=10_000 + args.seed)
    score = metrics.mode_coverage(samples, spec["means"], spec["std"], threshold=3.0)
    row = dict(vars(args), modes=int(score["modes"]),
               hq=float(score["high_quality"]) * 100, sec=time.time() - start)
    print(json.dumps(row), flush=True)
    with OUT.open("a") as f:
        f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
