"""Structured generators on Fashion-MNIST: LAPGAN, AC-GAN, InfoGAN (issue 12).

Every model trains for the same wall-clock budget (--seconds, default 75 s,
counted from the end of its first, traced, step)
on the 60k training images, batch 64, Adam(beta_1=0.5), the non-saturating
loss, seed 0, then is evaluated with the shipped Fashion-MNIST classifier
(`keras_gans.metrics`: 128-d features for FID/KID/precision/recall, its
class probabilities for conditional accuracy and clustering) against the
10k test split. Configurations (fixed before the run):

- dcgan: DCGAN, latent 64, 32 filters, lr 2e-4 both players.
- lapgan: LAPGAN, 28 -> 14 -> 7 (levels 2), latent 64, 32 filters, lr 2e-4.
- conditional_gan: ConditionalGAN, latent 64, 32 filters, lr 2e-4.
- lapgan_conditional: LAPGAN with num_classes=10, otherwise as lapgan.
- acgan: ACGAN, latent 64, 32 filters, class_weight 1, lr 2e-4.
- infogan: InfoGAN with the paper's MNIST code configuration (62-d uniform
  noise, one 10-way categorical code, 2 continuous codes, lambda 1, unit
  variance), 32 filters, G lr 1e-3, D lr 2e-4, and the model's default
  networks: since 2026-12-04 the paper's dense layers (G FC 1024, an FC 1024
  shared by D and Q); rows in RESULTS.md before that date had neither.
- kmeans: scikit-learn KMeans (10 clusters, n_init 10, seed 0) on the raw
  pixels of the 10k test images.

Metrics: FID, KID (100 subsets of 1,000), precision/recall (k = 3) of
--samples (5k) samples against the 10k test images (conditional models:
500 per class); conditional accuracy (the classifier's argmax equals the
requested class) and per-class FID (500 samples against the 1k test images
of the class); clustering accuracy with the Hungarian method
(`scipy.optimize.linear_sum_assignment`) of InfoGAN's categorical code (a)
on 10k generated images (1k per code value) against
the classifier's predictions and (b) of `infer_codes` on the real test split
against the true labels, beside k-means on pixels. Pictures: the LAPGAN chain
and InfoGAN's code grid with a continuous-code sweep.

InfoGAN clustering part (`--parts infogan`): the official configuration
above trained for a step budget (--steps, default 5,000, the paper's order;
a wall-clock cap --cap-seconds per run, default 660 s, records the steps
actually reached), one run per --seeds, evaluated as (a) and (b) above,
beside k-means on pixels; reports each seed and the mean/spread.

Usage:
    python benchmarks/structured.py --json benchmarks/structured.json
    python benchmarks/structured.py --parts infogan --steps 5000 --seeds 0,1 \
        --json benchmarks/structured_infogan.json
"""

import argparse
import datetime
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from PIL import Image  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import layers  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402
from keras_gans import saving  # noqa: E402
from keras_gans.callbacks import image_grid  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SHAPE, LATENT, FILTERS, BATCH = (28, 28, 1), 64, 32, 64
PUBLISHED = {
    "kmeans_pixels_fashion_mnist": "about 47-51% clustering accuracy (common baseline)",
    "infogan_mnist": "about 95% (5% error, Chen et al. 2016, section 5.1)",
}


class WallClock(keras.callbacks.Callback):
    """Stops `fit` once `seconds` have passed after the first (traced) step."""

    def __init__(self, seconds):
        super().__init__()
        self.seconds, self.steps, self.start = seconds, 0, None

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if self.start is None:  # Tracing the step is not training time.
            self.start = time.perf_counter()
        elif time.perf_counter() - self.start >= self.seconds:
            self.model.stop_training = True


def hungarian_accuracy(clusters, labels, k=10):
    """The accuracy of the best one-to-one map from clusters to labels."""
    counts = np.zeros((k, k))
    np.add.at(counts, (clusters, labels), 1)
    rows, cols = linear_sum_assignment(-counts)
    return float(counts[rows, cols].sum() / len(labels))


def scores(real_features, samples):
    fake = metrics.fashion_mnist_features(samples)
    kid, kid_std = metrics.kernel_inception_distance(real_features, fake)
    return {
        "fid": metrics.frechet_distance(real_features, fake),
        "kid": kid,
        "kid_std": kid_std,
        **metrics.precision_recall(real_features, fake, k=3),
    }


