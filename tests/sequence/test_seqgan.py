import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.sequence import SeqGAN
from keras_gans.sequence import SequenceDiscriminator
from keras_gans.sequence import SequenceGenerator
from keras_gans.sequence import monte_carlo_rollouts

VOCAB, LENGTH = 6, 4


def _seqgan(**kwargs):
    kwargs = {"rollout_num": 2, "d_steps": 2, "seed": 3, **kwargs}
    generator = SequenceGenerator(VOCAB, 4, 8, sequence_length=LENGTH)
    discriminator = SequenceDiscriminator(
        VOCAB, LENGTH, embedding_dim=4, filter_sizes=(1, 2), num_filters=(6, 6), dropout=0.25
    )
    return SeqGAN(generator, discriminator, **kwargs)


def _compile(model, g_lr=1e-2, d_lr=1e-3, **kwargs):
    model.compile(
        g_optimizer=keras.optimizers.Adam(g_lr), d_optimizer=keras.optimizers.Adam(d_lr), **kwargs
    )
    return model


def _data(n=64):
    """Real sequences: all of token 1 but a random last token."""
    data = np.ones((n, LENGTH), "int32")
    data[:, -1] = np.random.default_rng(0).integers(0, VOCAB, n)
    return data


def _weights(model):
    return [w.numpy().copy() for w in model.weights]


def test_fit_metrics_updates_and_the_delayed_rollout_copy():
    model = _compile(_seqgan(rollout_update_rate=0.25))
    # Make the rollout copy stale, as after MLE pretraining of the generator.
    for w in model.generator.weights:
        w.assign(w + 1.0)
    before = [w.numpy().copy() for w in model.generator.weights]
    model.fit(_data(32), batch_size=16, verbose=0)  # one step: d_steps=2 real batches
    after = [w.numpy() for w in model.generator.weights]
    for rollout, old, new in zip(model.rollout_generator.weights, before, after):
        # Synced to the generator first, then beta = 0.25 beta + 0.75 theta.
        np.testing.assert_allclose(rollout.numpy(), 0.25 * old + 0.75 * new, atol=1e-6)
    assert int(model.rollout_synced.numpy()) == 1
    assert model.rollout_generator.trainable_weights == []

    history = model.fit(_data(64), batch_size=16, epochs=1, verbose=0).history
    assert set(history) == {"d_loss", "g_loss", "d_real", "d_fake", "reward"}
    assert all(np.isfinite(v[-1]) for v in history.values())
    assert 0 < history["reward"][-1] < 1
    assert int(model.g_optimizer.iterations) == 3
    assert int(model.d_optimizer.iterations) == 6
    assert model.generate(5, seed=0).shape == (5, LENGTH)
    model.pretrain_generator(_data(16), epochs=1, batch_size=16, verbose=0)
    assert int(model.rollout_synced.numpy()) == 0


def test_pretraining_helpers():
    model = _compile(_seqgan())
    history = model.pretrain_generator(_data(32), epochs=2, batch_size=16, verbose=0)
    assert len(history.history["loss"]) == 2
    history = model.pretrain_discriminator(_data(32), epochs=1, batch_size=16, verbose=0)
    assert set(history.history) == {"d_loss", "d_real", "d_fake"}
    assert int(model.d_optimizer.iterations) == 2
    assert int(model.g_optimizer.iterations) == 0  # MLE has its own optimizer.


@pytest.mark.large
def test_seqgan_moves_samples_towards_the_data():
    # The data are all 1s but the last token; REINFORCE against D must raise
    # the share of 1s in the first positions (a statistic, not the loss).
    keras.utils.set_random_seed(1)
    model = _compile(_seqgan(rollout_num=4, d_steps=3, seed=1), g_lr=5e-2, d_lr=5e-3)
    before = (model.generate(1000, seed=0)[:, :-1] == 1).mean()
    data = tf.data.Dataset.from_tensor_slices(_data(32 * 40 * 3)).batch(32)
    model.fit(data, epochs=1, verbose=0)  # 40 steps of 3 D updates
    after = (model.generate(1000, seed=0)[:, :-1] == 1).mean()
    assert before < 0.3 and after > 0.6, (before, after)


