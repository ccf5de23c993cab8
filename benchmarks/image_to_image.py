"""Image-to-image benchmark: pix2pix and CycleGAN on edges -> garments.

Data: `keras_gans.datasets.fashion_edges_arrays` (28x28, Fashion-MNIST
garments and their thresholded Sobel edge maps). Training uses the train
split (paired for pix2pix and the L1-only U-Net; two independently shuffled
domains for CycleGAN); every score is on the first --eval test pairs, whose
true garments are known.

Models (the configuration is fixed before the seeds are run):

- pix2pix: `unet_generator((28, 28, 1), 1, filters=32)` (two halvings,
  dropout 0.5), `patchgan_discriminator((28, 28, 2), receptive_field=16,
  filters=32)`, l1_weight 100, non-saturating loss, Adam(2e-4, beta_1=0.5)
  for both players, batch 32, --steps steps.
- L1-only: the same U-Net trained with the L1 loss alone (`compile(loss=
  "mae")`), same optimizer, batch and steps: the paper's "L1" ablation.
- CycleGAN: two `resnet_generator((28, 28, 1), 1, filters=16,
  residual_blocks=3)`, two `patchgan_discriminator((28, 28, 1),
  receptive_field=16, filters=32)`, least squares, cycle weight 10,
  identity 0.5, pool 50, Adam(2e-4, beta_1=0.5), batch 16, --cycle-steps
  steps, on unpaired domains. `--cycle-identity`, `--cycle-receptive-field`,
  `--cycle-d-norm` ("instance" is the CycleGAN paper's critic) and
  `--cycle-downsampling` change one setting each (for screening);
  `--cycle-generator unet` uses pix2pix's U-Net (32 filters, no dropout),
  the reference code's `--netG unet_*` option; `--cycle-ba-generator local`
  makes garments -> edges a 5x5-receptive-field `local_generator`.

Scores of the translated test edge maps against the true garments:

- `l1`: mean |output - garment| (pixels in [-1, 1]);
- `label_agreement`: the fraction of pairs where the shipped Fashion-MNIST
  classifier (`keras_gans.metrics.fashion_mnist_classifier`) gives the
  output the same label as the true garment;
- `fid`: the Frechet distance between the classifier's 128-d features of
  the outputs and of the true garments of the same test pairs;
- CycleGAN adds `cycle_l1` (|G_BA(G_AB(edges)) - edges|) and `cycle_l1_ba`
  (|G_AB(G_BA(garments)) - garments|) on the same test pairs, and the
  10x10 `confusion` of the classifier's labels (rows: true garment,
  columns: translation).

Published anchors: pix2pix (Isola et al. 2017, table 1/2) and CycleGAN (Zhu
et al. 2017, table 1/2) report FCN scores and AMT studies on Cityscapes
labels <-> photos, which this offline CPU benchmark cannot reproduce; the
qualitative claim checked here is the paper's ablation: L1 alone is blurry,
L1 + cGAN is sharper (lower FID) at similar fidelity.

Usage:
    python benchmarks/image_to_image.py --seeds 0,1 --steps 1500 --cycle-seeds 0 \
        --cycle-steps 1000 --json benchmarks/image_to_image.json
"""

import argparse
import functools
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _common  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

SHAPE = (28, 28, 1)


def adam():
    return keras.optimizers.Adam(2e-4, beta_1=0.5)


class Truth:
    """The true garments of the evaluation pairs: labels and features."""

    def __init__(self, n):
        edges, garments, _ = datasets.fashion_edges_arrays("test")
        self.edges, self.garments = edges[:n], garments[:n]
        self.features = metrics.fashion_mnist_features(self.garments)
        self.labels = metrics.fashion_mnist_probabilities(self.garments).argmax(1)


def scores(truth, outputs):
    outputs = np.clip(outputs, -1.0, 1.0)
    labels = metrics.fashion_mnist_probabilities(outputs).argmax(1)
    return {
        "l1": float(np.abs(outputs - truth.garments).mean()),
        "label_agreement": float(np.mean(labels == truth.labels)),
        "fid": float(metrics.frechet_distance(truth.features,
                                              metrics.fashion_mnist_features(outputs))),
    }


