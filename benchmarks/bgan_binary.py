"""Discrete BGAN on binarised Fashion-MNIST: FID, class spread and the ESS curve.

Protocol (issue 14): Fashion-MNIST's training images binarised at 0.5 (a
pixel is on when its intensity is above one half); a `BernoulliGenerator`
with 64 latents and a two-layer convolutional discriminator, trained by
`DiscreteBGAN` with M = `--num-samples` samples per latent, batch 64, and
Adam with beta_1 0.5 (the authors' discrete experiments, rdevon/BGAN
`main_discrete.py`, use 1e-4 for both players). The generator's logits
come from an MLP (`--generator mlp`, hidden units 256 and 512: it
collapses) or, as in the authors' `dcgan_28_pub`, from a DCGAN network
(`--generator dcgan`: `dcgan_generator(..., output_activation=None)`,
batch norm and 5x5 transposed convolutions; the gallery example's, with
`--g-lr 5e-4`). The settings are fixed before the run; nothing is tuned on
the reported seed.

Every `--eval-every` steps, on `--eval` samples against as many binarised
test images (both mapped to {-1, +1} for the extractor):

- `fid`: the Frechet distance between the shipped classifier's 128-d
  features (`keras_gans.metrics.fashion_mnist_features`);
- `classes`: the effective number of classes of the samples, exp of the
  entropy of the histogram of the classifier's labels (10 for the test
  images; 1 when every sample gets one label);
- `ess`: the mean effective sample size of the importance weights over the
  last chunk's steps (M when D cannot tell a latent's samples apart).

Two references are scored the same way: `floor` (binarised training images
against the test images) and `independent_pixels` (each pixel drawn on with
its frequency in the training images: the best model with no structure).

Published anchor: none on this data. Hjelm et al. (2018) show discrete
BGAN's samples on binarised MNIST, not an FID with this extractor, so the
references above are the comparison.

Usage:
    python benchmarks/bgan_binary.py --generator dcgan --filters 32 --g-lr 5e-4 \
        --d-lr 1e-4 --seed 0 --steps 3000 --eval-every 500 \
        --json benchmarks/bgan_binary_dcgan_seed0.json --grid samples.png
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

from keras_gans import callbacks  # noqa: E402
from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402
from keras_gans import sequence  # noqa: E402

SHAPE = (28, 28, 1)


def binarised(split):
    x, _ = datasets.load_arrays("fashion_mnist", split)
    return ((x + 1.0) / 2.0 > 0.5).astype("float32")


class Reference:
    """The test images' features and class spread, for `score`."""

    def __init__(self, n):
        self.images = binarised("test")[:n]
        self.features = metrics.fashion_mnist_features(self.images * 2.0 - 1.0)


def effective_classes(images):
    labels = metrics.fashion_mnist_probabilities(images * 2.0 - 1.0).argmax(1)
    p = np.bincount(labels, minlength=10) / len(labels)
    p = p[p > 0]
    return float(np.exp(-(p * np.log(p)).sum()))


def score(reference, images):
    features = metrics.fashion_mnist_features(images * 2.0 - 1.0)
    return {
        "fid": float(metrics.frechet_distance(reference.features, features)),
        "classes": effective_classes(images),
        "on_share": float(images.mean()),
    }


def build(args):
    discriminator = keras.Sequential(
        [
            keras.Input(SHAPE),
            keras.layers.Conv2D(32, 4, strides=2, padding="same"),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Conv2D(64, 4, strides=2, padding="same"),
            keras.layers.LeakyReLU(0.2),
            keras.layers.Flatten(),
            keras.layers.Dense(1, dtype="float32"),
        ],
        name="discriminator",
    )
    if args.generator == "dcgan":
        network = models.dcgan_generator(SHAPE, 64, filters=args.filters, output_activation=None)
        generator = models.BernoulliGenerator(64, SHAPE, network=network)
    else:
        generator = models.BernoulliGenerator(64, SHAPE, hidden_units=(256, 512))
    bgan = sequence.DiscreteBGAN(
        generator, discriminator, num_samples=args.num_samples, seed=args.seed,
    )
    bgan.compile(
        g_optimizer=keras.optimizers.Adam(args.g_lr, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(args.d_lr, beta_1=0.5),
    )
    return bgan


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--eval-every", type=int, default=500)
    parser.add_argument("--eval", type=int, default=5000, help="samples per evaluation")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--num-samples", type=int, default=20, help="M")
    parser.add_argument(
        "--generator", choices=("mlp", "dcgan"), default="mlp",
        help="mlp: BernoulliGenerator(64, hidden_units=(256, 512)), the first rows'; dcgan: "
             "dcgan_generator(filters=--filters, output_activation=None) as its network "
             "(batch norm, 5x5 transposed convolutions, like the authors' dcgan_28_pub)",
    )
    parser.add_argument("--filters", type=int, default=32, help="the dcgan network's filters")
    parser.add_argument("--g-lr", type=float, default=1e-4)
    parser.add_argument("--d-lr", type=float, default=1e-4)
    parser.add_argument("--json", default=None)
    parser.add_argument("--grid", default=None, help="a PNG of the last 64 samples, 8 x 8")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = _common.new_results(args, runs=[])
    reference = Reference(args.eval)
    train = binarised("train")
    rng = np.random.default_rng(args.seed)
    results["floor"] = score(reference, train[rng.permutation(len(train))[:args.eval]])
    frequency = train.mean(0)
    independent = (rng.random((args.eval, *SHAPE)) < frequency).astype("float32")
    results["independent_pixels"] = score(reference, independent)
    results["test_classes"] = effective_classes(reference.images)
    print("floor", results["floor"], "| independent pixels", results["independent_pixels"],
          "| test classes", round(results["test_classes"], 3), flush=True)

    keras.utils.set_random_seed(args.seed)
    bgan = build(args)
    order = np.concatenate([np.random.default_rng(args.seed + e).permutation(len(train))
                            for e in range(-(-args.steps * args.batch_size // len(train)))])
    done, train_seconds = 0, 0.0
    while done < args.steps:
        chunk = min(args.eval_every, args.steps - done)
        index = order[done * args.batch_size:(done + chunk) * args.batch_size]
        t = time.perf_counter()
        history = bgan.fit(train[index], batch_size=args.batch_size, epochs=1,
                           shuffle=False, verbose=0)
        train_seconds += time.perf_counter() - t
        done += chunk
        samples = np.asarray(bgan.generate(args.eval, seed=args.seed + 1000), "float32")
        row = {"step": done, "train_seconds": train_seconds,
               "ess": float(history.history["ess"][-1]),
               "d_real": float(history.history["d_real"][-1]),
               "d_fake": float(history.history["d_fake"][-1]),
               **score(reference, samples)}
        results["runs"].append(row)
        print(row, flush=True)
    if args.grid:
        callbacks.save_image_grid(samples[:64] * 2.0 - 1.0, args.grid, rows=8, scale=2)
    _common.finish(results, start, args.json)


if __name__ == "__main__":
    main()
