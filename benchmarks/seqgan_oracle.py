"""SeqGAN's synthetic experiment on the paper's oracle, and rollout speed.

Part 1, speed at the paper's settings (vocabulary 5000, T = 20, batch 64,
16 rollouts, the paper's discriminator): seconds per adversarial batch
(sample, Monte Carlo rewards, REINFORCE update, delayed-copy update, one
discriminator update) of `keras_gans.sequence.SeqGAN.fit`, against a
straightforward implementation that loops over rollouts and prefixes in
Python, each completion a compiled T-step pass of the policy over the batch
(the structure of the authors' code). Both run compiled TensorFlow graphs on
the same networks.

With `--textgan-python PYTHON --textgan-path DIR`, TextGAN-PyTorch's own
SeqGAN generator step (sample, Monte Carlo rewards, policy-gradient update:
`seqgan_textgan_peer.py`, run from a checkout of that project in a Python
with torch) takes its turn in every round too.

Part 2, quality: the oracle (`seqgan_oracle.npz`) samples 10,000 training
sequences; a generator is pretrained by maximum likelihood, the
discriminator is pretrained, then SeqGAN trains adversarially (by default
40 adversarial batches with rollouts by the current generator, 15
discriminator updates per adversarial batch, each on its own real batch
against fresh samples: `SeqGAN.fit` groups the real batches). The MLE
generator is also scored at lower sampling temperatures, the reference that
SeqGAN's gain should be read against. NLL-oracle
(the oracle's mean negative log-likelihood per token of 10,000 generated
sequences, lower is better) is recorded along the way; the curve is saved
as a PNG and the numbers as JSON.

Usage:
    python benchmarks/seqgan_oracle.py                      # the default schedule
    python benchmarks/seqgan_oracle.py --seed 1 --adversarial-batches 100 --skip-timing
    python benchmarks/seqgan_oracle.py --mle-epochs 120 --adversarial-batches 200
    python benchmarks/seqgan_oracle.py --skip-quality --timing-steps 6 \
        --textgan-python /work/torchvenv/bin/python --textgan-path /tmp/textgan

The oracle file is looked for in `$KERAS_GANS_SHARED_DATA`, then
`../shared/data` beside the repository.
"""

import argparse
import json
import os
import pathlib
import platform
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import PeerProcess  # noqa: E402
from _common import cpu_flags  # noqa: E402
from keras import ops  # noqa: E402

from keras_gans import saving  # noqa: E402
from keras_gans import sequence  # noqa: E402
from keras_gans.sequence import sampling  # noqa: E402
from keras_gans.sequence.generator import sample_categorical  # noqa: E402
from keras_gans.sequence.generator import step_seed  # noqa: E402
from keras_gans.sequence.rollout import reinforce_loss  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
PAPER = {"random": 10.310, "mle": 9.038, "seqgan": 8.736}


def shared_data_dir():
    return pathlib.Path(os.environ.get("KERAS_GANS_SHARED_DATA", REPO.parent / "shared" / "data"))


def build_seqgan(seed, rollout_num=16, d_steps=1, rollout_update_rate=0.8, d_lr=1e-4,
                 g_lr=1e-2, baseline=None, precision="float32"):
    keras.utils.set_random_seed(seed)
    generator = sequence.SequenceGenerator(5000, 32, 32, sequence_length=20)
    discriminator = sequence.SequenceDiscriminator(5000, 20)
    seqgan = sequence.SeqGAN(
        generator,
        discriminator,
        rollout_num=rollout_num,
        rollout_update_rate=rollout_update_rate,
        d_steps=d_steps,
        baseline=baseline,
        seed=seed,
        precision=precision,
    )
    seqgan.compile(
        g_optimizer=keras.optimizers.Adam(g_lr, global_clipnorm=5.0),
        d_optimizer=keras.optimizers.Adam(d_lr),
    )
    return seqgan


# --------------------------------------------------------------- baseline


def complete_prefix(policy, tokens, prefix, seed):
    """Keeps `tokens[:, :prefix]` and samples the rest: one T-step pass."""
    batch = ops.shape(tokens)[0]
    states = policy.initial_state(batch)
    previous = ops.full((batch,), policy.start_token, dtype="int32")
    out = []
    for t in range(policy.sequence_length):
        logits, states = policy.step(previous, states)
        drawn = sample_categorical(logits, step_seed(seed, t))
        previous = ops.where(t < prefix, tokens[:, t], drawn)
        out.append(previous)
    return ops.stack(out, axis=1)