def build(name, seed):
    keras.utils.set_random_seed(seed)
    common = {"seed": seed}
    if name == "dcgan":
        model = models.DCGAN(SHAPE, LATENT, FILTERS, FILTERS, **common)
    elif name == "lapgan":
        model = models.LAPGAN(SHAPE, 2, LATENT, generator_filters=FILTERS,
                              discriminator_filters=FILTERS, **common)
    elif name == "conditional_gan":
        model = models.ConditionalGAN(SHAPE, LATENT, 10, FILTERS, FILTERS, **common)
    elif name == "lapgan_conditional":
        model = models.LAPGAN(SHAPE, 2, LATENT, num_classes=10, generator_filters=FILTERS,
                              discriminator_filters=FILTERS, **common)
    elif name == "acgan":
        model = models.ACGAN(SHAPE, LATENT, 10, generator_filters=FILTERS,
                             discriminator_filters=FILTERS, **common)
    else:
        model = models.InfoGAN(SHAPE, generator_filters=FILTERS,
                               discriminator_filters=FILTERS, **common)
    g_lr = 1e-3 if name == "infogan" else 2e-4
    model.compile(
        g_optimizer=keras.optimizers.Adam(g_lr, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    )
    return model


class StepClock(WallClock):
    """Counts steps and stops `fit` after `steps` steps or a wall-clock cap."""

    def __init__(self, steps, cap_seconds):
        super().__init__(cap_seconds)
        self.max_steps = steps

    def on_train_batch_end(self, batch, logs=None):
        super().on_train_batch_end(batch, logs)
        if self.steps >= self.max_steps:
            self.model.stop_training = True


def train(name, x, y, seconds, seed, steps=None):
    model = build(name, seed)
    conditional = name in ("conditional_gan", "lapgan_conditional", "acgan")
    data = tf.data.Dataset.from_tensor_slices((x, y) if conditional else x)
    data = data.shuffle(60_000, seed=seed).repeat().batch(BATCH, drop_remainder=True)
    clock = WallClock(seconds) if steps is None else StepClock(steps, seconds)
    begin = time.perf_counter()
    model.fit(data.prefetch(4), epochs=1, steps_per_epoch=10**7, callbacks=[clock], verbose=0)
    return model, {"steps": clock.steps, "step_budget": steps,
                   "train_seconds": time.perf_counter() - clock.start,
                   "first_step_seconds": clock.start - begin, "batch_size": BATCH}


def conditional_scores(model, test_features, x_test, y_test, samples_count):
    labels = np.repeat(np.arange(10), samples_count // 10).astype("int32")
    samples = model.generate(len(labels), labels=labels, seed=0)
    result = scores(test_features, samples)
    predicted = metrics.fashion_mnist_probabilities(samples).argmax(1)
    result["conditional_accuracy"] = float((predicted == labels).mean())
    result["per_class_accuracy"] = [float((predicted[labels == c] == c).mean()) for c in range(10)]
    fake_features = metrics.fashion_mnist_features(samples)
    result["per_class_fid"] = [
        metrics.frechet_distance(test_features[y_test == c], fake_features[labels == c])
        for c in range(10)
    ]
    return result


def lapgan_picture(model, path):
    levels = model.generate(8, seed=1, return_levels=True)
    rows = [np.asarray(layers.upsample(layers.upsample(levels[0])))]
    for k in range(1, len(levels)):
        residual = levels[k] - np.asarray(layers.upsample(levels[k - 1]))
        scale = 2 ** (len(levels) - 1 - k)
        for image in (residual / max(np.abs(residual).max(), 1e-6), levels[k]):
            for _ in range(int(np.log2(scale))):
                image = np.asarray(layers.upsample(image))
            rows.append(np.clip(image, -1, 1))
    grid = image_grid(np.concatenate(rows), rows=len(rows))
    Image.fromarray(np.repeat(np.repeat(grid[..., 0], 2, 0), 2, 1)).save(path)


def infogan_part(model, x_test, y_test, result, picture):
    codes = np.repeat(np.arange(10), 1000)
    samples = model.generate(10_000, seed=0, codes={"categorical": codes})
    predicted = metrics.fashion_mnist_probabilities(samples).argmax(1)
    result["generated_clustering_accuracy"] = hungarian_accuracy(codes, predicted)
    inferred = model.infer_codes(x_test)["categorical"][0].argmax(1)
    result["test_clustering_accuracy"] = hungarian_accuracy(inferred, y_test)
    result["test_clusters_used"] = int(len(np.unique(inferred)))
    # The first continuous code swept from -1 to 1, other codes fixed per row.
    sweep = np.linspace(-1, 1, 10)
    brightness, width, rows = [], [], []
    for value in sweep:
        images = model.generate(1000, seed=7, codes={"continuous": [value, 0.0]})
        ink = images > 0
        brightness.append(float(images.mean()))
        width.append(float(ink.any(axis=1).sum(axis=(1, 2)).mean()))
    for code in range(10):
        z = model._latents_for(1, 11)
        latents = np.repeat(z, 10, 0)
        latents = model.fix_codes(
            latents, {"categorical": code, "continuous": np.stack([sweep, np.zeros(10)], 1)}
        )
        rows.append(model.predict(latents, verbose=0))
    result["continuous_0_sweep"] = {"values": sweep.tolist(), "mean_brightness": brightness,
                                    "mean_width_pixels": width}
    grid = image_grid(np.concatenate(rows), rows=10)
    Image.fromarray(np.repeat(np.repeat(grid[..., 0], 2, 0), 2, 1)).save(picture)


def infogan_clustering(args, x, y, x_test, y_test, results):
    """The InfoGAN clustering part: a step budget, one run per seed."""
    runs = []
    for seed in [int(s) for s in args.seeds.split(",")]:
        model, result = train("infogan", x, y, args.cap_seconds, seed, steps=args.steps)
        t = time.perf_counter()
        picture = os.path.join(
            HERE, f"structured_infogan_codes{args.picture_suffix}_seed{seed}.png"
        )
        infogan_part(model, x_test, y_test, result, picture)
        result["seed"], result["eval_seconds"] = seed, time.perf_counter() - t
        runs.append(result)
        print("infogan", {k: v for k, v in result.items() if not isinstance(v, (list, dict))},
              flush=True)
        results["infogan_runs"] = runs
        saving.write_json(args.json, results)
    for key in ("generated_clustering_accuracy", "test_clustering_accuracy"):
        values = np.array([r[key] for r in runs])
        results[key] = {"mean": float(values.mean()), "std": float(values.std()),
                        "min": float(values.min()), "max": float(values.max())}


def main(argv=None):
    global FILTERS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=75.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--samples", type=int, default=5000,
                        help="generated images per model for FID/KID/P/R")
    parser.add_argument("--runs", default="dcgan,lapgan,conditional_gan,lapgan_conditional,"
                        "acgan,infogan,kmeans")
    parser.add_argument("--json", default=os.path.join(HERE, "structured.json"))
    parser.add_argument("--parts", default="wallclock", choices=("wallclock", "infogan"),
                        help="wallclock: every model at --seconds; infogan: the InfoGAN "
                        "clustering part (--steps per run, one run per --seeds, and kmeans)")
    parser.add_argument("--steps", type=int, default=5000,
                        help="InfoGAN steps per run (--parts infogan)")
    parser.add_argument("--cap-seconds", type=float, default=660.0,
                        help="wall-clock cap per InfoGAN run (--parts infogan)")
    parser.add_argument("--seeds", default="0,1", help="InfoGAN seeds (--parts infogan)")
    parser.add_argument("--filters", type=int, default=FILTERS,
                        help="generator and discriminator filters of every model (default 32)")
    parser.add_argument("--picture-suffix", default="",
                        help="added to the InfoGAN pictures' names (--parts infogan)")
    args = parser.parse_args(argv)
    FILTERS = args.filters
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "args": vars(args),
        "published": PUBLISHED,
    }
    start = time.perf_counter()
    x, y = datasets.load_arrays("fashion_mnist", split="train")
    x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
    if args.parts == "infogan":
        clusters = KMeans(10, n_init=10, random_state=0).fit_predict(
            x_test.reshape(len(x_test), -1)
        )
        results["kmeans"] = {"test_clustering_accuracy": hungarian_accuracy(clusters, y_test)}
        print(f"kmeans: {results['kmeans']}", flush=True)
        infogan_clustering(args, x, y, x_test, y_test, results)
        results["total_seconds"] = time.perf_counter() - start
        saving.write_json(args.json, results)
        return
    test_features = metrics.fashion_mnist_features(x_test)
    for name in args.runs.split(","):
        if name == "kmeans":
            t = time.perf_counter()
            clusters = KMeans(10, n_init=10, random_state=args.seed).fit_predict(
                x_test.reshape(len(x_test), -1)
            )
            results["kmeans"] = {"test_clustering_accuracy": hungarian_accuracy(clusters, y_test),
                                 "seconds": time.perf_counter() - t}
            print(f"kmeans: {results['kmeans']}", flush=True)
            continue
        model, result = train(name, x, y, args.seconds, args.seed)
        t = time.perf_counter()
        if name in ("conditional_gan", "lapgan_conditional", "acgan"):
            result.update(
                conditional_scores(model, test_features, x_test, y_test, args.samples)
            )
        else:
            result.update(scores(test_features, model.generate(args.samples, seed=0)))
        if name == "lapgan":
            lapgan_picture(model, os.path.join(HERE, "structured_lapgan_chain.png"))
        if name == "infogan":
            infogan_part(model, x_test, y_test, result,
                         os.path.join(HERE, "structured_infogan_codes.png"))
        result["eval_seconds"] = time.perf_counter() - t
        results[name] = result
        print(name, {k: v for k, v in result.items() if not isinstance(v, (list, dict))},
              flush=True)
        saving.write_json(args.json, results)
    results["total_seconds"] = time.perf_counter() - start
    print(f"total: {results['total_seconds']:.0f} s")
    saving.write_json(args.json, results)


if __name__ == "__main__":
    main()
