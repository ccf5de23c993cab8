"""In-graph tokenization, vocabularies and detokenization for text GANs."""

import collections

import keras
import numpy as np
import tensorflow as tf

from keras_gans._registry import register
from keras_gans._validation import check_positive_int

SPLITS = ("character", "whitespace", "unicode_script")


def _as_string_tensor(texts):
    if isinstance(texts, str):
        raise ValueError(
            "`texts` must be a list or tensor of strings, not one string. Received: "
            f"texts={texts!r}"
        )
    return tf.convert_to_tensor(texts, tf.string)


@register
class TextTokenizer(keras.layers.Layer):
    """Strings to fixed-length token ids and back, inside the TF graph.

    Splitting uses TensorFlow Text (`"character"`: Unicode characters with
    whitespace dropped, for classical Chinese; `"whitespace"`:
    `tensorflow_text.WhitespaceTokenizer`; `"unicode_script"`:
    `tensorflow_text.UnicodeScriptTokenizer`, which also splits punctuation
    from words). Tokens map to ids through `keras.layers.StringLookup`: id 0
    is the padding token (also the generator's start token), id 1 the
    out-of-vocabulary token, then the vocabulary by decreasing frequency.
    Called on strings `[n]` the layer returns int32 ids `[n, sequence_length]`
    (truncated, and padded with 0); `detokenize` maps ids back to strings,
    ending each text at its first padding id.

    Args:
        vocabulary: a list of tokens (without the padding and OOV tokens), or
            `None` to build it with `adapt`.
        split: `"character"`, `"whitespace"` or `"unicode_script"`.
        sequence_length: the length of the id sequences; `None` makes
            `encode` return ragged ids (and `call` requires a length).
        lowercase: lower-case texts before splitting.
        pad_token: the string of id 0.
        oov_token: the string of id 1.
        **kwargs: passed to `keras.layers.Layer`.

    Example:

    ```python
    import keras_gans

    tokenizer = keras_gans.text.TextTokenizer(split="whitespace", sequence_length=6)
    tokenizer.adapt(["a dog on a bed", "a cat on a mat"])
    ids = tokenizer(["a cat on a bed"])      # int32 (1, 6), ends with 0
    tokenizer.detokenize(ids)                # [b"a cat on a bed"]
    ```
    """

    def __init__(
        self,
        vocabulary=None,
        split="character",
        sequence_length=None,
        lowercase=False,
        pad_token="<pad>",
        oov_token="<unk>",
        **kwargs,
    ):
        if split not in SPLITS:
            raise ValueError(f"`split` must be one of {SPLITS}. Received: split={split!r}")
        if sequence_length is not None:
            sequence_length = check_positive_int("sequence_length", sequence_length)
        for name, token in (("pad_token", pad_token), ("oov_token", oov_token)):
            if not isinstance(token, str) or not token:
                raise ValueError(f"`{name}` must be a non-empty string. Received: {name}={token!r}")
        if pad_token == oov_token:
            raise ValueError(
                "`pad_token` and `oov_token` must differ. Received: "
                f"pad_token={pad_token!r}, oov_token={oov_token!r}"
            )
        kwargs.setdefault("trainable", False)
        super().__init__(**kwargs)
        self.split = split
        self.sequence_length = sequence_length
        self.lowercase = bool(lowercase)
        self.pad_token = pad_token
        self.oov_token = oov_token
        self.separator = "" if split == "character" else " "
        self._vocabulary = None
        self._lookup = None
        self._inverse = None
        if vocabulary is not None:
            self.set_vocabulary(vocabulary)
        self.built = True

    # -------------------------------------------------------- vocabulary

    def set_vocabulary(self, vocabulary):
        """Sets the token list (ids 2, 3, ...; 0 and 1 are padding and OOV)."""
        if isinstance(vocabulary, str) or not hasattr(vocabulary, "__iter__"):
            raise ValueError(
                f"`vocabulary` must be a list of strings. Received: vocabulary={vocabulary!r}"
            )
        vocabulary = [
            v.decode("utf-8") if isinstance(v, bytes) else v for v in list(vocabulary)
        ]
        bad = [v for v in vocabulary if not isinstance(v, str) or not v]
        if bad:
            raise ValueError(
                f"`vocabulary` must hold non-empty strings. Received entries {bad[:5]!r}"
            )
        duplicates = [v for v, c in collections.Counter(vocabulary).items() if c > 1]
        reserved = {self.pad_token, self.oov_token} & set(vocabulary)
        if duplicates or reserved:
            raise ValueError(
                "`vocabulary` must hold distinct tokens other than the padding and OOV "
                f"tokens. Received duplicates {duplicates[:5]!r} and reserved "
                f"tokens {sorted(reserved)!r}"
            )
        self._vocabulary = list(vocabulary)
        common = dict(
            vocabulary=self._vocabulary,
            mask_token=self.pad_token,
            oov_token=self.oov_token,
            num_oov_indices=1,
        )
        self._lookup = keras.layers.StringLookup(**common, name="lookup")
        self._inverse = keras.layers.StringLookup(**common, invert=True, name="inverse_lookup")

    def adapt(self, texts, max_tokens=None, min_count=1, batch_size=4096):
        """Builds the vocabulary from `texts`: tokens by decreasing count.

        Args:
            texts: a list/array of strings or a `tf.data.Dataset` of strings.
            max_tokens: the largest vocabulary size, padding and OOV included.
            min_count: drop tokens seen fewer times.
            batch_size: how many texts are tokenized at once.

        Returns:
            `self`.
        """
        if max_tokens is not None:
            max_tokens = check_positive_int("max_tokens", max_tokens, minimum=3)
        min_count = check_positive_int("min_count", min_count)
        if isinstance(texts, tf.data.Dataset):
            batches = texts.unbatch() if texts.element_spec.shape.rank else texts
            batches = batches.batch(batch_size)
        else:
            texts = _as_string_tensor(texts)
            if texts.shape.rank != 1 or texts.shape[0] == 0:
                raise ValueError(
                    "`texts` must be a non-empty list of strings. Received "
                    f"shape {tuple(texts.shape)}"
                )
            batches = tf.data.Dataset.from_tensor_slices(texts).batch(batch_size)
        counts = collections.Counter()
        for batch in batches:
            counts.update(self.tokenize(batch).flat_values.numpy().tolist())
        for token in (self.pad_token.encode("utf-8"), self.oov_token.encode("utf-8")):
            counts.pop(token, None)
        ranked = sorted(
            (t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t)
        )
        if max_tokens is not None:
            ranked = ranked[: max_tokens - 2]
        if not ranked:
            raise ValueError("`texts` hold no tokens to build a vocabulary from.")
        self.set_vocabulary([t.decode("utf-8") for t in ranked])
        return self

    def _require_vocabulary(self):
        if self._vocabulary is None:
            raise ValueError(
                "The tokenizer has no vocabulary: pass `vocabulary=` or call `adapt`."
            )

    def get_vocabulary(self):
        """All tokens by id: padding, OOV, then the vocabulary."""
        self._require_vocabulary()
        return [self.pad_token, self.oov_token] + list(self._vocabulary)

    def vocabulary_size(self):
        """The number of ids (padding and OOV included)."""
        return None if self._vocabulary is None else len(self._vocabulary) + 2

    # -------------------------------------------------------- transforms

    def tokenize(self, texts):
        """Splits strings `[n]` into a ragged tensor of token strings `[n, None]`."""
        texts = _as_string_tensor(texts)
        if self.lowercase:
            texts = tf.strings.lower(texts, encoding="utf-8")
        if self.split == "character":
            chars = tf.strings.unicode_split(texts, "UTF-8")
            blank = tf.ragged.map_flat_values(tf.strings.regex_full_match, chars, r"\s")
            return tf.ragged.boolean_mask(chars, tf.logical_not(blank))
        import tensorflow_text

        if self.split == "whitespace":
            return tensorflow_text.WhitespaceTokenizer().tokenize(texts)
        return tensorflow_text.UnicodeScriptTokenizer().tokenize(texts)

    def encode(self, texts):
        """Token ids of strings `[n]`: int32 `[n, sequence_length]` (or ragged)."""
        self._require_vocabulary()
        tokens = self.tokenize(texts)
        ids = tf.ragged.map_flat_values(
            lambda flat: tf.cast(self._lookup(flat), tf.int32), tokens
        )
        if self.sequence_length is None:
            return ids
        return ids.to_tensor(default_value=0, shape=[None, self.sequence_length])

    def __call__(self, texts, *args, **kwargs):
        # Keras only takes tensors positionally: convert lists of strings.
        return super().__call__(_as_string_tensor(texts), *args, **kwargs)

    def call(self, texts):
        if self.sequence_length is None:
            raise ValueError(
                "Calling the tokenizer needs `sequence_length` (use `encode` for ragged "
                "ids). Received: sequence_length=None"
            )
        return self.encode(texts)

    def detokenize(self, ids):
        """Strings `[n]` of token ids `[n, T]`, each ended at its first padding id."""
        self._require_vocabulary()
        ids = tf.cast(ids, tf.int64)
        strings = self._inverse(ids)
        keep = tf.math.cumprod(tf.cast(tf.not_equal(ids, 0), tf.int32), axis=-1) > 0
        kept = tf.ragged.boolean_mask(strings, keep)
        return tf.strings.reduce_join(kept, axis=-1, separator=self.separator)

    def decode(self, ids):
        """`detokenize` as a list of Python strings."""
        return [t.decode("utf-8") for t in np.asarray(self.detokenize(ids)).tolist()]

    def split_tokens(self, texts):
        """Python token lists of `texts` (as this tokenizer splits them), e.g. for BLEU."""
        tokens = self.tokenize(texts).to_list()
        return [[t.decode("utf-8") for t in row] for row in tokens]

    def compute_output_shape(self, input_shape):
        return tuple(input_shape) + (self.sequence_length,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocabulary": None if self._vocabulary is None else list(self._vocabulary),
                "split": self.split,
                "sequence_length": self.sequence_length,
                "lowercase": self.lowercase,
                "pad_token": self.pad_token,
                "oov_token": self.oov_token,
            }
        )
        return config
