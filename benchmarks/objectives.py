"""Objectives benchmark: f-GAN in 1-D, the π sweep, and 2-D mode coverage.

Three parts (select with --parts):

- onedim: a Gaussian generator x = μ + σz (one Dense unit on a 1-D normal
  latent, started at μ = 1, σ = 1) against a tanh MLP discriminator (two
  hidden layers of 32), fitted to ½N(−2, 0.5²) + ½N(2, 0.5²) with each
  f-divergence: Adam(1e-3, β₁ = 0.5) for G, Adam(1e-2, β₁ = 0.5) for D,
  d_steps = 5, batch 256, --steps-1d generator updates; the fitted (μ, σ)
  (mean over --seeds-1d seeds) next to the optimum over single Gaussians,
  computed by integrating D_f(P‖N(μ, σ²)) on a grid (Riemann sum over
  [−12, 12], 24,001 points) and minimising it with Nelder–Mead from four
  starts.
- pi: the same fit with `PiWeightedJS(π)` over --pi-values, with the
  optimum of JS_π (global, and the local minimum reached by the exact
  gradient flow from (1, 1) when they differ).
- toy: the 2-D ring (8 modes) and grid (25 modes) with the VEEGAN protocol
  of `benchmarks/quality.py` (2,500 samples, high quality within 3 std,
  a mode covered by one high-quality sample): the CLI's GAN (latent 2,
  MLPs with two hidden ReLU layers of 128 units, batch 128) with each
  objective of --objectives: a loss name of `keras_gans.losses.get`,
  `wgan` (WGAN, clip 0.01, RMSprop(5e-5), d_steps 5), `wgan_gp` (WGAN-GP,
  λ = 10, Adam(1e-4, 0, 0.9), d_steps 5), or `pack2`/`pack4` (PacGAN: the
  non-saturating loss with `packed_discriminator(m)`; `pack2+<loss>` packs
  with another loss), or `r1` (the non-saturating loss plus the R1 penalty
  γ/2·‖∇D(x)‖² on real samples through the `discriminator_penalty` hook,
  γ = 0.1 decayed to 0 with a cosine over the run; a generator MLP with
  four hidden layers of 256 ReLUs and a discriminator with three; both
  learning rates decayed to 0 with a cosine over the run). The others use
  Adam(--toy-lr, β₁ = 0.5) for both players; --toy-steps generator updates,
  --toy-runs seeded runs per row.

Usage:
    python benchmarks/objectives.py --parts onedim,pi,toy
"""

import argparse
import datetime
import json
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from scipy import optimize  # noqa: E402
from scipy import stats  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import losses  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
PUBLISHED = {  # modes / high-quality %, ring then grid (VEEGAN protocol)
    "VEEGAN": ((8, 52.9), (24.6, 40.0)),
    "GDPP": ((8, 71.7), (24.8, 68.5)),
    "PacGAN4": ((7.8, 95.9), (24.8, 93.6)),
}
DIVERGENCES_1D = (
    "kl", "reverse_kl", "pearson", "neyman", "squared_hellinger", "jensen_shannon", "gan"
)
GRID = np.linspace(-12.0, 12.0, 24_001)
STEP = GRID[1] - GRID[0]
P = 0.5 * stats.norm.pdf(GRID, -2.0, 0.5) + 0.5 * stats.norm.pdf(GRID, 2.0, 0.5)
F = {  # Table 1 of Nowozin et al., float64.
    "kl": lambda u: u * np.log(u),
    "reverse_kl": lambda u: -np.log(u),
    "pearson": lambda u: (u - 1) ** 2,
    "neyman": lambda u: (1 - u) ** 2 / u,
    "squared_hellinger": lambda u: (np.sqrt(u) - 1) ** 2,
    "jensen_shannon": lambda u: -(u + 1) * np.log((1 + u) / 2) + u * np.log(u),
    "gan": lambda u: u * np.log(u) - (u + 1) * np.log(u + 1),
}


