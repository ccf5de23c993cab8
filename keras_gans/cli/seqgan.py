"""`keras-gans train seqgan` and `keras-gans sample` for SeqGAN runs.

The seqgan family's recipe: it trains with a flow of its own. `keras-gans
train seqgan --dataset {oracle,poems,coco}` loads its data from files (never
from the network), pretrains the generator by maximum likelihood, pretrains
the discriminator, runs adversarial batches and writes a run directory:

```
RUN_DIR/
  run.json          the family, dataset, data file, sizes and arguments
  model.keras       the SeqGAN (generator with its tokenizer, discriminator,
                    optimizers, RNG state)
  samples.txt       64 samples, one a line: decoded strings for text, token
                    ids separated by spaces for the oracle
  nll_oracle.json   (oracle) NLL-oracle of the training data (the floor) and of
                    the generator before training, after MLE, after SeqGAN
  oracle.npz        (oracle, only when it had to be drawn at random) its weights
  saved_model/      the generator as a SavedModel (`sample`, `log_prob`)
```

Datasets and their files:

- `oracle`: `seqgan_oracle.npz`, the SeqGAN paper's oracle LSTM; it samples
  `--num-sequences` (default 10,000) training sequences and scores the
  generator's samples by NLL-oracle. Without the file (and without
  `--data-dir`) a random oracle of the paper's shape is drawn with `--seed`.
- `poems`: `chinese_poems.txt`, the paper's Chinese quatrains, one token per
  character (punctuation included). Without the file (and without
  `--data-dir`) the five-character quatrains of Debian's `fortunes-zh`.
- `coco`: `coco_captions_train.txt`, image-COCO captions, one token per word
  (`TextTokenizer(split="unicode_script")`, which splits punctuation off).

Files are looked for in `--data-dir`, then `$KERAS_GANS_SHARED_DATA`,
`$KERAS_GANS_DATA`, and `../shared/data` beside the checkout and beside the
working directory.

A seqgan run cannot be continued with `--resume`: its MLE and discriminator
pretraining phases and the position of its data stream are not in
`model.keras`, so a continued run would not match one trained straight.
`keras-gans evaluate` does not apply either: an oracle run records its
NLL-oracle in `nll_oracle.json`.
"""

import json
import os
import pathlib
import sys
import time

from keras_gans.cli._common import fail as _fail
from keras_gans.cli._common import import_keras
from keras_gans.cli._common import option as _option
from keras_gans.cli.registry import FamilyRecipe
from keras_gans.cli.registry import register_family

SEQUENCE_DATASETS = {
    "oracle": (
        "seqgan_oracle.npz",
        "token ids sampled from the SeqGAN paper's oracle LSTM, scored by NLL-oracle",
    ),
    "poems": ("chinese_poems.txt", "Chinese quatrains (SeqGAN paper), one token per character"),
    "coco": ("coco_captions_train.txt", "image-COCO captions (Texygen), one token per word"),
}
# Per-dataset defaults: sequence length, embedding and hidden sizes, sequences.
DATASET_DEFAULTS = {
    "oracle": {"sequence_length": 20, "embedding_dim": 32, "hidden_dim": 32,
               "num_sequences": 10_000},
    "poems": {"sequence_length": 24, "embedding_dim": 64, "hidden_dim": 64,
              "num_sequences": None},
    "coco": {"sequence_length": 32, "embedding_dim": 64, "hidden_dim": 64,
             "num_sequences": None},
}
DEFAULTS = {
    "batch_size": 64,
    "mle_epochs": 10,
    "d_pretrain_steps": 100,
    "adversarial_batches": 20,
    "rollout_num": 16,
    "rollout_update_rate": 0.8,
    "baseline": "none",
    "d_steps": 3,
    "d_embedding_dim": 64,
    "eval_samples": 2000,
}
# The options only the seqgan family takes (their parser default is None).
SEQUENCE_OPTIONS = (
    "data_dir", "num_sequences", "sequence_length", "max_tokens", "embedding_dim",
    "hidden_dim", "d_embedding_dim", "d_filter_sizes", "d_num_filters", "mle_epochs",
    "d_pretrain_steps", "adversarial_batches", "rollout_num", "rollout_update_rate",
    "baseline", "d_steps", "eval_samples",
)
NUM_RUN_SAMPLES = 64
PAPER_ORACLE_SHAPE = (5000, 32, 32)  # vocabulary, embedding, hidden


