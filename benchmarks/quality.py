"""Sample-quality benchmark: offline FID/KID/precision/recall and mode coverage.

Three parts (select with --parts):

- floor: the Fréchet distance (and KID, precision, recall) between 10k
  Fashion-MNIST training images (a seeded random subset) and the 10k test
  images, with the shipped Fashion-MNIST classifier's features: the value a
  perfect generator would get against the test split.
- image: the DCGAN and the ConditionalGAN as the CLI builds them
  (`keras-gans train dcgan|conditional_gan`: 28x28x1, latent 100, default
  filters, Adam(2e-4, beta_1=0.5), non-saturating loss, batch 128) trained
  for --image-epochs epochs of --image-steps steps, then FID, KID,
  precision, recall (k=3), density/coverage (k=5) and the Inception Score
  of 10k samples (seed 0; the conditional model cycles through the 10
  classes) against the 10k test split.
- precision: the DCGAN of `image` trained in float32 and in bfloat16
  (`precision="bfloat16"`: bfloat16 computation, float32 weights and
  losses) from the same seeds (--precision-seeds), the two settings taking
  turns seed by seed; the same scores, their mean and std per precision,
  and the seconds per training step. This is the check issue 17 asks for
  before bfloat16 becomes a default: FID within the run-to-run spread of
  float32 at the same number of steps.
- toy: the 2-D ring (8 modes) and grid (25 modes) with the VEEGAN protocol:
  2,500 samples, a sample is high quality within 3 standard deviations of
  its nearest mode, a mode is covered by one high-quality sample; mean (and
  std) over --toy-runs seeded runs, for the minimax and the non-saturating
  loss. The GAN is the CLI's `keras-gans train gan`: latent 2 (normal
  prior), MLP generator and discriminator with two hidden ReLU layers of 128
  units, Adam(1e-3, beta_1=0.5), batch 128, --toy-steps updates.

Every result is printed as a markdown row and collected in --json.

Usage:
    python benchmarks/quality.py --parts floor,image,toy --json /tmp/quality.json
    python benchmarks/quality.py --parts precision --precision-seeds 0,1,2
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
import tensorflow as tf  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

PUBLISHED = {  # modes / high-quality %, ring then grid (VEEGAN protocol)
    "VEEGAN": ((8, 52.9), (24.6, 40.0)),
    "GDPP": ((8, 71.7), (24.8, 68.5)),
    "PacGAN4": ((7.8, 95.9), (24.8, 93.6)),
}


def image_scores(real_features, fake_features, probabilities):
    kid, kid_std = metrics.kernel_inception_distance(real_features, fake_features)
    scores = {
        "fid": metrics.frechet_distance(real_features, fake_features),
        "kid": kid,
        "kid_std": kid_std,
        **metrics.precision_recall(real_features, fake_features, k=3),
        **metrics.density_coverage(real_features, fake_features, k=5),
    }
    if probabilities is not None:
        scores["inception_score"], scores["inception_score_std"] = metrics.inception_score(
            probabilities
        )
    return scores


def floor(results):
    x_train, _ = datasets.load_arrays("fashion_mnist", split="train")
    x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
    start = time.perf_counter()
    subset = np.random.default_rng(0).choice(len(x_train), 10_000, replace=False)
    test_features = metrics.fashion_mnist_features(x_test)
    train_features = metrics.fashion_mnist_features(x_train[subset])
    accuracy = float(
        np.mean(metrics.fashion_mnist_probabilities(x_test).argmax(1) == y_test)
    )
    scores = image_scores(
        test_features, train_features, metrics.fashion_mnist_probabilities(x_train[subset])
    )
    scores["classifier_test_accuracy"] = accuracy
    scores["seconds"] = time.perf_counter() - start
    results["floor"] = scores
    print(
        f"| floor: train 10k vs test 10k | FD {scores['fid']:.3f} | KID "
        f"{scores['kid']:.5f} ± {scores['kid_std']:.5f} | P {scores['precision']:.3f} | "
        f"R {scores['recall']:.3f} | IS(train) {scores['inception_score']:.2f} | "
        f"classifier acc {accuracy:.4f} |",
        flush=True,
    )
    return test_features


def image(results, family, epochs, steps, test_features, seed=0, precision="float32",
          key=None):
    keras.utils.set_random_seed(seed)
    conditional = family == "conditional_gan"
    shape, latent_dim = (28, 28, 1), 100
    if conditional:
        model = models.ConditionalGAN(shape, latent_dim, 10, seed=seed, precision=precision)
    else:
        model = models.DCGAN(shape, latent_dim=latent_dim, seed=seed, precision=precision)
    model.compile(
        g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    )
    data = (
        datasets.load("fashion_mnist", with_labels=conditional)
        .shuffle(10_000, seed=seed)
        .batch(128, drop_remainder=True)
        .prefetch(tf.data.AUTOTUNE)
    )
    start = time.perf_counter()
    model.fit(data.repeat(), epochs=epochs, steps_per_epoch=steps, verbose=2)
    train_seconds = time.perf_counter() - start
    start = time.perf_counter()
    samples = model.generate(10_000, seed=0)
    fake = metrics.fashion_mnist_features(samples)
    scores = image_scores(test_features, fake, metrics.fashion_mnist_probabilities(samples))
    scores.update(
        train_seconds=train_seconds,
        eval_seconds=time.perf_counter() - start,
        epochs=epochs,
        steps_per_epoch=steps,
        batch_size=128,
        seed=seed,
        compute_precision=precision,  # not "precision": that is the sample precision
    )
    results[key or family] = scores
    print(
        f"| {key or family} ({epochs} x {steps} steps, batch 128, {train_seconds:.0f} s) | FID "
        f"{scores['fid']:.2f} | KID {scores['kid']:.4f} ± {scores['kid_std']:.4f} | P "
        f"{scores['precision']:.3f} | R {scores['recall']:.3f} | density "
        f"{scores['density']:.3f} | coverage {scores['coverage']:.3f} | IS "
        f"{scores['inception_score']:.2f} |",
        flush=True,
    )


def precision_study(results, epochs, steps, test_features, seeds):
    """DCGAN in float32 and in bfloat16 from the same seeds, in turns."""
    runs = {}
    for seed in seeds:
        for precision in ("float32", "bfloat16"):
            key = f"dcgan/{precision}/seed{seed}"
            image(runs, "dcgan", epochs, steps, test_features, seed, precision, key=key)
    summary = {}
    for precision in ("float32", "bfloat16"):
        rows = [runs[f"dcgan/{precision}/seed{seed}"] for seed in seeds]
        summary[precision] = {
            name: {"mean": float(np.mean([r[name] for r in rows])),
                   "std": float(np.std([r[name] for r in rows])),
                   "per_seed": [r[name] for r in rows]}
            for name in ("fid", "kid", "precision", "recall", "coverage", "train_seconds")
        }
        fid = summary[precision]["fid"]
        seconds = summary[precision]["train_seconds"]["mean"] / (epochs * steps)
        print(f"| dcgan {precision} | seeds {list(seeds)} | FID {fid['mean']:.2f} ± "
              f"{fid['std']:.2f} ({', '.join(f'{v:.2f}' for v in fid['per_seed'])}) | "
              f"{1000 * seconds:.0f} ms/step |", flush=True)
    results["precision"] = {"runs": runs, "summary": summary, "cpu": _common.cpu_flags()}


def toy_run(name, loss, steps, seed):
    keras.utils.set_random_seed(seed)
    gan = models.GAN(models.mlp_generator(2, 2), models.mlp_discriminator(2), seed=seed)
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        loss=loss,
    )
    x, _ = datasets.load_arrays(name, num_samples=128 * steps, seed=seed)
    gan.fit(x, batch_size=128, epochs=1, shuffle=False, verbose=0)
    spec = datasets.toy_spec(name)
    samples = gan.generate(2500, seed=10_000 + seed)
    return metrics.mode_coverage(samples, spec["means"], spec["std"], threshold=3.0)


def toy(results, runs, steps):
    table = {}
    for name in ("ring", "grid"):
        for loss in ("minimax", "non_saturating"):
            start = time.perf_counter()
            per_run = [toy_run(name, loss, steps, seed) for seed in range(runs)]
            seconds = time.perf_counter() - start
            modes = np.array([r["modes"] for r in per_run], float)
            quality = np.array([r["high_quality"] for r in per_run]) * 100
            kl = np.array([r["kl"] for r in per_run])
            table[f"{name}/{loss}"] = {
                "modes_mean": float(modes.mean()),
                "modes_std": float(modes.std()),
                "high_quality_mean": float(quality.mean()),
                "high_quality_std": float(quality.std()),
                "kl_mean": float(np.nanmean(kl)) if np.isfinite(kl).any() else None,
                "per_run": per_run,
                "seconds": seconds,
            }
            print(
                f"| {name} | {loss} | {modes.mean():.1f} ± {modes.std():.1f} | "
                f"{quality.mean():.1f} ± {quality.std():.1f} | "
                f"modes per run {modes.astype(int).tolist()} | {seconds:.0f} s |",
                flush=True,
            )
    results["toy"] = {"runs": runs, "steps": steps, "batch_size": 128, "table": table}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="floor,image,toy")
    parser.add_argument("--image-epochs", type=int, default=2)
    parser.add_argument("--image-steps", type=int, default=468,
                        help="steps per epoch (468 = one pass at batch 128)")
    parser.add_argument("--precision-seeds", default="0,1,2")
    parser.add_argument("--toy-runs", type=int, default=5)
    parser.add_argument("--toy-steps", type=int, default=10_000)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "args": vars(args),
    }
    start = time.perf_counter()
    test_features = None
    if parts & {"floor", "image", "precision"}:
        test_features = floor(results)
    if "image" in parts:
        for family in ("dcgan", "conditional_gan"):
            image(results, family, args.image_epochs, args.image_steps, test_features)
    if "precision" in parts:
        seeds = [int(v) for v in args.precision_seeds.split(",")]
        precision_study(results, args.image_epochs, args.image_steps, test_features, seeds)
    if "toy" in parts:
        toy(results, args.toy_runs, args.toy_steps)
        for method, (ring, grid) in PUBLISHED.items():
            print(f"| published {method} | ring {ring[0]} / {ring[1]}% | grid {grid[0]} / "
                  f"{grid[1]}% |")
    _common.finish(results, start, args.json)


if __name__ == "__main__":
    main()
