"""The discrete boundary-seeking GAN on the SeqGAN oracle, against SeqGAN.

Protocol (issue 14): the oracle (`seqgan_oracle.npz`, vocabulary 5000,
T = 20) samples the training sequences; one generator (the SeqGAN paper's
LSTM, embedding 32, hidden 32) is pretrained by maximum likelihood; the
paper's CNN discriminator is pretrained against it. From those same weights
two adversarial phases run for the **same budget of CPU seconds** (the
process's CPU time around `fit`, evaluation excluded: on a machine shared
by several jobs, wall-clock time measures the others' load too): `DiscreteBGAN` (M samples per
start state, importance weights from D's logits, no rollouts) and `SeqGAN`
(Monte Carlo rollouts by the current generator). Each is scored by
NLL-oracle (the oracle's mean negative log-likelihood per token of the
generator's samples, lower is better) and by NLL-test (the generator's
mean negative log-likelihood per token of held-out oracle sequences: it
rises when the generator drops parts of the data, which NLL-oracle does
not see); the MLE generator is the reference.

The budget here is far below the SeqGAN reference run of
`benchmarks/RESULTS.md` (80 MLE epochs, ~20 minutes per seed): the machine
is shared and a run must stay near 15 minutes. The comparison is BGAN vs
SeqGAN at equal cost from the same MLE generator, not against 8.672.

Usage:
    python benchmarks/bgan_discrete.py --seed 0
"""

import argparse
import json
import os
import pathlib
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import sequence  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _common  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
VOCAB, LENGTH = 5000, 20


def shared_data_dir():
    return pathlib.Path(os.environ.get("KERAS_GANS_SHARED_DATA", REPO.parent / "shared" / "data"))


class Budget(keras.callbacks.Callback):
    """Stops `fit` once `seconds` of CPU time (all threads) have passed.

    The machine is shared by several jobs, so wall-clock time depends on the
    others' load; the process's CPU time (`time.process_time`) is the fair
    "same budget" of two runs. Tracing the step counts towards it.
    """

    def __init__(self, seconds):
        super().__init__()
        self.seconds = seconds
        self.steps = 0

    def on_train_begin(self, logs=None):
        self.start = time.process_time()

    def on_train_batch_end(self, batch, logs=None):
        self.steps += 1
        if time.process_time() - self.start >= self.seconds:
            self.model.stop_training = True