def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "es" if noun.endswith("h") else "s")


def _int_list(text):
    """argparse type of `--d-filter-sizes 2,3,4`."""
    import argparse

    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected integers separated by commas, e.g. 2,3,4; received {text!r}"
        ) from None
    if not values:
        raise argparse.ArgumentTypeError(f"expected at least one integer; received {text!r}")
    return values


def add_train_arguments(parser):
    """Adds the seqgan options to the `train` subcommand's parser."""
    group = parser.add_argument_group(
        "seqgan", "options of the seqgan family (datasets: oracle, poems, coco)"
    )
    add = group.add_argument
    add("--data-dir", default=None,
        help="folder of seqgan_oracle.npz / chinese_poems.txt / coco_captions_train.txt "
        "(default: $KERAS_GANS_SHARED_DATA, $KERAS_GANS_DATA, ../shared/data)")
    add("--num-sequences", type=int, default=None,
        help="oracle: sequences it samples (10000); text: use the first N texts (all)")
    add("--sequence-length", type=int, default=None,
        help="tokens per sequence (oracle 20, poems 24, coco 32)")
    add("--max-tokens", type=int, default=None,
        help="text: largest vocabulary, <pad> and <unk> included (default: every token)")
    add("--embedding-dim", type=int, default=None,
        help="generator embedding size (oracle 32, text 64)")
    add("--hidden-dim", type=int, default=None,
        help="generator LSTM size (oracle 32, text 64)")
    add("--d-embedding-dim", type=int, default=None,
        help=f"discriminator embedding size ({DEFAULTS['d_embedding_dim']})")
    add("--d-filter-sizes", type=_int_list, default=None,
        help="discriminator window sizes, e.g. 2,3 (default: the paper's 1..10,15,20 "
        "up to the sequence length)")
    add("--d-num-filters", type=_int_list, default=None,
        help="filters per window size, one number for all or one per size "
        "(default: the paper's; 100 for sizes given with --d-filter-sizes)")
    add("--mle-epochs", type=int, default=None,
        help=f"generator MLE pretraining epochs ({DEFAULTS['mle_epochs']}; 0 skips)")
    add("--d-pretrain-steps", type=int, default=None,
        help=f"discriminator pretraining steps ({DEFAULTS['d_pretrain_steps']}; 0 skips)")
    add("--adversarial-batches", type=int, default=None,
        help="adversarial batches in total, instead of --epochs/--steps-per-epoch "
        f"(default {DEFAULTS['adversarial_batches']}; 0 stops after pretraining)")
    add("--rollout-num", type=int, default=None,
        help=f"Monte Carlo rollouts per prefix ({DEFAULTS['rollout_num']})")
    add("--rollout-update-rate", type=float, default=None,
        help=f"weight of the old rollout network in its delayed update "
        f"({DEFAULTS['rollout_update_rate']})")
    add("--baseline", choices=("none", "mean"), default=None,
        help="REINFORCE baseline: none (the paper) or mean, the batch's mean reward "
        f"at each step ({DEFAULTS['baseline']})")
    add("--d-steps", type=int, default=None,
        help=f"discriminator updates per adversarial batch ({DEFAULTS['d_steps']})")
    add("--eval-samples", type=int, default=None,
        help=f"oracle: samples scored by NLL-oracle ({DEFAULTS['eval_samples']})")


# ------------------------------------------------------------------ data files


