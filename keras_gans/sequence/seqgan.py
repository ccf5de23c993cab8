"""SeqGAN: a sequence generator trained by policy gradient against a CNN."""

import keras
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.sequence import _checks
from keras_gans.sequence import _family
from keras_gans.sequence.policy_gradient import batch_mean_baseline
from keras_gans.sequence.policy_gradient import reinforce_loss
from keras_gans.sequence.pretraining import Pretraining
from keras_gans.sequence.rollout import rollout_rewards

_BASELINES = (None, "mean")
_POLICY_METHODS = ("initial_state", "step", "sample_tokens", "token_log_probs")


def _discriminator_length(discriminator):
    length = getattr(discriminator, "sequence_length", None)
    if length is None:
        try:
            shape = discriminator.input_shape
        except (AttributeError, ValueError):
            return None
        if isinstance(shape, list):
            shape = shape[0]
        length = shape[1] if len(shape) > 1 else None
    return length


@register
class SeqGAN(Pretraining, _family.TokenData, AdversarialModel):
    """SeqGAN: adversarial training of a sequence policy with REINFORCE.

    Each `train_step` (one "adversarial batch" of the paper's Algorithm 1):

    1. samples a batch of sequences `Y ~ G_theta`;
    2. computes the action value `Q(Y_1:t-1, y_t)` of every step by Monte
       Carlo search: `rollout_num` completions of each prefix by the rollout
       policy `G_beta`, scored by the discriminator's probability that they
       are real; at `t = T` it is `D(Y)` itself. All `rollout_num * (T - 1)`
       completions of the batch run as one batched computation
       (`keras_gans.sequence.rollout_rewards`);
    3. updates `G_theta` with the REINFORCE loss
       `-sum_t log G(y_t) (Q_t - b_t)`; the paper uses no baseline
       (`baseline=None`), `baseline="mean"` subtracts the batch's mean
       action value at each step (override `reward_baseline` for others);
    4. moves `G_beta` towards `G_theta`: `beta <- r * beta + (1 - r) * theta`
       with `r = rollout_update_rate`;
    5. makes `d_steps` discriminator updates, each on its own real batch
       against a fresh batch of samples.

    With `d_steps > 1`, `fit` groups `d_steps` consecutive real batches of
    the data into one step (`group_real_batches`, from the base), so every
    discriminator update sees new real sequences and an epoch has `d_steps`
    times fewer steps; the generator's batch is `batch_size` sequences. A
    dataset may also yield groups `[batch, d_steps, T]` itself.

    Speed: the rewards are D's forward pass over `rollout_num * (T - 1) *
    batch` completions (19,456 at the paper's sizes), most of a step's time.
    `precision="bfloat16"` (or `"auto"`, bfloat16 where the hardware has it)
    runs the discriminator's inner layers in bfloat16 (float32 weights, a
    float32 logit) for those rewards and for its own updates; the generator
    and the rollouts' sampling stay float32. Large vocabularies are sampled
    in two exact stages (`keras_gans.sequence.sample_categorical`). The
    completions of one prefix share their first continuation step (computed
    once, `rollout_num` draws) and their prefix: `completion_rewards` has
    `SequenceDiscriminator.completion_logits` compute the convolution
    windows inside a prefix once, not once per completion (the same rewards,
    a third less convolution work at the paper's sizes).

    Players: `generator` (trains G_theta) and `discriminator`. Logs:
    `g_loss`, `reward` (the mean action value), `d_loss`, `d_real`,
    `d_fake`. `seed` also seeds the discriminator's dropout.

    `G_beta` is a delayed copy of the generator, as the paper describes. It is
    copied from the generator at the first adversarial step (and again after
    `pretrain_generator`), so MLE pretraining before SeqGAN training needs no
    extra call. The authors' released code updates its rollout network's
    weights but samples from a graph that reads the generator's own, so
    its rollouts use the current generator: `rollout_update_rate=0`
    reproduces that.

    The paper's schedule trains D for 5 x 3 epochs over 10,000 fresh
    negatives per generator update; `d_steps` is the number of D updates per
    step here (see `benchmarks/seqgan_oracle.py` for a schedule that fits a
    CPU). `pretrain_generator` (MLE) and `pretrain_discriminator` run the
    paper's pretraining phases through `fit`.

    Randomness (samples, rollouts, negatives) comes from stateless RNG seeds
    held in the model's weights, so a `.keras` file resumes exactly.

    Args:
        generator: a `SequenceGenerator` (or another policy with the same
            methods).
        discriminator: a Keras model from int tokens `[batch, T]` to logits
            `[batch, 1]`, e.g. `SequenceDiscriminator`.
        rollout_num: the number of Monte Carlo completions N per prefix.
        rollout_update_rate: the weight `r` of the old rollout parameters in
            the delayed update (0.8 in the paper).
        d_steps: discriminator updates per generator update.
        baseline: the REINFORCE baseline `b_t`: `None` (the paper) or
            `"mean"`, the mean of `Q_t` over the (per-replica) batch, a
            variance reduction that leaves the expected gradient unchanged
            up to O(1/batch).
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import keras
    import numpy as np
    import keras_gans
    from keras_gans import sequence

    oracle = sequence.OracleLSTM.random(20, 8, 8, sequence_length=6, seed=0)
    data = oracle.sample(256, seed=1)
    seqgan = sequence.SeqGAN(
        sequence.SequenceGenerator(20, 8, 16, sequence_length=6),
        sequence.SequenceDiscriminator(
            20, 6, embedding_dim=8, filter_sizes=(2, 3), num_filters=(8, 8)
        ),
        rollout_num=4,
        d_steps=1,
        seed=0,
    )
    seqgan.compile(
        g_optimizer=keras.optimizers.Adam(1e-2),
        d_optimizer=keras.optimizers.Adam(1e-4),
    )
    seqgan.pretrain_generator(data, epochs=1, batch_size=32, verbose=0)
    seqgan.pretrain_discriminator(data, epochs=1, batch_size=32, verbose=0)
    seqgan.fit(data, batch_size=32, epochs=1, verbose=0)
    print(oracle.nll(seqgan.generate(256, seed=2)))
    ```

    Reference:
        [Yu et al., 2017. SeqGAN: Sequence Generative Adversarial Nets with
        Policy Gradient](https://arxiv.org/abs/1609.05473), Algorithm 1.
    """

    def __init__(
        self,
        generator,
        discriminator,
        rollout_num=16,
        rollout_update_rate=0.8,
        d_steps=5,
        baseline=None,
        seed=None,
        **kwargs,
    ):
        if not (baseline is None or (isinstance(baseline, str) and baseline in _BASELINES)):
            raise ValueError(
                f"`baseline` must be one of {_BASELINES}. Received: baseline={baseline!r}"
            )
        rollout_num = check_positive_int("rollout_num", rollout_num)
        rollout_update_rate = _checks.check_unit_interval(
            "rollout_update_rate", rollout_update_rate, closed_right=True
        )
        missing = [m for m in _POLICY_METHODS if not hasattr(generator, m)]
        if isinstance(generator, keras.Model) and (
            missing or not hasattr(generator, "sequence_length")
        ):
            raise ValueError(
                "`generator` must be a sequence policy such as "
                "keras_gans.sequence.SequenceGenerator (it lacks "
                f"{missing or ['sequence_length']}). Received: generator={generator!r}"
            )
        super().__init__(
            networks={"generator": generator, "discriminator": discriminator},
            players={"generator": ("generator",), "discriminator": ("discriminator",)},
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        self._check_networks()
        self.rollout_num = rollout_num
        self.rollout_update_rate = rollout_update_rate
        self.baseline = baseline
        # G_beta: same architecture, its own (frozen) weights.
        self.rollout_generator = type(generator).from_config(generator.get_config())
        self.rollout_generator.trainable = False
        if len(self.rollout_generator.weights) != len(generator.weights):
            raise ValueError(
                "The generator's config does not rebuild its weights; SeqGAN needs "
                f"a clonable policy. Received: generator={generator!r}"
            )
        for target, source in zip(self.rollout_generator.weights, generator.weights):
            target.assign(source)
        self.rollout_synced = self.add_state("rollout_synced", (), "int32")

    # ------------------------------------------------------------ checks

    def _check_networks(self):
        length = self.generator.sequence_length
        d_length = _discriminator_length(self.discriminator)
        if d_length is not None and d_length != length:
            raise ValueError(
                "The discriminator's input length must equal the generator's "
                f"sequence_length. Received: discriminator input length={d_length}, "
                f"generator sequence_length={length}"
            )
        d_vocab = getattr(self.discriminator, "vocab_size", None)
        if d_vocab is not None and d_vocab != self.generator.vocab_size:
            raise ValueError(
                "The discriminator's vocab_size must equal the generator's. Received: "
                f"discriminator vocab_size={d_vocab}, generator vocab_size="
                f"{self.generator.vocab_size}"
            )

    # ---------------------------------------------------------- sampling

    def call(self, tokens, training=False):
        """The generator's teacher-forced logits `[B, T, vocab_size]`."""
        return self.generator(tokens, training=training)

    def generate(self, n, seed=None, temperature=1.0, batch_size=None):
        """Samples `n` token sequences from the generator (NumPy int32 `[n, T]`)."""
        return self.generator.generate(
            n, seed=seed, temperature=temperature, batch_size=batch_size
        )

    def reward(self, tokens):
        """The discriminator's reward of `tokens` `[n, T]`: `[n]`.

        With the default cross-entropy losses this is D's probability that
        the sequences are real.
        """
        logits = self.discriminator(tokens, training=False)
        return self._reward_of_logits(logits)

    def _reward_of_logits(self, logits):
        return ops.reshape(ops.cast(self.loss_fn.output(logits), "float32"), (-1,))

    def completion_rewards(self, tokens, completions):
        """`reward` of every rollout completion `[T - 1, R, B, T]` of `tokens`: `[(T-1) R B]`.

        The same values as `self.reward` on the flattened completions, but
        with a discriminator that has `completion_logits` (as
        `SequenceDiscriminator` does) the convolution windows inside each
        completion's prefix are computed once per prefix, not once per
        completion. A subclass that overrides `reward` has it called on the
        flattened completions instead.
        """
        flat = ops.reshape(completions, (-1, self.sequence_length))
        score = getattr(self.discriminator, "completion_logits", None)
        if score is None or type(self).reward is not SeqGAN.reward:
            return self.reward(flat)
        return self._reward_of_logits(score(tokens, completions, training=False))

    def serving_endpoints(self):
        """The generator's signatures (see `export_sequence_model`)."""
        return self.generator.serving_endpoints()

    def serving_trackables(self):
        return self.generator.serving_trackables()

    # --------------------------------------------------------- training

    def _blend_rollout(self, keep):
        """`beta <- keep * beta + (1 - keep) * theta` (in cross-replica context)."""

        def update(*_):
            for target, source in zip(self.rollout_generator.weights, self.generator.weights):
                target.assign(keep * target + (1.0 - keep) * source)

        context = tf.distribute.get_replica_context()
        if context is not None and tf.distribute.has_strategy():
            context.merge_call(update)
        else:
            update()

    def sync_rollout_generator(self):
        """Copies the generator into the rollout generator at the next step."""
        self.rollout_synced.assign(0)

    def reward_baseline(self, rewards):
        """The baseline `b` subtracted from the action values `[B, T]`, or None.

        A hook: override it for another variance reduction (a learned value
        function, an exponential moving average...).
        """
        if self.baseline == "mean":
            return batch_mean_baseline(rewards)
        return None

    def train_updates(self):
        return [
            Update(
                "generator",
                self.generator_loss,
                prepare=self.rollout_batch,
                logs=("g_loss", "reward"),
            ),
            Update(
                "discriminator",
                self.discriminator_loss,
                prepare=self.fake_batch,
                repeat=self.d_steps,
                logs=("d_loss", "d_real", "d_fake"),
            ),
        ]

    def begin_step(self):
        # Copy G into G_beta on the first adversarial step (after pretraining).
        self._blend_rollout(ops.cast(self.rollout_synced, "float32"))
        self.rollout_synced.assign(1)

    def end_update(self, player, outputs):
        if player == "generator":
            self._blend_rollout(self.rollout_update_rate)

    def rollout_batch(self, real, conditions, seed):
        """Samples `Y ~ G` and scores every step by Monte Carlo rollouts."""
        seeds = tf.random.experimental.stateless_split(seed, 2)
        tokens = ops.stop_gradient(self.generator.sample_tokens(ops.shape(real)[0], seeds[0]))
        rewards = rollout_rewards(
            self.rollout_generator, self.reward, tokens, self.rollout_num, seeds[1],
            completion_reward_fn=self.completion_rewards,
        )
        return {"tokens": tokens, "rewards": rewards}

    def generator_loss(self, real, conditions, seed, prepared):
        """The REINFORCE loss of the sampled tokens under their action values."""
        rewards = prepared["rewards"]
        log_probs = self.generator.token_log_probs(prepared["tokens"], training=True)
        per_example = reinforce_loss(log_probs, rewards, self.reward_baseline(rewards))
        return per_example, {"g_loss": per_example, "reward": rewards, **prepared}

    def fake_batch(self, real, conditions, seed):
        """Fresh generator samples, as many as `real`, for a D update."""
        return {"fake": ops.stop_gradient(self.generator.sample_tokens(ops.shape(real)[0], seed))}

    def discriminator_loss(self, real, conditions, seed, prepared):
        """D's per-example loss on `real` against the prepared samples."""
        real_logits = self.discriminator(real, training=True)
        fake_logits = self.discriminator(prepared["fake"], training=True)
        return self.adversarial_loss(real_logits, fake_logits)

    # ------------------------------------------------------------ config

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rollout_num": self.rollout_num,
                "rollout_update_rate": self.rollout_update_rate,
                "baseline": self.baseline,
            }
        )
        return config
