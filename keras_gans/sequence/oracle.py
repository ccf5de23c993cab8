"""The oracle LSTM of the SeqGAN paper's synthetic experiment."""

import os

import numpy as np

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.sequence import _checks
from keras_gans.sequence.generator import SequenceGenerator

_GATES = ("i", "f", "o", "c")  # The fused kernel's order (see SequenceGenerator).
_NPZ_KEYS = ("embedding", "W_out", "b_out") + tuple(
    f"{kind}_{gate}" for gate in _GATES for kind in ("W", "U", "b")
)


@register
class OracleLSTM(SequenceGenerator):
    """The oracle of SeqGAN's synthetic experiment: a fixed random LSTM.

    Its samples are the "real data" of the experiment, and its negative
    log-likelihood of a model's samples (NLL-oracle) scores the model.
    With `x` the embedding of the previous token (the start token first) and
    `h0 = c0 = 0`, each gate is `sigmoid(x W + h U + b)`, the candidate
    `tanh(x W_c + h U_c + b_c)`, `c = f * c_prev + i * candidate`,
    `h = o * tanh(c)`, and the next token is drawn from
    `softmax(h W_out + b_out)`.

    The weights are frozen (`trainable=False`). Build it from the paper's
    parameters with `OracleLSTM.from_npz(path)` or draw a new oracle with
    `OracleLSTM.random(...)` (every parameter N(0, 1), as the authors did).

    Args:
        vocab_size: the number of token ids (5000 in the paper).
        embedding_dim: the embedding size (32).
        hidden_dim: the LSTM state size (32).
        sequence_length: the sequence length (20).
        start_token: the id fed as the first input (0).
        **kwargs: passed to `SequenceGenerator`.

    Example:

    ```python
    import keras_gans

    oracle = keras_gans.sequence.OracleLSTM.random(
        vocab_size=50, embedding_dim=8, hidden_dim=8, sequence_length=10, seed=0
    )
    data = oracle.sample(100, seed=1)  # int32 (100, 10)
    oracle.nll(data)                   # mean NLL per token, a float
    ```

    Reference:
        [Yu et al., 2017. SeqGAN: Sequence Generative Adversarial Nets with
        Policy Gradient](https://arxiv.org/abs/1609.05473), section 4.1.
    """

    def __init__(
        self,
        vocab_size=5000,
        embedding_dim=32,
        hidden_dim=32,
        sequence_length=20,
        start_token=0,
        **kwargs,
    ):
        kwargs.setdefault("trainable", False)
        kwargs.pop("tokenizer", None)
        super().__init__(
            vocab_size,
            embedding_dim=embedding_dim,
            hidden_dim=hidden_dim,
            sequence_length=sequence_length,
            start_token=start_token,
            **kwargs,
        )

    def set_parameters(self, parameters):
        """Sets the weights from a dict of the paper's arrays.

        Args:
            parameters: a mapping with `embedding`, `W_out`, `b_out` and
                `W_g`, `U_g`, `b_g` for each gate `g` in `i, f, o, c`
                (input, forget, output, candidate), in the shapes of
                `../shared/data/README.md` (`x W`, so `W` is `[in, out]`).
        """
        missing = [key for key in _NPZ_KEYS if key not in parameters]
        if missing:
            raise ValueError(
                f"`parameters` lacks the arrays {missing}. Received keys: "
                f"{sorted(parameters)}"
            )
        arrays = {key: np.asarray(parameters[key], "float32") for key in _NPZ_KEYS}
        fused = {
            "embeddings": arrays["embedding"],
            "kernel": np.concatenate([arrays[f"W_{g}"] for g in _GATES], axis=1),
            "recurrent_kernel": np.concatenate([arrays[f"U_{g}"] for g in _GATES], axis=1),
            "bias": np.concatenate([arrays[f"b_{g}"] for g in _GATES]),
            "output_kernel": arrays["W_out"],
            "output_bias": arrays["b_out"],
        }
        for name, value in fused.items():
            variable = getattr(self, name)
            if tuple(variable.shape) != value.shape:
                raise ValueError(
                    f"The oracle parameter for `{name}` has shape {value.shape}; the "
                    f"oracle expects {tuple(variable.shape)} (vocab_size="
                    f"{self.vocab_size}, embedding_dim={self.embedding_dim}, "
                    f"hidden_dim={self.hidden_dim})"
                )
            variable.assign(value)
        return self

    @classmethod
    def from_npz(cls, path, sequence_length=20, start_token=0):
        """The oracle with the parameters stored in a `.npz` file.

        Args:
            path: a `.npz` with the arrays of `set_parameters` (the paper's
                are `../shared/data/seqgan_oracle.npz`).
            sequence_length: the length of sampled sequences (20 in the paper).
            start_token: the first input (0 in the paper).
        """
        path = os.fspath(path)
        if not os.path.isfile(path):
            raise ValueError(f"`path` is not a file. Received: path={path!r}")
        with np.load(path) as data:
            parameters = {key: data[key] for key in data.files}
        if "embedding" not in parameters or "U_i" not in parameters:
            raise ValueError(
                f"`path` is not an oracle parameter file (it lacks `embedding` or "
                f"`U_i`). Received: path={path!r} with arrays {sorted(parameters)}"
            )
        vocab_size, embedding_dim = parameters["embedding"].shape
        hidden_dim = parameters["U_i"].shape[0]
        oracle = cls(
            int(vocab_size),
            int(embedding_dim),
            int(hidden_dim),
            sequence_length=sequence_length,
            start_token=start_token,
        )
        return oracle.set_parameters(parameters)

    @classmethod
    def random(
        cls, vocab_size, embedding_dim, hidden_dim, sequence_length, seed=0, start_token=0
    ):
        """A new oracle with every parameter drawn from N(0, 1) (seeded)."""
        vocab_size = _checks.check_vocab_size("vocab_size", vocab_size)
        embedding_dim = check_positive_int("embedding_dim", embedding_dim)
        hidden_dim = check_positive_int("hidden_dim", hidden_dim)
        seed = _checks.check_seed("seed", seed)
        rng = np.random.default_rng(seed)
        shapes = {"embedding": (vocab_size, embedding_dim), "W_out": (hidden_dim, vocab_size),
                  "b_out": (vocab_size,)}
        for gate in _GATES:
            shapes[f"W_{gate}"] = (embedding_dim, hidden_dim)
            shapes[f"U_{gate}"] = (hidden_dim, hidden_dim)
            shapes[f"b_{gate}"] = (hidden_dim,)
        parameters = {key: rng.standard_normal(shapes[key]) for key in _NPZ_KEYS}
        oracle = cls(
            vocab_size,
            embedding_dim,
            hidden_dim,
            sequence_length=sequence_length,
            start_token=start_token,
        )
        return oracle.set_parameters(parameters)

    def parameters(self):
        """The weights as the dict of arrays that `set_parameters` takes."""
        h = self.hidden_dim
        kernel = np.asarray(self.kernel.numpy())
        recurrent = np.asarray(self.recurrent_kernel.numpy())
        bias = np.asarray(self.bias.numpy())
        result = {
            "embedding": self.embeddings.numpy(),
            "W_out": self.output_kernel.numpy(),
            "b_out": self.output_bias.numpy(),
        }
        for k, gate in enumerate(_GATES):
            result[f"W_{gate}"] = kernel[:, k * h : (k + 1) * h]
            result[f"U_{gate}"] = recurrent[:, k * h : (k + 1) * h]
            result[f"b_{gate}"] = bias[k * h : (k + 1) * h]
        return result

    def sample(self, n, seed=None):
        """Samples `n` sequences from the oracle: NumPy int32 `[n, T]`.

        Args:
            n: how many sequences.
            seed: an int for a reproducible draw, or `None`.
        """
        return self.generate(n, seed=seed)

    def nll(self, sequences, batch_size=1000):
        """The mean negative log-likelihood per token of `sequences` `[n, T]`.

        This is NLL-oracle when `sequences` are a model's samples. Sums are
        accumulated in float64.
        """
        return super().nll(sequences, batch_size=batch_size)

    def get_config(self):
        config = super().get_config()
        config.pop("tokenizer", None)
        return config
