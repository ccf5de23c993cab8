"""ALI on the 2-D grid of 25 Gaussians, with the VEEGAN protocol of `quality.py`.

The ALI paper's toy experiment (Dumoulin et al., 2017, appendix: a mixture
of 25 Gaussians on a 5x5 grid; ALI covers 13.4 ± 5.8 modes, GAN 10.4 ± 9.2
over 10 runs, with their own networks and mode criterion), run here with
the protocol and the budget of `benchmarks/quality.py`'s toy part so that
the GAN rows of that benchmark stand beside it:

- data: `datasets.load_arrays("grid")` (25 modes at {-4, -2, 0, 2, 4}^2,
  std 0.05), --steps x 128 fresh samples, seeded by the run's seed;
- score: `metrics.mode_coverage` of 2,500 samples (seed 10,000 + run seed):
  a sample is high quality within 3 std of its nearest mode, a mode is
  covered by one high-quality sample;
- networks as the CLI's toy GAN (`mlp_generator(2, 2)`: latent 2 with a
  normal prior, two hidden ReLU layers of 128 units), an encoder of the
  same shape from x to the mean and pre-softplus scale of q(z|x), and a
  joint discriminator D(x, z): x and z concatenated, two hidden ReLU
  layers of 128 units, one logit; Adam(1e-3, beta_1=0.5) for both players,
  batch 128, non-saturating loss (ALI's default), deterministic generator.
- --gan also reruns `quality.py`'s non-saturating GAN on the same seeds
  and budget.

Usage:
    python benchmarks/ali_grid.py --runs 10 --steps 10000 --gan --json benchmarks/ali_grid.json
"""

import argparse
import datetime
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _common  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

LATENT_DIM = 2
HIDDEN = (128, 128)
PUBLISHED = {
    "ALI (Dumoulin et al., 2017), 25-Gaussian grid, modes over 10 runs": "13.4 ± 5.8",
    "GAN (same paper and protocol)": "10.4 ± 9.2",
}


def joint_discriminator(input_dim, latent_dim, hidden_units=HIDDEN):
    """D(x, z) for vectors: x and z concatenated, a ReLU MLP, one logit."""
    x = keras.Input((input_dim,), name="sample")
    z = keras.Input((latent_dim,), name="latent")
    h = keras.layers.Concatenate()([x, z])
    for i, units in enumerate(hidden_units):
        h = keras.layers.Dense(units, activation="relu", name=f"hidden_{i}")(h)
    logits = keras.layers.Dense(1, name="logits", dtype="float32")(h)
    return keras.Model([x, z], logits, name="discriminator")


def ali_model(seed):
    keras.utils.set_random_seed(seed)
    ali = models.ALI(
        models.mlp_generator(LATENT_DIM, 2, hidden_units=HIDDEN),
        # An MLP from x to the 2 * latent_dim parameters of q(z|x).
        models.mlp_generator(2, 2 * LATENT_DIM, hidden_units=HIDDEN, name="encoder"),
        joint_discriminator(2, LATENT_DIM),
        prior="normal",
        seed=seed,
    )
    ali.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    return ali


def gan_model(seed):
    keras.utils.set_random_seed(seed)
    gan = models.GAN(models.mlp_generator(2, 2), models.mlp_discriminator(2), seed=seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        loss="non_saturating",
    )
    return gan


def run(build, steps, seed):
    model = build(seed)
    x, _ = datasets.load_arrays("grid", num_samples=128 * steps, seed=seed)
    start = time.perf_counter()
    model.fit(x, batch_size=128, epochs=1, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    spec = datasets.toy_spec("grid")
    samples = model.generate(2500, seed=10_000 + seed)
    score = metrics.mode_coverage(samples, spec["means"], spec["std"], threshold=3.0)
    return {**score, "seconds": seconds}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--steps", type=int, default=10_000)
    parser.add_argument("--gan", action="store_true", help="also rerun the GAN baseline")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "args": vars(args),
        "published": PUBLISHED,
        "table": {},
    }
    start = time.perf_counter()
    builders = {"ali": ali_model}
    if args.gan:
        builders["gan (non-saturating)"] = gan_model
    for name, build in builders.items():
        per_run = []
        for seed in range(args.runs):
            per_run.append(run(build, args.steps, seed))
            r = per_run[-1]
            print(f"{name} seed {seed}: {r['modes']} modes, {100 * r['high_quality']:.1f}% "
                  f"high quality, {r['seconds']:.0f} s", flush=True)
        modes = np.array([r["modes"] for r in per_run], float)
        quality = 100 * np.array([r["high_quality"] for r in per_run])
        results["table"][name] = {
            "modes_mean": float(modes.mean()),
            "modes_std": float(modes.std()),
            "high_quality_mean": float(quality.mean()),
            "high_quality_std": float(quality.std()),
            "per_run": per_run,
        }
        print(f"| grid | {name} | {modes.mean():.1f} ± {modes.std():.1f} | "
              f"{quality.mean():.1f} ± {quality.std():.1f} | modes per run "
              f"{modes.astype(int).tolist()} |", flush=True)
    _common.finish(results, start, args.json)


if __name__ == "__main__":
    main()
