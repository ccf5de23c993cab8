"""BEGAN on Fashion-MNIST (issue 11): M_global, BEGAN against DCGAN, and gamma.

Protocol (fixed before any run of this script):

- Data: the 60k Fashion-MNIST training images, 28x28x1 in [-1, 1], shuffled
  with the seed; scores against the 10k test images with the shipped
  classifier's 128-d features (`keras_gans.metrics`), as `quality.py`.
- BEGAN (`keras_gans.models.BEGAN`): the paper's networks
  (`began_generator` / `began_autoencoder`, ELU, no batch norm) with
  `--began-filters` filters and z = h = `--latent-dim`, lambda_k =
  `--lambda-k` (0.001, the paper's, by default), Adam(`--began-lr`, beta_1 =
  0.5) for both players (1e-4, the paper's, by default), batch
  `--began-batch` (64 by default), one run per gamma in `--gammas`.
- DCGAN: the CLI's model (`keras-gans train dcgan`: latent 100, 64
  filters, Adam(2e-4, 0.5), non-saturating loss, batch 128), as in
  `quality.py`.
- Budget: the same **wall-clock training time** for every model
  (`--seconds`), counted over the `fit` chunks of `--chunk` steps only (the
  evaluations between chunks are not counted); training stops at the first
  chunk boundary past the budget. One untimed training step before the
  budget traces the step (tracing is not counted either).
- Along the way, after every chunk: BEGAN's logged `m_global` and `k`
  (means over the chunk), and the FID of 2,000 samples (seed 1) against
  the test features: the convergence-measure check is whether M_global
  falls as FID falls (Spearman rank correlation over the checkpoints).
- Samples are clipped to [-1, 1] before scoring (BEGAN's generator, like
  the paper's, ends without a tanh; the DCGAN's samples are unchanged).
- At the end: FID, KID, precision / recall (k = 3) and density / coverage
  (k = 5) of 10,000 samples (seed 0). The paper's claim for gamma (the
  diversity ratio): lower gamma, sharper but less diverse samples, so
  recall and coverage should rise with gamma. Two further diversity
  statistics that read before the samples are good enough for recall
  (`diversity()`): the effective number of predicted classes and the
  features' mean pairwise distance relative to the test images'.

Writes `--json` (default `benchmarks/began_study.json`) and prints markdown
rows.

Usage:
    python benchmarks/began_study.py --seconds 180 --gammas 0.3,0.5,0.7 --seed 0
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
from quality import image_scores  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.spatial import distance  # noqa: E402

from keras_gans import callbacks  # noqa: E402
from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class Budget(keras.callbacks.Callback):
    """Counts the wall time inside `fit` chunks; stops past `seconds`."""

    def __init__(self, seconds, evaluate):
        super().__init__()
        self.seconds, self.evaluate = seconds, evaluate
        self.spent, self.steps, self.curve = 0.0, 0, []

    def on_epoch_begin(self, epoch, logs=None):
        self.begin = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1

    def on_epoch_end(self, epoch, logs=None):
        self.spent += time.perf_counter() - self.begin
        point = {"seconds": self.spent, "steps": self.steps,
                 **{k: float(v) for k, v in (logs or {}).items()}}
        point["fid_2k"] = self.evaluate(self.model)
        self.curve.append(point)
        print(f"  {self.spent:6.0f} s, {self.steps} steps: FID(2k) {point['fid_2k']:.2f}"
              + (f", M_global {point['m_global']:.4f}, k {point['k']:.4f}"
                 if "m_global" in point else ""), flush=True)
        if self.spent >= self.seconds:
            self.model.stop_training = True


def samples_of(model, n, seed):
    """`n` samples clipped to [-1, 1]: BEGAN's decoder has no tanh (as the paper's)."""
    return np.clip(model.generate(n, seed=seed), -1.0, 1.0)


def diversity(samples, features, args):
    """Two diversity statistics that read even when recall is 0.

    `effective_classes`: exp of the entropy of the histogram of the
    classifier's predicted classes over all samples (10 = every garment
    class equally often, 1 = one class). `spread`: the mean pairwise
    distance of 2,000 samples' features over that of every fifth test image
    (1 = as spread out as the data).
    """
    predicted = metrics.fashion_mnist_probabilities(samples).argmax(-1)
    histogram = np.bincount(predicted, minlength=10)
    return {
        "effective_classes": float(np.exp(stats.entropy(histogram))),
        "spread": float(np.mean(distance.pdist(features[:2000]))
                        / np.mean(distance.pdist(args.test_features[::5]))),
    }


def train(model, data, args, name):
    test_features = args.test_features

    def fid_2k(m):
        return metrics.frechet_distance(
            test_features, metrics.fashion_mnist_features(samples_of(m, 2000, seed=1))
        )

    model.fit(data, epochs=1, steps_per_epoch=1, verbose=0)  # Traces the step, untimed.
    budget = Budget(args.seconds, fid_2k)
    model.fit(data, epochs=10**6, steps_per_epoch=args.chunk, callbacks=[budget], verbose=0)
    samples = samples_of(model, 10_000, seed=0)
    if args.grid:
        callbacks.save_image_grid(samples[:64], args.grid.format(name=name), rows=8, scale=2)
    features = metrics.fashion_mnist_features(samples)
    scores = image_scores(test_features, features, None)
    scores.update(diversity(samples, features, args))
    scores.update(train_seconds=budget.spent, steps=budget.steps, curve=budget.curve)
    if budget.curve and "m_global" in budget.curve[0]:
        m_global = [p["m_global"] for p in budget.curve]
        fid = [p["fid_2k"] for p in budget.curve]
        rho, p_value = stats.spearmanr(m_global, fid)
        scores.update(m_global_fid_spearman=float(rho), m_global_fid_p=float(p_value))
    return scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--gammas", default="0.3,0.5,0.7")
    parser.add_argument("--began-filters", type=int, default=32)
    parser.add_argument("--latent-dim", type=int, default=64)
    parser.add_argument("--began-lr", type=float, default=1e-4)
    parser.add_argument("--began-batch", type=int, default=64)
    parser.add_argument("--lambda-k", type=float, default=0.001)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-dcgan", action="store_true")
    parser.add_argument("--grid", default="",
                        help="e.g. /tmp/{name}.png: 64 of the final samples per model")
    parser.add_argument("--json", default=os.path.join(HERE, "began_study.json"))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = _common.new_results(args, {})

    x_test, _ = datasets.load_arrays("fashion_mnist", split="test")
    args.test_features = metrics.fashion_mnist_features(x_test)
    images = datasets.load("fashion_mnist")
    shape = tuple(images.element_spec.shape)

    if not args.skip_dcgan:
        keras.utils.set_random_seed(args.seed)
        dcgan = models.DCGAN(shape, latent_dim=100, seed=args.seed)
        dcgan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                      d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
        data = (images.shuffle(10_000, seed=args.seed).repeat()
                .batch(128, drop_remainder=True).prefetch(tf.data.AUTOTUNE))
        print("DCGAN", flush=True)
        results["runs"]["dcgan"] = train(dcgan, data, args, "dcgan")

    for gamma in [float(g) for g in args.gammas.split(",")]:
        keras.utils.set_random_seed(args.seed)
        began = models.BEGAN(
            models.began_generator(shape, latent_dim=args.latent_dim,
                                   filters=args.began_filters),
            models.began_autoencoder(shape, hidden_dim=args.latent_dim,
                                     filters=args.began_filters),
            gamma=gamma, lambda_k=args.lambda_k, seed=args.seed,
        )
        began.compile(g_optimizer=keras.optimizers.Adam(args.began_lr, beta_1=0.5),
                      d_optimizer=keras.optimizers.Adam(args.began_lr, beta_1=0.5))
        data = (images.shuffle(10_000, seed=args.seed).repeat()
                .batch(args.began_batch, drop_remainder=True).prefetch(tf.data.AUTOTUNE))
        print(f"BEGAN gamma={gamma}", flush=True)
        name = f"began_gamma{gamma}"
        results["runs"][name] = train(began, data, args, name)

    del args.test_features
    results["args"] = vars(args)
    print("| model | steps | train s | FID | KID | precision | recall | density | coverage | "
          "effective classes | spread | Spearman(M_global, FID 2k) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, r in results["runs"].items():
        rho = r.get("m_global_fid_spearman")
        print(f"| {name} | {r['steps']} | {r['train_seconds']:.0f} | {r['fid']:.2f} | "
              f"{r['kid']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | "
              f"{r['density']:.3f} | {r['coverage']:.3f} | "
              f"{r['effective_classes']:.2f} | {r['spread']:.3f} | "
              + (f"{rho:.2f} (p {r['m_global_fid_p']:.3f})" if rho is not None else "—")
              + " |")
    _common.finish(results, start, args.json)


if __name__ == "__main__":
    main()