def divergence(name, mu, sigma):
    """D(P‖N(μ, σ²)) on the grid; `name` is a divergence or `("pi", π)`."""
    q = stats.norm.pdf(GRID, mu, sigma)
    tiny = 1e-300
    if isinstance(name, tuple):
        pi = name[1]
        m = pi * P + (1 - pi) * q
        a = np.where(P > 0, P * np.log(np.maximum(P, tiny) / np.maximum(m, tiny)), 0.0)
        b = np.where(q > 0, q * np.log(np.maximum(q, tiny) / np.maximum(m, tiny)), 0.0)
        return np.sum(pi * a + (1 - pi) * b) * STEP
    keep = (P > tiny) & (q > tiny)
    with np.errstate(over="ignore"):
        return np.sum(q[keep] * F[name](P[keep] / q[keep])) * STEP


def optimum(name, starts=((0.0, 0.5), (0.0, 2.0), (1.9, 0.5), (1.9, 2.0))):
    """The best (|μ|, σ, value) of Nelder–Mead runs from `starts`."""
    best = None
    for mu0, sigma0 in starts:
        result = optimize.minimize(
            lambda t: divergence(name, t[0], np.exp(t[1])), [mu0, np.log(sigma0)],
            method="Nelder-Mead", options={"xatol": 1e-5, "fatol": 1e-12},
        )
        if best is None or result.fun < best.fun:
            best = result
    return abs(float(best.x[0])), float(np.exp(best.x[1])), float(best.fun)


def fit_gaussian(loss, seed, steps, batch_size=256):
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential([
        keras.Input((1,)),
        keras.layers.Dense(
            1, kernel_initializer="ones", bias_initializer=keras.initializers.Constant(1.0)
        ),
    ])
    discriminator = models.mlp_discriminator(1, hidden_units=(32, 32), activation="tanh")
    gan = models.GAN(generator, discriminator, d_steps=5, seed=seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-2, beta_1=0.5),
        loss=loss,
        steps_per_execution=100,  # Tiny networks: the per-step overhead dominates.
    )
    rng = np.random.default_rng(seed)
    n = batch_size * steps * 5
    x = rng.choice([-2.0, 2.0], n) + 0.5 * rng.normal(size=n)
    gan.fit(x.astype("float32")[:, None], batch_size=batch_size, epochs=1, verbose=0)
    kernel, bias = generator.get_weights()
    return abs(float(bias[0])), abs(float(kernel[0, 0]))


def onedim(results, seeds, steps):
    rows = {}
    print("| divergence | optimum abs μ, σ | fitted abs μ (mean ± std) | fitted σ (mean ± std) "
          "| per seed (abs μ, σ) | wall |", flush=True)
    for name in DIVERGENCES_1D:
        start = time.perf_counter()
        best_mu, best_sigma, value = optimum(name)
        fits = [fit_gaussian(losses.FDivergence(name), seed, steps) for seed in range(seeds)]
        mu, sigma = np.array(fits).T
        rows[name] = {
            "optimum": {"mu": best_mu, "sigma": best_sigma, "value": value},
            "fits": fits, "seconds": time.perf_counter() - start,
        }
        print(
            f"| {name} | {best_mu:.3f}, {best_sigma:.3f} | {mu.mean():.3f} ± {mu.std():.3f} | "
            f"{sigma.mean():.3f} ± {sigma.std():.3f} | "
            + ", ".join(f"({m:.2f}, {s:.2f})" for m, s in fits)
            + f" | {rows[name]['seconds']:.0f} s |", flush=True,
        )
    results["onedim"] = {"seeds": seeds, "steps": steps, "rows": rows}


def gradient_flow(name, mu, sigma, iterations=3000, rate=0.01, eps=1e-4):
    """The local minimum reached from (μ, σ) by gradient descent on the exact divergence."""
    t = np.array([mu, np.log(sigma)])
    for _ in range(iterations):
        grad = np.array([
            (divergence(name, t[0] + eps, np.exp(t[1]))
             - divergence(name, t[0] - eps, np.exp(t[1]))) / (2 * eps),
            (divergence(name, t[0], np.exp(t[1] + eps))
             - divergence(name, t[0], np.exp(t[1] - eps))) / (2 * eps),
        ])
        t -= rate * grad / max(np.abs(grad).max(), 1e-3) * min(1.0, np.abs(grad).max() * 10)
    return abs(float(t[0])), float(np.exp(t[1]))


