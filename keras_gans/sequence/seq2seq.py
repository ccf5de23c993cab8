"""MaskGAN's networks: a seq2seq in-filling generator, its discriminator and critic.

All three read a masked sequence with an encoder (a missing token has its own
embedding row, id `vocab_size`) and run a decoder left to right over the
filled sequence with attention over the encoder's outputs. They differ in
what the decoder reads at position t and what it emits:

- `SequenceToSequenceGenerator`: reads token t - 1, emits logits of token t.
- `SequenceToSequenceDiscriminator`: reads token t, emits the logit that
  token t is real (given the masked context and the tokens before it).
- `SequenceToSequenceCritic`: reads token t - 1, emits the value V_t of the
  state before token t is chosen (MaskGAN's baseline).
"""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.sequence import _checks
from keras_gans.sequence.policy_gradient import sampled_log_probs
from keras_gans.sequence.sampling import sample_categorical
from keras_gans.sequence.sampling import step_seed


def check_mask(name, mask, tokens_shape):
    """`mask` as a bool array of `tokens_shape`, or a ValueError naming it."""
    array = np.asarray(mask)
    if array.shape != tuple(tokens_shape):
        raise ValueError(
            f"`{name}` must have the shape of the tokens {tuple(tokens_shape)}. "
            f"Received: {name}.shape={array.shape}"
        )
    if array.dtype != bool and not np.isin(array, (0, 1)).all():
        raise ValueError(f"`{name}` must be boolean (True = present). Received dtype {array.dtype}")
    return array.astype(bool)