class _RecordingSeqGAN(SeqGAN):
    """Records the real batch of every discriminator update (eager steps)."""

    def discriminator_loss(self, real, conditions, seed, prepared):
        self.seen.append(np.asarray(real))
        return super().discriminator_loss(real, conditions, seed, prepared)


def _recording(d_steps):
    model = _RecordingSeqGAN.from_config(_seqgan(d_steps=d_steps).get_config())
    model.seen = []
    return _compile(model, run_eagerly=True)


@pytest.mark.parametrize("as_dataset", [False, True])
def test_each_discriminator_update_sees_its_own_real_batch(as_dataset):
    # Rows are distinct (row i starts with i % 6, i // 6 % 6, ...), so the
    # real batches can be traced back to the rows they came from.
    rows = np.array([[i // 6**k % 6 for k in range(LENGTH)] for i in range(48)], "int32")
    model = _recording(d_steps=3)
    x = tf.data.Dataset.from_tensor_slices(rows).batch(8) if as_dataset else rows
    model.fit(x, batch_size=None if as_dataset else 8, epochs=1, verbose=0)
    assert int(model.g_optimizer.iterations) == 2  # 48 rows / (8 x 3)
    assert int(model.d_optimizer.iterations) == 6
    assert [len(b) for b in model.seen] == [8] * 6
    ids = np.concatenate([b @ 6 ** np.arange(LENGTH) for b in model.seen])
    np.testing.assert_array_equal(np.sort(ids), np.arange(48))  # each row once


def test_grouped_datasets_and_too_little_data():
    model = _recording(d_steps=2)
    grouped = model.group_real_batches(_data(40), batch_size=4, shuffle=False)
    assert grouped.element_spec.shape.as_list() == [4, 2, LENGTH]
    assert grouped.cardinality() == 5
    model.fit(grouped.take(1), epochs=1, verbose=0)  # already grouped: used as it is
    assert [len(b) for b in model.seen] == [4, 4]
    wrong = _data(24).reshape(2, 4, 3, LENGTH)  # elements [4, 3, T]
    with pytest.raises(ValueError, match="groups=3, d_steps=2"):
        model.fit(tf.data.Dataset.from_tensor_slices(wrong), verbose=0)
    with pytest.raises(ValueError, match="needs batch_size \\* d_steps = 32 examples.*has 20"):
        model.fit(_data(20), batch_size=16, verbose=0)


def test_config_round_trip():
    model = _seqgan(rollout_num=5, rollout_update_rate=0.5, d_steps=1, baseline="mean", seed=9)
    config = model.get_config()
    assert "latent_dim" not in config and "prior" not in config
    restored = SeqGAN.from_config(config)
    assert restored.get_config() == config
    assert (restored.rollout_num, restored.rollout_update_rate) == (5, 0.5)
    assert restored.baseline == "mean"


def test_mean_baseline_centres_the_action_values():
    rewards = tf.constant([[0.2, 0.4, 1.0], [0.6, 0.8, 0.0]])
    assert _seqgan().reward_baseline(rewards) is None
    baseline = _seqgan(baseline="mean").reward_baseline(rewards)
    np.testing.assert_allclose(baseline, [0.4, 0.6, 0.5], atol=1e-6)


def test_completion_rewards_are_the_rewards_of_the_flattened_completions():
    # SeqGAN scores its rollouts through D's `completion_logits` (prefix
    # windows shared); the rewards must be `reward` of each completion.
    model = _compile(_seqgan(rollout_num=3))
    tokens = model.generate(5, seed=1)
    completions = monte_carlo_rollouts(model.generator, tokens, 3, tf.constant([1, 2], tf.int64))
    expected = model.reward(tf.reshape(completions, (-1, LENGTH))).numpy()
    got = model.completion_rewards(tokens, completions).numpy()
    assert got.shape == (3 * 3 * 5,)
    np.testing.assert_allclose(got, expected, rtol=1e-5)


def test_a_constant_reward_gives_no_update_with_the_mean_baseline():
    # With Q the same for every sequence, (Q - b) = 0: the generator must not
    # move, while without a baseline REINFORCE still pushes its own samples up.
    class ConstantReward(SeqGAN):
        def reward(self, tokens):
            return tf.fill([tf.shape(tokens)[0]], 0.5)

    moved = {}
    for baseline in (None, "mean"):
        model = ConstantReward.from_config(_seqgan(d_steps=1, baseline=baseline).get_config())
        _compile(model)
        before = _weights(model.generator)
        model.fit(_data(16), batch_size=16, verbose=0)
        moved[baseline] = max(
            float(np.abs(a - b).max()) for a, b in zip(before, _weights(model.generator))
        )
    assert moved["mean"] == 0.0 and moved[None] > 1e-3, moved


def test_save_load_resume_is_exact(tmp_path):
    data = tf.data.Dataset.from_tensor_slices(_data(16 * 4)).batch(16)

    # Eager steps: three traced train functions would cost more than the steps.
    keras.utils.set_random_seed(0)
    whole = _compile(_seqgan(), run_eagerly=True)
    whole.fit(data, epochs=1, verbose=0)

    keras.utils.set_random_seed(0)
    resumed = _compile(_seqgan(), run_eagerly=True)
    resumed.fit(data.take(2), epochs=1, verbose=0)
    resumed.save(tmp_path / "seqgan.keras")
    loaded = keras.saving.load_model(tmp_path / "seqgan.keras")
    # d_steps=2: two real batches a step.
    assert type(loaded) is SeqGAN and int(loaded.g_optimizer.iterations) == 1
    assert loaded.run_eagerly
    loaded.fit(data.skip(2), epochs=1, verbose=0)

    assert len(whole.weights) == len(loaded.weights)
    for a, b in zip(_weights(whole), _weights(loaded)):
        np.testing.assert_allclose(a, b, atol=1e-5)


# ------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"rollout_num": 0}, "rollout_num=0"),
        ({"rollout_update_rate": 1.5}, "rollout_update_rate=1.5"),
        ({"d_steps": 0}, "d_steps=0"),
        ({"baseline": "ema"}, "baseline='ema'"),
        ({"baseline": np.zeros(3)}, "baseline=array"),
    ],
)
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _seqgan(**kwargs)


def test_networks_must_agree():
    generator = SequenceGenerator(VOCAB, 4, 8, sequence_length=LENGTH)
    longer = SequenceDiscriminator(VOCAB, LENGTH + 1, embedding_dim=4, filter_sizes=(1,),
                                   num_filters=(2,))
    with pytest.raises(ValueError, match="input length=5, generator sequence_length=4"):
        SeqGAN(generator, longer)
    other_vocab = SequenceDiscriminator(VOCAB + 1, LENGTH, embedding_dim=4, filter_sizes=(1,),
                                        num_filters=(2,))
    with pytest.raises(ValueError, match="vocab_size=7, generator vocab_size=6"):
        SeqGAN(generator, other_vocab)
    with pytest.raises(ValueError, match="sequence policy"):
        SeqGAN(keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)]), longer)


def test_bad_training_data_is_rejected_before_tracing():
    model = _compile(_seqgan())
    with pytest.raises(ValueError, match=r"outside \[0, 6\).*from 0 to 6"):
        model.fit(np.array([[0, 1, 2, 6]] * 4), verbose=0)
    with pytest.raises(ValueError, match="length 4.*length 3"):
        model.fit(np.zeros((4, 3), "int32"), verbose=0)
    dataset = tf.data.Dataset.from_tensor_slices(np.full((8, 4), 9, "int32")).batch(4)
    with pytest.raises(ValueError, match="from 9 to 9"):
        model.fit(dataset, verbose=0)
    with pytest.raises(ValueError, match="without `y`"):
        model.fit(_data(8), np.zeros(8), verbose=0)
    with pytest.raises(ValueError, match="from 0 to 6"):
        model.pretrain_discriminator(np.array([[0, 1, 2, 6]] * 4), verbose=0)
    assert model.train_function is None
