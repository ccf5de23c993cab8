import family_testing
import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans.models import GAN
from keras_gans.models import mlp_discriminator

pytestmark = pytest.mark.skipif(
    len(tf.config.list_logical_devices("CPU")) < 2,
    reason="needs two logical CPU devices (set up in conftest.py)",
)


def _strategy():
    return family_testing.shared_strategy()


def _constant_generator_gan(seed=0):
    # G ignores z (zero kernel) and never moves (lr 0): D's update is then a
    # function of the data alone, whatever latents each replica draws.
    keras.utils.set_random_seed(seed)
    generator = keras.Sequential(
        [keras.Input((2,)), keras.layers.Dense(2, kernel_initializer="zeros",
                                               bias_initializer="ones")]
    )
    gan = GAN(generator, mlp_discriminator(2, hidden_units=(8,)), seed=1)
    gan.compile(
        g_optimizer=keras.optimizers.SGD(0.0),
        d_optimizer=keras.optimizers.SGD(0.5),
    )
    return gan


def test_update_scale_matches_one_device():
    data = np.random.default_rng(0).normal(size=(8, 2)).astype("float32")
    single = _constant_generator_gan()
    single.fit(data, batch_size=8, epochs=1, shuffle=False, verbose=0)
    with _strategy().scope():
        mirrored = _constant_generator_gan()
    assert mirrored.distribute_strategy.num_replicas_in_sync == 2
    mirrored.fit(data, batch_size=8, epochs=1, shuffle=False, verbose=0)
    moved = 0.0
    for a, b, start in zip(
        single.discriminator.weights,
        mirrored.discriminator.weights,
        _constant_generator_gan().discriminator.weights,
    ):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)
        moved += np.abs(a.numpy() - start.numpy()).sum()
    assert moved > 1e-3  # The step did something.


def test_replicas_draw_different_latents():
    strategy = _strategy()
    with strategy.scope():
        gan = _constant_generator_gan()

    @tf.function
    def draw():
        return strategy.run(lambda: gan.sample_latent(4, gan._next_seeds(1)[0]))

    per_replica = strategy.experimental_local_results(draw())
    assert len(per_replica) == 2
    assert not np.allclose(per_replica[0].numpy(), per_replica[1].numpy())


def _per_replica_values(variable):
    values = getattr(variable, "values", None) or (variable,)
    return [np.asarray(v.numpy()) for v in values]


def test_seqgan_under_mirrored_strategy():
    from keras_gans.sequence import SeqGAN
    from keras_gans.sequence import SequenceDiscriminator
    from keras_gans.sequence import SequenceGenerator

    strategy = _strategy()
    keras.utils.set_random_seed(0)
    with strategy.scope():
        seqgan = SeqGAN(
            SequenceGenerator(6, 4, 8, sequence_length=4),
            SequenceDiscriminator(6, 4, embedding_dim=4, filter_sizes=(1, 2), num_filters=(4, 4)),
            rollout_num=2,
            rollout_update_rate=0.25,
            d_steps=1,
            seed=0,
        )
        seqgan.compile(keras.optimizers.Adam(1e-2), keras.optimizers.Adam(1e-3))
    for w in seqgan.generator.weights:  # A stale rollout copy, as after pretraining.
        w.assign(w + 1.0)
    before = [w.numpy().copy() for w in seqgan.generator.weights]
    data = np.random.default_rng(0).integers(0, 6, (8, 4)).astype("int32")
    history = seqgan.fit(data, batch_size=8, epochs=1, shuffle=False, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())
    after = [w.numpy() for w in seqgan.generator.weights]
    assert any(not np.allclose(a, b) for a, b in zip(before, after))
    # The delayed copy is blended once per step, not once per replica.
    for rollout, old, new in zip(seqgan.rollout_generator.weights, before, after):
        for value in _per_replica_values(rollout):
            np.testing.assert_allclose(value, 0.25 * old + 0.75 * new, atol=1e-5)
    # Every replica holds the same generator and discriminator after the step.
    for w in seqgan.generator.weights + seqgan.discriminator.trainable_weights:
        values = _per_replica_values(w)
        for value in values[1:]:
            np.testing.assert_allclose(value, values[0], atol=1e-6)

    @tf.function
    def draw():
        return strategy.run(
            lambda: seqgan.generator.sample_tokens(16, seqgan._next_seeds(1)[0])
        )

    per_replica = strategy.experimental_local_results(draw())
    assert len(per_replica) == 2
    assert not np.array_equal(per_replica[0].numpy(), per_replica[1].numpy())
