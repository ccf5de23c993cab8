"""`keras-gans train maskgan` and `keras-gans train discrete_bgan`.

Both families train with a flow of their own (pretraining, then `fit`) and
write a run directory:

```
RUN_DIR/
  run.json          the family, dataset, data file, sizes, arguments, logs
  model.keras       the model (generator with its tokenizer for text)
  samples.txt       maskgan: held-out texts with blanks (`_` per missing
                    character, `____` per missing word) and their fills;
                    discrete_bgan on the oracle: token ids, one sequence a line
  samples.png       discrete_bgan on binary_fashion_mnist: a grid of samples
  nll_oracle.json   discrete_bgan on the oracle: NLL-oracle after MLE and after
                    adversarial training
  saved_model/      the SavedModel (maskgan: `fill`, and `fill_text` taking
                    strings with `____` blanks; discrete_bgan: `sample`)
```

- `maskgan --dataset poems|coco`: `chinese_poems.txt` without punctuation
  (20 characters) or `coco_captions_train.txt` (32 words); MaskMLE
  pretraining (1 epoch), `--steps-per-epoch` discriminator pretraining steps, then
  `--epochs` (default 1) of `--steps-per-epoch` (default 50) MaskGAN steps.
- `discrete_bgan --dataset oracle|binary_fashion_mnist`: the SeqGAN oracle
  (10,000 sequences; 1 MLE epoch and `--steps-per-epoch` discriminator steps
  first) or
  Fashion-MNIST binarised at 0.5 with a `BernoulliGenerator` on a DCGAN
  network.

`--learning-rate` sets the generator's Adam learning rate, `--batch-size`
the batch (64). Data files are looked for as for seqgan (`../shared/data`,
`$KERAS_GANS_SHARED_DATA`, `$KERAS_GANS_DATA`). Runs cannot be resumed
(their pretraining phases are not in `model.keras`).
"""

import os
import sys
import types

from keras_gans.cli._common import fail as _fail
from keras_gans.cli._common import import_keras
from keras_gans.cli.registry import FamilyRecipe
from keras_gans.cli.registry import register_family

PUNCTUATION = "，。！？、；："
DEFAULT_STEPS = 50
# The generator's Adam rate. MaskGAN's policy collapses onto repeated tokens
# at 1e-3 within a few hundred steps; 1e-4 does not (benchmarks/RESULTS.md).
DEFAULT_LEARNING_RATES = {"maskgan": 1e-4, "discrete_bgan": 1e-3}


def _common_settings(args, family):
    if args.resume is not None:
        _fail(f"--resume {args.resume}: {family} runs cannot be resumed exactly (their "
              "pretraining phases are not in model.keras); train a new run")
    for name in ("latent_dim", "image_size", "beta_1"):
        if getattr(args, name) is not None:
            _fail(f"--{name.replace('_', '-')} does not apply to the {family} family")
    settings = {
        "batch_size": args.batch_size or 64,
        "epochs": 1 if args.epochs is None else args.epochs,
        "steps_per_epoch": args.steps_per_epoch or DEFAULT_STEPS,
        "learning_rate": args.learning_rate or DEFAULT_LEARNING_RATES[family],
        "seed": 0 if args.seed is None else args.seed,
    }
    for name in ("batch_size", "steps_per_epoch"):
        if settings[name] < 1:
            _fail(f"--{name.replace('_', '-')} must be >= 1; received {settings[name]}")
    if settings["epochs"] < 0:
        _fail(f"--epochs must be >= 0; received {settings['epochs']}")
    return settings


