import keras
import numpy as np
import pytest
import tensorflow as tf

import keras_gans
from keras_gans.models import GAN
from keras_gans.models import mlp_discriminator
from keras_gans.models import mlp_generator


def _toy_gan(latent_dim=2, data_dim=1, **kwargs):
    kwargs.setdefault("seed", 7)
    return GAN(
        mlp_generator(latent_dim, data_dim, hidden_units=(16,)),
        mlp_discriminator(data_dim, hidden_units=(16,)),
        **kwargs,
    )


def _compile(gan, loss="non_saturating", lr=1e-3, **kwargs):
    gan.compile(
        g_optimizer=keras.optimizers.Adam(lr),
        d_optimizer=keras.optimizers.Adam(lr),
        loss=loss,
        **kwargs,
    )
    return gan


def _data(n=256, dim=1):
    return np.random.default_rng(0).normal(4.0, 0.5, (n, dim)).astype("float32")


def test_call_and_generate_shapes():
    gan = _toy_gan(latent_dim=3, data_dim=2)
    assert gan.latent_dim == 3
    assert gan(np.zeros((5, 3), "float32")).shape == (5, 2)
    assert gan.generate(7, seed=1).shape == (7, 2)
    np.testing.assert_array_equal(gan.generate(4, seed=3), gan.generate(4, seed=3))


@pytest.mark.parametrize(
    "loss", ["minimax", "non_saturating", "wasserstein", "hinge", "least_squares"]
)
def test_fit_step_gives_finite_metrics(loss):
    gan = _compile(_toy_gan(), loss=loss)
    history = gan.fit(_data(64), batch_size=32, epochs=1, verbose=0).history
    assert set(history) == {"d_loss", "g_loss", "d_real", "d_fake"}
    assert all(np.isfinite(v[-1]) for v in history.values())


def test_d_steps_updates_discriminator_k_times_per_generator_update():
    # Algorithm 1: each of the k discriminator updates takes its own real
    # batch, so 12 examples at batch 4 with k = 3 are one step.
    gan = _compile(_toy_gan(d_steps=3))
    gan.fit(_data(12), batch_size=4, epochs=1, verbose=0)
    assert int(gan.g_optimizer.iterations) == 1
    assert int(gan.d_optimizer.iterations) == 3
    gan.fit(_data(64), batch_size=16, epochs=1, verbose=0)  # 48 of 64 used.
    assert int(gan.g_optimizer.iterations) == 2
    assert int(gan.d_optimizer.iterations) == 6


def test_uniform_prior_and_tfp_prior():
    import tensorflow_probability as tfp

    gan = _toy_gan(prior="uniform")
    z = gan.sample_latent(1000, tf.constant([1, 2])).numpy()
    assert z.min() >= -1 and z.max() <= 1 and abs(z.mean()) < 0.1
    prior = tfp.distributions.Normal(loc=np.full(2, 5.0, "float32"), scale=0.1)
    gan = _toy_gan(prior=prior)
    z = gan.sample_latent(500, tf.constant([1, 2])).numpy()
    assert z.shape == (500, 2) and abs(z.mean() - 5.0) < 0.05
    restored = GAN.from_config(gan.get_config())
    z2 = restored.sample_latent(500, tf.constant([1, 2])).numpy()
    np.testing.assert_allclose(z, z2)


def test_config_round_trip():
    gan = _toy_gan(latent_dim=4, d_steps=2, prior="uniform", seed=11)
    restored = GAN.from_config(gan.get_config())
    assert restored.get_config() == gan.get_config()
    assert (restored.latent_dim, restored.d_steps, restored.seed) == (4, 2, 11)


