"""Training-health benchmark: generator EMA and augmentation on small data.

A small Fashion-MNIST DCGAN (`keras_gans.models.DCGAN((28, 28, 1),
latent_dim=64, generator_filters=16, discriminator_filters=16)`,
non-saturating loss, Adam(2e-4, beta_1=0.5) for both players, batch 64,
--steps steps) is trained on a seeded random 1%, 10% and 100% of the 60k
training images (600, 6,000, 60,000), each with:

- no augmentation;
- `DiffAugment("color,translation,cutout")`;
- `Adaptive(target=0.6)` (ADA's controller with the library defaults:
  adjust every 4 D updates by 0.02, over the same three transforms).

Every run keeps `GeneratorEMA(decay=--decay)`. The average does not change
training, so each run is scored twice at the same budget: `fid_raw` (the
trained weights, `use_ema=False`) and `fid_ema` (the averaged weights).

FID: the Frechet distance between the shipped Fashion-MNIST classifier's
128-d features of 10,000 samples (seed 0) and of the 10,000 test images.

Published anchor: Karras et al. 2020 (ADA), abstract: with ADA "good
results are now possible using only a few thousand training images, often
matching StyleGAN2 results with an order of magnitude fewer images", and
CIFAR-10's record FID goes from 5.59 to 2.42; Zhao et al. 2020 (DiffAugment)
make the same small-data claim on CIFAR-10 at 10% and 20% of the data.
Those are Inception FIDs of StyleGAN2/BigGAN-size models; this benchmark
checks only the direction of the claim, at our scale.

Usage:
    python benchmarks/training_health.py --json benchmarks/training_health.json
"""

import argparse
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _common  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import augment  # noqa: E402
from keras_gans import callbacks  # noqa: E402
from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

AUGMENTATIONS = {
    "none": lambda: None,
    "diffaugment": lambda: augment.DiffAugment("color,translation,cutout"),
    "adaptive": lambda: augment.Adaptive(target=0.6),
}


def subset(x, fraction, seed):
    n = max(int(round(len(x) * fraction)), 1)
    return x[np.random.default_rng(seed).choice(len(x), n, replace=False)]


def run(x, aug_name, steps, seed, decay, test_features, batch_size=64):
    keras.utils.set_random_seed(seed)
    gan = models.DCGAN((28, 28, 1), latent_dim=64, generator_filters=16,
                       discriminator_filters=16, seed=seed, augment=AUGMENTATIONS[aug_name]())
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    data = (tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed).repeat()
            .batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE))
    start = time.perf_counter()
    gan.fit(data, epochs=1, steps_per_epoch=steps, verbose=0,
            callbacks=[callbacks.GeneratorEMA(decay=decay)])
    seconds = time.perf_counter() - start
    scores = {"train_seconds": seconds}
    for key, use_ema in (("fid_raw", False), ("fid_ema", True)):
        gan.use_ema = use_ema
        samples = gan.generate(10_000, seed=0)
        scores[key] = float(metrics.frechet_distance(test_features,
                                                     metrics.fashion_mnist_features(samples)))
    if aug_name == "adaptive":
        scores["final_p"] = float(gan.augment_p)
    return scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fractions", default="0.01,0.1,1.0")
    parser.add_argument("--augmentations", default="none,diffaugment,adaptive")
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--decay", type=float, default=0.995)
    parser.add_argument("--seeds", default="0")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    results = _common.new_results(args, runs=[])
    start = time.perf_counter()
    x_train, _ = datasets.load_arrays("fashion_mnist", split="train")
    x_test, _ = datasets.load_arrays("fashion_mnist", split="test")
    test_features = metrics.fashion_mnist_features(x_test)
    for seed in [int(s) for s in args.seeds.split(",")]:
        for fraction in [float(f) for f in args.fractions.split(",")]:
            x = subset(x_train, fraction, seed)
            for aug_name in args.augmentations.split(","):
                scores = run(x, aug_name, args.steps, seed, args.decay, test_features)
                row = {"seed": seed, "fraction": fraction, "images": len(x),
                       "augment": aug_name, "steps": args.steps, **scores}
                results["runs"].append(row)
                p = f" | final p {scores['final_p']:.3f}" if "final_p" in scores else ""
                print(f"| {fraction:g} ({len(x)} images) | {aug_name} | seed {seed} | "
                      f"{args.steps} steps, {scores['train_seconds']:.0f} s | FID raw "
                      f"{scores['fid_raw']:.3f} | FID EMA {scores['fid_ema']:.3f}{p} |",
                      flush=True)
    _common.finish(results, start, args.json)


if __name__ == "__main__":
    main()