def _text_ids(dataset, seed):
    from keras_gans import text
    from keras_gans.cli import seqgan_data

    path = seqgan_data.find_data_file(dataset, None)
    if path is None:
        _fail(f"{seqgan_data.SEQUENCE_DATASETS[dataset][0]} was not found in "
              f"{seqgan_data.data_dirs()} (see ../shared/data/README.md)")
    if dataset == "poems":
        texts = ["".join(c for c in p if c not in PUNCTUATION)
                 for p in text.load_chinese_poems(path)]
        texts = [t for t in texts if len(t) == 20]
        tokenizer = text.TextTokenizer(split="character", sequence_length=20)
    else:
        texts = text.load_coco_captions(path)
        tokenizer = text.TextTokenizer(split="unicode_script", sequence_length=32)
    tokenizer.adapt(texts, max_tokens=5000)
    return tokenizer(texts).numpy(), tokenizer, os.path.abspath(path)


def _batches(ids, s):
    import tensorflow as tf

    return (tf.data.Dataset.from_tensor_slices(ids).shuffle(len(ids), seed=s["seed"])
            .batch(s["batch_size"], drop_remainder=True))


def _finish(model, out, record, seconds, history):
    from keras_gans import saving
    from keras_gans.export import export

    os.makedirs(out, exist_ok=True)
    saving.save_model(model, os.path.join(out, "model.keras"))
    export(model, os.path.join(out, "saved_model"), overwrite=True)
    logs = {k: float(v[-1]) for k, v in history.history.items()} if history else {}
    saving.write_json(os.path.join(out, "run.json"),
                      {**record, "seconds": seconds, "final_logs": logs})
    print(f"checkpoint:  {os.path.join(out, 'model.keras')}")
    print(f"saved model: {os.path.join(out, 'saved_model')}")


def _record(args, s, family, dataset, data_file):
    return {**{k: v for k, v in vars(args).items() if k != "func"}, **s,
            "family": family, "dataset": dataset, "data_file": data_file}


def _fit(model, batches, s):
    if not s["epochs"]:
        return None
    verbose = 1 if sys.stdout.isatty() else 2
    return model.fit(batches.repeat(), epochs=s["epochs"], steps_per_epoch=s["steps_per_epoch"],
                     verbose=verbose)


# ---------------------------------------------------------------- maskgan


