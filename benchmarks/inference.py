"""Inference benchmark: encoders' features, reconstructions, VAE likelihoods.

On Fashion-MNIST (28x28, pixels scaled to [-1, 1]):

- probe: the linear probe of `keras_gans.metrics.linear_probe` (standardised
  features, L2-regularised squared-hinge `LinearSVC`, primal solver as
  n_samples > n_features) trained on the features of the first
  --probe-train training images and scored on the first --probe-test test
  images, for: raw pixels; the untrained BiGAN encoder (a random encoder of
  the same architecture); the trained BiGAN's `encode`; the trained ALI's
  `encode` (posterior mean); the VAE's posterior mean (the VAE trains on
  binarised images and encodes binarised images); and, with --penultimate,
  the encoders' penultimate layer (the flattened convolutional features
  before the output dense layer: the official BiGAN README's "layer before
  the encoder's output") for the random, BiGAN and ALI encoders. C is 1
  unless --cs lists candidates: then `metrics.select_probe_c` picks C for
  each row on a stratified 20% of the probe's training features (never the
  test split) and the probe is refit on all of them with that C; rows
  wider than 100 features (pixels, penultimate layers) choose among
  --cs-high-dim instead (C >= 0.1 takes minutes per fit on 784
  standardised pixels).
- reconstruction: the shipped Fashion-MNIST classifier's accuracy on G(E(x))
  (VAE: the decoder's mean for the posterior mean) of the first --recon
  test images against their labels, beside its accuracy on x itself; the
  mean per-image L2 distance ||x - G(E(x))|| in [0, 1] pixel units, beside
  that of random pairs of test images (x, x') (the BiGAN README's baseline).
- likelihood: the ELBO (20 posterior draws for the reconstruction term,
  exact KL) and the importance-weighted log p(x) (--iwae-samples draws) of
  the first --ll-test binarised test images (pixel on iff grey level > 127.5,
  a fixed threshold), for the VAE and the ConditionalVAE.

Models (latent 32, 32 filters, batch 64, Adam): BiGAN (uniform prior,
2e-4 / 2e-4, beta_1 0.5) and ALI (normal prior, G/E 5e-4, D 1e-4, beta_1
0.5) for --gan-steps steps; VAE and ConditionalVAE (Bernoulli, 1e-3) for
--vae-steps steps. One seed (0).

--parts selects probe, reconstruction, likelihood (all by default; the
reconstruction rows need probe's trained GANs, the likelihood rows and
the VAE probe row train the VAEs).

Usage:
    python benchmarks/inference.py --json benchmarks/inference.json
    python benchmarks/inference.py --parts probe --penultimate \
        --cs 1e-4,1e-3,1e-2,1e-1,1 --cs-high-dim 1e-4,1e-3,1e-2 \
        --json benchmarks/inference_probe.json
    # or: save the features, probe them in TensorFlow-free processes
    python benchmarks/inference.py --parts probe --penultimate \
        --features-out /tmp/features --json benchmarks/inference_features.json
    python benchmarks/inference_probe.py /tmp/features/*.npz \
        --cs 1e-4,1e-3,1e-2,1e-1,1 --cs-high-dim 1e-4,1e-3,1e-2
"""

import argparse
import datetime
import os
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


import keras  # noqa: E402
import numpy as np  # noqa: E402

from keras_gans import metrics  # noqa: E402
from keras_gans import models  # noqa: E402
from keras_gans import saving  # noqa: E402
from keras_gans.datasets._images import fashion_mnist_arrays  # noqa: E402

SHAPE = (28, 28, 1)
LATENT_DIM = 32
FILTERS = 32
BATCH = 64
PUBLISHED = {
    "BiGAN MNIST 1-NN accuracy (official README, layer before E's output)": "97.14-97.35%",
    "ALI SVHN SVM error on encoder features (Dumoulin et al. 2017)": "19.14 ± 0.50%",
    "BiGAN MNIST L2 reconstruction vs random pairs (official README)": "6.04 vs 9.91",
    "MNIST VAE / IWAE k=50 test log-likelihood (Burda et al. 2016)": "-86.76 / -84.78 nats",
}


def data():
    x, y = fashion_mnist_arrays("train")
    xt, yt = fashion_mnist_arrays("test")
    return x.astype("float32") / 127.5 - 1, y, xt.astype("float32") / 127.5 - 1, yt


def binarise(x):
    return np.where(x > 0, 1.0, -1.0).astype("float32")


def train(model, x, steps, labels=None):
    n = steps * BATCH
    start = time.perf_counter()
    if labels is None:
        model.fit(x[:n], batch_size=BATCH, epochs=1, verbose=0)
    else:
        model.fit(x[:n], labels[:n], batch_size=BATCH, epochs=1, verbose=0)
    return time.perf_counter() - start


