"""`CharCNNRNN`: Reed et al.'s character-level text encoder, on raw strings."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int

# Reed et al.'s 70 characters (lower-case letters, digits, punctuation), and
# the space. Id 0 pads, id 1 is any other character, then the alphabet.
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-,;.!?:'\"/\\|_@#$%^&*~`+=<>()[]{} "
PAD_ID = 0
UNKNOWN_ID = 1
VOCABULARY_SIZE = len(ALPHABET) + 2


def _codepoint_table():
    table = np.full(128, UNKNOWN_ID, "int32")
    for i, char in enumerate(ALPHABET):
        table[ord(char)] = i + 2
    return table


def char_ids(texts, max_length):
    """Strings `[n]` to character ids int32 `[n, max_length]`, in the graph.

    Lower-cases (Unicode-aware `tf.strings.lower`), decodes UTF-8 with
    `tf.strings.unicode_decode` (invalid bytes become U+FFFD), maps each
    character of `ALPHABET` to its id (others to `UNKNOWN_ID`), truncates to
    `max_length` and pads with `PAD_ID`.
    """
    texts = tf.convert_to_tensor(texts, tf.string)
    texts = tf.strings.lower(texts, encoding="utf-8")
    codes = tf.strings.unicode_decode(texts, "UTF-8", errors="replace")[:, :max_length]
    table = tf.constant(_codepoint_table())

    def lookup(c):
        known = tf.gather(table, tf.clip_by_value(c, 0, 127))
        return tf.where((c >= 0) & (c < 128), known, UNKNOWN_ID)

    ids = tf.ragged.map_flat_values(lookup, codes)
    return tf.cast(ids.to_tensor(default_value=PAD_ID, shape=[None, max_length]), tf.int32)


def check_texts(texts, name="captions"):
    """Returns `texts` as a NumPy array of bytes `[n]`, or raises `ValueError`."""
    if isinstance(texts, (str, bytes)):
        raise ValueError(
            f"`{name}` must be a list or array of strings, not one string. "
            f"Received: {name}={texts!r}"
        )
    if isinstance(texts, tf.Tensor):
        if texts.dtype != tf.string:
            raise ValueError(f"`{name}` must be strings. Received: dtype={texts.dtype.name}")
        texts = texts.numpy()
    array = np.asarray(texts, dtype=object)
    if array.ndim == 2 and array.shape[-1] == 1:
        array = array[:, 0]
    if array.ndim != 1 or not all(isinstance(t, (str, bytes)) for t in array):
        kinds = sorted({type(t).__name__ for t in array.ravel()})
        raise ValueError(
            f"`{name}` must be a 1-D list or array of strings. Received: shape="
            f"{array.shape}, element types {kinds}"
        )
    return np.array([t.encode("utf-8") if isinstance(t, str) else t for t in array],
                    dtype=object)


@register
class CharCNNRNN(keras.Model):
    """Reed et al.'s char-CNN-RNN text encoder, taking raw strings.

    Strings are decoded to character ids inside the graph (`char_ids`:
    `tf.strings.lower`, `tf.strings.unicode_decode`, a 72-symbol alphabet),
    so a SavedModel that holds the encoder is called with raw strings. Then:
    a character embedding, temporal convolutions (ReLU) each followed by
    max-pooling, a recurrent layer (GRU) over the pooled sequence, the mean
    of its hidden states over time, and a linear map to `embedding_dim`.
    The layer also accepts the int32 ids of `char_ids` (what a training
    pipeline feeds, so that the step can be XLA-compiled).

    Args:
        embedding_dim: the size of the text embedding (1024 in the paper).
        max_length: characters kept per text (201 in the paper); longer
            texts are truncated, shorter ones padded.
        char_embedding_dim: the size of the character embedding.
        conv_filters: the filters of each temporal convolution.
        kernel_size: their kernel width.
        pool_size: the max-pooling width after each convolution.
        rnn_units: the recurrent layer's units.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import keras_gans

    encoder = keras_gans.text.CharCNNRNN(embedding_dim=16, max_length=32,
                                         conv_filters=(8,), rnn_units=8)
    embeddings = encoder(["a small red sneaker", ""])   # (2, 16)
    ```

    Reference:
        [Reed et al., 2016. Learning Deep Representations of Fine-Grained
        Visual Descriptions](https://arxiv.org/abs/1605.05395).
    """

    def __init__(
        self,
        embedding_dim=1024,
        max_length=201,
        char_embedding_dim=64,
        conv_filters=(384, 512, 256),
        kernel_size=4,
        pool_size=3,
        rnn_units=256,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        self.max_length = check_positive_int("max_length", max_length)
        self.char_embedding_dim = check_positive_int("char_embedding_dim", char_embedding_dim)
        if isinstance(conv_filters, (int, np.integer)):
            conv_filters = (conv_filters,)
        self.conv_filters = tuple(check_positive_int("conv_filters", f) for f in conv_filters)
        self.kernel_size = check_positive_int("kernel_size", kernel_size)
        self.pool_size = check_positive_int("pool_size", pool_size)
        self.rnn_units = check_positive_int("rnn_units", rnn_units)
        self.char_embedding = keras.layers.Embedding(
            VOCABULARY_SIZE, self.char_embedding_dim, name="char_embedding"
        )
        self.convolutions = [
            keras.layers.Conv1D(f, self.kernel_size, padding="same", activation="relu",
                                name=f"conv_{i}")
            for i, f in enumerate(self.conv_filters)
        ]
        self.pools = [
            keras.layers.MaxPooling1D(self.pool_size, padding="same", name=f"pool_{i}")
            for i in range(len(self.conv_filters))
        ]
        self.rnn = keras.layers.GRU(self.rnn_units, return_sequences=True, name="rnn")
        self.projection = keras.layers.Dense(self.embedding_dim, name="projection")
        self.build((None, self.max_length))

    def build(self, input_shape=None):
        shape = (None, self.max_length)
        self.char_embedding.build(shape)
        shape = (None, self.max_length, self.char_embedding_dim)
        for conv, pool in zip(self.convolutions, self.pools):
            conv.build(shape)
            shape = conv.compute_output_shape(shape)
            shape = pool.compute_output_shape(shape)
        self.rnn.build(shape)
        self.projection.build((None, self.rnn_units))
        self.built = True

    def char_ids(self, texts):
        """Strings `[n]` to int32 ids `[n, max_length]` (see `char_ids`)."""
        return char_ids(texts, self.max_length)

    def __call__(self, inputs, *args, **kwargs):
        if isinstance(inputs, (list, tuple, np.ndarray)) and not (
            isinstance(inputs, np.ndarray) and np.issubdtype(inputs.dtype, np.number)
        ):
            inputs = tf.convert_to_tensor(check_texts(inputs, "inputs"), tf.string)
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs):
        ids = self.char_ids(inputs) if inputs.dtype == tf.string else inputs
        h = self.char_embedding(ids)
        for conv, pool in zip(self.convolutions, self.pools):
            h = pool(conv(h))
        h = ops.mean(self.rnn(h), axis=1)
        return self.projection(h)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.embedding_dim)

    def get_config(self):
        config = super().get_config()
        config.update({
            "embedding_dim": self.embedding_dim,
            "max_length": self.max_length,
            "char_embedding_dim": self.char_embedding_dim,
            "conv_filters": list(self.conv_filters),
            "kernel_size": self.kernel_size,
            "pool_size": self.pool_size,
            "rnn_units": self.rnn_units,
        })  # fmt: skip
        return config