def train_maskgan(args):
    """`keras-gans train maskgan` (the recipe's `train`)."""
    import time

    s = _common_settings(args, "maskgan")
    dataset = "poems" if args.dataset in (None, "auto") else args.dataset
    if dataset not in ("poems", "coco"):
        _fail(f"family 'maskgan' trains on poems, coco; received --dataset {dataset!r}")
    keras = import_keras()
    from keras_gans import sequence

    keras.utils.set_random_seed(s["seed"])
    ids, tokenizer, data_file = _text_ids(dataset, s["seed"])
    held_out, ids = ids[:8], ids[8:]
    vocab, length = tokenizer.vocabulary_size(), ids.shape[1]
    print(f"{len(ids)} training texts of {length} tokens, vocabulary {vocab} ({data_file})")
    shape = dict(embedding_dim=64, hidden_dim=64, num_layers=1, sequence_length=length)
    model = sequence.MaskGAN(
        sequence.SequenceToSequenceGenerator(vocab, tokenizer=tokenizer, **shape),
        sequence.SequenceToSequenceDiscriminator(vocab, **shape),
        sequence.SequenceToSequenceCritic(vocab, **shape),
        seed=s["seed"],
    )
    model.compile(g_optimizer=keras.optimizers.Adam(s["learning_rate"], global_clipnorm=5.0),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    batches = _batches(ids, s)
    verbose = 1 if sys.stdout.isatty() else 2
    start, seconds = time.perf_counter(), {}
    model.pretrain_generator(batches, epochs=1, verbose=verbose)
    model.pretrain_discriminator(batches.repeat(), epochs=1,
                                 steps_per_epoch=s["steps_per_epoch"], verbose=verbose)
    seconds["pretraining"] = time.perf_counter() - start
    start = time.perf_counter()
    history = _fit(model, batches, s)
    seconds["adversarial"] = time.perf_counter() - start
    os.makedirs(args.out, exist_ok=True)
    write_fills(model, types.SimpleNamespace(count=len(held_out), seed=s["seed"]),
                os.path.join(args.out, "samples"), held_out)
    _finish(model, args.out, _record(args, s, "maskgan", dataset, data_file), seconds, history)


def write_fills(model, args, stem, tokens=None):
    """Texts with blanks and their fills, one pair of lines each (`samples.txt`).

    Without `tokens`, `--count` sequences are generated from nothing (every
    position missing), one a line.
    """
    import numpy as np

    from keras_gans.sequence import mask_sequences

    generator = model.generator
    if tokens is None:
        tokens = np.zeros((args.count, generator.sequence_length), "int32")
        mask = np.zeros_like(tokens, bool)
    else:
        mask = mask_sequences(tokens, model.mask_strategy, model.present_rate,
                              seed=args.seed).numpy()
    filled = generator.fill(tokens, mask, seed=args.seed)
    lines = []
    if generator.tokenizer is not None and not mask.any():
        lines = generator.tokenizer.decode(filled)
    elif generator.tokenizer is not None:
        tokenizer = generator.tokenizer
        pieces = tokenizer.get_vocabulary()
        # A blank as the `fill_text` signature reads it: "_" per missing
        # character, "____" per missing word.
        blank = "_" if tokenizer.separator == "" else "____"
        for row, m, f in zip(tokens, mask, tokenizer.decode(filled)):
            lines.append(tokenizer.separator.join(
                pieces[t] if keep else blank for t, keep in zip(row, m)))
            lines.append(f)
    else:
        lines = [" ".join(str(int(t)) for t in row) for row in filled]
    path = stem + ".txt"
    from keras_gans.cli.seqgan import write_lines

    write_lines(path, lines)
    return [path]


# ---------------------------------------------------------- discrete_bgan


def train_discrete_bgan(args):
    """`keras-gans train discrete_bgan` (the recipe's `train`)."""
    import time

    s = _common_settings(args, "discrete_bgan")
    dataset = "oracle" if args.dataset in (None, "auto") else args.dataset
    if dataset not in ("oracle", "binary_fashion_mnist"):
        _fail("family 'discrete_bgan' trains on oracle, binary_fashion_mnist; received "
              f"--dataset {dataset!r}")
    keras = import_keras()
    import numpy as np

    from keras_gans import models
    from keras_gans import saving
    from keras_gans import sequence
    from keras_gans.cli import seqgan_data

    keras.utils.set_random_seed(s["seed"])
    verbose = 1 if sys.stdout.isatty() else 2
    seconds, nll = {}, {}
    if dataset == "oracle":
        path = seqgan_data.find_data_file("oracle", None)
        if path is None:
            _fail(f"seqgan_oracle.npz was not found in {seqgan_data.data_dirs()}")
        oracle = sequence.OracleLSTM.from_npz(path)
        data = oracle.sample(10_000, seed=s["seed"])
        generator = sequence.SequenceGenerator(5000, 32, 32, sequence_length=20)
        discriminator = sequence.SequenceDiscriminator(5000, 20)
        data_file = os.path.abspath(path)
    else:
        from keras_gans import datasets

        try:
            images = datasets.load("fashion_mnist")
        except FileNotFoundError as error:
            _fail(f"Fashion-MNIST is not installed: {error}")
        data = (np.stack(list(images.take(10_000).as_numpy_iterator())) > 0).astype("float32")
        network = models.dcgan_generator(data.shape[1:], 64, filters=32, output_activation=None)
        generator = models.BernoulliGenerator(64, data.shape[1:], network=network)
        discriminator = keras.Sequential([
            keras.Input(data.shape[1:]), keras.layers.Conv2D(32, 4, 2, padding="same"),
            keras.layers.LeakyReLU(0.2), keras.layers.Flatten(), keras.layers.Dense(1),
        ], name="discriminator")
        data_file = "fashion_mnist (binarised at 0.5)"
    model = sequence.DiscreteBGAN(generator, discriminator, num_samples=16, seed=s["seed"])
    model.compile(g_optimizer=keras.optimizers.Adam(s["learning_rate"], global_clipnorm=5.0),
                  d_optimizer=keras.optimizers.Adam(1e-4))
    batches = _batches(data, s)
    start = time.perf_counter()
    if dataset == "oracle":
        generator.compile(optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        generator.fit(batches, epochs=1, verbose=verbose)
        nll["after_mle"] = oracle.nll(model.generate(2000, seed=s["seed"]))
        model.pretrain_discriminator(batches.repeat(), epochs=1,
                                     steps_per_epoch=s["steps_per_epoch"], verbose=verbose)
    seconds["pretraining"] = time.perf_counter() - start
    start = time.perf_counter()
    history = _fit(model, batches, s)
    seconds["adversarial"] = time.perf_counter() - start
    os.makedirs(args.out, exist_ok=True)
    write_bgan_samples(model, types.SimpleNamespace(count=64, seed=s["seed"]),
                       os.path.join(args.out, "samples"))
    if dataset == "oracle":
        nll["after_bgan"] = oracle.nll(model.generate(2000, seed=s["seed"]))
        print(f"NLL-oracle after MLE {nll['after_mle']:.3f}, after BGAN {nll['after_bgan']:.3f}")
        saving.write_json(os.path.join(args.out, "nll_oracle.json"),
                          {**nll, "eval_samples": 2000, "oracle": data_file})
    _finish(model, args.out, _record(args, s, "discrete_bgan", dataset, data_file), seconds,
            history)


def write_bgan_samples(model, args, stem):
    """Token ids (one sequence a line) or a grid of binary images."""
    samples = model.generate(args.count, seed=args.seed)
    if model.is_sequence:
        from keras_gans.cli.seqgan import write_lines

        path = stem + ".txt"
        write_lines(path, [" ".join(str(int(t)) for t in row) for row in samples])
        return [path]
    from keras_gans.callbacks import display_scale
    from keras_gans.callbacks import save_image_grid

    path = stem + ".png"
    save_image_grid(samples * 2.0 - 1.0, path, scale=display_scale(samples.shape[1]))
    return [path]


def _refuse_evaluate(args, run):
    _fail("evaluate computes image and vector metrics; see the run's samples and "
          "run.json (and nll_oracle.json for the oracle)")


def _recipe(**fields):
    """A recipe of this module's families: `fields` over the defaults they share.

    Both train with a flow of their own (`train`), Adam for the generator
    (`DEFAULT_LEARNING_RATES`), batches of 64, one epoch, and refuse `evaluate`.
    """
    defaults = {
        "beta_1": None,
        "batch_size": 64,
        "epochs": 1,
        "evaluate": _refuse_evaluate,
    }
    return FamilyRecipe(**{**defaults, **fields})


register_family(
    "maskgan",
    _recipe(
        learning_rate=DEFAULT_LEARNING_RATES["maskgan"],
        description="MaskGAN (Fedus et al.): fill-in-the-blank text, poems or COCO captions",
        datasets=("poems", "coco"),
        default_dataset="poems",
        dataset_descriptions={
            "poems": "chinese_poems.txt: Chinese quatrains without punctuation (20 chars)",
            "coco": "coco_captions_train.txt: image-COCO captions, one token per word",
        },
        train=train_maskgan,
        sample_writer=lambda model, args, stem: write_fills(model, args, stem),
    ),
)

register_family(
    "discrete_bgan",
    _recipe(
        learning_rate=DEFAULT_LEARNING_RATES["discrete_bgan"],
        description="discrete boundary-seeking GAN (Hjelm et al.): the oracle, binary images",
        datasets=("oracle", "binary_fashion_mnist"),
        default_dataset="oracle",
        dataset_descriptions={
            "oracle": "token ids sampled from the SeqGAN paper's oracle LSTM (NLL-oracle)",
            "binary_fashion_mnist": "Fashion-MNIST binarised at 0.5 (a Bernoulli generator)",
        },
        train=train_discrete_bgan,
        sample_writer=write_bgan_samples,
    ),
)
