"""The SeqGAN discriminator: a CNN text classifier."""

import numbers

import keras
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.layers.highway import Highway
from keras_gans.layers.seeded_dropout import SeededDropout
from keras_gans.sequence import _checks

PAPER_FILTER_SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20)
PAPER_NUM_FILTERS = (100, 200, 200, 200, 200, 100, 100, 100, 100, 100, 160, 160)


def _max_over_time(x):
    """The maximum over the time axis of `[batch, time, channels]`: `[batch, channels]`.

    One max-pooling window over the whole axis rather than a reduction: the
    same values, but in bfloat16 the pooling kernel is several times faster
    on CPU than TensorFlow's reduction (`benchmarks/RESULTS.md`).
    """
    length = x.shape[1]
    pooled = ops.max_pool(x, pool_size=length, strides=length, padding="valid")
    return ops.reshape(pooled, (-1, x.shape[2]))


def _int_tuple(name, values, maximum=None):
    try:
        values = tuple(values)
    except TypeError:
        raise ValueError(
            f"`{name}` must be a sequence of integers. Received: {name}={values!r}"
        ) from None
    if not values or not all(
        isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1 for v in values
    ):
        raise ValueError(
            f"`{name}` must be a non-empty sequence of integers >= 1. Received: {name}={values!r}"
        )
    if maximum is not None and max(values) > maximum:
        raise ValueError(
            f"`{name}` cannot exceed the sequence length {maximum}. Received: {name}={values!r}"
        )
    return tuple(int(v) for v in values)


