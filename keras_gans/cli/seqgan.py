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
working directory. The data files, the defaults and the `train` options are
in `keras_gans.cli.seqgan_data`; this module holds the training and sampling
flow and registers the recipe.

A seqgan run cannot be continued with `--resume`: its MLE and discriminator
pretraining phases and the position of its data stream are not in
`model.keras`, so a continued run would not match one trained straight.
`keras-gans evaluate` does not apply either: an oracle run records its
NLL-oracle in `nll_oracle.json`.
"""

import os
import sys
import time

from keras_gans.cli._common import fail as _fail
from keras_gans.cli._common import import_keras
from keras_gans.cli.registry import FamilyRecipe
from keras_gans.cli.registry import register_family
from keras_gans.cli.seqgan_data import DATASET_DEFAULTS  # noqa: F401 (its former home)
from keras_gans.cli.seqgan_data import DEFAULTS
from keras_gans.cli.seqgan_data import PAPER_ORACLE_SHAPE  # noqa: F401 (its former home)
from keras_gans.cli.seqgan_data import SEQUENCE_DATASETS
from keras_gans.cli.seqgan_data import SEQUENCE_OPTIONS
from keras_gans.cli.seqgan_data import add_train_arguments
from keras_gans.cli.seqgan_data import data_dirs  # noqa: F401 (its former home)
from keras_gans.cli.seqgan_data import find_data_file  # noqa: F401 (its former home)
from keras_gans.cli.seqgan_data import load_data
from keras_gans.cli.seqgan_data import resolve_settings

NUM_RUN_SAMPLES = 64


def _count(n, noun):
    return f"{n} {noun}" + ("" if n == 1 else "es" if noun.endswith("h") else "s")


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
    """Writes `lines` to the UTF-8 text file `path`, one a line (atomically)."""
    from keras_gans.saving import atomic_write

    with atomic_write(path) as f:
        f.write("".join(line + "\n" for line in lines))


def train(args):
    """Runs `keras-gans train seqgan` for parsed `args` (the recipe's `train`)."""
    if args.resume is not None:
        _fail(f"--resume {args.resume}: seqgan runs cannot be resumed exactly (the MLE and "
              "discriminator pretraining phases and the data stream's position are not in "
              "model.keras); train a new run with more --adversarial-batches")
    s = resolve_settings(args)
    out = args.out

    keras = import_keras()
    import numpy as np
    import tensorflow as tf

    from keras_gans import saving
    from keras_gans.export import export

    verbose = 1 if sys.stdout.isatty() else 2
    keras.utils.set_random_seed(args.seed)
    ids, tokenizer, oracle, info = load_data(s, args)
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
    saving.save_model(model, os.path.join(out, "model.keras"))
    samples_path = os.path.join(out, "samples.txt")
    write_lines(samples_path, sample_lines(model, NUM_RUN_SAMPLES, seed=args.seed))
    export(model, os.path.join(out, "saved_model"), overwrite=True)
    for stale in ("nll_oracle.json", "oracle.npz"):
        if os.path.exists(os.path.join(out, stale)):
            os.remove(os.path.join(out, stale))
    if oracle is not None:
        if info["data_file"] is None:
            with saving.atomic_path(os.path.join(out, "oracle.npz")) as tmp:
                np.savez(tmp, **oracle.parameters())
        oracle_file = info["data_file"] or os.path.abspath(os.path.join(out, "oracle.npz"))
        saving.write_json(os.path.join(out, "nll_oracle.json"),
                          {**nll, "eval_samples": s["eval_samples"], "seed": args.seed,
                           "oracle": oracle_file})
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
    saving.write_json(os.path.join(out, "run.json"), record)
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