def probe(features, y, features_t, yt, cs=None, cs_high_dim=None):
    """Test accuracy, seconds, and C (chosen on held-out training features if `cs`).

    Features wider than 100 (pixels, penultimate layers) use `cs_high_dim`
    if given: large C is slow to solve on them.
    """
    start = time.perf_counter()
    features, features_t = (np.asarray(f).reshape(len(f), -1) for f in (features, features_t))
    if cs_high_dim and features.shape[1] > 100:
        cs = cs_high_dim
    C, held_out = 1.0, None
    if cs:
        C, held_out = metrics.select_probe_c(features, y, Cs=cs, validation_fraction=0.2, seed=0)
    accuracy = metrics.linear_probe(features, y, features_t, yt, C=C)
    return accuracy, time.perf_counter() - start, C, held_out


def penultimate(encoder):
    """The encoder without its output layer: the features before it, flattened."""
    return keras.Model(encoder.inputs, encoder.layers[-2].output, name="penultimate")


def predict(model, x, batch_size=256):
    return np.asarray(model.predict(x, batch_size=batch_size, verbose=0))


def reconstruction(x, labels, reconstructions, seed=0):
    classify = lambda images: metrics.fashion_mnist_probabilities(images).argmax(1)  # noqa
    to01 = lambda images: (np.asarray(images, "float64").reshape(len(images), -1) + 1) / 2  # noqa
    l2 = np.linalg.norm(to01(x) - to01(reconstructions), axis=1)
    partner = np.random.default_rng(seed).permutation(len(x))
    same = partner == np.arange(len(x))
    partner[same] = (partner[same] + 1) % len(x)
    random_l2 = np.linalg.norm(to01(x) - to01(x[partner]), axis=1)
    return {
        "classifier_accuracy_reconstructions": float(np.mean(classify(reconstructions) == labels)),
        "classifier_accuracy_originals": float(np.mean(classify(x) == labels)),
        "l2": float(l2.mean()),
        "l2_random_pairs": float(random_l2.mean()),
    }


def gan_models(steps):
    keras.utils.set_random_seed(0)
    bigan = models.BiGAN(
        models.dcgan_generator(SHAPE, LATENT_DIM, filters=FILTERS),
        models.bigan_encoder(SHAPE, LATENT_DIM, filters=FILTERS),
        models.bigan_discriminator(SHAPE, LATENT_DIM, filters=FILTERS, hidden_units=256),
        prior="uniform", seed=0,
    )
    bigan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    keras.utils.set_random_seed(0)
    ali = models.ALI(
        models.dcgan_generator(SHAPE, LATENT_DIM, filters=FILTERS),
        models.bigan_encoder(SHAPE, LATENT_DIM, filters=FILTERS, gaussian=True),
        models.bigan_discriminator(SHAPE, LATENT_DIM, filters=FILTERS, hidden_units=256),
        prior="normal", seed=0,
    )
    ali.compile(g_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5))
    return {"bigan": bigan, "ali": ali}


