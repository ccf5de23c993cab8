"""PPGN on Fashion-MNIST: the sampler's variants scored by an independent classifier.

Trains, on the Fashion-MNIST training split, the pieces Plug & Play
Generative Networks plug together around the shipped classifier E (its
128-d "features" layer is h):

- two `FeatureInverter`s G(h) (pixel + feature + adversarial losses): the
  DGN-AM generator trained without noise (noiseless joint PPGN-h, DGN-AM)
  and one trained on h + N(0, 0.5²) (so h -> G -> E is a DAE of h: joint
  PPGN-h);
- a `DenoisingAutoencoder` on images (PPGN-x) and one on h (PPGN-h).

Then, for every variant (activation maximisation, Gaussian prior, PPGN-x,
DGN-AM, PPGN-h, joint PPGN-h, noiseless joint PPGN-h), it runs chains of
every class (steered by the shipped classifier) and scores the last
images with the *independent* classifier
(`metrics.independent_fashion_mnist_classifier`, another architecture and
seed): requested-class accuracy; FID, precision and recall on the shipped
extractor's features against the real test images of the class; within-
class diversity (mean pairwise feature distance over that of real images
of the class); and mixing: chains that reached class a are switched to
class a + 1 and we count the steps until the independent classifier agrees.

Usage:
    python benchmarks/ppgn.py --json benchmarks/ppgn.json
"""

import argparse
import datetime
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402
from keras_gans import saving  # noqa: E402
from keras_gans.sampling import PRESETS  # noqa: E402
from keras_gans.sampling import PlugAndPlaySampler  # noqa: E402

# Fixed before the reported run (a pilot chose them; see RESULTS.md).
VARIANTS = {
    "activation_maximization": {"preset": "activation_maximization", "step_size": 0.02},
    "gaussian_prior": {"preset": "gaussian_prior", "step_size": 0.02},
    "ppgn_x": {"preset": "ppgn_x", "step_size": 0.02},
    "dgn_am": {"space": "h", "epsilon1": 0.0, "epsilon2": 1.0, "epsilon3": 0.0,
               "generator": "noiseless", "step_size": 0.1},
    "ppgn_h": {"preset": "ppgn_h", "generator": "noiseless", "step_size": 0.1},
    "joint_ppgn_h": {"preset": "joint_ppgn_h", "generator": "joint", "step_size": 0.1},
    "noiseless_joint_ppgn_h": {"preset": "noiseless_joint_ppgn_h", "generator": "noiseless",
                               "prior": None, "step_size": 0.1},
}