class _Seq2SeqNetwork(keras.Model):
    """Encoder over the masked sequence, attentive decoder over the filled one."""

    shifted = True  # The decoder reads token t - 1 at position t.

    def __init__(
        self,
        vocab_size,
        embedding_dim=32,
        hidden_dim=32,
        sequence_length=20,
        num_layers=2,
        attention=True,
        start_token=0,
        **kwargs,
    ):
        vocab_size = _checks.check_vocab_size("vocab_size", vocab_size)
        kwargs.setdefault("dtype", "float32")
        self.vocab_size = vocab_size
        self.embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        self.hidden_dim = check_positive_int("hidden_dim", hidden_dim)
        self.sequence_length = check_positive_int("sequence_length", sequence_length)
        self.num_layers = check_positive_int("num_layers", num_layers)
        self.attention = bool(attention)
        self.start_token = check_positive_int("start_token", start_token, minimum=0)
        if self.start_token >= vocab_size:
            raise ValueError(
                f"`start_token` must be a token id in [0, vocab_size={vocab_size}). "
                f"Received: start_token={start_token}"
            )
        super().__init__(**kwargs)
        self.embedding = keras.layers.Embedding(
            vocab_size + 1, self.embedding_dim, dtype="float32", name="embedding"
        )
        self.encoder_layers = [
            keras.layers.LSTM(
                self.hidden_dim, return_sequences=True, return_state=True,
                dtype="float32", name=f"encoder_{i}",
            )
            for i in range(self.num_layers)
        ]
        self.decoder_cells = [
            keras.layers.LSTMCell(self.hidden_dim, dtype="float32", name=f"decoder_{i}")
            for i in range(self.num_layers)
        ]
        self.combine = keras.layers.Dense(
            self.hidden_dim, activation="tanh", dtype="float32", name="attention_combine"
        )
        self.head = self.make_head()
        self.build(None)

    def make_head(self):
        raise NotImplementedError

    def build(self, input_shape=None):
        if self.built:
            return
        length, e, h = self.sequence_length, self.embedding_dim, self.hidden_dim
        self.embedding.build((None, length))
        for i, layer in enumerate(self.encoder_layers):
            layer.build((None, length, e if i == 0 else h))
        for i, cell in enumerate(self.decoder_cells):
            cell.build((None, (e + h) if i == 0 else h))
        self.combine.build((None, 2 * h if self.attention else h))
        self.build_head()
        self.built = True

    def build_head(self):
        self.head.build((None, self.hidden_dim))

    # ------------------------------------------------------------ pieces

    def encode(self, tokens, mask):
        """Encoder outputs `[B, T, H]` and final states (per layer) of the masked tokens."""
        masked = ops.where(ops.cast(mask, "bool"), ops.cast(tokens, "int32"), self.vocab_size)
        x = self.embedding(masked)
        states = []
        for layer in self.encoder_layers:
            x, h, c = layer(x)
            states.append([h, c])
        return x, states

    def decoder_step(self, token, position, encoded, states):
        """Reads `token` `[B]` at `position`; returns the output `[B, H]` and states."""
        x = ops.concatenate([self.embedding(ops.cast(token, "int32")), encoded[:, position]], -1)
        new_states = []
        for cell, state in zip(self.decoder_cells, states):
            x, state = cell(x, state)
            new_states.append(state)
        if self.attention:
            scores = ops.einsum("bh,bth->bt", x, encoded) / float(np.sqrt(self.hidden_dim))
            context = ops.einsum("bt,bth->bh", ops.softmax(scores, axis=-1), encoded)
            x = ops.concatenate([x, context], axis=-1)
        return self.combine(x), new_states

    def decoder_inputs(self, tokens):
        tokens = ops.cast(tokens, "int32")
        if not self.shifted:
            return tokens
        start = ops.full((ops.shape(tokens)[0], 1), self.start_token, dtype="int32")
        return ops.concatenate([start, tokens[:, :-1]], axis=1)

    def decode(self, tokens, mask):
        """Teacher-forced decoder outputs `[B, T, H]` over `tokens`."""
        encoded, states = self.encode(tokens, mask)
        inputs = self.decoder_inputs(tokens)
        outputs = []
        for t in range(self.sequence_length):
            out, states = self.decoder_step(inputs[:, t], t, encoded, states)
            outputs.append(out)
        return ops.stack(outputs, axis=1)

    def call(self, inputs, training=False):
        tokens, mask = inputs
        return self.apply_head(self.decode(tokens, mask))

    def apply_head(self, outputs):
        return ops.squeeze(self.head(outputs), -1)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocab_size": self.vocab_size,
                "embedding_dim": self.embedding_dim,
                "hidden_dim": self.hidden_dim,
                "sequence_length": self.sequence_length,
                "num_layers": self.num_layers,
                "attention": self.attention,
                "start_token": self.start_token,
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@register
class SequenceToSequenceGenerator(_Seq2SeqNetwork):
    """MaskGAN's in-filling generator: a seq2seq LSTM with attention.

    The encoder reads the masked sequence (a missing token is the extra
    embedding row `vocab_size`); the decoder fills it left to right, reading
    the previous token of the filled sequence, the encoder's output at the
    position and (with `attention=True`) a dot-product attention context over
    all encoder outputs. At a present position the filled sequence copies the
    real token, at a missing one it holds the sampled token. Called on
    `(tokens, mask)` it returns the teacher-forced logits `[B, T, vocab_size]`
    of `tokens`.

    Args:
        vocab_size: the number of token ids.
        embedding_dim: the token embedding size.
        hidden_dim: the LSTMs' state size.
        num_layers: the number of encoder and decoder LSTM layers.
        attention: whether the decoder attends over the encoder's outputs.
        sequence_length: the length T of the sequences.
        tie_embeddings: whether the output softmax reuses the embedding
            matrix (through a projection to `embedding_dim`).
        start_token: the decoder's input at the first position.
        tokenizer: an optional `keras_gans.text.TextTokenizer`, used by the
            SavedModel's text `fill` signature.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import SequenceToSequenceGenerator, mask_sequences

    g = SequenceToSequenceGenerator(10, 8, 16, num_layers=1, sequence_length=6)
    tokens = np.random.default_rng(0).integers(0, 10, (2, 6)).astype("int32")
    mask = mask_sequences(tokens, "contiguous", 0.5, seed=0).numpy()
    filled = g.fill(tokens, mask, seed=1)  # == tokens where mask is True
    ```

    Reference:
        [Fedus, Goodfellow & Dai, 2018. MaskGAN: Better Text Generation via
        Filling in the ______](https://arxiv.org/abs/1801.07736), section 3.
    """

    def __init__(
        self,
        vocab_size,
        embedding_dim=32,
        hidden_dim=32,
        num_layers=2,
        attention=True,
        sequence_length=20,
        tie_embeddings=True,
        start_token=0,
        tokenizer=None,
        **kwargs,
    ):
        self.tie_embeddings = bool(tie_embeddings)
        if isinstance(tokenizer, dict):
            tokenizer = keras.saving.deserialize_keras_object(tokenizer)
        super().__init__(
            vocab_size, embedding_dim, hidden_dim, sequence_length, num_layers, attention,
            start_token, **kwargs,
        )
        _checks.check_tokenizer(tokenizer, self.vocab_size, self.sequence_length)
        # Not a sub-layer: the model is built already, and the tokenizer has
        # no weights (its config saves it; exports track it themselves).
        object.__setattr__(self, "tokenizer", tokenizer)
        self._fill_function = None

    def make_head(self):
        units = self.embedding_dim if self.tie_embeddings else self.vocab_size
        return keras.layers.Dense(units, dtype="float32", name="output")

    def build_head(self):
        self.head.build((None, self.hidden_dim))
        if self.tie_embeddings:
            self.output_bias = self.add_weight(
                shape=(self.vocab_size,), initializer="zeros", name="output_bias"
            )

    def apply_head(self, outputs):
        projected = self.head(outputs)
        if not self.tie_embeddings:
            return projected
        table = self.embedding.embeddings[: self.vocab_size]
        return ops.matmul(projected, ops.transpose(table)) + self.output_bias

    def token_log_probs(self, tokens, mask, training=False):
        """`log pi(tokens[:, t] | tokens[:, :t], masked context)`: `[B, T]`."""
        return sampled_log_probs(self((tokens, mask), training=training), tokens)

    def fill_tokens(self, tokens, mask, seed, temperature=1.0):
        """Fills the missing tokens inside a graph (no argument checks).

        Args:
            tokens: int `[B, T]`; the values at missing positions are ignored.
            mask: bool `[B, T]`, True where present.
            seed: a stateless seed, int tensor `[2]`.
            temperature: divides the logits of the sampled tokens.

        Returns:
            int32 `[B, T]`: `tokens` where present, samples where missing.
        """
        tokens = ops.cast(tokens, "int32")
        mask = ops.cast(mask, "bool")
        encoded, states = self.encode(tokens, mask)
        previous = ops.full((ops.shape(tokens)[0],), self.start_token, dtype="int32")
        filled = []
        for t in range(self.sequence_length):
            out, states = self.decoder_step(previous, t, encoded, states)
            logits = self.apply_head(out)
            drawn = sample_categorical(logits, step_seed(seed, t), temperature)
            previous = ops.where(mask[:, t], tokens[:, t], drawn)
            filled.append(previous)
        return ops.stack(filled, axis=1)

    def fill(self, tokens, mask, seed=None, temperature=1.0):
        """Fills the missing tokens of `tokens` (NumPy int32 `[n, T]`).

        Present tokens are kept exactly; only missing ones are sampled.

        Args:
            tokens: int token ids `[n, T]` (any id at missing positions).
            mask: bool `[n, T]`, True where the token is present.
            seed: an int for a reproducible draw, or `None`.
            temperature: a float > 0 dividing the logits.
        """
        tokens = _checks.check_token_array("tokens", tokens, self.vocab_size, self.sequence_length)
        mask = check_mask("mask", mask, tokens.shape)
        seed = _checks.check_seed("seed", seed)
        temperature = _checks.check_positive_float("temperature", temperature)
        if self._fill_function is None:
            spec = tf.TensorSpec([None, self.sequence_length], tf.int32)
            self._fill_function = tf.function(
                lambda x, m, s, t: self.fill_tokens(x, m, s, t),
                input_signature=[
                    spec, tf.TensorSpec([None, self.sequence_length], tf.bool),
                    tf.TensorSpec([2], tf.int64), tf.TensorSpec([], tf.float32),
                ],
            )
        return self._fill_function(
            tf.constant(tokens), tf.constant(mask), tf.constant([seed, 0], tf.int64),
            tf.constant(temperature, tf.float32),
        ).numpy()

    def get_config(self):
        config = super().get_config()
        config["tie_embeddings"] = self.tie_embeddings
        config["tokenizer"] = (
            None if self.tokenizer is None else keras.saving.serialize_keras_object(self.tokenizer)
        )
        return config