def vae_models():
    keras.utils.set_random_seed(0)
    vae = models.VAE(
        models.vae_encoder(SHAPE, LATENT_DIM, filters=FILTERS),
        models.vae_decoder(SHAPE, LATENT_DIM, filters=FILTERS),
        latent_dim=LATENT_DIM, seed=0,
    )
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))
    keras.utils.set_random_seed(0)
    cvae = models.ConditionalVAE(
        models.vae_encoder(SHAPE, LATENT_DIM, filters=FILTERS, num_classes=10),
        models.vae_decoder(SHAPE, LATENT_DIM, filters=FILTERS, num_classes=10),
        latent_dim=LATENT_DIM, num_classes=10, seed=0,
    )
    cvae.compile(optimizer=keras.optimizers.Adam(1e-3))
    return vae, cvae


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gan-steps", type=int, default=1000)
    parser.add_argument("--vae-steps", type=int, default=1500)
    parser.add_argument("--probe-train", type=int, default=10_000)
    parser.add_argument("--probe-test", type=int, default=10_000)
    parser.add_argument("--recon", type=int, default=1000)
    parser.add_argument("--ll-test", type=int, default=50)
    parser.add_argument("--iwae-samples", type=int, default=5000)
    parser.add_argument("--gans", default="bigan,ali",
                        help="which of bigan, ali to train (the random-encoder row needs bigan's "
                             "untrained encoder, built either way)")
    parser.add_argument("--parts", default="probe,reconstruction,likelihood")
    parser.add_argument("--penultimate", action="store_true",
                        help="also probe the encoders' penultimate-layer features")
    parser.add_argument("--cs", default=None,
                        help="comma-separated candidate Cs chosen on held-out training features "
                             "(default: C=1)")
    parser.add_argument("--cs-high-dim", default=None,
                        help="the candidate Cs for features wider than 100 (default: --cs)")
    parser.add_argument("--features-out", default=None,
                        help="save each probe row's features here (npz) instead of probing")
    parser.add_argument("--skip-rows", default="",
                        help="comma-separated probe rows not to compute (e.g. raw pixels)")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))
    cs = [float(c) for c in args.cs.split(",")] if args.cs else None
    cs_high = [float(c) for c in args.cs_high_dim.split(",")] if args.cs_high_dim else None
    results = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "args": vars(args),
        "published": PUBLISHED,
    }
    start = time.perf_counter()
    x, y, xt, yt = data()
    ntr, nte = args.probe_train, args.probe_test
    probes, recons, budgets = {}, {}, {}

    def row(name, train_features, test_features):
        if args.features_out:  # Probed later by benchmarks/inference_probe.py.
            os.makedirs(args.features_out, exist_ok=True)
            np.savez(os.path.join(args.features_out, name.replace(" ", "_").replace(",", "")
                                  .replace("(", "").replace(")", "") + ".npz"),
                     name=name, train=np.asarray(train_features).reshape(ntr, -1),
                     train_labels=y[:ntr], test=np.asarray(test_features).reshape(nte, -1),
                     test_labels=yt[:nte])
            print(f"saved features: {name}", flush=True)
            return
        accuracy, seconds, C, held_out = probe(train_features, y[:ntr], test_features, yt[:nte], cs,
                                              cs_high)
        probes[name] = {"accuracy": accuracy, "C": C, "held_out": held_out, "seconds": seconds}
        print(f"| probe | {name} | {accuracy:.4f} | C {C:g} | held-out {held_out} | "
              f"probe {seconds:.0f} s |", flush=True)

    if "probe" in parts and "raw pixels" not in args.skip_rows.split(","):
        row("raw pixels", x[:ntr], xt[:nte])
    gans = gan_models(args.gan_steps)
    if "probe" in parts:
        encoder = gans["bigan"].encoder
        row("random encoder (untrained BiGAN encoder)",
            gans["bigan"].encode(x[:ntr]), gans["bigan"].encode(xt[:nte]))
        if args.penultimate:
            row("random encoder, penultimate layer", predict(penultimate(encoder), x[:ntr]),
                predict(penultimate(encoder), xt[:nte]))
    for name, model in gans.items():
        if name not in args.gans.split(",") or not parts & {"probe", "reconstruction"}:
            continue
        seconds = train(model, x, args.gan_steps)
        budgets[name] = {"steps": args.gan_steps, "batch": BATCH, "seconds": seconds}
        print(f"trained {name}: {args.gan_steps} steps in {seconds:.0f} s", flush=True)
        if "probe" in parts:
            row(f"{name} encode", model.encode(x[:ntr]), model.encode(xt[:nte]))
            if args.penultimate:
                features = penultimate(model.encoder)
                row(f"{name} encoder, penultimate layer", predict(features, x[:ntr]),
                    predict(features, xt[:nte]))
        if "reconstruction" in parts:
            recons[name] = reconstruction(xt[: args.recon], yt[: args.recon],
                                          model.reconstruct(xt[: args.recon]))
            print(f"| reconstruction | {name} | {recons[name]} |", flush=True)

    likelihoods = {}
    if parts:  # Every part has VAE rows.
        vae, cvae = vae_models()
        xb, xtb = binarise(x), binarise(xt)
        trained = (("vae", vae, None), ("conditional_vae", cvae, y))
        if "likelihood" not in parts:
            trained = trained[:1]
        for name, model, labels in trained:
            seconds = train(model, xb, args.vae_steps, labels)
            budgets[name] = {"steps": args.vae_steps, "batch": BATCH, "seconds": seconds}
            print(f"trained {name}: {args.vae_steps} steps in {seconds:.0f} s", flush=True)
            if "likelihood" not in parts:
                continue
            test_labels = None if labels is None else yt[: args.ll_test]
            t0 = time.perf_counter()
            elbo = model.elbo(xtb[: args.ll_test], labels=test_labels, num_samples=20, seed=1)
            iwae = model.log_likelihood(xtb[: args.ll_test], labels=test_labels,
                                        num_samples=args.iwae_samples, batch_size=4,
                                        chunk_size=1250, seed=1)
            likelihoods[name] = {
                "elbo_mean": float(elbo.mean()),
                "elbo_sem": float(elbo.std() / np.sqrt(len(elbo))),
                "iwae_mean": float(iwae.mean()),
                "iwae_sem": float(iwae.std() / np.sqrt(len(iwae))),
                "images": args.ll_test, "samples": args.iwae_samples,
                "seconds": time.perf_counter() - t0,
            }
            print(f"| likelihood | {name} | {likelihoods[name]} |", flush=True)
        if "probe" in parts:
            row("vae posterior mean (binarised images)", vae.encode(xb[:ntr]),
                vae.encode(xtb[:nte]))
        if "reconstruction" in parts:
            recons["vae"] = reconstruction(xtb[: args.recon], yt[: args.recon],
                                           vae.reconstruct(xtb[: args.recon]))
            print(f"| reconstruction | vae (binarised) | {recons['vae']} |", flush=True)
    results.update(probe=probes, reconstruction=recons, likelihood=likelihoods,
                   budgets=budgets, total_seconds=time.perf_counter() - start)
    print(f"total: {results['total_seconds']:.0f} s")
    if args.json:
        saving.write_json(args.json, results)


if __name__ == "__main__":
    main()
