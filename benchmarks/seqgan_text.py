"""SeqGAN on real text: BLEU of Chinese quatrains and image-COCO captions.

For each corpus a generator is pretrained by maximum likelihood, the
discriminator is pretrained, and SeqGAN trains adversarially; BLEU of
generated texts against held-out references is measured after MLE and after
SeqGAN, beside the BLEU of real texts (the ceiling).

- Quatrains (the SeqGAN paper's poem experiment, BLEU-2): the 16,394 poems of
  `chinese_poems.txt`, shuffled; 2,000 are held out as references, the rest
  train. Tokens are characters (punctuation included).
- Image COCO (Texygen's benchmark, BLEU-2..5 and self-BLEU-2..5): train on
  `coco_captions_train.txt`, references are all of `coco_captions_test.txt`.
  Tokens are words from `tensorflow_text.UnicodeScriptTokenizer` (which,
  like NLTK's word_tokenize in Texygen, splits punctuation off words).

BLEU is `keras_gans.metrics.bleu` (NLTK 3.9.2 sentence BLEU against every
reference, uniform weights, smoothing method 1, averaged over hypotheses)
on `--hypotheses` (poems, default 200) or `--coco-hypotheses` (captions,
default 100: NLTK scores each against all 9,999 references) generated texts;
self-BLEU scores them against each other.

Usage:
    python benchmarks/seqgan_text.py --corpus poems coco
"""

import argparse
import os
import pathlib
import platform
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import nltk  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import metrics  # noqa: E402
from keras_gans import saving  # noqa: E402
from keras_gans import sequence  # noqa: E402
from keras_gans import text  # noqa: E402

REPO = pathlib.Path(__file__).resolve().parents[1]


def shared_data_dir():
    return pathlib.Path(os.environ.get("KERAS_GANS_SHARED_DATA", REPO.parent / "shared" / "data"))


def corpus(name, seed):
    data = shared_data_dir()
    if name == "poems":
        poems = text.load_chinese_poems(data / "chinese_poems.txt")
        order = np.random.default_rng(seed).permutation(len(poems))
        poems = [poems[i] for i in order]
        tokenizer = text.TextTokenizer(split="character", sequence_length=24)
        return poems[2000:], poems[:2000], tokenizer, (2,)
    train = text.load_coco_captions(data / "coco_captions_train.txt")
    test = text.load_coco_captions(data / "coco_captions_test.txt")
    tokenizer = text.TextTokenizer(split="unicode_script", sequence_length=32)
    return train, test, tokenizer, (2, 3, 4, 5)


def bleu_scores(references, hypotheses, orders, self_bleu):
    result = {f"BLEU-{n}": metrics.bleu(references, hypotheses, n=n) for n in orders}
    if self_bleu:
        result.update({f"self-BLEU-{n}": metrics.self_bleu(hypotheses, n=n) for n in orders})
    return result


def run(name, args):
    train_texts, test_texts, tokenizer, orders = corpus(name, args.seed)
    tokenizer.adapt(train_texts)
    ids = tokenizer(train_texts).numpy()
    length = tokenizer.sequence_length
    vocab = tokenizer.vocabulary_size()
    references = tokenizer.split_tokens(test_texts)
    print(f"[{name}] {len(ids)} training texts, vocabulary {vocab}, T = {length}, "
          f"{len(references)} references", flush=True)
    keras.utils.set_random_seed(args.seed)
    generator = sequence.SequenceGenerator(
        vocab, args.embedding_dim, args.hidden_dim, sequence_length=length, tokenizer=tokenizer
    )
    seqgan = sequence.SeqGAN(
        generator,
        sequence.SequenceDiscriminator(vocab, length),
        rollout_num=args.rollout_num,
        d_steps=args.d_steps,
        seed=args.seed,
    )
    seqgan.compile(
        g_optimizer=keras.optimizers.Adam(1e-2, global_clipnorm=5.0),
        d_optimizer=keras.optimizers.Adam(1e-4),
    )
    batches = (
        tf.data.Dataset.from_tensor_slices(ids)
        .shuffle(len(ids), seed=args.seed)
        .batch(64, drop_remainder=True)
    )
    self_bleu = name == "coco"
    count = args.coco_hypotheses if name == "coco" else args.hypotheses

    def evaluate(label):
        start = time.perf_counter()
        hypotheses = tokenizer.split_tokens(
            generator.generate_text(count, seed=args.seed)
        )
        scores = bleu_scores(references, hypotheses, orders, self_bleu)
        print(f"[{name} {label}] {scores} ({time.perf_counter() - start:.0f} s)", flush=True)
        return scores

    result = {"vocabulary": vocab, "sequence_length": length, "train_texts": len(ids),
              "references": len(references), "hypotheses": count}
    real = tokenizer.split_tokens(train_texts[:count])
    result["real"] = bleu_scores(references, real, orders, self_bleu)
    print(f"[{name} real] {result['real']}", flush=True)

    start = time.perf_counter()
    seqgan.pretrain_generator(batches, epochs=args.mle_epochs, verbose=2)
    result["mle_seconds"] = time.perf_counter() - start
    result["mle"] = evaluate("MLE")
    start = time.perf_counter()
    seqgan.pretrain_discriminator(batches.repeat(), epochs=1,
                                  steps_per_epoch=args.d_pretrain_steps, verbose=2)
    result["d_pretrain_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    history = seqgan.fit(batches.repeat(), epochs=args.adversarial_batches // 10,
                         steps_per_epoch=10, verbose=2)
    result["adversarial_seconds"] = time.perf_counter() - start
    result["adversarial_logs"] = {k: [float(x) for x in v] for k, v in history.history.items()}
    result["seqgan"] = evaluate("SeqGAN")
    result["samples"] = {"seqgan": generator.generate_text(8, seed=args.seed + 1)}
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=["poems", "coco"],
                        choices=["poems", "coco"])
    parser.add_argument("--embedding-dim", type=int, default=64)
    parser.add_argument("--hidden-dim", type=int, default=64)
    parser.add_argument("--mle-epochs", type=int, default=10)
    parser.add_argument("--d-pretrain-steps", type=int, default=300)
    parser.add_argument("--adversarial-batches", type=int, default=30)
    parser.add_argument("--rollout-num", type=int, default=16)
    parser.add_argument("--d-steps", type=int, default=5)
    parser.add_argument("--hypotheses", type=int, default=200,
                        help="generated texts scored for the poems")
    parser.add_argument("--coco-hypotheses", type=int, default=100,
                        help="generated captions scored for COCO (10,000 references each)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "seqgan_text.json"))
    args = parser.parse_args()
    results = {"args": vars(args), "nltk": nltk.__version__,
               "machine": f"{platform.machine()}, {os.cpu_count()} cores"}
    start = time.perf_counter()
    for name in args.corpus:
        results[name] = run(name, args)
        saving.write_json(args.out, results, indent=1, ensure_ascii=False)
    results["total_seconds"] = time.perf_counter() - start
    saving.write_json(args.out, results, indent=1, ensure_ascii=False)
    for name in args.corpus:
        r = results[name]
        print(name, {k: r[k] for k in ("real", "mle", "seqgan")})
    print(f"total {results['total_seconds'] / 60:.1f} min; wrote {args.out}")


if __name__ == "__main__":
    main()
