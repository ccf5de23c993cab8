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