def data_dirs(data_dir=None):
    """The folders searched for the sequence datasets' files, in order."""
    if data_dir is not None:
        return [os.fspath(data_dir)]
    dirs = [os.environ[v] for v in ("KERAS_GANS_SHARED_DATA", "KERAS_GANS_DATA")
            if os.environ.get(v)]
    dirs.append(str(pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"))
    dirs.append(os.path.join(os.pardir, "shared", "data"))
    unique = []
    for d in dirs:
        if os.path.realpath(d) not in [os.path.realpath(u) for u in unique]:
            unique.append(d)
    return unique


def find_data_file(dataset, data_dir=None):
    """The path of `dataset`'s file, or None; fails if `data_dir` lacks it."""
    name = SEQUENCE_DATASETS[dataset][0]
    for directory in data_dirs(data_dir):
        path = os.path.join(directory, name)
        if os.path.isfile(path):
            return path
    if data_dir is not None:
        if not os.path.isdir(data_dir):
            _fail(f"--data-dir {data_dir!r} is not a directory")
        _fail(f"--data-dir {data_dir!r} holds no {name} (the {dataset!r} dataset)")
    return None


# ------------------------------------------------------------------ arguments


def _settings(args):
    """Validates the seqgan arguments and fills in the defaults."""
    dataset = "oracle" if args.dataset in (None, "auto") else args.dataset
    if dataset not in SEQUENCE_DATASETS:
        _fail(f"family 'seqgan' trains on {', '.join(SEQUENCE_DATASETS)}; received "
              f"--dataset {args.dataset!r}")
    for name in ("latent_dim", "image_size", "learning_rate", "beta_1"):
        if getattr(args, name) is not None:
            _fail(f"{_option(name)} does not apply to the seqgan family; received "
                  f"{_option(name)} {getattr(args, name)}")
    s = {"dataset": dataset}
    for name, value in {**DEFAULTS, **DATASET_DEFAULTS[dataset]}.items():
        given = getattr(args, name, None)
        s[name] = value if given is None else given
    s["max_tokens"] = args.max_tokens
    minimums = {
        "batch_size": 1, "num_sequences": 1, "sequence_length": 1, "max_tokens": 3,
        "embedding_dim": 1, "hidden_dim": 1, "d_embedding_dim": 1, "mle_epochs": 0,
        "d_pretrain_steps": 0, "adversarial_batches": 0, "rollout_num": 1, "d_steps": 1,
        "eval_samples": 1,
    }
    for name, minimum in minimums.items():
        if s[name] is not None and s[name] < minimum:
            _fail(f"{_option(name)} must be >= {minimum}; received {s[name]}")
    if args.seed is None:
        args.seed = 0
    if args.seed < 0:
        _fail(f"--seed must be >= 0; received {args.seed}")
    if dataset == "oracle" and args.max_tokens is not None:
        _fail("--max-tokens applies to the text datasets (poems, coco); the oracle's "
              "vocabulary is its own")
    if not 0.0 <= s["rollout_update_rate"] <= 1.0:
        _fail(f"--rollout-update-rate must be in [0, 1]; received {s['rollout_update_rate']}")

    # Adversarial schedule: --adversarial-batches N, or --epochs/--steps-per-epoch.
    if args.adversarial_batches is not None and (
        args.epochs is not None or args.steps_per_epoch is not None
    ):
        _fail("pass either --adversarial-batches or --epochs/--steps-per-epoch; received "
              f"--adversarial-batches {args.adversarial_batches} with --epochs "
              f"{args.epochs} and --steps-per-epoch {args.steps_per_epoch}")
    for name in ("epochs", "steps_per_epoch"):
        value = getattr(args, name)
        if value is not None and value < 1:
            _fail(f"{_option(name)} must be >= 1; received {value}")
    if args.epochs is not None or args.steps_per_epoch is not None:
        s["epochs"], s["steps_per_epoch"] = args.epochs or 1, args.steps_per_epoch
        s["adversarial_batches"] = (
            s["epochs"] * s["steps_per_epoch"] if s["steps_per_epoch"] else None
        )
    else:
        batches = s["adversarial_batches"]
        s["epochs"], s["steps_per_epoch"] = (1, batches) if batches else (0, None)

    # Discriminator filters (the paper's, up to the sequence length).
    from keras_gans.sequence.discriminator import PAPER_FILTER_SIZES
    from keras_gans.sequence.discriminator import PAPER_NUM_FILTERS

    length = s["sequence_length"]
    sizes, counts = args.d_filter_sizes, args.d_num_filters
    if sizes is None:
        paper = [(k, n) for k, n in zip(PAPER_FILTER_SIZES, PAPER_NUM_FILTERS) if k <= length]
        sizes = [k for k, _ in paper]
        counts = counts or [n for _, n in paper]
    counts = counts or [100]
    if len(counts) == 1:
        counts = counts * len(sizes)
    if len(counts) != len(sizes):
        _fail(f"--d-num-filters needs one number or one per window size ({len(sizes)}); "
              f"received {','.join(map(str, counts))}")
    if min(sizes) < 1 or max(sizes) > length:
        _fail(f"--d-filter-sizes must lie in [1, sequence length {length}]; received "
              f"{','.join(map(str, sizes))}")
    if min(counts) < 1:
        _fail(f"--d-num-filters must be >= 1; received {','.join(map(str, counts))}")
    s["d_filter_sizes"], s["d_num_filters"] = sizes, counts
    return s


# ------------------------------------------------------------------ loading


def _load_data(s, args):
    """Token ids `[n, T]` and `(tokenizer, oracle, info)` for the run's dataset."""
    import numpy as np

    from keras_gans import sequence
    from keras_gans import text

    dataset, length, limit = s["dataset"], s["sequence_length"], s["num_sequences"]
    path = find_data_file(dataset, args.data_dir)
    info = {"data_file": path and os.path.abspath(path)}
    if dataset == "oracle":
        if path is not None:
            try:
                oracle = sequence.OracleLSTM.from_npz(path, sequence_length=length)
            except ValueError as error:
                _fail(f"{path}: {error}")
        else:
            print(f"seqgan_oracle.npz was not found in {data_dirs()}; drawing a random "
                  f"oracle of the paper's shape with --seed {args.seed}.", file=sys.stderr)
            oracle = sequence.OracleLSTM.random(
                *PAPER_ORACLE_SHAPE, sequence_length=length, seed=args.seed
            )
            info["data_file"] = None
        ids = oracle.sample(limit, seed=args.seed)
        return ids, None, oracle, info

    if dataset == "poems":
        if path is not None:
            texts = text.load_chinese_poems(path, limit=limit)
        else:
            try:
                texts = text.load_tang_poems(clauses=4, clause_length=5)[:limit]
            except FileNotFoundError as error:
                _fail(f"chinese_poems.txt was not found in {data_dirs()}, nor Debian's "
                      f"Tang poems ({error}); pass --data-dir")
            print(f"chinese_poems.txt was not found in {data_dirs()}; training on the "
                  "five-character quatrains of fortunes-zh.", file=sys.stderr)
            info["data_file"] = "fortunes-zh:tang300"
        tokenizer = text.TextTokenizer(split="character", sequence_length=length)
    else:
        if path is None:
            _fail(f"coco_captions_train.txt was not found in {data_dirs()}: pass --data-dir "
                  "(or set $KERAS_GANS_SHARED_DATA) to the folder holding Texygen's "
                  "image-COCO captions (see ../shared/data/README.md)")
        texts = text.load_coco_captions(path, limit=limit)
        tokenizer = text.TextTokenizer(split="unicode_script", sequence_length=length)
    if not texts:
        _fail(f"{info['data_file']} holds no texts")
    tokenizer.adapt(texts, max_tokens=s["max_tokens"])
    ids = tokenizer(texts).numpy().astype(np.int32)
    lengths = np.asarray([len(t) for t in tokenizer.split_tokens(texts)])
    info["truncated_texts"] = int((lengths > length).sum())
    return ids, tokenizer, None, info


def build_seqgan(vocab_size, s, tokenizer=None, seed=0):
    """Builds and compiles the CLI's SeqGAN for the settings `s`."""
    import keras

    from keras_gans import sequence

    generator = sequence.SequenceGenerator(
        vocab_size, s["embedding_dim"], s["hidden_dim"],
        sequence_length=s["sequence_length"], tokenizer=tokenizer,
    )
    discriminator = sequence.SequenceDiscriminator(
        vocab_size, s["sequence_length"], embedding_dim=s["d_embedding_dim"],
        filter_sizes=s["d_filter_sizes"], num_filters=s["d_num_filters"],
    )
    model = sequence.SeqGAN(
        generator, discriminator, rollout_num=s["rollout_num"],
        rollout_update_rate=s["rollout_update_rate"], d_steps=s["d_steps"],
        baseline=None if s["baseline"] == "none" else s["baseline"], seed=seed,
    )
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
        d_optimizer=keras.optimizers.Adam(1e-4),
    )
    return model


# ------------------------------------------------------------------ commands


def sample_lines(model, count, seed=0, temperature=1.0):
    """`count` samples of a SeqGAN as lines: decoded text, or token ids."""
    tokens = model.generate(count, seed=seed, temperature=temperature)
    tokenizer = getattr(model.generator, "tokenizer", None)
    if tokenizer is not None:
        return [line.replace("\n", " ") for line in tokenizer.decode(tokens)]
    return [" ".join(str(int(t)) for t in row) for row in tokens]


def write_lines(path, lines):
    """Writes `lines` to the UTF-8 text file `path`, one a line."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in lines))


def train(args):
    """Runs `keras-gans train seqgan` for parsed `args` (the recipe's `train`)."""
    if args.resume is not None:
        _fail(f"--resume {args.resume}: seqgan runs cannot be resumed exactly (the MLE and "
              "discriminator pretraining phases and the data stream's position are not in "
              "model.keras); train a new run with more --adversarial-batches")
    s = _settings(args)
    out = args.out

    keras = import_keras()
    import numpy as np
    import tensorflow as tf

    from keras_gans.export import export

    verbose = 1 if sys.stdout.isatty() else 2
    keras.utils.set_random_seed(args.seed)
    ids, tokenizer, oracle, info = _load_data(s, args)
    if len(ids) < s["batch_size"]:
        _fail(f"--batch-size {s['batch_size']} is larger than the {len(ids)} training "
              "sequences")
    vocab_size = oracle.vocab_size if oracle is not None else tokenizer.vocabulary_size()
    print(f"{len(ids)} training sequences of {s['sequence_length']} tokens, vocabulary "
          f"{vocab_size} ({info['data_file'] or 'random oracle'})")
    try:
        model = build_seqgan(vocab_size, s, tokenizer, seed=args.seed)
    except ValueError as error:
        _fail(str(error))
    batches = (
        tf.data.Dataset.from_tensor_slices(ids)
        .shuffle(len(ids), seed=args.seed)
        .batch(s["batch_size"], drop_remainder=True)
    )
    nll = {}

    def nll_oracle(stage):
        nll[stage] = oracle.nll(model.generate(s["eval_samples"], seed=args.seed))
        print(f"NLL-oracle {stage}: {nll[stage]:.3f}")

    seconds = {}
    if oracle is not None:
        nll["oracle_own_samples"] = oracle.nll(ids)
        nll_oracle("before_training")
    start = time.perf_counter()
    if s["mle_epochs"]:
        print(f"MLE pretraining: {_count(s['mle_epochs'], 'epoch')}")
        model.pretrain_generator(batches, epochs=s["mle_epochs"], verbose=verbose)
        seconds["mle"] = time.perf_counter() - start
        if oracle is not None:
            nll_oracle("after_mle")
    if s["d_pretrain_steps"]:
        print(f"discriminator pretraining: {_count(s['d_pretrain_steps'], 'step')}")
        start = time.perf_counter()
        model.pretrain_discriminator(batches.repeat(), epochs=1,
                                     steps_per_epoch=s["d_pretrain_steps"], verbose=verbose)
        seconds["d_pretrain"] = time.perf_counter() - start
    logs = {}
    if s["epochs"]:
        steps = s["steps_per_epoch"]
        schedule = (
            _count(steps, "batch") if s["epochs"] == 1 and steps
            else f"{_count(s['epochs'], 'epoch')} of {steps or 'all'} batches"
        )
        print(f"adversarial training: {schedule}, rollout {s['rollout_num']}")
        start = time.perf_counter()
        history = model.fit(batches.repeat() if steps else batches, epochs=s["epochs"],
                            steps_per_epoch=steps, verbose=verbose)
        seconds["adversarial"] = time.perf_counter() - start
        logs = {k: float(v[-1]) for k, v in history.history.items()}
        if oracle is not None:
            nll_oracle("after_seqgan")

    os.makedirs(out, exist_ok=True)
    model.save(os.path.join(out, "model.keras"))
    samples_path = os.path.join(out, "samples.txt")
    write_lines(samples_path, sample_lines(model, NUM_RUN_SAMPLES, seed=args.seed))
    export(model, os.path.join(out, "saved_model"), overwrite=True)
    for stale in ("nll_oracle.json", "oracle.npz"):
        if os.path.exists(os.path.join(out, stale)):
            os.remove(os.path.join(out, stale))
    if oracle is not None:
        if info["data_file"] is None:
            np.savez(os.path.join(out, "oracle.npz"), **oracle.parameters())
        oracle_file = info["data_file"] or os.path.abspath(os.path.join(out, "oracle.npz"))
        with open(os.path.join(out, "nll_oracle.json"), "w") as f:
            json.dump({**nll, "eval_samples": s["eval_samples"], "seed": args.seed,
                       "oracle": oracle_file}, f, indent=2)
    record = {
        **{k: v for k, v in vars(args).items() if k != "func"},
        **s,
        **info,
        "family": "seqgan",
        "vocab_size": int(vocab_size),
        "num_sequences": len(ids),
        "seconds": seconds,
        "final_logs": logs,
    }
    with open(os.path.join(out, "run.json"), "w") as f:
        json.dump(record, f, indent=2)
    print(f"samples:     {samples_path}")
    if oracle is not None:
        print(f"NLL-oracle:  {os.path.join(out, 'nll_oracle.json')}")
    print(f"checkpoint:  {os.path.join(out, 'model.keras')}")
    print(f"saved model: {os.path.join(out, 'saved_model')}")


def write_samples(model, args, stem):
    """`keras-gans sample` for a SeqGAN run: a text file, one sample a line.

    Lines are decoded text for the text datasets, token ids separated by
    spaces for the oracle. `--temperature` divides the logits (default 1).
    """
    temperature = 1.0 if args.temperature is None else args.temperature
    if not temperature > 0:
        _fail(f"--temperature must be > 0; received --temperature {temperature}")
    lines = sample_lines(model, args.count, seed=args.seed, temperature=temperature)
    path = stem + ".txt"
    write_lines(path, lines)
    return [path]


def refuse_evaluate(args, run):
    """`keras-gans evaluate` of a seqgan run: refused, pointing at its NLL-oracle."""
    _fail(
        "evaluate computes image and vector metrics (FID, KID, ...); a seqgan run "
        f"records its NLL-oracle in {os.path.join(args.run_dir, 'nll_oracle.json')} "
        "(oracle runs) and its samples in samples.txt"
    )


register_family(
    "seqgan",
    FamilyRecipe(
        description="SeqGAN (Yu et al.) for token sequences: the oracle, poems, COCO captions",
        datasets=tuple(SEQUENCE_DATASETS),
        default_dataset="oracle",
        dataset_descriptions={
            name: f"{filename}: {text}" for name, (filename, text) in SEQUENCE_DATASETS.items()
        },
        learning_rate=None,
        beta_1=None,
        batch_size=DEFAULTS["batch_size"],
        epochs=None,
        train=train,
        add_arguments=add_train_arguments,
        options=SEQUENCE_OPTIONS,
        sample_writer=write_samples,
        sample_options=("temperature",),
        evaluate=refuse_evaluate,
    ),
)