def batches(arrays, batch_size, steps, seed):
    """The first steps * batch_size examples of a seeded shuffle (repeating)."""
    n = len(arrays[0])
    order = np.concatenate([np.random.default_rng(seed + e).permutation(n)
                            for e in range(-(-steps * batch_size // n))])
    index = order[:steps * batch_size]
    return [a[index] for a in arrays]


def pix2pix(truth, steps, seed, batch_size=32):
    keras.utils.set_random_seed(seed)
    edges, garments, _ = datasets.fashion_edges_arrays("train")
    x, y = batches((edges, garments), batch_size, steps, seed)
    gan = models.Pix2Pix(
        models.unet_generator(SHAPE, 1, filters=32),
        models.patchgan_discriminator((28, 28, 2), receptive_field=16, filters=32),
        l1_weight=100.0, seed=seed,
    )
    gan.compile(g_optimizer=adam(), d_optimizer=adam())
    start = time.perf_counter()
    gan.fit(x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    return {**scores(truth, gan.translate(truth.edges)), "train_seconds": seconds}


def l1_only(truth, steps, seed, batch_size=32):
    keras.utils.set_random_seed(seed)
    edges, garments, _ = datasets.fashion_edges_arrays("train")
    x, y = batches((edges, garments), batch_size, steps, seed)
    unet = models.unet_generator(SHAPE, 1, filters=32)
    unet.compile(optimizer=adam(), loss="mae")
    start = time.perf_counter()
    unet.fit(x, y, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    outputs = unet.predict(truth.edges, batch_size=256, verbose=0)
    return {**scores(truth, outputs), "train_seconds": seconds}


def local_generator(filters=32, name="local_generator"):
    """Two 3x3 convolutions and a 1x1 one: every output pixel sees 5x5 inputs.

    A translator that can only compute a local filter of its input (the
    thresholded Sobel magnitude that made the edge maps is one, up to its
    per-image peak), so it cannot reorganise a garment into another's edges.
    """
    inputs = keras.Input(SHAPE)
    x = keras.layers.Conv2D(filters, 3, padding="same")(inputs)
    x = keras.layers.GroupNormalization(groups=-1)(x)
    x = keras.layers.ReLU()(x)
    x = keras.layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    outputs = keras.layers.Conv2D(1, 1, activation="tanh")(x)
    return keras.Model(inputs, outputs, name=name)


def cyclegan(truth, steps, seed, batch_size=16, identity_weight=0.5, receptive_field=16,
             d_norm="batch", downsampling=2, generator="resnet", ba_generator="same"):
    keras.utils.set_random_seed(seed)
    generator_kind = generator
    edges, garments, _ = datasets.fashion_edges_arrays("train", paired=False, seed=seed)
    a, b = batches((edges, garments), batch_size, steps, seed)

    def generator():
        if generator_kind == "unet":  # the reference code's `--netG unet_*`, no dropout
            return models.unet_generator(SHAPE, 1, filters=32, dropout=0.0)
        return models.resnet_generator(SHAPE, 1, filters=16, residual_blocks=3,
                                       downsampling=downsampling)

    def discriminator():
        return models.patchgan_discriminator(SHAPE, receptive_field=receptive_field,
                                             filters=32, norm=d_norm)

    generator_ba = local_generator() if ba_generator == "local" else generator()
    gan = models.CycleGAN(generator(), generator_ba, discriminator(), discriminator(),
                          cycle_weight=10.0, identity_weight=identity_weight, pool_size=50,
                          seed=seed)
    gan.compile(g_optimizer=adam(), d_optimizer=adam())
    start = time.perf_counter()
    gan.fit(a, b, batch_size=batch_size, epochs=1, shuffle=False, verbose=0)
    seconds = time.perf_counter() - start
    fake = np.clip(gan.translate(truth.edges, direction="ab"), -1, 1)
    back = gan.translate(fake, direction="ba")
    fake_a = np.clip(gan.translate(truth.garments, direction="ba"), -1, 1)
    back_b = gan.translate(fake_a, direction="ab")
    labels = metrics.fashion_mnist_probabilities(fake).argmax(1)
    return {
        **scores(truth, fake),
        # Rows: the true garment's label; columns: the translation's.
        "confusion": confusion_matrix(truth.labels, labels, labels=range(10)).tolist(),
        "cycle_l1": float(np.abs(back - truth.edges).mean()),
        "cycle_l1_ba": float(np.abs(back_b - truth.garments).mean()),
        "train_seconds": seconds,
    }


def summary(runs, key):
    values = np.array([r[key] for r in runs])
    return float(values.mean()), float(values.std())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--steps", type=int, default=1500, help="pix2pix / L1-only steps")
    parser.add_argument("--cycle-steps", type=int, default=1000)
    parser.add_argument("--cycle-seeds", default="0", help="CycleGAN's seeds (slower)")
    parser.add_argument("--eval", type=int, default=5000, help="test pairs scored")
    parser.add_argument("--parts", default="pix2pix,l1_only,cyclegan")
    parser.add_argument("--cycle-identity", type=float, default=0.5,
                        help="CycleGAN's identity_weight")
    parser.add_argument("--cycle-receptive-field", type=int, default=16,
                        help="CycleGAN's PatchGAN receptive field")
    parser.add_argument("--cycle-d-norm", default="batch", choices=("batch", "instance"),
                        help="CycleGAN's PatchGAN normalization")
    parser.add_argument("--cycle-downsampling", type=int, default=2,
                        help="CycleGAN's ResNet generator downsampling")
    parser.add_argument("--cycle-generator", default="resnet", choices=("resnet", "unet"),
                        help="CycleGAN's generators: resnet_generator (16 filters, 3 "
                             "blocks) or unet_generator (pix2pix's, 32 filters, no dropout)")
    parser.add_argument("--cycle-ba-generator", default="same", choices=("same", "local"),
                        help="CycleGAN's garment -> edges generator: the same kind as "
                             "A -> B, or `local_generator` (5x5 receptive field)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    parts = args.parts.split(",")
    results = _common.new_results(args, runs={})
    start = time.perf_counter()
    truth = Truth(args.eval)
    floor = scores(truth, truth.garments)
    results["floor_self"] = floor
    functions = {
        "pix2pix": pix2pix, "l1_only": l1_only,
        "cyclegan": functools.partial(
            cyclegan, identity_weight=args.cycle_identity,
            receptive_field=args.cycle_receptive_field, d_norm=args.cycle_d_norm,
            downsampling=args.cycle_downsampling, generator=args.cycle_generator,
            ba_generator=args.cycle_ba_generator,
        ),
    }
    for part in parts:
        steps = args.cycle_steps if part == "cyclegan" else args.steps
        part_seeds = [int(s) for s in args.cycle_seeds.split(",")] if part == "cyclegan" else seeds
        runs = []
        for seed in part_seeds:
            run = {"seed": seed, "steps": steps, **functions[part](truth, steps, seed)}
            runs.append(run)
            extra = (f" | cycle L1 {run['cycle_l1']:.4f} (ba {run['cycle_l1_ba']:.4f})"
                     if part == "cyclegan" else "")
            print(f"| {part} | seed {seed} | {steps} steps, {run['train_seconds']:.0f} s | "
                  f"L1 {run['l1']:.4f} | agreement {100 * run['label_agreement']:.2f}% | "
                  f"FID {run['fid']:.3f}{extra} |", flush=True)
        results["runs"][part] = runs
        means = {k: summary(runs, k) for k in ("l1", "label_agreement", "fid")}
        print(f"| {part} | mean ± std over {len(part_seeds)} seeds | L1 {means['l1'][0]:.4f} ± "
              f"{means['l1'][1]:.4f} | agreement {100 * means['label_agreement'][0]:.2f} ± "
              f"{100 * means['label_agreement'][1]:.2f}% | FID {means['fid'][0]:.3f} ± "
              f"{means['fid'][1]:.3f} |", flush=True)
    runs = results["runs"]
    if "pix2pix" in runs and "l1_only" in runs:
        p, l1 = runs["pix2pix"], runs["l1_only"]
        fid_gain = [a["fid"] < b["fid"] for a, b in zip(p, l1)]
        gap = [100 * (b["label_agreement"] - a["label_agreement"]) for a, b in zip(p, l1)]
        results["goal_pix2pix"] = {
            "fid_below_l1_only_per_seed": fid_gain,
            "agreement_gap_points_per_seed": gap,
            "met": bool(all(fid_gain) and all(g <= 2 for g in gap)),
        }
        print("goal pix2pix (FID < L1-only, agreement within 2 points):",
              results["goal_pix2pix"], flush=True)
    if "cyclegan" in runs:
        agreement = [r["label_agreement"] for r in runs["cyclegan"]]
        results["goal_cyclegan"] = {"agreement_per_seed": agreement,
                                    "met": bool(all(a >= 0.8 for a in agreement))}
        print("goal CycleGAN (agreement >= 80%):", results["goal_cyclegan"], flush=True)
    _common.finish(results, start, args.json)


if __name__ == "__main__":
    main()