class LoopSeqGAN:
    """The same adversarial batch with rollouts looped over in Python."""

    def __init__(self, seqgan):
        self.seqgan = seqgan
        g = seqgan.generator
        spec_tokens = tf.TensorSpec([None, g.sequence_length], tf.int32)
        spec_seed = tf.TensorSpec([2], tf.int64)
        self.sample = tf.function(
            lambda n, seed: g.sample_tokens(n, seed),
            input_signature=[tf.TensorSpec([], tf.int32), spec_seed],
        )
        self.score_completion = tf.function(
            lambda tokens, prefix, seed: seqgan.reward(
                complete_prefix(seqgan.rollout_generator, tokens, prefix, seed)
            ),
            input_signature=[spec_tokens, tf.TensorSpec([], tf.int32), spec_seed],
        )
        self.score = tf.function(seqgan.reward, input_signature=[spec_tokens])
        self.update = tf.function(self._update, input_signature=[spec_tokens, spec_tokens,
                                  tf.TensorSpec([None, g.sequence_length], tf.float32),
                                  spec_seed])

    def _update(self, tokens, real, rewards, seed):
        seqgan = self.seqgan
        with tf.GradientTape() as tape:
            log_probs = seqgan.generator.token_log_probs(tokens, training=True)
            loss = seqgan.reduce_loss(reinforce_loss(log_probs, rewards))
        variables = seqgan.generator.trainable_variables
        seqgan.g_optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
        seqgan._blend_rollout(seqgan.rollout_update_rate)
        seqgan.run_update(seqgan.train_updates()[1], real, None, seed)
        return loss

    def train_batch(self, real, step):
        seqgan = self.seqgan
        length = seqgan.sequence_length
        batch = real.shape[0]
        tokens = self.sample(tf.constant(batch), tf.constant([step, 0], tf.int64))
        columns = []
        for prefix in range(1, length):
            scores = [
                self.score_completion(
                    tokens, tf.constant(prefix), tf.constant([step, n * length + prefix], tf.int64)
                )
                for n in range(seqgan.rollout_num)
            ]
            columns.append(tf.reduce_mean(tf.stack(scores), axis=0))
        columns.append(self.score(tokens))
        rewards = tf.stack(columns, axis=1)
        return self.update(tokens, real, rewards, tf.constant([step, 1], tf.int64))


TEXTGAN = "TextGAN-PyTorch generator step"
TIMING_PEERS = {
    # name: (precision, two-stage sampling of the 5,000-token vocabulary)
    "float32, one-stage sampler": ("float32", False),
    "float32": ("float32", True),
    "bfloat16": ("bfloat16", True),
}


class TextGANPeer:
    """TextGAN-PyTorch's generator step in its own Python (`seqgan_textgan_peer.py`)."""

    def __init__(self, python, path, threads):
        self.peer = PeerProcess(python, "seqgan_textgan_peer.py", path, threads)
        self.version = self.peer.ready()  # After its warm-up step.

    def step(self, number):
        float(self.peer.request(number))  # The peer's own time; timed here.

    def close(self):
        self.peer.close()


