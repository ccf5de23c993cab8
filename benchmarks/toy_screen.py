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
import numpy as np

from keras_gans import callbacks
from keras_gans import datasets
from keras_gans import losses
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
    p.add_argument("--r1", type=float, default=0,
                   help="R1 weight γ: γ/2·‖∇D(x)‖² on real x (0: off)")
    p.add_argument("--r1-decay", default="none", choices=("none", "cosine"),
                   help="decay the R1 weight to 0 over the run, like the rates")
    p.add_argument("--gp0", type=float, default=0,
                   help="zero-centred penalty weight on interpolates (0: off)")
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


class PenalisedGAN(models.GAN):
    """`GAN` with a zero-centred gradient penalty through the penalty hook.

    R1 (Mescheder et al., 2018): γ/2·‖∇D(x)‖² on real samples; 0-GP
    (Thanh-Tung et al., 2019): λ·‖∇D(x̂)‖² on interpolates.
    """

    def __init__(self, *args, r1=0.0, gp0=0.0, r1_decay_steps=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.r1, self.gp0, self.r1_decay_steps = r1, gp0, r1_decay_steps

    def discriminator_penalty(self, real, fake, conditions, seed):
        def score(x):
            return self.discriminator(x, training=True)

        total = 0.0
        if self.r1:
            gamma = self.r1
            if self.r1_decay_steps:
                done = keras.ops.minimum(
                    keras.ops.cast(self.d_optimizer.iterations, "float32")
                    / self.r1_decay_steps, 1.0)
                gamma = gamma * 0.5 * (1.0 + keras.ops.cos(np.pi * done))
            total += 0.5 * gamma * losses.r1_penalty(score, real)
        if self.gp0:
            total += self.gp0 * losses.gradient_penalty(score, real, fake, seed, target=0.0)
        return total


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
    gan = PenalisedGAN(
        net, discriminator, seed=args.seed, d_steps=args.dsteps, r1=args.r1, gp0=args.gp0,
        r1_decay_steps=args.steps * args.dsteps if args.r1_decay == "cosine" else 0,
    )
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
    # Where the low-quality samples are: near a mode but too wide (within
    # 10 std), or between modes; and the spread of the samples around
    # their nearest mode (the data's std is spec["std"]).
    distance = np.min(np.linalg.norm(samples[:, None] - spec["means"][None], axis=-1), axis=1)
    near = distance < 10 * spec["std"]
    row = dict(vars(args), modes=int(score["modes"]),
               hq=float(score["high_quality"]) * 100, sec=time.time() - start,
               near10=float(near.mean()) * 100,
               spread=float(np.sqrt(np.mean(distance[near] ** 2) / 2)))
    print(json.dumps(row), flush=True)
    with OUT.open("a") as f:
        f.write(json.dumps(row) + "\n")


if __name__ == "__main__":
    main()
