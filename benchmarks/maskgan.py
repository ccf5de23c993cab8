"""MaskGAN vs MaskMLE on the Chinese quatrains and image-COCO (issue 14), on a small budget.

Protocol: `--dataset poems` (the default): the quatrains of
`chinese_poems.txt` without their punctuation (20 characters each, the
paper's sequence length), the last `--test` poems held out, one token per
character. `--dataset coco`: the image-COCO captions of
`coco_captions_train.txt` (training) and `coco_captions_test.txt`
(evaluation), split on whitespace, keeping the captions of at least 10
words and their first 10 words (fixed-length sequences with no padding,
so every masked position is a real word; about half of the captions).
The rest is the same for both. A `SequenceToSequenceGenerator` is pretrained
by MaskMLE (teacher-forced in-filling cross-entropy on missing tokens) for
`--mle-epochs`; that is the MaskMLE model. It then continues as MaskGAN:
its discriminator is pretrained, then actor-critic training runs for
`--gan-seconds` of the process's CPU time (the machine is shared: wall
clock measures the other jobs too). An independent language model (a
`SequenceGenerator` trained by MLE on the training split for `--lm-epochs`)
scores the in-fills. On `--eval` held-out poems masked with the training
strategy (`--mask-strategy`, present rate 0.5, a fixed seed), each model
fills the blanks and we report:

- `infill_perplexity`: the perplexity of the real missing characters under
  the model (teacher-forced, missing positions only);
- `lm_perplexity`: the perplexity of the model's in-filled characters under
  the independent LM (missing positions only; the goal: MaskGAN lower);
- `unique_ngrams`: for n = 2, 3, 4, the percentage of distinct n-grams
  among all n-grams that touch an in-filled position (diversity, as the
  paper's "% unique n-grams"), and `ngrams_in_train`: the percentage of
  those distinct n-grams that occur in the training poems;
- `bleu`: BLEU-2..4 (NLTK, `keras_gans.metrics.bleu`) of the first
  `--bleu-hypotheses` filled poems against the first `--bleu-references`
  test poems.

The optimizers are Adam: the generator's at `--g-lr` (1e-3 by default;
the MaskGAN reference code's adversarial phase uses 3.8877e-5), the
discriminator's at `--d-lr` (1e-3; reference 5e-4) and the critic's at
`--critic-lr` (default `--d-lr`; reference 5.1761e-7), with `--d-steps`
discriminator updates per step (1; reference 2). `--eval-every` also
scores the in-fills during the adversarial phase (the record's
`trajectory`), outside the CPU budget.

Usage:
    python benchmarks/maskgan.py --seed 0
    python benchmarks/maskgan.py --dataset coco --seed 0
    python benchmarks/maskgan.py --seed 0 --gan-seconds 600 --eval-every 120
"""

import argparse
import json
import os
import pathlib
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import _common  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import metrics  # noqa: E402
from keras_gans import sequence  # noqa: E402
from keras_gans import text  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]
LENGTH = 20
COCO_LENGTH = 10
PUNCTUATION = "，。！？、；："


def shared_data_dir():
    return pathlib.Path(os.environ.get("KERAS_GANS_SHARED_DATA", REPO.parent / "shared" / "data"))


def load_poems():
    poems = text.load_chinese_poems(shared_data_dir() / "chinese_poems.txt")
    poems = ["".join(c for c in p if c not in PUNCTUATION) for p in poems]
    return [p for p in poems if len(p) == LENGTH]


def load_coco(path):
    captions = (c.split() for c in text.load_coco_captions(path))
    return [" ".join(c[:COCO_LENGTH]) for c in captions if len(c) >= COCO_LENGTH]


def load_dataset(args):
    """Returns (train texts, test texts, the tokenizer's split, the sequence length)."""
    if args.dataset == "coco":
        train = load_coco(shared_data_dir() / "coco_captions_train.txt")
        test = load_coco(shared_data_dir() / "coco_captions_test.txt")
        return train, test, "whitespace", COCO_LENGTH
    poems = load_poems()
    return poems[: -args.test], poems[-args.test:], "character", LENGTH


