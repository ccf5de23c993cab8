"""`SequenceGenerator`: the LSTM policy that generates discrete sequences.

Its sampling and scoring helpers (`sample_categorical`, `step_seed`, the
compiled sampler, the mean NLL) are in `keras_gans.sequence.sampling`;
`sample_categorical` and `step_seed` are also importable from here.
"""

import keras
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.sequence import _checks
from keras_gans.sequence.policy_gradient import sampled_log_probs
from keras_gans.sequence.sampling import generate_tokens
from keras_gans.sequence.sampling import mean_nll
from keras_gans.sequence.sampling import sample_categorical
from keras_gans.sequence.sampling import step_seed


@register
class SequenceGenerator(keras.Model):
    """An LSTM policy over tokens: the SeqGAN generator G_theta.

    At position `t` the policy reads the previous token (the start token at
    `t = 0`) and outputs logits over the vocabulary for token `t`. It is a
    `keras.Model`: called on int token ids `[batch, T]` it returns the
    teacher-forced logits `[batch, T, vocab_size]`, where `logits[:, t]` is
    the distribution of `tokens[:, t]` given `tokens[:, :t]`. Compiled with
    an optimizer and `keras.losses.SparseCategoricalCrossentropy(
    from_logits=True)`, `fit` on token ids alone trains it by maximum
    likelihood (the targets are the inputs).

    The cell is the one of the SeqGAN paper's oracle:
    `i, f, o = sigmoid(x W + h U + b)`, `c~ = tanh(x W + h U + b)`,
    `c = f * c_prev + i * c~`, `h = o * tanh(c)`, with the four gates fused in
    one kernel in the order (input, forget, output, candidate). Every weight
    starts from N(0, 0.1), as in the authors' code.

    The class is also the policy interface that rollouts use:
    `initial_state(n)`, `step(tokens, states) -> (logits, states)` and
    `prefix_states(inputs)`. Sampling (`sample_tokens` inside a graph,
    `generate` from Python) runs in one graph with stateless RNG seeds.

    Args:
        vocab_size: the number of token ids.
        embedding_dim: the size of the token embedding.
        hidden_dim: the LSTM's state size.
        sequence_length: the length T of every sequence.
        start_token: the id fed as the input of the first step.
        tokenizer: an optional `keras_gans.text.TextTokenizer` whose
            vocabulary the ids index; `generate_text` and the SavedModel export
            then decode samples to strings.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import keras
    import numpy as np
    import keras_gans

    generator = keras_gans.sequence.SequenceGenerator(
        vocab_size=8, embedding_dim=8, hidden_dim=16, sequence_length=6
    )
    generator.compile(
        optimizer=keras.optimizers.Adam(1e-2),
        loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    data = np.tile(np.arange(1, 7, dtype="int32"), (64, 1))
    generator.fit(data, batch_size=16, epochs=2, verbose=0)
    tokens = generator.generate(4, seed=0)  # int32 (4, 6)
    ```

    Reference:
        [Yu et al., 2017. SeqGAN: Sequence Generative Adversarial Nets with
        Policy Gradient](https://arxiv.org/abs/1609.05473), section 4.
    """

    def __init__(
        self,
        vocab_size,
        embedding_dim=32,
        hidden_dim=32,
        sequence_length=20,
        start_token=0,
        tokenizer=None,
        **kwargs,
    ):
        vocab_size = _checks.check_vocab_size("vocab_size", vocab_size)
        # The policy samples by calling its methods directly (outside Keras'
        # autocasting `__call__`): it computes in float32 under any global
        # mixed-precision policy.
        kwargs.setdefault("dtype", "float32")
        embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        hidden_dim = check_positive_int("hidden_dim", hidden_dim)
        sequence_length = check_positive_int("sequence_length", sequence_length)
        start_token = check_positive_int("start_token", start_token, minimum=0)
        if start_token >= vocab_size:
            raise ValueError(
                f"`start_token` must be a token id in [0, vocab_size={vocab_size}). "
                f"Received: start_token={start_token}"
            )
        if isinstance(tokenizer, dict):
            tokenizer = keras.saving.deserialize_keras_object(tokenizer)
        _checks.check_tokenizer(tokenizer, vocab_size, sequence_length)
        super().__init__(**kwargs)
        self.vocab_size = vocab_size
        self.embedding_dim = embedding_dim
        self.hidden_dim = hidden_dim
        self.sequence_length = sequence_length
        self.start_token = start_token
        self.tokenizer = tokenizer
        self._sample_function = None
        self.build((None, sequence_length))

    # ------------------------------------------------------------- weights

    def _initializer(self):
        return keras.initializers.RandomNormal(stddev=0.1)

    def build(self, input_shape=None):
        if self.built:
            return
        four_h = 4 * self.hidden_dim
        self.embeddings = self.add_weight(
            shape=(self.vocab_size, self.embedding_dim),
            initializer=self._initializer(),
            name="embeddings",
        )
        self.kernel = self.add_weight(
            shape=(self.embedding_dim, four_h), initializer=self._initializer(), name="kernel"
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.hidden_dim, four_h),
            initializer=self._initializer(),
            name="recurrent_kernel",
        )
        self.bias = self.add_weight(
            shape=(four_h,), initializer=self._initializer(), name="bias"
        )
        self.output_kernel = self.add_weight(
            shape=(self.hidden_dim, self.vocab_size),
            initializer=self._initializer(),
            name="output_kernel",
        )
        self.output_bias = self.add_weight(
            shape=(self.vocab_size,), initializer=self._initializer(), name="output_bias"
        )
        self.built = True

    # ------------------------------------------------------ policy interface

    def initial_state(self, batch_size):
        """The LSTM state before the first step: `[h0, c0]`, both zeros."""
        zeros = ops.zeros((batch_size, self.hidden_dim), dtype=self.compute_dtype)
        return [zeros, zeros]

    def _cell(self, projected, states):
        h, c = states
        z = projected + ops.matmul(h, self.recurrent_kernel) + self.bias
        i, f, o, g = ops.split(z, 4, axis=-1)
        c = ops.sigmoid(f) * c + ops.sigmoid(i) * ops.tanh(g)
        h = ops.sigmoid(o) * ops.tanh(c)
        return [h, c]

    def output_logits(self, h):
        """Logits over the vocabulary from hidden states `[..., hidden_dim]`."""
        return ops.matmul(h, self.output_kernel) + self.output_bias

    def step(self, tokens, states):
        """Reads `tokens` `[n]` (the previous tokens) and advances `states`.

        Returns:
            `(logits, states)`: logits `[n, vocab_size]` of the next token and
            the new state.
        """
        x = ops.take(self.embeddings, ops.cast(tokens, "int32"), axis=0)
        states = self._cell(ops.matmul(x, self.kernel), states)
        return self.output_logits(states[0]), states

    def _run(self, inputs):
        """Teacher-forced recurrence over `inputs` `[B, L]`: `[h, c]` `[L, B, H]`."""
        inputs = ops.cast(inputs, "int32")
        projected = ops.matmul(ops.take(self.embeddings, inputs, axis=0), self.kernel)
        projected = ops.transpose(projected, (1, 0, 2))  # time-major
        states = self.initial_state(ops.shape(inputs)[0])
        steps = inputs.shape[1]
        if steps is None:

            def body(carry, x):
                new = self._cell(x, carry)
                return new, ops.stack(new)

            _, stacked = ops.scan(body, states, projected)
            return [stacked[:, 0], stacked[:, 1]]
        hs, cs = [], []
        for t in range(steps):
            states = self._cell(projected[t], states)
            hs.append(states[0])
            cs.append(states[1])
        return [ops.stack(hs), ops.stack(cs)]

    def prefix_states(self, inputs):
        """The states after reading each input of `inputs` `[B, L]`.

        Returns:
            A list `[h, c]` of `[L, B, hidden_dim]` tensors: entry `t` is the
            state after reading `inputs[:, :t + 1]` from the initial state.
        """
        return self._run(inputs)

    def shifted_inputs(self, tokens):
        """The inputs of the teacher-forced pass: the start token, then tokens[:, :-1]."""
        tokens = ops.cast(tokens, "int32")
        start = ops.full((ops.shape(tokens)[0], 1), self.start_token, dtype="int32")
        return ops.concatenate([start, tokens[:, :-1]], axis=1)

    def call(self, tokens, training=False):
        """Teacher-forced logits `[B, T, vocab_size]` of `tokens` `[B, T]`."""
        h = self._run(self.shifted_inputs(tokens))[0]
        return self.output_logits(ops.transpose(h, (1, 0, 2)))

    def token_log_probs(self, tokens, training=False):
        """`log p(tokens[:, t] | tokens[:, :t])` for every position: `[B, T]`."""
        return sampled_log_probs(self(tokens, training=training), tokens)

    def log_prob(self, tokens):
        """The log-likelihood of each sequence of `tokens` `[B, T]`: `[B]`."""
        return ops.sum(self.token_log_probs(tokens), axis=-1)

    def sample_tokens(self, n, seed, temperature=1.0):
        """Samples `n` sequences inside the graph (no argument checks).

        Args:
            n: an int scalar (tensor or Python int).
            seed: an int tensor `[2]`, the stateless RNG seed.
            temperature: a float scalar.

        Returns:
            int32 `[n, sequence_length]` token ids.
        """
        states = self.initial_state(n)
        previous = ops.full((n,), self.start_token, dtype="int32")
        tokens = []
        for t in range(self.sequence_length):
            logits, states = self.step(previous, states)
            previous = sample_categorical(logits, step_seed(seed, t), temperature)
            tokens.append(previous)
        return ops.stack(tokens, axis=1)

    # --------------------------------------------------------- user methods

    def generate(self, n, seed=None, temperature=1.0, batch_size=None):
        """Samples `n` sequences of token ids, as NumPy int32 `[n, T]`.

        Sampling runs in one compiled graph. The same `seed` gives the same
        sequences (and the same as the SavedModel's `sample` signature).

        Args:
            n: how many sequences.
            seed: an int for a reproducible draw, or `None`.
            temperature: a float > 0 dividing the logits.
            batch_size: draw in chunks of this many sequences (chunk `i`
                uses the seed folded with `i`); `None` draws all at once.
        """
        n = check_positive_int("n", n)
        seed = _checks.check_seed("seed", seed)
        temperature = _checks.check_positive_float("temperature", temperature)
        if batch_size is not None:
            batch_size = check_positive_int("batch_size", batch_size)
        return generate_tokens(self, n, seed, temperature, batch_size)

    def generate_text(self, n, seed=None, temperature=1.0):
        """Samples `n` sequences and decodes them with the attached tokenizer."""
        if self.tokenizer is None:
            raise ValueError(
                "`generate_text` needs a tokenizer: pass `tokenizer=` to the "
                "SequenceGenerator. Received: tokenizer=None"
            )
        tokens = self.generate(n, seed=seed, temperature=temperature)
        return [t.decode("utf-8") for t in self.tokenizer.detokenize(tokens).numpy()]

    def nll(self, tokens, batch_size=1000):
        """Mean negative log-likelihood per token of `tokens` under the policy."""
        return mean_nll(self, tokens, batch_size)

    # ------------------------------------------------------------ training

    @staticmethod
    def _with_targets(data):
        if isinstance(data, (tuple, list)):
            if len(data) == 1:
                return (data[0], data[0])
            return tuple(data)
        return (data, data)

    def train_step(self, data):
        return super().train_step(self._with_targets(data))

    def test_step(self, data):
        return super().test_step(self._with_targets(data))

    def fit(self, x=None, y=None, **kwargs):
        """`keras.Model.fit` after checking the token data.

        `x` holds int token ids `[num_sequences, T]` (an array or a batched
        `tf.data.Dataset`); without `y` the targets are `x` itself, so `fit`
        is maximum likelihood with teacher forcing. Ids outside `[0,
        vocab_size)` and a length other than `sequence_length` raise a
        `ValueError` before anything is traced.
        """
        _checks.check_token_data("x", x, self.vocab_size, self.sequence_length)
        if y is not None:
            _checks.check_token_data("y", y, self.vocab_size, self.sequence_length)
        if isinstance(x, tf.data.Dataset):
            kwargs.setdefault("shuffle", False)
        return super().fit(x, y, **kwargs)

    # -------------------------------------------------------------- config

    def serving_endpoints(self):
        """SavedModel signatures: `sample`/`serving_default` and `log_prob`.

        See `keras_gans.sequence.export_sequence_model`.
        """
        from keras_gans.sequence.export import sequence_serving

        return sequence_serving(self)[0]

    def serving_trackables(self):
        """What a SavedModel of this generator holds: itself and its tokenizer."""
        from keras_gans.sequence.export import sequence_serving

        return sequence_serving(self)[1]

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "vocab_size": self.vocab_size,
                "embedding_dim": self.embedding_dim,
                "hidden_dim": self.hidden_dim,
                "sequence_length": self.sequence_length,
                "start_token": self.start_token,
                "tokenizer": (
                    None
                    if self.tokenizer is None
                    else keras.saving.serialize_keras_object(self.tokenizer)
                ),
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

