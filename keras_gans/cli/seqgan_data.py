"""The seqgan family's data files and `train` options.

- `SEQUENCE_DATASETS`, `DATASET_DEFAULTS`, `DEFAULTS`, `SEQUENCE_OPTIONS`:
  the datasets (their files), the per-dataset and general defaults, and the
  options only the seqgan family takes.
- `add_train_arguments`: the seqgan options of `keras-gans train`.
- `data_dirs`, `find_data_file`: where the datasets' files are looked for.
- `resolve_settings`: the checked settings of a run, defaults filled in.
- `load_data`: the run's token ids (and tokenizer or oracle).

The training and sampling flow that uses them is `keras_gans.cli.seqgan`.
Nothing here imports TensorFlow at import time.
"""

import os
import pathlib
import sys

from keras_gans.cli._common import fail as _fail
from keras_gans.cli._common import option as _option

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
PAPER_ORACLE_SHAPE = (5000, 32, 32)  # vocabulary, embedding, hidden


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


def resolve_settings(args):
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


def load_data(s, args):
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