def time_adversarial_batches(real, steps, textgan=None):
    """Seconds per adversarial batch of ours (three settings) and of the Python loop.

    The peers take turns within each round (one batch each), so a change in
    the machine's speed reaches all of them; the first batch (tracing) is
    not counted (two warm-up batches each). `textgan`, a `(python, path)`
    pair, adds TextGAN-PyTorch's generator step (`seqgan_textgan_peer.py`)
    as one more peer. Returns the medians, every round and the ratios.
    """
    batches = real[: 64 * (steps + 2)].reshape(steps + 2, 64, 20)
    models = {}
    for name, (precision, blocked) in TIMING_PEERS.items():
        keras.utils.set_random_seed(1)
        models[name] = build_seqgan(seed=1, d_steps=1, precision=precision)
        # The sampler is chosen when the train function is traced (first batch).
        saved = sampling.BLOCKED_SAMPLING_MIN_VOCAB
        sampling.BLOCKED_SAMPLING_MIN_VOCAB = saved if blocked else 10**9
        try:  # Two warm-up batches: the first fit traces, the second still settles.
            for warm_up in batches[:2]:
                models[name].fit(warm_up, batch_size=64, epochs=1, verbose=0)
        finally:
            sampling.BLOCKED_SAMPLING_MIN_VOCAB = saved
    loop = LoopSeqGAN(build_seqgan(seed=1, d_steps=1))
    for step, warm_up in enumerate(batches[:2]):
        loop.train_batch(tf.constant(warm_up), step).numpy()  # traces
    times = {name: [] for name in [*models, "python loop"]}
    peer = None
    if textgan:
        peer = TextGANPeer(*textgan, threads=os.cpu_count())
        times[TEXTGAN] = []

    class Timer(keras.callbacks.Callback):
        """Times the training step itself, not `fit`'s set-up."""

        def __init__(self, name):
            super().__init__()
            self.name = name

        def on_train_batch_begin(self, batch, logs=None):
            self.begin = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            times[self.name].append(time.perf_counter() - self.begin)

    for step, batch in enumerate(batches[2:], start=2):
        for name, model in models.items():
            model.fit(batch, batch_size=64, epochs=1, verbose=0, callbacks=[Timer(name)])
        begin = time.perf_counter()
        loop.train_batch(tf.constant(batch), step).numpy()
        times["python loop"].append(time.perf_counter() - begin)
        if peer:
            begin = time.perf_counter()
            peer.step(step)
            times[TEXTGAN].append(time.perf_counter() - begin)
        print(f"round {step}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()),
              flush=True)
    if peer:
        peer.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    # The rewards of bfloat16 scoring against float32 on the same weights and
    # the same completions (the float32 model's, after its timed batches).
    full, half = models["float32"], models["bfloat16"]
    for target, source in zip(half.weights, full.weights):
        target.assign(source)
    tokens = full.generator.sample_tokens(64, tf.constant([7, 7], tf.int64))
    seed = tf.constant([8, 8], tf.int64)
    rewards = [sequence.rollout_rewards(m.rollout_generator, m.reward, tokens, 16, seed,
                                        completion_reward_fn=m.completion_rewards).numpy()
               for m in (full, half)]
    difference = abs(rewards[1] - rewards[0])
    return {
        "reward_check": {
            "float32_mean": float(rewards[0].mean()),
            "float32_std": float(rewards[0].std()),
            "bfloat16_mean": float(rewards[1].mean()),
            "bfloat16_std": float(rewards[1].std()),
            "mean_abs_difference": float(difference.mean()),
            "max_abs_difference": float(difference.max()),
        },
        "seconds_per_batch": medians,
        "rounds": times,
        "loop_over_ours": {name: medians["python loop"] / medians[name] for name in models},
        **({"textgan_over_ours": {name: medians[TEXTGAN] / medians[name] for name in models},
            "textgan_peer": peer.version} if peer else {}),
        "cpu": cpu_flags(),
    }


# ---------------------------------------------------------------- quality


def nll_oracle(oracle, model, count, seed):
    return oracle.nll(model.generate(count, seed=seed, batch_size=5000), batch_size=2000)


