"""MaskGAN: fill-in-the-blank text generation trained by actor-critic."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.sequence import _checks
from keras_gans.sequence import _family
from keras_gans.sequence import masking
from keras_gans.sequence import policy_gradient as pg
from keras_gans.sequence.seq2seq import SequenceToSequenceGenerator
from keras_gans.sequence.seq2seq import check_mask


def _masked_mean(values, weights):
    """Per-example mean of `values` `[B, T]` over the positions where `weights` is 1."""
    weights = ops.cast(weights, "float32")
    total = ops.sum(ops.cast(values, "float32") * weights, axis=-1)
    return total / ops.maximum(ops.sum(weights, axis=-1), 1.0)


def _missing(mask):
    return 1.0 - ops.cast(mask, "float32")


@register
class MaskGAN(_family.TokenData, AdversarialModel):
    """MaskGAN: a seq2seq generator fills masked spans, trained by actor-critic.

    Each `train_step` on a batch of real token sequences:

    1. `d_steps` discriminator updates, each on its own real batch: mask it
       (`mask_sequences` with `mask_strategy` and `present_rate`), fill it with
       the generator and train D to tell the real tokens from the filled ones
       at the **missing positions only** (present positions are identical);
    2. a critic update: on a freshly masked and filled batch, the reward of a
       missing token is `r_t = log D_t`, its return `R_t = sum_{s >= t}
       gamma^(s - t) m_s r_s` (`m_s` = 1 where missing) and the critic
       regresses `V_t` onto `R_t` (squared error on missing positions);
    3. a generator update (the actor): the REINFORCE loss
       `-sum_t m_t log pi(x_t) clip(R_t - V_t, -c, c)`, with the critic's
       values as the baseline (`keras_gans.sequence.policy_gradient`).

    Players: `generator`, `discriminator`, `critic`, each with its own
    optimizer (`compile(g_optimizer, d_optimizer, critic_optimizer)`; the
    critic's defaults to a copy of `d_optimizer`). Logs: `d_loss`, `d_real`,
    `d_fake` (D's mean probability of "real" on missing positions),
    `critic_loss`, `g_loss`, `reward` (the mean `log D` of filled tokens).
    `pretrain_generator` is MaskMLE (teacher-forced in-filling cross-entropy
    on missing tokens) and `pretrain_discriminator` runs D's update alone.
    Randomness (masks, fills) comes from the model's RNG state: a `.keras`
    file resumes exactly.

    Args:
        generator: a `SequenceToSequenceGenerator`.
        discriminator: a `SequenceToSequenceDiscriminator` (logits `[B, T]`
            from `(tokens, mask)`).
        critic: a `SequenceToSequenceCritic` (values `[B, T]`).
        discount: the discount gamma of the returns, in [0, 1] (0.89 in the
            paper).
        advantage_clip: the bound of the advantages `|R - V|`, or `None`.
        d_steps: discriminator updates per step.
        mask_strategy: `"contiguous"` or `"random"` (see `mask_sequences`).
        present_rate: the rate of present tokens, in (0, 1).
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import keras
    import numpy as np
    from keras_gans import sequence

    T, V = 8, 12
    data = np.random.default_rng(0).integers(1, V, (64, T)).astype("int32")
    kw = dict(embedding_dim=8, hidden_dim=16, num_layers=1, sequence_length=T)
    model = sequence.MaskGAN(
        sequence.SequenceToSequenceGenerator(V, **kw),
        sequence.SequenceToSequenceDiscriminator(V, **kw),
        sequence.SequenceToSequenceCritic(V, **kw),
        seed=0,
    )
    model.compile(
        g_optimizer=keras.optimizers.Adam(1e-3),
        d_optimizer=keras.optimizers.Adam(1e-3),
        critic_optimizer=keras.optimizers.Adam(1e-3),
    )
    model.pretrain_generator(data, epochs=1, batch_size=16, verbose=0)
    model.fit(data, batch_size=16, epochs=1, verbose=0)
    mask = sequence.mask_sequences(data[:2], seed=1).numpy()
    filled = model.generator.fill(data[:2], mask, seed=2)
    ```

    Reference:
        [Fedus, Goodfellow & Dai, 2018. MaskGAN: Better Text Generation via
        Filling in the ______](https://arxiv.org/abs/1801.07736).
    """

    def __init__(
        self,
        generator,
        discriminator,
        critic,
        discount=0.89,
        advantage_clip=5.0,
        d_steps=1,
        mask_strategy="contiguous",
        present_rate=0.5,
        seed=None,
        **kwargs,
    ):
        discount = pg.check_discount(discount)
        if advantage_clip is not None:
            advantage_clip = _checks.check_positive_float("advantage_clip", advantage_clip)
        mask_strategy = masking.check_strategy(mask_strategy)
        present_rate = masking.check_present_rate(present_rate)
        if not isinstance(generator, SequenceToSequenceGenerator):
            raise ValueError(
                "`generator` must be a keras_gans.sequence.SequenceToSequenceGenerator. "
                f"Received: generator={generator!r}"
            )
        for name, network in (("discriminator", discriminator), ("critic", critic)):
            for attribute in ("vocab_size", "sequence_length"):
                theirs = getattr(network, attribute, None)
                if theirs is not None and theirs != getattr(generator, attribute):
                    raise ValueError(
                        f"The {name}'s {attribute} must equal the generator's. Received: "
                        f"{name} {attribute}={theirs}, generator {attribute}="
                        f"{getattr(generator, attribute)}"
                    )
        if mask_strategy == "contiguous":
            masking.missing_span_length(generator.sequence_length, present_rate)
        super().__init__(
            networks={"generator": generator, "discriminator": discriminator, "critic": critic},
            players={
                "generator": ("generator",),
                "discriminator": ("discriminator",),
                "critic": ("critic",),
            },
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        self.discount = discount
        self.advantage_clip = advantage_clip
        self.mask_strategy = mask_strategy
        self.present_rate = present_rate

    def compile(self, g_optimizer=None, d_optimizer=None, critic_optimizer=None,
                optimizers=None, **kwargs):
        """As `AdversarialModel.compile`, with the critic's optimizer.

        `critic_optimizer` defaults to a fresh copy of `d_optimizer`.
        """
        if optimizers is None:
            if critic_optimizer is None and d_optimizer is not None:
                critic_optimizer = _family.copy_optimizer(keras.optimizers.get(d_optimizer))
            optimizers = {
                "generator": g_optimizer, "discriminator": d_optimizer, "critic": critic_optimizer,
            }
        elif g_optimizer is not None or d_optimizer is not None or critic_optimizer is not None:
            raise ValueError("Pass either `optimizers={...}` or the per-player optimizers.")
        super().compile(optimizers=optimizers, **kwargs)

    # ------------------------------------------------------------ sampling

    def call(self, inputs, training=False):
        """The generator's teacher-forced logits of `(tokens, mask)`."""
        return self.generator(inputs, training=training)

    def generate(self, n, seed=None, temperature=1.0):
        """`n` sequences generated from nothing (every position missing)."""
        n = check_positive_int("n", n)
        tokens = np.zeros((n, self.sequence_length), "int32")
        return self.generator.fill(tokens, np.zeros_like(tokens, bool), seed, temperature)

    def mask(self, tokens, seed):
        """The training masks of `tokens` (`mask_strategy`, `present_rate`)."""
        return masking.mask_sequences(tokens, self.mask_strategy, self.present_rate, seed)

    def serving_endpoints(self):
        """`fill(tokens, mask, seed, temperature)` (and `fill_text` with a tokenizer)."""
        from keras_gans.sequence.export import fill_serving

        return fill_serving(self.generator)[0]

    def serving_trackables(self):
        from keras_gans.sequence.export import fill_serving

        return fill_serving(self.generator)[1]

    # ------------------------------------------------------- the objectives

    def discriminator_objective(self, real_logits, fake_logits, mask):
        """D's per-example loss over the missing positions of `mask` only."""
        terms = self.loss_fn.real_term(ops.cast(real_logits, "float32")) + self.loss_fn.fake_term(
            ops.cast(fake_logits, "float32")
        )
        return _masked_mean(terms, _missing(mask))

    def returns(self, fake_logits, mask):
        """Rewards `r_t = log D_t` and returns `R_t`, both `[B, T]`, on missing positions."""
        missing = _missing(mask)
        rewards = ops.log_sigmoid(ops.cast(fake_logits, "float32")) * missing
        return rewards, pg.discounted_returns(rewards, self.discount, missing)

    def critic_objective(self, values, returns, mask):
        """The critic's per-example squared error on missing positions."""
        error = ops.square(ops.cast(values, "float32") - ops.stop_gradient(returns))
        return _masked_mean(error, _missing(mask))

    def generator_objective(self, log_probs, returns, values, mask):
        """The actor's per-example loss `-sum_t m_t log pi(x_t) clip(R_t - V_t)`."""
        return pg.reinforce_loss(
            log_probs, returns, baseline=values, mask=_missing(mask),
            advantage_clip=self.advantage_clip,
        )

    # ------------------------------------------------------------ training

    def train_updates(self):
        return [
            Update("discriminator", self.discriminator_loss, prepare=self.fill_batch,
                   repeat=self.d_steps, logs=("d_loss", "d_real", "d_fake")),
            Update("critic", self.critic_loss, prepare=self.scored_batch,
                   logs=("critic_loss",)),
            Update("generator", self.generator_loss, prepare=self.actor_batch,
                   logs=("g_loss", "reward")),
        ]

    def fill_batch(self, real, conditions, seed):
        """Masks `real` and fills it with the generator."""
        seeds = tf.random.experimental.stateless_split(seed, 2)
        mask = self.mask(real, seeds[0])
        filled = ops.stop_gradient(self.generator.fill_tokens(real, mask, seeds[1]))
        return {"mask": mask, "fake": filled}

    def scored_batch(self, real, conditions, seed):
        """A filled batch with its rewards and returns."""
        batch = self.fill_batch(real, conditions, seed)
        logits = self.discriminator((batch["fake"], batch["mask"]), training=False)
        rewards, returns = self.returns(logits, batch["mask"])
        return {**batch, "rewards": rewards, "returns": ops.stop_gradient(returns)}

    def actor_batch(self, real, conditions, seed):
        """A scored batch with the critic's values (the baseline)."""
        batch = self.scored_batch(real, conditions, seed)
        values = self.critic((batch["fake"], batch["mask"]), training=False)
        return {**batch, "values": ops.stop_gradient(values)}

    def discriminator_loss(self, real, conditions, seed, prepared):
        mask = prepared["mask"]
        real_logits = self.discriminator((real, mask), training=True)
        fake_logits = self.discriminator((prepared["fake"], mask), training=True)
        per_example = self.discriminator_objective(real_logits, fake_logits, mask)
        missing = _missing(mask)
        return per_example, {
            "d_loss": per_example,
            "d_real": _masked_mean(self.loss_fn.output(real_logits), missing),
            "d_fake": _masked_mean(self.loss_fn.output(fake_logits), missing),
        }

    def critic_loss(self, real, conditions, seed, prepared):
        values = self.critic((prepared["fake"], prepared["mask"]), training=True)
        per_example = self.critic_objective(values, prepared["returns"], prepared["mask"])
        return per_example, {"critic_loss": per_example}

    def generator_loss(self, real, conditions, seed, prepared):
        log_probs = self.generator.token_log_probs(
            prepared["fake"], prepared["mask"], training=True
        )
        per_example = self.generator_objective(
            log_probs, prepared["returns"], prepared["values"], prepared["mask"]
        )
        reward = _masked_mean(prepared["rewards"], _missing(prepared["mask"]))
        return per_example, {"g_loss": per_example, "reward": reward}

    # ---------------------------------------------------------- pretraining

    def mle_loss(self, tokens, mask, training=False):
        """MaskMLE: the per-example cross-entropy of the missing tokens."""
        log_probs = self.generator.token_log_probs(tokens, mask, training=training)
        return _masked_mean(-log_probs, _missing(mask))

    def pretrain_generator(self, x, epochs=1, optimizer=None, **kwargs):
        """MaskMLE: teacher-forced in-filling cross-entropy on missing tokens.

        Each step masks a real batch (as training does) and minimises the
        generator's negative log-likelihood of the real missing tokens with
        `optimizer` (default: a copy of `g_optimizer`, kept for later calls).
        Logs `mle_loss`.

        Args:
            x: int token ids `[num_sequences, T]` or a batched dataset of them.
            epochs: as in `fit`.
            optimizer: an optimizer for the MLE phase.
            **kwargs: passed to `fit`.
        """
        if optimizer is not None or getattr(self, "_mle_optimizer", None) is None:
            if optimizer is None:
                if self.g_optimizer is None:
                    raise ValueError(
                        "Call `compile(...)` first or pass `optimizer=`. Received: optimizer=None"
                    )
                optimizer = _family.copy_optimizer(self.g_optimizer)
            optimizer = keras.optimizers.get(optimizer)
            optimizer.build(self.generator.trainable_variables)
            self._mle_optimizer = optimizer
        optimizer = self._mle_optimizer

        def step(real, seed):
            mask = self.mask(real, seed)
            variables = self.generator.trainable_variables
            with tf.GradientTape() as tape:
                per_example = self.mle_loss(real, mask, training=True)
                loss = self.reduce_loss(per_example)
            optimizer.apply_gradients(zip(tape.gradient(loss, variables), variables))
            return {"mle_loss": per_example}

        return _family.run_phase(self, x, epochs, step, ("mle_loss",), "mask_mle", **kwargs)

    def pretrain_discriminator(self, x, epochs=1, **kwargs):
        """D's update alone (real vs. filled, missing positions) through `fit`."""
        if self.d_optimizer is None:
            raise ValueError("Call `compile(...)` before pretraining the discriminator.")
        update = self.train_updates()[0]

        def step(real, seed):
            return self.run_update(update, real, None, seed)

        return _family.run_phase(
            self, x, epochs, step, ("d_loss", "d_real", "d_fake"), "d_pretraining", **kwargs
        )

    def infill_nll(self, tokens, mask, batch_size=500):
        """Mean negative log-likelihood per missing token (teacher-forced).

        `exp` of it is the perplexity of the real missing tokens.
        """
        tokens = _checks.check_token_array("tokens", tokens, self.vocab_size, self.sequence_length)
        mask = check_mask("mask", mask, tokens.shape)
        total, count = 0.0, 0
        for start in range(0, len(tokens), batch_size):
            x, m = tokens[start:start + batch_size], mask[start:start + batch_size]
            log_probs = self.generator.token_log_probs(x, m).numpy()
            total -= float((log_probs * ~m).sum())
            count += int((~m).sum())
        return total / max(count, 1)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "discount": self.discount,
                "advantage_clip": self.advantage_clip,
                "mask_strategy": self.mask_strategy,
                "present_rate": self.present_rate,
            }
        )
        return config