def test_save_load_resume_is_exact(tmp_path):
    data = tf.data.Dataset.from_tensor_slices(_data(8 * 16)).batch(16)
    first, rest = data.take(5), data.skip(5)

    keras.utils.set_random_seed(0)
    whole = _compile(_toy_gan())
    whole.fit(data, epochs=1, verbose=0)

    keras.utils.set_random_seed(0)
    resumed = _compile(_toy_gan())
    resumed.fit(first, epochs=1, verbose=0)
    path = tmp_path / "gan.keras"
    resumed.save(path)
    loaded = keras.saving.load_model(path)
    assert type(loaded) is GAN
    assert int(loaded.g_optimizer.iterations) == 5
    np.testing.assert_array_equal(loaded.rng_state.numpy(), resumed.rng_state.numpy())
    for a, b in zip(loaded.g_optimizer.variables, resumed.g_optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    loaded.fit(rest, epochs=1, verbose=0)

    assert len(whole.weights) == len(loaded.weights)
    for a, b in zip(whole.weights, loaded.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-5)


def test_seed_none_still_resumes(tmp_path):
    gan = _compile(_toy_gan(seed=None))
    gan.fit(_data(32), batch_size=16, verbose=0)
    gan.save(tmp_path / "g.keras")
    loaded = keras.saving.load_model(tmp_path / "g.keras")
    assert loaded.seed is None
    np.testing.assert_array_equal(loaded.rng_state.numpy(), gan.rng_state.numpy())


@pytest.mark.large
def test_gan_learns_a_1d_gaussian():
    # The statistic is the samples' mean and std, not the loss.
    keras.utils.set_random_seed(4)
    gan = GAN(
        mlp_generator(1, 1, hidden_units=(32, 32)),
        mlp_discriminator(1, hidden_units=(32, 32)),
        prior="uniform",
        seed=4,
    )
    gan.compile(
        g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
    )
    before = gan.generate(2000, seed=0)
    gan.fit(_data(4096), batch_size=64, epochs=8, verbose=0)
    after = gan.generate(2000, seed=0)
    assert abs(after.mean() - 4.0) < 0.2, after.mean()
    assert 0.3 < after.std() < 0.9, after.std()
    error_before = abs(before.mean() - 4.0) + abs(before.std() - 0.5)
    error_after = abs(after.mean() - 4.0) + abs(after.std() - 0.5)
    assert error_after < 0.15 * error_before


@pytest.mark.parametrize("policy", ["mixed_bfloat16", "mixed_float16"])
def test_mixed_precision_trains(policy):
    keras.config.set_dtype_policy(policy)
    gan = _compile(
        keras_gans.models.DCGAN(
            (8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4
        )
    )
    wrapped = isinstance(gan.g_optimizer, keras.optimizers.LossScaleOptimizer)
    assert wrapped == (policy == "mixed_float16")
    images = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    history = gan.fit(images, batch_size=16, verbose=0).history
    assert all(np.isfinite(v[-1]) for v in history.values())


# ----------------------------------------------------------- bad input


def _assert_not_traced(gan):
    assert gan.train_function is None


def test_generator_output_must_fit_discriminator():
    with pytest.raises(ValueError, match=r"generator output shape=\(3,\).*\(2,\)"):
        GAN(mlp_generator(2, 3), mlp_discriminator(2))


def test_unknown_loss_name_in_compile():
    with pytest.raises(ValueError, match="loss='wgan'"):
        _compile(_toy_gan(), loss="wgan")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"latent_dim": 0}, "latent_dim"),
        ({"d_steps": 0}, "d_steps=0"),
        ({"d_steps": 1.5}, "d_steps=1.5"),
        ({"prior": "cauchy"}, "prior='cauchy'"),
    ],
)
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        _toy_gan(**kwargs)


def test_data_shape_mismatch_names_both_shapes():
    gan = _compile(_toy_gan(data_dim=2))
    with pytest.raises(ValueError, match=r"data sample shape=\(3,\).*model sample shape=\(2,\)"):
        gan.fit(np.zeros((8, 3), "float32"), verbose=0)
    dataset = tf.data.Dataset.from_tensor_slices(np.zeros((8, 5), "float32")).batch(4)
    with pytest.raises(ValueError, match=r"\(5,\).*\(2,\)"):
        gan.fit(dataset, verbose=0)
    _assert_not_traced(gan)


def test_unbatched_and_empty_datasets():
    gan = _compile(_toy_gan(data_dim=2))
    dataset = tf.data.Dataset.from_tensor_slices(np.zeros((8, 2), "float32"))
    with pytest.raises(ValueError, match="batched"):
        gan.fit(dataset, verbose=0)
    with pytest.raises(ValueError, match="empty"):
        gan.fit(dataset.take(0).batch(2), verbose=0)
    _assert_not_traced(gan)


def test_labels_given_to_unconditional_model():
    gan = _compile(_toy_gan())
    with pytest.raises(ValueError, match="unconditional"):
        gan.fit(_data(8), np.zeros(8, "int32"), verbose=0)
    dataset = tf.data.Dataset.from_tensor_slices((_data(8), np.zeros(8, "int32"))).batch(4)
    with pytest.raises(ValueError, match="unconditional"):
        gan.fit(dataset, verbose=0)
    _assert_not_traced(gan)


def test_fit_before_compile():
    with pytest.raises(ValueError, match="compile"):
        _toy_gan().fit(_data(8), verbose=0)
