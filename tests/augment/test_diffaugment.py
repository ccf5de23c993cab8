"""DiffAugment and ADA's adaptive p on the base model."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import augment
from keras_gans import models

IMAGES = np.random.default_rng(0).uniform(-1, 1, (6, 8, 8, 1)).astype("float32")


def _dcgan(aug):
    keras.utils.set_random_seed(0)
    gan = models.DCGAN((8, 8, 1), latent_dim=4, generator_filters=4,
                       discriminator_filters=4, seed=0, augment=aug)
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3))
    return gan


@pytest.mark.parametrize("policy", ["color", "translation", "cutout", "color,translation,cutout"])
def test_same_seed_same_augmentation(policy):
    aug = augment.DiffAugment(policy)
    seed = tf.constant([3, 4], tf.int64)
    a, b = aug(IMAGES, seed), aug(IMAGES, seed)
    np.testing.assert_array_equal(np.asarray(a), np.asarray(b))
    c = aug(IMAGES, tf.constant([3, 5], tf.int64))
    assert not np.allclose(np.asarray(a), np.asarray(c))
    assert a.shape == IMAGES.shape


def test_translation_shifts_and_cutout_zeroes():
    aug = augment.DiffAugment("cutout")
    out = np.asarray(aug(np.ones((16, 8, 8, 1), "float32"), tf.constant([0, 0], tf.int64)))
    zeroed = (out == 0).reshape(16, -1).sum(1)
    assert np.all(zeroed > 0) and np.all(zeroed <= 16)  # at most a 4x4 square
    shifted = np.asarray(augment.DiffAugment("translation")(
        IMAGES, tf.constant([1, 1], tf.int64)))
    for image, original in zip(shifted, IMAGES):  # each is a shift of its original
        found = any(
            np.array_equal(image[max(dy, 0):8 + min(dy, 0), max(dx, 0):8 + min(dx, 0)],
                           original[max(-dy, 0):8 + min(-dy, 0), max(-dx, 0):8 + min(-dx, 0)])
            for dy in range(-1, 2) for dx in range(-1, 2)
        )
        assert found


def test_gradients_reach_the_generator_through_the_augmentation():
    gan = _dcgan(augment.DiffAugment("color,translation,cutout"))
    with tf.GradientTape() as tape:
        per_example, _ = gan.generator_loss(IMAGES, None, tf.constant([0, 0], tf.int64))
        loss = tf.reduce_mean(per_example)
    grads = tape.gradient(loss, gan.generator.trainable_variables)
    assert all(g is not None for g in grads)
    total = sum(float(tf.reduce_sum(tf.abs(g))) for g in grads)
    assert np.isfinite(total) and total > 0


def test_fit_resumes_with_augment_state(tmp_path):
    gan = _dcgan(augment.Adaptive(target=0.6, rate=0.05))
    x = np.random.default_rng(1).uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=8, epochs=1, verbose=0)
    p = float(gan.augment_p)
    assert 0.0 <= p <= 1.0
    path = str(tmp_path / "ada.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    assert isinstance(loaded.augment, augment.Adaptive)
    assert float(loaded.augment_p) == p
    np.testing.assert_array_equal(np.asarray(loaded.augment_rng), np.asarray(gan.augment_rng))
    # 32 images at batch 8: 4 D updates, one full interval of 4: stats reset.
    np.testing.assert_array_equal(np.asarray(gan.augment_stats), [0.0, 0.0])
    gan.fit(x[:24], batch_size=8, epochs=1, verbose=0)  # 3 updates into the next interval
    assert float(np.asarray(gan.augment_stats)[1]) == 3.0
    gan.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(np.asarray(loaded.augment_stats),
                                  np.asarray(gan.augment_stats))


def test_ada_adjusts_every_interval_on_the_mean_heuristic():
    gan = _dcgan(augment.Adaptive(target=0.6, rate=0.1, initial_p=0.5))  # interval 4
    overfit = {"real_logits": np.full((8, 1), 5.0, "float32")}  # r_t = 1
    unsure = {"real_logits": -np.ones((8, 1), "float32")}  # r_t = -1
    # Three overfitting updates, then one unsure: mean r_t = 0.5 < 0.6, p falls
    # once, at the fourth update (per-update control would have raised it).
    for k, outputs in enumerate([overfit, overfit, overfit, unsure]):
        gan.update_augment("discriminator", outputs)
        if k < 3:
            assert float(gan.augment_p) == 0.5
    np.testing.assert_allclose(float(gan.augment_p), 0.4, rtol=1e-6)
    np.testing.assert_array_equal(np.asarray(gan.augment_stats), [0.0, 0.0])
    for _ in range(4):  # mean r_t = 1 > 0.6: p rises by rate
        gan.update_augment("discriminator", overfit)
    np.testing.assert_allclose(float(gan.augment_p), 0.5, rtol=1e-6)
    gan.update_augment("generator", {"fake_logits": np.zeros((8, 1), "float32")})
    np.testing.assert_array_equal(np.asarray(gan.augment_stats), [0.0, 0.0])


def test_ada_paper_rate():
    # p from 0 to 1 in 500k images, adjusting every 4 minibatches of 64.
    rate = augment.Adaptive.paper_rate(64)
    assert rate == 64 * 4 / 500_000
    assert augment.Adaptive(rate=rate).get_config()["interval"] == 4


def test_ada_p_rises_when_d_overfits_and_falls_otherwise():
    gan = _dcgan(augment.Adaptive(target=0.6, rate=0.1, interval=1))
    overfit = {"real_logits": np.full((8, 1), 5.0, "float32")}  # r_t = 1 > 0.6
    values = []
    for _ in range(15):
        gan.update_augment("discriminator", overfit)
        values.append(float(gan.augment_p))
    assert values[0] > 0 and all(b >= a for a, b in zip(values, values[1:]))
    assert values[-1] == 1.0  # clipped
    unsure = {"real_logits": np.array([[1.0], [-1.0]] * 4, "float32")}  # r_t = 0 < 0.6
    for _ in range(15):
        gan.update_augment("discriminator", unsure)
        assert 0.0 <= float(gan.augment_p) <= 1.0
    assert float(gan.augment_p) == 0.0


@pytest.mark.parametrize("policy", ["colour", "color,flip", "", 3])
def test_unknown_names(policy):
    with pytest.raises(ValueError, match="policy"):
        augment.DiffAugment(policy)


def test_bad_adaptive_arguments_and_identifier():
    with pytest.raises(ValueError, match="target"):
        augment.Adaptive(target=2.0)
    for interval in (0, 1.5, True):
        with pytest.raises(ValueError, match="interval"):
            augment.Adaptive(interval=interval)
    with pytest.raises(ValueError, match="augment"):
        models.DCGAN((8, 8, 1), latent_dim=4, augment=3)


def test_files_saved_before_interval_existed_load_unchanged(tmp_path):
    """An `Adaptive` config without `interval` (saved before it existed, when p
    moved after every update and no `augment_stats` was saved) loads as saved."""
    import zipfile

    assert augment.Adaptive.from_config({"target": 0.6}).interval == 1
    gan = _dcgan(augment.Adaptive(target=0.6, rate=0.05, interval=1))
    assert gan.augment_stats is None
    x = np.random.default_rng(1).uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=8, epochs=1, verbose=0)
    new, old = str(tmp_path / "new.keras"), str(tmp_path / "old.keras")
    gan.save(new)
    with zipfile.ZipFile(new) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "config.json":
                text = data.decode()
                assert '"interval": 1' in text
                data = text.replace(', "interval": 1', "").encode()
            dst.writestr(item, data)
    loaded = keras.saving.load_model(old)
    assert loaded.augment.interval == 1 and loaded.augment_stats is None
    assert float(loaded.augment_p) == float(gan.augment_p)
    for a, b in zip(loaded.get_weights(), gan.get_weights()):
        np.testing.assert_array_equal(a, b)