def pi_sweep(results, values, seeds, steps):
    rows = {}
    print("| π | global optimum abs μ, σ | local optimum from (1, 1) | fitted abs μ | fitted σ "
          "| per seed | wall |", flush=True)
    for pi in values:
        start = time.perf_counter()
        best_mu, best_sigma, _ = optimum(("pi", pi))
        local_mu, local_sigma = gradient_flow(("pi", pi), 1.0, 1.0)
        fits = [fit_gaussian(losses.PiWeightedJS(pi), seed, steps) for seed in range(seeds)]
        mu, sigma = np.array(fits).T
        rows[str(pi)] = {
            "optimum": {"mu": best_mu, "sigma": best_sigma},
            "flow_from_1_1": {"mu": local_mu, "sigma": local_sigma},
            "fits": fits, "seconds": time.perf_counter() - start,
        }
        print(
            f"| {pi} | {best_mu:.2f}, {best_sigma:.3f} | {local_mu:.2f}, {local_sigma:.3f} | "
            f"{mu.mean():.3f} | {sigma.mean():.3f} | "
            + ", ".join(f"({m:.2f}, {s:.2f})" for m, s in fits)
            + f" | {rows[str(pi)]['seconds']:.0f} s |", flush=True,
        )
    results["pi"] = {"seeds": seeds, "steps": steps, "rows": rows}


