"""SavedModel export of sequence generators, with in-graph sampling and decoding."""

import keras
import tensorflow as tf

from keras_gans._validation import check_output_dir
from keras_gans.export import write_archive
from keras_gans.sequence.generator import SequenceGenerator


def export_sequence_model(model, path, overwrite=False, tokenizer=None):
    """Writes a sequence model's generator as a SavedModel that TF Serving loads.

    Signatures:

    - `serving_default(count, seed, temperature)` and the same as `sample`:
      draws `count` (int32) sequences inside the graph with a stateless RNG
      seeded by `seed` (int64), at `temperature` (float32; 1.0 samples the
      model), and returns `tokens` (int32 `[count, T]`); with a tokenizer
      also `text` (the decoded strings, ended at the first padding id). The
      same seed gives the same sequences as `model.generate(count, seed)`.
    - `log_prob(tokens)`: the generator's log-likelihood of each int32
      sequence `[n, T]` as `log_prob` (float32 `[n]`).

    Args:
        model: a `keras_gans.sequence.SeqGAN` or a `SequenceGenerator`.
        path: the SavedModel directory.
        overwrite: replace an existing non-empty directory.
        tokenizer: a `keras_gans.text.TextTokenizer` that decodes the ids;
            defaults to the one attached to the generator, if any.

    Returns:
        `path`.

    Example:

    ```python
    import keras_gans

    generator = keras_gans.sequence.SequenceGenerator(10, 8, 8, sequence_length=5)
    keras_gans.sequence.export_sequence_model(
        generator, "/tmp/keras_gans_sequence_export", overwrite=True
    )
    ```
    """
    generator = getattr(model, "generator", model)
    if not isinstance(generator, SequenceGenerator):
        raise ValueError(
            "`model` must be a keras_gans.sequence.SeqGAN or SequenceGenerator. "
            f"Received: model={model!r}"
        )
    path = check_output_dir("path", path, overwrite)
    endpoints, trackables = sequence_serving(generator, tokenizer)
    archive = keras.export.ExportArchive()
    for trackable in trackables:
        archive.track(trackable)
    for name, (function, specs) in endpoints.items():
        archive.add_endpoint(name, function, specs)
    write_archive(archive, path)
    return path


def sequence_serving(generator, tokenizer=None):
    """The signatures of a sequence generator and what they need tracked.

    Returns `(endpoints, trackables)`: `endpoints` a dict name ->
    `(function, input specs)` as `serving_endpoints()` returns them
    (`serving_default` = `sample`, and `log_prob`; see
    `export_sequence_model`), `trackables` the generator and its tokenizer.
    """
    if tokenizer is None:
        tokenizer = generator.tokenizer
    if tokenizer is not None and tokenizer.vocabulary_size() != generator.vocab_size:
        raise ValueError(
            "`tokenizer` must have `vocabulary_size() == vocab_size`. Received: "
            f"tokenizer vocabulary size={tokenizer.vocabulary_size()}, "
            f"vocab_size={generator.vocab_size}"
        )

    def sample(count, seed, temperature):
        stateless_seed = tf.stack([seed, tf.zeros([], tf.int64)])
        tokens = generator.sample_tokens(count, stateless_seed, temperature)
        outputs = {"tokens": tokens}
        if tokenizer is not None:
            outputs["text"] = tokenizer.detokenize(tokens)
        return outputs

    def log_prob(tokens):
        return {"log_prob": tf.cast(generator.log_prob(tokens), tf.float32)}

    sample_specs = [
        tf.TensorSpec([], tf.int32, name="count"),
        tf.TensorSpec([], tf.int64, name="seed"),
        tf.TensorSpec([], tf.float32, name="temperature"),
    ]
    tokens_spec = tf.TensorSpec([None, generator.sequence_length], tf.int32, name="tokens")
    endpoints = {
        "serving_default": (sample, sample_specs),
        "sample": (sample, sample_specs),
        "log_prob": (log_prob, [tokens_spec]),
    }
    trackables = [generator] + ([tokenizer] if tokenizer is not None else [])
    return endpoints, trackables


BLANK_PATTERN = "_+"


def fill_serving(generator, tokenizer=None):
    """The SavedModel signatures of an in-filling generator (MaskGAN).

    - `fill(tokens, mask, seed, temperature)` (also `serving_default`): int32
      tokens `[n, T]`, int32 mask `[n, T]` (1 = present), int64 seed and
      float32 temperature; returns the filled `tokens` (present tokens kept).
    - with a tokenizer, `fill_text(text, seed, temperature)`: strings `[n]`
      whose missing tokens are written as blanks (`"____"`; with a character
      tokenizer each `_` is one missing character); tokenisation, masking,
      filling and decoding run in the graph; returns `text` and `tokens`.

    Returns `(endpoints, trackables)`.
    """
    if tokenizer is None:
        tokenizer = generator.tokenizer
    length = generator.sequence_length

    def fill(tokens, mask, seed, temperature):
        stateless_seed = tf.stack([seed, tf.zeros([], tf.int64)])
        filled = generator.fill_tokens(tokens, tf.not_equal(mask, 0), stateless_seed, temperature)
        outputs = {"tokens": filled}
        if tokenizer is not None:
            outputs["text"] = tokenizer.detokenize(filled)
        return outputs

    specs = [
        tf.TensorSpec([None, length], tf.int32, name="tokens"),
        tf.TensorSpec([None, length], tf.int32, name="mask"),
        tf.TensorSpec([], tf.int64, name="seed"),
        tf.TensorSpec([], tf.float32, name="temperature"),
    ]
    endpoints = {"serving_default": (fill, specs), "fill": (fill, specs)}
    if tokenizer is not None:

        def fill_text(text, seed, temperature):
            pieces = tokenizer.tokenize(text)
            present = tf.ragged.map_flat_values(
                lambda flat: tf.logical_not(tf.strings.regex_full_match(flat, BLANK_PATTERN)),
                pieces,
            )
            ids = tf.ragged.map_flat_values(
                lambda flat: tf.cast(tokenizer._lookup(flat), tf.int32), pieces
            )
            tokens = ids.to_tensor(default_value=0, shape=[None, length])
            mask = present.to_tensor(default_value=True, shape=[None, length])
            stateless_seed = tf.stack([seed, tf.zeros([], tf.int64)])
            filled = generator.fill_tokens(tokens, mask, stateless_seed, temperature)
            return {"text": tokenizer.detokenize(filled), "tokens": filled}

        endpoints["fill_text"] = (
            fill_text,
            [
                tf.TensorSpec([None], tf.string, name="text"),
                tf.TensorSpec([], tf.int64, name="seed"),
                tf.TensorSpec([], tf.float32, name="temperature"),
            ],
        )
    trackables = [generator] + ([tokenizer] if tokenizer is not None else [])
    return endpoints, trackables