def run_quality(oracle, real, args):
    seqgan = build_seqgan(
        seed=args.seed,
        d_steps=args.d_steps,
        d_lr=args.d_lr,
        g_lr=args.g_lr,
        rollout_update_rate=args.rollout_update_rate,
        baseline=None if args.baseline == "none" else args.baseline,
    )
    curve = []
    eval_seed = 12345

    def record(phase, step):
        start = time.perf_counter()
        value = nll_oracle(oracle, seqgan.generator, args.eval_samples, eval_seed)
        curve.append({"phase": phase, "step": step, "nll_oracle": value})
        print(f"[{phase} {step}] NLL-oracle {value:.4f} ({time.perf_counter() - start:.1f} s)",
              flush=True)
        return value

    data = tf.data.Dataset.from_tensor_slices(real)
    batches = data.shuffle(len(real), seed=args.seed).batch(64, drop_remainder=True)

    start = time.perf_counter()
    checkpoint = args.mle_checkpoint
    if checkpoint and os.path.isfile(checkpoint):
        # Exploration only: reuse a generator pretrained by an earlier run.
        seqgan.generator.load_weights(checkpoint)
        seqgan.sync_rollout_generator()
        print(f"MLE generator loaded from {checkpoint}", flush=True)
        record("mle", args.mle_epochs)
    else:
        record("mle", 0)
        done = 0
        while done < args.mle_epochs:
            epochs = min(args.eval_every_epochs, args.mle_epochs - done)
            seqgan.pretrain_generator(batches, epochs=epochs, verbose=0)
            done += epochs
            record("mle", done)
        if checkpoint:
            seqgan.generator.save_weights(checkpoint)
    mle_seconds = time.perf_counter() - start
    mle_nll = curve[-1]["nll_oracle"]

    # Reference: the MLE generator sampled at lower temperatures. Sharper
    # sampling alone lowers NLL-oracle (and loses diversity); compare
    # SeqGAN's gain with it (Caccia et al., 2020, "Language GANs falling short").
    temperatures = {}
    for temperature in args.reference_temperatures:
        samples = seqgan.generator.generate(
            args.eval_samples, seed=eval_seed, temperature=temperature, batch_size=5000
        )
        temperatures[str(temperature)] = oracle.nll(samples, batch_size=2000)
        print(f"[mle, temperature {temperature}] NLL-oracle "
              f"{temperatures[str(temperature)]:.4f}", flush=True)

    # D pretraining at its own learning rate (the paper's 47,000 updates at
    # 1e-4 do not fit here), then the adversarial phase at the paper's 1e-4.
    start = time.perf_counter()
    seqgan.d_optimizer.learning_rate.assign(args.d_pretrain_lr)
    history = seqgan.pretrain_discriminator(
        batches.repeat(), epochs=1, steps_per_epoch=args.d_pretrain_steps, verbose=0
    )
    seqgan.d_optimizer.learning_rate.assign(args.d_lr)
    d_seconds = time.perf_counter() - start
    d_logs = {k: float(v[-1]) for k, v in history.history.items()}
    print(f"D pretraining: {d_seconds:.0f} s, {d_logs}", flush=True)

    # One `fit`: each epoch is `eval_every_batches` adversarial batches, and
    # each step takes d_steps real batches of the one shuffled stream.
    logs = []

    class Record(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, epoch_logs=None):
            logs.append({k: float(v) for k, v in epoch_logs.items()})
            done = (epoch + 1) * args.eval_every_batches
            print(f"adversarial {done}: {logs[-1]}", flush=True)
            record("seqgan", done)

    start = time.perf_counter()
    seqgan.fit(
        batches.repeat(),
        epochs=args.adversarial_batches // args.eval_every_batches,
        steps_per_epoch=args.eval_every_batches,
        callbacks=[Record()],
        verbose=0,
    )
    adversarial_seconds = time.perf_counter() - start
    return {
        "curve": curve,
        "adversarial_logs": logs,
        "mle_nll_oracle": mle_nll,
        "mle_nll_oracle_at_temperature": temperatures,
        "seqgan_nll_oracle": curve[-1]["nll_oracle"],
        "best_seqgan_nll_oracle": min(p["nll_oracle"] for p in curve if p["phase"] == "seqgan"),
        "mle_seconds": mle_seconds,
        "d_pretrain_logs": d_logs,
        "d_pretrain_seconds": d_seconds,
        "adversarial_seconds": adversarial_seconds,
    }