class R1GAN(models.GAN):
    """A GAN with the R1 penalty γ_t/2·‖∇D(x)‖² on real x.

    γ_t = γ·½(1 + cos(π·t/T)) over the discriminator's T updates: the
    penalty keeps every mode early and fades as the learning rates do.
    """

    def __init__(self, *args, gamma=0.1, decay_steps=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.gamma, self.decay_steps = gamma, decay_steps

    def discriminator_penalty(self, real, fake, conditions, seed):
        done = keras.ops.minimum(
            keras.ops.cast(self.d_optimizer.iterations, "float32") / self.decay_steps, 1.0
        )
        gamma = self.gamma * 0.5 * (1.0 + keras.ops.cos(np.pi * done))
        return 0.5 * gamma * losses.r1_penalty(
            lambda x: self.discriminator(x, training=True), real
        )


def toy_model(objective, seed, lr, steps):
    keras.utils.set_random_seed(seed)
    if objective == "r1":
        model = R1GAN(
            models.mlp_generator(2, 2, hidden_units=(256, 256, 256, 256)),
            models.mlp_discriminator(2, hidden_units=(256, 256, 256)),
            seed=seed, gamma=0.1, decay_steps=steps,
        )
        model.compile(
            g_optimizer=keras.optimizers.Adam(
                keras.optimizers.schedules.CosineDecay(lr, steps), beta_1=0.5
            ),
            d_optimizer=keras.optimizers.Adam(
                keras.optimizers.schedules.CosineDecay(lr, steps), beta_1=0.5
            ),
            loss="non_saturating",
            steps_per_execution=100,
        )
        return model
    generator = models.mlp_generator(2, 2)
    if objective == "wgan":
        model = models.WGAN(generator, models.mlp_discriminator(2), seed=seed)
        model.compile(steps_per_execution=100)
        return model
    if objective == "wgan_gp":
        model = models.WGANGP(generator, models.mlp_discriminator(2), seed=seed)
        model.compile(steps_per_execution=100)
        return model
    loss = "non_saturating"
    if objective.startswith("pack"):
        pack, _, packed_loss = objective[4:].partition("+")
        pack, loss = int(pack), packed_loss or loss
        discriminator = models.packed_discriminator(models.mlp_discriminator(2 * pack), pack)
    else:
        loss = objective
        discriminator = models.mlp_discriminator(2)
    model = models.GAN(generator, discriminator, seed=seed)
    model.compile(
        g_optimizer=keras.optimizers.Adam(lr, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(lr, beta_1=0.5),
        loss=loss,
        steps_per_execution=100,
    )
    return model


def toy_run(name, objective, steps, seed, lr, batch_size=128):
    model = toy_model(objective, seed, lr, steps)
    x, _ = datasets.load_arrays(
        name, num_samples=batch_size * steps * model.d_steps, seed=seed
    )
    model.fit(x, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
    spec = datasets.toy_spec(name)
    samples = model.generate(2500, seed=10_000 + seed)
    return metrics.mode_coverage(samples, spec["means"], spec["std"], threshold=3.0)


def toy(results, objectives, runs, steps, lr, key="toy", first_seed=0, names=("ring", "grid")):
    table = {}
    print("| dataset | objective | modes | high quality % | per run (modes / HQ %) | wall |",
          flush=True)
    for name in names:
        for objective in objectives:
            start = time.perf_counter()
            seeds = range(first_seed, first_seed + runs)
            per_run = [toy_run(name, objective, steps, seed, lr) for seed in seeds]
            seconds = time.perf_counter() - start
            modes = np.array([r["modes"] for r in per_run], float)
            quality = np.array([r["high_quality"] for r in per_run]) * 100
            table[f"{name}/{objective}"] = {
                "modes_mean": float(modes.mean()), "modes_std": float(modes.std()),
                "high_quality_mean": float(quality.mean()),
                "high_quality_std": float(quality.std()),
                "per_run": per_run, "seconds": seconds,
            }
            print(
                f"| {name} | {objective} | {modes.mean():.1f} ± {modes.std():.1f} | "
                f"{quality.mean():.1f} ± {quality.std():.1f} | "
                + ", ".join(f"{int(m)} / {q:.1f}" for m, q in zip(modes, quality))
                + f" | {seconds:.0f} s |", flush=True,
            )
    results[key] = {
        "runs": runs, "steps": steps, "lr": lr, "batch_size": 128,
        "seeds": list(range(first_seed, first_seed + runs)), "table": table,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="onedim,pi,toy")
    parser.add_argument("--seeds-1d", type=int, default=3)
    parser.add_argument("--steps-1d", type=int, default=2000)
    parser.add_argument("--pi-values", default="0.05,0.1,0.3,0.5,0.7,0.9,0.95,0.99")
    parser.add_argument("--pi-seeds", type=int, default=1)
    parser.add_argument(
        "--objectives",
        default="minimax,non_saturating,least_squares,hinge,wgan,wgan_gp,boundary_seeking,"
        "kl,reverse_kl,pearson,squared_hellinger,jensen_shannon,gan,pack2,pack4",
    )
    parser.add_argument("--toy-runs", type=int, default=2)
    parser.add_argument("--toy-steps", type=int, default=4000)
    parser.add_argument("--toy-lr", type=float, default=1e-3)
    parser.add_argument("--toy-first-seed", type=int, default=0)
    parser.add_argument("--toy-key", default="toy")
    parser.add_argument("--toy-datasets", default="ring,grid")
    parser.add_argument("--json", default=os.path.join(HERE, "objectives.json"))
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    results = {}
    if os.path.exists(args.json):
        with open(args.json) as f:
            results = json.load(f)
    results.setdefault("runs", []).append({
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "args": vars(args),
    })
    start = time.perf_counter()
    if "onedim" in parts:
        onedim(results, args.seeds_1d, args.steps_1d)
    if "pi" in parts:
        values = [float(v) for v in args.pi_values.split(",")]
        pi_sweep(results, values, args.pi_seeds, args.steps_1d)
    if "toy" in parts:
        toy(results, args.objectives.split(","), args.toy_runs, args.toy_steps, args.toy_lr,
            key=args.toy_key, first_seed=args.toy_first_seed,
            names=args.toy_datasets.split(","))
    results["runs"][-1]["seconds"] = time.perf_counter() - start
    tmp = args.json + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f, indent=1, default=float)
    os.replace(tmp, args.json)
    print(f"total {time.perf_counter() - start:.0f} s -> {args.json}", flush=True)


if __name__ == "__main__":
    main()