def generator_network():
    return keras.Sequential(
        [keras.Input((128,)), keras.layers.Dense(7 * 7 * 64, activation="relu"),
         keras.layers.Reshape((7, 7, 64)),
         keras.layers.Conv2DTranspose(32, 4, strides=2, padding="same", activation="relu"),
         keras.layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")],
        name="generator",
    )


def discriminator_network():
    return keras.Sequential(
        [keras.Input((28, 28, 1)), keras.layers.Conv2D(32, 4, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Conv2D(64, 4, strides=2, padding="same"),
         keras.layers.LeakyReLU(0.2), keras.layers.Flatten(), keras.layers.Dense(1)],
        name="discriminator",
    )


def train_inverter(x, noise, steps, seed):
    keras.utils.set_random_seed(seed)
    inverter = models.FeatureInverter(
        metrics.fashion_mnist_classifier(), generator_network(), discriminator_network(),
        feature_layer="features", feature_noise_std=noise, seed=seed,
    )
    inverter.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    )
    data = tf.data.Dataset.from_tensor_slices(x).shuffle(len(x), seed=seed).repeat()
    inverter.fit(data.batch(64, drop_remainder=True).prefetch(4), steps_per_epoch=steps,
                 epochs=1, verbose=2)
    return inverter


def train_dae(data, noise, hidden, steps, seed):
    keras.utils.set_random_seed(seed)
    dae = models.DenoisingAutoencoder(data.shape[1:], noise_std=noise, hidden_units=hidden,
                                      seed=seed)
    dae.compile(optimizer=keras.optimizers.Adam(
        keras.optimizers.schedules.CosineDecay(1e-3, steps)))
    ds = tf.data.Dataset.from_tensor_slices(data).shuffle(len(data), seed=seed).repeat()
    dae.fit(ds.batch(128, drop_remainder=True), steps_per_epoch=steps, epochs=1, verbose=2)
    return dae


def train_all(x, args):
    times, pieces = {}, {}
    for name, noise in (("noiseless", 0.0), ("joint", 0.5)):
        start = time.perf_counter()
        pieces[name] = train_inverter(x, noise, args.inverter_steps, args.seed)
        times[f"inverter_{name}"] = time.perf_counter() - start
    start = time.perf_counter()
    pieces["dae_x"] = train_dae(x, 0.3, (512, 512), args.dae_steps, args.seed)
    times["dae_x"] = time.perf_counter() - start
    start = time.perf_counter()
    h = pieces["noiseless"].encode(x)
    pieces["dae_h"] = train_dae(h, 0.5, (256, 256), args.dae_steps, args.seed)
    times["dae_h"] = time.perf_counter() - start
    return pieces, times


def make_sampler(variant, condition, pieces, steps, seed):
    spec = dict(VARIANTS[variant])
    preset = spec.pop("preset", None)
    generator = spec.pop("generator", None)
    space = PRESETS[preset]["space"] if preset else spec["space"]
    kwargs = {"steps": steps, "seed": seed}
    if generator is not None:
        kwargs["generator"] = pieces[generator]
    if "prior" not in spec and variant not in ("activation_maximization", "gaussian_prior",
                                                "dgn_am"):
        kwargs["prior"] = pieces["dae_h" if space == "h" else "dae_x"]
    kwargs.update(spec)
    if preset:
        return PlugAndPlaySampler.from_preset(preset, condition, **kwargs)
    return PlugAndPlaySampler(condition, **kwargs)


def initial_states(sampler, pieces, count, seed):
    if sampler.space == "x":
        return 0.5 * np.random.default_rng(seed).standard_normal((count, 28, 28, 1)).clip(-2, 2)
    inverter = pieces["noiseless"]
    return inverter.sample_features(count, tf.constant([seed, 1], tf.int64)).numpy()


def pairwise_mean(features):
    d = np.sqrt(np.maximum(
        (features**2).sum(1)[:, None] + (features**2).sum(1)[None] - 2 * features @ features.T,
        0,
    ))
    n = len(features)
    return d.sum() / (n * (n - 1))


def term_sizes(sampler, init, classes):
    """Mean |term| of the condition gradient and the prior at the start states."""
    state = tf.constant(init[:200])
    with tf.GradientTape() as tape:
        tape.watch(state)
        total = tf.reduce_sum(sampler.log_probability(state, tf.constant(classes[:200])))
    grad = tape.gradient(total, state)
    has_prior = sampler.prior is not None or sampler.joint
    prior = sampler.prior_score(state) if has_prior else 0 * state
    return {"condition_gradient": float(tf.reduce_mean(tf.abs(grad))),
            "prior_score": float(tf.reduce_mean(tf.abs(prior)))}


def score_variant(sampler, pieces, args, real_by_class, independent):
    classes = np.repeat(np.arange(10), args.chains)
    count = len(classes)
    init = initial_states(sampler, pieces, count, args.seed).astype("float32")
    sizes = term_sizes(sampler, init, classes.astype("int32"))
    print("term sizes at the start:", sizes, flush=True)
    start = time.perf_counter()
    images = np.concatenate([
        sampler.sample(classes[i:i + args.batch], len(classes[i:i + args.batch]),
                       initial=init[i:i + args.batch], seed=args.seed + i)
        for i in range(0, count, args.batch)
    ])
    seconds = time.perf_counter() - start
    images = np.clip(images, -1, 1)
    own = keras.ops.convert_to_numpy(keras.ops.softmax(sampler.condition.predict(
        images, batch_size=500, verbose=0)))
    judged = np.argmax(independent.predict(images, batch_size=500, verbose=0), axis=1)
    features = metrics.fashion_mnist_features(images)
    per_class = []
    for c in range(10):
        mine = features[classes == c]
        real = real_by_class[c]
        manifold = metrics.precision_recall(real["features"], mine, k=3)
        per_class.append({
            "fid": float(metrics.frechet_distance(real["features"], mine)),
            "precision": manifold["precision"], "recall": manifold["recall"],
            "diversity": float(pairwise_mean(mine) / real["diversity"]),
        })
    row = {
        "sampler_confidence": float(own[np.arange(count), classes].mean()),
        "independent_accuracy": float((judged == classes).mean()),
        "seconds": round(seconds, 1),
        "start_term_sizes": sizes,
    }
    for key in ("fid", "precision", "recall", "diversity"):
        row[key] = float(np.mean([p[key] for p in per_class]))
    row["fid_per_class"] = [round(p["fid"], 2) for p in per_class]
    row["accuracy_per_class"] = [float((judged[classes == c] == c).mean()) for c in range(10)]
    row["mixing"] = mixing_steps(sampler, pieces, args, independent)
    return row, images


def mixing_steps(sampler, pieces, args, independent):
    """Steps until a chain that reached class a is judged class a + 1."""
    chains = args.mixing_chains
    a = np.repeat(np.arange(10), chains)
    b = (a + 1) % 10
    init = initial_states(sampler, pieces, len(a), args.seed + 7).astype("float32")
    if sampler.space == "x":
        state = sampler.sample(a, len(a), initial=init, seed=args.seed + 8)
    else:
        state = init
        # Run the burn-in on h directly: the state, not its image, continues.
        state = sampler._run(tf.constant(state), tf.constant(a, tf.int32),
                             tf.constant(sampler.steps), tf.constant([args.seed, 9], tf.int64),
                             0)[1].numpy()
    _, chain = sampler.sample(b, len(b), steps=args.mixing_steps, initial=state,
                              seed=args.seed + 10, return_chain=True)
    frames = chain.reshape(-1, 28, 28, 1)
    judged = np.argmax(independent.predict(np.clip(frames, -1, 1), batch_size=1000, verbose=0),
                       axis=1).reshape(chain.shape[0], len(b))
    reached = judged == b[None]
    started_a = judged[0] == a  # Chains that had reached class a when switched.
    first = np.where(reached.any(0), reached.argmax(0), -1)[started_a]
    moved = first[first >= 0]
    return {
        "switched_chains": int(len(b)),
        "chains_in_class_a": int(started_a.sum()),
        "reached_fraction": float((first >= 0).mean()) if len(first) else None,
        "median_steps": float(np.median(moved)) if len(moved) else None,
        "mean_steps": float(np.mean(moved)) if len(moved) else None,
        "budget_steps": args.mixing_steps,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inverter-steps", type=int, default=800)
    parser.add_argument("--dae-steps", type=int, default=1500)
    parser.add_argument("--chains", type=int, default=100, help="chains per class")
    parser.add_argument("--steps", type=int, default=100, help="updates per chain")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--mixing-chains", type=int, default=10, help="per class")
    parser.add_argument("--mixing-steps", type=int, default=60)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=None)
    parser.add_argument("--cache", default=None, help="reuse trained models (pilots)")
    parser.add_argument("--images", default=None, help="write a .npz of the samples")
    args = parser.parse_args(argv)

    total = time.perf_counter()
    x, _ = datasets.load_arrays("fashion_mnist", split="train")
    x_test, y_test = datasets.load_arrays("fashion_mnist", split="test")
    names = ("noiseless", "joint", "dae_x", "dae_h")
    cached = args.cache and all(
        os.path.exists(os.path.join(args.cache, f"{n}.keras")) for n in names
    )
    if cached:  # Pilot runs only: the reported run trains everything.
        pieces = {n: keras.saving.load_model(os.path.join(args.cache, f"{n}.keras"))
                  for n in names}
        train_seconds = {}
    else:
        pieces, train_seconds = train_all(x, args)
        if args.cache:
            os.makedirs(args.cache, exist_ok=True)
            for n in names:
                pieces[n].save(os.path.join(args.cache, f"{n}.keras"))
    condition = metrics.fashion_mnist_classifier()
    independent = metrics.independent_fashion_mnist_classifier()
    test_features = metrics.fashion_mnist_features(x_test)
    real_by_class = {}
    for c in range(10):
        f = test_features[y_test == c]
        real_by_class[c] = {"features": f, "diversity": pairwise_mean(f)}
    rows, samples = {}, {}
    for variant in args.variants.split(","):
        sampler = make_sampler(variant, condition, pieces, args.steps, args.seed)
        rows[variant], images = score_variant(sampler, pieces, args, real_by_class, independent)
        rows[variant]["sampler"] = sampler.get_config()
        samples[variant] = images
        r = rows[variant]
        print(f"| {variant} | {r['sampler_confidence']:.3f} | {r['independent_accuracy']:.3f} | "
              f"{r['fid']:.2f} | {r['precision']:.3f} | {r['recall']:.3f} | "
              f"{r['diversity']:.3f} | {r['mixing']['median_steps']} "
              f"({r['mixing']['reached_fraction']}) | {r['seconds']} s |", flush=True)
    result = {
        "benchmark": "ppgn_fashion_mnist",
        "date": datetime.date.today().isoformat(),
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "command": "python benchmarks/ppgn.py " + " ".join(sys.argv[1:] if argv is None else argv),
        "args": vars(args),
        "train_seconds": {k: round(v, 1) for k, v in train_seconds.items()},
        "total_seconds": round(time.perf_counter() - total, 1),
        "rows": rows,
    }
    if args.json:
        saving.write_json(args.json, result)
    if args.images:
        np.savez_compressed(args.images, **samples)
    print(f"total {result['total_seconds']} s")


if __name__ == "__main__":
    main()