def plot(result, path, args):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    curve = result["curve"]
    mle = [p for p in curve if p["phase"] == "mle"]
    adv = [p for p in curve if p["phase"] == "seqgan"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot([p["step"] for p in mle], [p["nll_oracle"] for p in mle], "o-", color="C0")
    left.set_xlabel("MLE epochs (10,000 sequences, batch 64)")
    left.set_ylabel("NLL-oracle (lower is better)")
    left.set_title("MLE pretraining")
    right.plot([0] + [p["step"] for p in adv],
               [mle[-1]["nll_oracle"]] + [p["nll_oracle"] for p in adv], "s-", color="C1")
    right.set_xlabel(f"adversarial batches (d_steps={args['d_steps']}, "
                     f"rollout update rate {args.get('rollout_update_rate', 0.8)})")
    right.set_title("SeqGAN (zoomed)")
    right.set_ylabel("NLL-oracle")
    for ax in (left, right):
        ax.axhline(PAPER["mle"], color="C0", ls=":", lw=1, label=f"paper MLE {PAPER['mle']}")
        ax.axhline(PAPER["seqgan"], color="C1", ls=":", lw=1,
                   label=f"paper SeqGAN {PAPER['seqgan']}")
        ax.grid(alpha=0.3)
    for temperature, value in result.get("mle_nll_oracle_at_temperature", {}).items():
        right.axhline(value, color="0.6", ls="--", lw=0.8)
        right.annotate(f"our MLE at temperature {temperature}", (right.get_xlim()[1], value),
                       ha="right", va="bottom", fontsize=7, color="0.4")
    right.legend(fontsize=8)
    fig.suptitle("SeqGAN synthetic experiment: oracle LSTM, vocab 5000, T = 20, "
                 f"{args['eval_samples']} samples per point, seed {args['seed']}")
    fig.tight_layout()
    with saving.atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=120)
    plt.close(fig)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--num-sequences", type=int, default=10_000)
    parser.add_argument("--mle-epochs", type=int, default=80)
    parser.add_argument("--eval-every-epochs", type=int, default=10)
    parser.add_argument("--d-pretrain-steps", type=int, default=936)
    parser.add_argument("--d-pretrain-lr", type=float, default=1e-3)
    parser.add_argument("--d-lr", type=float, default=1e-4)
    parser.add_argument("--adversarial-batches", type=int, default=40)
    parser.add_argument("--eval-every-batches", type=int, default=10)
    parser.add_argument("--d-steps", type=int, default=15)
    parser.add_argument("--g-lr", type=float, default=1e-2)
    # 0: rollouts by the current generator, as the authors' released code
    # does (see RESULTS.md); the paper's delayed copy is 0.8.
    parser.add_argument("--rollout-update-rate", type=float, default=0.0)
    parser.add_argument("--baseline", choices=["none", "mean"], default="none")
    parser.add_argument("--mle-checkpoint", default=None,
                        help="a .weights.h5 file: loaded (skipping MLE) if it exists, "
                        "written after MLE otherwise (for exploring the adversarial phase)")
    parser.add_argument("--eval-samples", type=int, default=10_000)
    parser.add_argument("--reference-temperatures", type=float, nargs="*",
                        default=[0.95, 0.9, 0.85, 0.8])
    parser.add_argument("--timing-steps", type=int, default=3)
    parser.add_argument("--skip-timing", action="store_true")
    parser.add_argument("--textgan-python", default=None,
                        help="a Python with torch and nltk, for the TextGAN-PyTorch peer")
    parser.add_argument("--textgan-path", default=None,
                        help="a checkout of williamSYSU/TextGAN-PyTorch, for that peer")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--seed", type=int, default=88)
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "seqgan_oracle"))
    parser.add_argument("--plot-only", default=None,
                        help="redraw the PNG of an earlier run's JSON and exit")
    args = parser.parse_args()
    if bool(args.textgan_python) != bool(args.textgan_path):
        parser.error("--textgan-python and --textgan-path go together")
    if args.plot_only:
        with open(args.plot_only) as f:
            earlier = json.load(f)
        path = args.plot_only.removesuffix(".json") + ".png"
        plot(earlier["quality"], path, earlier["args"])
        print(f"wrote {path}")
        return

    path = shared_data_dir() / "seqgan_oracle.npz"
    if not path.is_file():
        raise SystemExit(f"{path} not found; set KERAS_GANS_SHARED_DATA")
    oracle = sequence.OracleLSTM.from_npz(path)
    real = oracle.sample(args.num_sequences, seed=args.seed)
    print(f"oracle on its own training data: NLL {oracle.nll(real):.4f}", flush=True)
    result = {"args": vars(args), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "tensorflow": tf.__version__, "keras": keras.__version__}
    start = time.perf_counter()
    if not args.skip_timing:
        textgan = (args.textgan_python, args.textgan_path) if args.textgan_python else None
        result["timing"] = time_adversarial_batches(real, args.timing_steps, textgan)
        print(json.dumps(result["timing"], indent=1), flush=True)
    if not args.skip_quality:
        result["quality"] = run_quality(oracle, real, args)
        plot(result["quality"], args.out + ".png", vars(args))
    result["total_seconds"] = time.perf_counter() - start
    saving.write_json(args.out + ".json", result, indent=1)
    print(json.dumps({k: v for k, v in result.get("quality", {}).items() if k != "curve"},
                     indent=1))
    print(f"total {result['total_seconds'] / 60:.1f} min; wrote {args.out}.json/.png")


if __name__ == "__main__":
    main()