def units(texts, split):
    """Texts as lists of BLEU units: characters of poems, words of captions."""
    return [t.split() if split == "whitespace" else list(t) for t in texts]


def ngrams(rows, missing, n):
    """The n-grams of `rows` that touch at least one missing position."""
    grams = []
    for row, miss in zip(rows, missing):
        for i in range(len(row) - n + 1):
            if miss[i:i + n].any():
                grams.append(tuple(row[i:i + n]))
    return grams


def train_ngrams(rows, n):
    return {tuple(r[i:i + n]) for r in rows for i in range(len(r) - n + 1)}


def repetition(filled, missing):
    """Collapse statistics of the in-fills, in %.

    `top_token_share`: the share of the in-filled positions taken by the most
    frequent in-filled token; `adjacent_repeats`: the share of in-filled
    positions (after the first token) that repeat the token before them.
    """
    tokens = filled[missing]
    counts = np.bincount(tokens.ravel()) if tokens.size else np.zeros(1)
    after_first = missing[:, 1:]
    repeats = (filled[:, 1:] == filled[:, :-1]) & after_first
    return {"top_token_share": 100.0 * counts.max() / max(tokens.size, 1),
            "adjacent_repeats": 100.0 * repeats.sum() / max(after_first.sum(), 1)}


def evaluate(name, model, lm, test, mask, train_sets, tokenizer, args):
    filled = model.generator.fill(test, mask, seed=args.seed + 7)
    missing = ~mask
    infill_ppl = float(np.exp(model.infill_nll(test, mask)))
    lm_log_probs = lm.token_log_probs(filled).numpy()
    lm_ppl = float(np.exp(-(lm_log_probs * missing).sum() / missing.sum()))
    result = {"infill_perplexity": infill_ppl, "lm_perplexity": lm_ppl,
              "repetition": repetition(filled, missing),
              "unique_ngrams": {}, "ngrams_in_train": {}, "bleu": {}}
    for n in (2, 3, 4):
        grams = ngrams(filled, missing, n)
        distinct = set(grams)
        result["unique_ngrams"][n] = 100.0 * len(distinct) / max(len(grams), 1)
        result["ngrams_in_train"][n] = 100.0 * len(distinct & train_sets[n]) / max(len(distinct), 1)
    references = units(tokenizer.decode(test[: args.bleu_references]), tokenizer.split)
    hypotheses = units(tokenizer.decode(filled[: args.bleu_hypotheses]), tokenizer.split)
    for n in (2, 3, 4):
        result["bleu"][n] = metrics.bleu(references, hypotheses, n=n)
    examples = []
    for row, m, f in zip(tokenizer.decode(test[:4]), mask[:4], tokenizer.decode(filled[:4])):
        blanked = tokenizer.separator.join(
            c if keep else "_" for c, keep in zip(units([row], tokenizer.split)[0], m))
        examples.append({"masked": blanked, "filled": f, "real": row})
    result["examples"] = examples
    print(f"{name}: {json.dumps({k: v for k, v in result.items() if k != 'examples'})}",
          flush=True)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dataset", choices=("poems", "coco"), default="poems")
    parser.add_argument("--mask-strategy", default="contiguous")
    parser.add_argument("--vocab", type=int, default=3000)
    parser.add_argument("--test", type=int, default=1000)
    parser.add_argument("--train-limit", type=int, default=4000)
    parser.add_argument("--eval", type=int, default=500)
    parser.add_argument("--hidden", type=int, default=64)
    parser.add_argument("--mle-epochs", type=int, default=2)
    parser.add_argument("--lm-epochs", type=int, default=3)
    parser.add_argument("--d-pretrain-steps", type=int, default=50)
    parser.add_argument("--gan-seconds", type=float, default=120.0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--g-lr", type=float, default=1e-3,
                        help="the generator's Adam learning rate in the adversarial phase")
    parser.add_argument("--d-lr", type=float, default=1e-3,
                        help="the discriminator's Adam learning rate (pretraining and adversarial)")
    parser.add_argument("--critic-lr", type=float, default=None,
                        help="the critic's Adam learning rate (default: --d-lr)")
    parser.add_argument("--d-steps", type=int, default=1,
                        help="discriminator updates per adversarial step")
    parser.add_argument("--bleu-references", type=int, default=500)
    parser.add_argument("--bleu-hypotheses", type=int, default=200)
    parser.add_argument("--eval-every", type=float, default=0.0,
                        help="also score the in-fills every this many CPU s of adversarial "
                             "training (not counted in the budget); 0: only at the end")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    for name in ("gan_seconds", "g_lr", "d_lr"):
        if getattr(args, name) <= 0:
            parser.error(f"--{name.replace('_', '-')} must be > 0; received {getattr(args, name)}")
    if args.critic_lr is not None and args.critic_lr <= 0:
        parser.error(f"--critic-lr must be > 0; received {args.critic_lr}")
    if args.eval_every < 0:
        parser.error(f"--eval-every must be >= 0 (0: only at the end); received {args.eval_every}")
    prefix = "maskgan" if args.dataset == "poems" else f"maskgan_{args.dataset}"
    out = args.out or str(REPO / "benchmarks" / f"{prefix}_{args.mask_strategy}.json")

    train_poems, test_poems, split, length = load_dataset(args)
    if args.train_limit:
        train_poems = train_poems[: args.train_limit]
    tokenizer = text.TextTokenizer(split=split, sequence_length=length)
    tokenizer.adapt(train_poems, max_tokens=args.vocab)
    vocab = tokenizer.vocabulary_size()
    train = tokenizer(train_poems).numpy()
    test = tokenizer(test_poems[: args.eval]).numpy()
    print(f"{args.dataset}: {len(train)} training and {len(test)} evaluation sequences of "
          f"{length} tokens, vocabulary {vocab}",
          flush=True)
    batches = (tf.data.Dataset.from_tensor_slices(train).shuffle(len(train), seed=args.seed)
               .batch(args.batch_size, drop_remainder=True))
    eval_mask = sequence.mask_sequences(test, args.mask_strategy, 0.5, seed=99).numpy()
    train_sets = {n: train_ngrams(train, n) for n in (2, 3, 4)}
    h = args.hidden
    shape = dict(embedding_dim=h, hidden_dim=h, num_layers=1, sequence_length=length)

    def build():
        keras.utils.set_random_seed(args.seed)
        model = sequence.MaskGAN(
            sequence.SequenceToSequenceGenerator(vocab, tokenizer=tokenizer, **shape),
            sequence.SequenceToSequenceDiscriminator(vocab, **shape),
            sequence.SequenceToSequenceCritic(vocab, **shape),
            d_steps=args.d_steps, mask_strategy=args.mask_strategy, seed=args.seed,
        )
        critic_lr = args.d_lr if args.critic_lr is None else args.critic_lr
        model.compile(g_optimizer=keras.optimizers.Adam(args.g_lr, global_clipnorm=5.0),
                      d_optimizer=keras.optimizers.Adam(args.d_lr),
                      critic_optimizer=keras.optimizers.Adam(critic_lr))
        return model

    result = {"args": vars(args), "vocab": vocab, "train_poems": len(train)}
    start = time.perf_counter()
    keras.utils.set_random_seed(args.seed)
    lm = sequence.SequenceGenerator(vocab, h, h, sequence_length=length)
    lm.compile(optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    lm.fit(batches, epochs=args.lm_epochs, verbose=0)
    result["lm_seconds"] = time.perf_counter() - start
    result["lm_test_perplexity"] = float(np.exp(lm.nll(test)))
    print(f"LM: {result['lm_seconds']:.0f} s, test perplexity {result['lm_test_perplexity']:.1f}",
          flush=True)

    mle = build()
    start = time.perf_counter()
    history = mle.pretrain_generator(
        batches, epochs=args.mle_epochs, optimizer=keras.optimizers.Adam(1e-3), verbose=0)
    result["mle_seconds"] = time.perf_counter() - start
    result["mle_loss"] = [float(v) for v in history.history["mle_loss"]]
    print(f"MaskMLE: {result['mle_seconds']:.0f} s, losses {result['mle_loss']}", flush=True)
    result["real_repetition"] = repetition(test, ~eval_mask)
    result["maskmle"] = evaluate("MaskMLE", mle, lm, test, eval_mask, train_sets, tokenizer, args)

    gan = mle  # MaskGAN continues from the MaskMLE weights (evaluated above).
    start = time.perf_counter()
    d_logs = gan.pretrain_discriminator(batches.repeat(), epochs=1,
                                        steps_per_epoch=args.d_pretrain_steps, verbose=0)
    result["d_pretrain_seconds"] = time.perf_counter() - start
    result["d_pretrain_logs"] = {k: float(v[-1]) for k, v in d_logs.history.items()}

    steps = []
    trajectory = []

    def checkpoint(cpu_seconds):
        """The in-fill scores now (LM perplexity, real-token perplexity, unique n-grams)."""
        filled = gan.generator.fill(test, eval_mask, seed=args.seed + 7)
        missing = ~eval_mask
        lm_log_probs = lm.token_log_probs(filled).numpy()
        point = {
            "cpu_seconds": cpu_seconds, "steps": len(steps),
            "lm_perplexity": float(np.exp(-(lm_log_probs * missing).sum() / missing.sum())),
            "infill_perplexity": float(np.exp(gan.infill_nll(test, eval_mask))),
            "repetition": repetition(filled, missing),
            "unique_ngrams": {n: 100.0 * len(set(g)) / max(len(g), 1)
                              for n in (2, 4) for g in [ngrams(filled, missing, n)]},
        }
        trajectory.append(point)
        print(f"  after {cpu_seconds:.0f} CPU s ({len(steps)} steps): {json.dumps(point)}",
              flush=True)

    class Budget(keras.callbacks.Callback):
        """Stops after `--gan-seconds` of the process's CPU time (the machine is shared).

        With `--eval-every`, scores the in-fills at each multiple of it; the
        CPU time of that scoring is not charged to the budget.
        """

        def on_train_begin(self, logs=None):
            self.start = time.process_time()
            self.excluded = 0.0
            self.next_eval = args.eval_every

        def on_train_batch_end(self, batch, logs=None):
            steps.append(1)
            used = time.process_time() - self.start - self.excluded
            if args.eval_every and used >= self.next_eval and used < args.gan_seconds:
                before = time.process_time()
                checkpoint(used)
                self.excluded += time.process_time() - before
                while self.next_eval <= used:
                    self.next_eval += args.eval_every
            if used >= args.gan_seconds:
                self.model.stop_training = True

    start, cpu = time.perf_counter(), time.process_time()
    history = gan.fit(batches.repeat(), epochs=1, steps_per_epoch=100000,
                      callbacks=[Budget()], verbose=0)
    result["gan_seconds"] = time.perf_counter() - start
    result["gan_cpu_seconds"] = time.process_time() - cpu
    result["gan_steps"] = len(steps)
    result["gan_logs"] = {k: float(v[-1]) for k, v in history.history.items()}
    result["compiler_choice"] = getattr(gan, "compiler_choice", None)  # jit_compile="auto"
    result["trajectory"] = trajectory
    print(f"MaskGAN: {len(steps)} steps in {result['gan_seconds']:.0f} s, "
          f"{result['gan_logs']}, compiler {result['compiler_choice']}", flush=True)
    result["maskgan"] = evaluate("MaskGAN", gan, lm, test, eval_mask, train_sets, tokenizer, args)
    cpu_name, flags = _common.cpu_flags()
    result["machine"] = {"platform": platform.platform(), "cpus": os.cpu_count(),
                         "cpu": cpu_name, "cpu_flags": flags}
    result["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    pathlib.Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