def adversarial(model, batches, seconds):
    budget = Budget(seconds)
    start, cpu = time.perf_counter(), time.process_time()
    history = model.fit(batches.repeat(), epochs=1, steps_per_epoch=100000,
                        callbacks=[budget], verbose=0)
    logs = {k: float(v[-1]) for k, v in history.history.items()}
    return {"steps": budget.steps, "seconds": time.perf_counter() - start,
            "cpu_seconds": time.process_time() - cpu, "logs": logs}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--num-sequences", type=int, default=10000)
    parser.add_argument("--mle-epochs", type=int, default=3)
    parser.add_argument("--d-pretrain-steps", type=int, default=50)
    parser.add_argument("--budget-seconds", type=float, default=60.0)
    parser.add_argument("--num-samples", type=int, default=16)
    parser.add_argument("--rollout-num", type=int, default=16)
    parser.add_argument("--eval-samples", type=int, default=2000)
    parser.add_argument("--bgan-g-lr", type=float, default=1e-2,
                        help="BGAN's generator rate (SeqGAN's is 1e-2, the earlier rows' for both)")
    parser.add_argument("--families", default="bgan,seqgan",
                        help="comma-separated: which adversarial runs to make after MLE")
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "bgan_discrete.json"))
    args = parser.parse_args()
    families = [f for f in args.families.split(",") if f]
    if args.bgan_g_lr <= 0 or not families or set(families) - {"bgan", "seqgan"}:
        parser.error("--bgan-g-lr must be > 0 and --families a subset of bgan,seqgan; "
                     f"received {args.bgan_g_lr} and {args.families!r}")

    oracle = sequence.OracleLSTM.from_npz(shared_data_dir() / "seqgan_oracle.npz")
    real = oracle.sample(args.num_sequences, seed=args.seed)
    batches = (tf.data.Dataset.from_tensor_slices(real)
               .shuffle(len(real), seed=args.seed).batch(64, drop_remainder=True))
    eval_seed = 12345

    held_out = oracle.sample(args.eval_samples, seed=args.seed + 1_000_003)

    def nll(generator):
        samples = generator.generate(args.eval_samples, seed=eval_seed, batch_size=5000)
        return oracle.nll(samples, batch_size=2000)

    def nll_test(generator):
        """The generator's NLL per token of held-out oracle sequences (its coverage)."""
        total = 0.0
        for start in range(0, len(held_out), 500):
            total += -float(tf.reduce_sum(generator.token_log_probs(held_out[start:start + 500])))
        return total / held_out.size

    def discriminator():
        return sequence.SequenceDiscriminator(VOCAB, LENGTH)

    keras.utils.set_random_seed(args.seed)
    generator = sequence.SequenceGenerator(VOCAB, 32, 32, sequence_length=LENGTH)
    generator.compile(optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    start, cpu = time.perf_counter(), time.process_time()
    generator.fit(batches, epochs=args.mle_epochs, verbose=0)
    mle_seconds = time.perf_counter() - start
    mle_cpu = time.process_time() - cpu
    mle_weights = [w.numpy() for w in generator.weights]
    result = {"mle": {"nll_oracle": nll(generator), "nll_test": nll_test(generator),
                      "seconds": mle_seconds, "cpu_seconds": mle_cpu, "epochs": args.mle_epochs}}
    print(f"MLE ({args.mle_epochs} epochs, {mle_seconds:.0f} s): "
          f"{result['mle']['nll_oracle']:.4f}, NLL-test {result['mle']['nll_test']:.4f}",
          flush=True)

    def fresh_generator():
        g = sequence.SequenceGenerator(VOCAB, 32, 32, sequence_length=LENGTH)
        for w, v in zip(g.weights, mle_weights):
            w.assign(v)
        return g

    builds = {
        "bgan": lambda: sequence.DiscreteBGAN(
            fresh_generator(), discriminator(), num_samples=args.num_samples, seed=args.seed
        ),
        "seqgan": lambda: sequence.SeqGAN(
            fresh_generator(), discriminator(), rollout_num=args.rollout_num,
            rollout_update_rate=0.0, d_steps=1, seed=args.seed
        ),
    }
    g_rates = {"bgan": args.bgan_g_lr, "seqgan": 1e-2}
    for name in families:
        keras.utils.set_random_seed(args.seed)
        model = builds[name]()
        model.compile(g_optimizer=keras.optimizers.Adam(g_rates[name], global_clipnorm=5.0),
                      d_optimizer=keras.optimizers.Adam(1e-3))
        start = time.perf_counter()
        pretrain = _pretrain_discriminator(model, batches, args.d_pretrain_steps)
        d_seconds = time.perf_counter() - start
        model.d_optimizer.learning_rate.assign(1e-4)
        run = adversarial(model, batches, args.budget_seconds)
        run.update({"d_pretrain_seconds": d_seconds, "d_pretrain_logs": pretrain,
                    "nll_oracle": nll(model.generator),
                    "nll_test": nll_test(model.generator)})
        result[name] = run
        print(f"{name}: {run['steps']} steps in {run['seconds']:.0f} s ({run['cpu_seconds']:.0f} "
              f"CPU s): NLL-oracle "
              f"{run['nll_oracle']:.4f}, NLL-test {run['nll_test']:.4f} logs {run['logs']}",
              flush=True)

    result["args"] = vars(args)
    cpu, flags = _common.cpu_flags()
    result["machine"] = {"platform": platform.platform(), "cpus": os.cpu_count(), "cpu": cpu,
                         "cpu_flags": flags}
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    pathlib.Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def _pretrain_discriminator(model, batches, steps):
    """D against the (MLE) generator's samples, for both families alike."""
    history = model.pretrain_discriminator(batches.repeat(), epochs=1, steps_per_epoch=steps,
                                           verbose=0)
    return {k: float(v[-1]) for k, v in history.history.items()}


if __name__ == "__main__":
    main()