@register
class SequenceToSequenceDiscriminator(_Seq2SeqNetwork):
    """MaskGAN's discriminator: one logit per position of a filled sequence.

    Same encoder-decoder shape as `SequenceToSequenceGenerator`; the decoder
    reads token t itself (and the masked context), so logit t scores whether
    token t is real given the tokens before it and the present tokens.
    Called on `(tokens, mask)` it returns logits `[B, T]`.

    Args:
        vocab_size: the number of token ids.
        embedding_dim: the token embedding size.
        hidden_dim: the LSTMs' state size.
        sequence_length: the length T of the sequences.
        num_layers: the number of encoder and decoder LSTM layers.
        attention: whether the decoder attends over the encoder's outputs.
        start_token: the decoder's input before the first token (critic).
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import SequenceToSequenceDiscriminator

    d = SequenceToSequenceDiscriminator(10, 8, 16, sequence_length=6, num_layers=1)
    logits = d((np.zeros((2, 6), "int32"), np.ones((2, 6), bool)))  # shape (2, 6)
    ```

    Reference:
        [Fedus, Goodfellow & Dai, 2018. MaskGAN](https://arxiv.org/abs/1801.07736),
        section 3.
    """

    shifted = False

    def make_head(self):
        return keras.layers.Dense(1, dtype="float32", name="logit")


@register
class SequenceToSequenceCritic(_Seq2SeqNetwork):
    """MaskGAN's critic: the value `V_t` of the state before token t.

    The decoder reads token t - 1 (as the generator does), so `V_t` does not
    depend on the action it is a baseline for. Called on `(tokens, mask)` it
    returns values `[B, T]`.

    Args:
        vocab_size: the number of token ids.
        embedding_dim: the token embedding size.
        hidden_dim: the LSTMs' state size.
        sequence_length: the length T of the sequences.
        num_layers: the number of encoder and decoder LSTM layers.
        attention: whether the decoder attends over the encoder's outputs.
        start_token: the decoder's input before the first token (critic).
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    from keras_gans.sequence import SequenceToSequenceCritic

    critic = SequenceToSequenceCritic(10, 8, 16, sequence_length=6, num_layers=1)
    values = critic((np.zeros((2, 6), "int32"), np.ones((2, 6), bool)))  # (2, 6)
    ```

    Reference:
        [Fedus, Goodfellow & Dai, 2018. MaskGAN](https://arxiv.org/abs/1801.07736),
        section 3.1.
    """

    shifted = True

    def make_head(self):
        return keras.layers.Dense(1, dtype="float32", name="value")