@register
class SequenceDiscriminator(keras.Model):
    """The SeqGAN discriminator D_phi: a CNN over token embeddings.

    Tokens are embedded, convolved along time with one filter bank per
    window size (ReLU, applied after the pooling, which gives the same
    features), max-pooled over time, concatenated, passed through a
    highway layer and dropout, and mapped to one logit: the log-odds that a
    sequence is real. This is Kim's (2014) sentence classifier with the
    paper's window sizes and filter counts (1720 features for T = 20).

    `completion_logits` scores the Monte Carlo completions of SeqGAN's
    rollouts with the windows inside their shared prefixes computed once.

    The paper's code scores two classes with a softmax; one logit with a
    sigmoid is the same classifier. Its L2 penalty `l2 * (|W|^2 + |b|^2) / 2`
    on the output layer is kept: it is in `self.losses`, which `SeqGAN` adds
    to the discriminator's loss.

    Args:
        vocab_size: the number of token ids.
        sequence_length: the length T of the sequences it classifies.
        embedding_dim: the embedding size.
        filter_sizes: the convolution window sizes (each at most T).
        num_filters: the number of filters of each window size.
        dropout: the dropout rate before the output layer.
        l2: the L2 penalty coefficient of the output layer.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras_gans

    d = keras_gans.sequence.SequenceDiscriminator(
        vocab_size=50, sequence_length=10, embedding_dim=8,
        filter_sizes=(2, 3), num_filters=(4, 4),
    )
    logits = d(np.zeros((3, 10), "int32"))  # shape (3, 1)
    ```

    Reference:
        [Yu et al., 2017. SeqGAN: Sequence Generative Adversarial Nets with
        Policy Gradient](https://arxiv.org/abs/1609.05473), section 4 and
        the appendix; [Kim, 2014. Convolutional Neural Networks for Sentence
        Classification](https://arxiv.org/abs/1408.5882).
    """

    def __init__(
        self,
        vocab_size,
        sequence_length,
        embedding_dim=64,
        filter_sizes=PAPER_FILTER_SIZES,
        num_filters=PAPER_NUM_FILTERS,
        dropout=0.25,
        l2=0.2,
        **kwargs,
    ):
        vocab_size = _checks.check_vocab_size("vocab_size", vocab_size)
        sequence_length = check_positive_int("sequence_length", sequence_length)
        embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        filter_sizes = _int_tuple("filter_sizes", filter_sizes, maximum=sequence_length)
        num_filters = _int_tuple("num_filters", num_filters)
        if len(filter_sizes) != len(num_filters):
            raise ValueError(
                "`filter_sizes` and `num_filters` must have the same length. Received: "
                f"filter_sizes={filter_sizes}, num_filters={num_filters}"
            )
        dropout = _checks.check_unit_interval("dropout", dropout)
        l2 = _checks.check_positive_float("l2", l2, allow_zero=True)
        super().__init__(**kwargs)
        self.vocab_size = vocab_size
        self.sequence_length = sequence_length
        self.embedding_dim = embedding_dim
        self.filter_sizes = filter_sizes
        self.num_filters = num_filters
        self.dropout = dropout
        self.l2 = l2

        self.embedding = keras.layers.Embedding(
            vocab_size,
            embedding_dim,
            embeddings_initializer=keras.initializers.RandomUniform(-1.0, 1.0),
            name="embedding",
        )
        self.convolutions = [
            keras.layers.Conv1D(
                filters,
                size,
                kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.1),
                bias_initializer=keras.initializers.Constant(0.1),
                name=f"conv_{size}",
            )
            for size, filters in zip(filter_sizes, num_filters)
        ]
        self.highway = Highway(transform_bias=0.0, name="highway")
        self.dropout_layer = SeededDropout(dropout, name="dropout")
        regularizer = keras.regularizers.L2(l2 / 2.0) if l2 > 0 else None
        self.output_layer = keras.layers.Dense(
            1,
            kernel_initializer=keras.initializers.TruncatedNormal(stddev=0.1),
            bias_initializer=keras.initializers.Constant(0.1),
            kernel_regularizer=regularizer,
            bias_regularizer=regularizer,
            dtype="float32",
            name="logit",
        )
        self.build((None, sequence_length))

    def build(self, input_shape=None):
        if self.built:
            return
        self.embedding.build((None, self.sequence_length))
        embedded = (None, self.sequence_length, self.embedding_dim)
        for convolution in self.convolutions:
            convolution.build(embedded)
        features = (None, sum(self.num_filters))
        self.highway.build(features)
        self.dropout_layer.build(features)
        self.output_layer.build(features)
        self.built = True

    def full_precision_layers(self):
        """The layers kept in float32 under `precision="bfloat16"`: the logit.

        The base model's `precision` switches the other layers (embedding,
        convolutions, highway) to bfloat16 computation with float32 weights,
        so that SeqGAN's rollout rewards, D's forward pass over
        `rollout_num * (T - 1) * B` sequences, run in bfloat16.
        """
        return [self.output_layer]

    def call(self, tokens, training=False):
        """Logits `[batch, 1]` that `tokens` `[batch, T]` are real."""
        x = self.embedding(ops.cast(tokens, "int32"))
        features = [_max_over_time(convolution(x)) for convolution in self.convolutions]
        return self._head(ops.concatenate(features, axis=-1), training)

    def _head(self, features, training):
        # max_t ReLU(z_t) = ReLU(max_t z_t): the ReLU of the convolutions is
        # applied to the pooled features, one value per filter.
        features = self.highway(ops.relu(features))
        features = self.dropout_layer(features, training=training)
        return self.output_layer(features)

    def completion_logits(self, tokens, completions, training=False):
        """D's logits of Monte Carlo completions, sharing their prefixes' windows.

        `completions` `[T - 1, R, B, T]` are what
        `keras_gans.sequence.monte_carlo_rollouts` returns for `tokens`
        `[B, T]`: entry `[g - 1, n, b]` starts with `tokens[b, :g]`. A
        convolution window that lies inside that prefix has the same output
        in all R completions as in `tokens[b]`, so it is computed once, on
        `tokens`, and only the windows that reach the drawn tokens are
        computed per completion (a third less convolution work at the
        paper's sizes). The result is `self(ops.reshape(completions, (-1, T)))`.
        A subclass that overrides `call` gets exactly that call.

        Args:
            tokens: int `[B, T]` sequences.
            completions: int `[T - 1, R, B, T]` completions of their prefixes.
            training: the dropout mode, as in `call`.

        Returns:
            float32 logits `[(T - 1) * R * B, 1]`, rows in the order of
            `ops.reshape(completions, (-1, T))`.
        """
        length = self.sequence_length
        if (
            len(completions.shape) != 4
            or completions.shape[0] != length - 1
            or completions.shape[-1] != length
            or completions.shape[1] is None
        ):
            raise ValueError(
                "`completions` must have the shape [T - 1, rollouts, batch, T] with T = "
                f"{length} and a known number of rollouts. Received: shape "
                f"{tuple(completions.shape)}"
            )
        if len(tokens.shape) != 2 or tokens.shape[-1] != length:
            raise ValueError(
                f"`tokens` must have the shape [batch, T] with T = {length}. Received: shape "
                f"{tuple(tokens.shape)}"
            )
        if type(self).call is not SequenceDiscriminator.call:
            return self(ops.reshape(completions, (-1, length)), training=training)
        prefixes, rollouts = completions.shape[0], completions.shape[1]
        own = self.embedding(ops.cast(tokens, "int32"))  # [B, T, E]
        x = self.embedding(ops.reshape(ops.cast(completions, "int32"), (prefixes, -1, length)))
        features = []
        for size, filters, convolution in zip(
            self.filter_sizes, self.num_filters, self.convolutions
        ):
            windows = convolution(own)  # [B, T - size + 1, filters]
            best = [windows[:, 0]]  # best[j]: the maximum over windows 0..j
            for j in range(1, length - size + 1):
                best.append(ops.maximum(best[-1], windows[:, j]))
            pooled = []
            unshared = min(size - 1, prefixes)  # prefixes shorter than the window
            if unshared:
                block = ops.reshape(x[:unshared], (-1, length, self.embedding_dim))
                pooled.append(ops.reshape(
                    _max_over_time(convolution(block)), (unshared, -1, filters)
                ))
            for prefix in range(size, prefixes + 1):
                shared = prefix - size + 1  # windows 0 .. shared - 1 lie in the prefix
                new = _max_over_time(convolution(x[prefix - 1][:, shared:]))
                pooled.append(ops.maximum(new, ops.tile(best[shared - 1], (rollouts, 1)))[None])
            features.append(ops.reshape(ops.concatenate(pooled, axis=0), (-1, filters)))
        return self._head(ops.concatenate(features, axis=-1), training)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 1)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocab_size": self.vocab_size,
                "sequence_length": self.sequence_length,
                "embedding_dim": self.embedding_dim,
                "filter_sizes": list(self.filter_sizes),
                "num_filters": list(self.num_filters),
                "dropout": self.dropout,
                "l2": self.l2,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
