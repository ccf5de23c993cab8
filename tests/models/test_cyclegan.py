"""CycleGAN beyond the family kit: the history pool, cycle and identity terms."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models


def _model(pool_size=3, **kwargs):
    keras.utils.set_random_seed(0)

    def g():
        return models.resnet_generator((8, 8, 1), 1, filters=2, downsampling=1,
                                       residual_blocks=1)

    def d():
        return models.patchgan_discriminator((8, 8, 1), receptive_field=7, filters=2)

    gan = models.CycleGAN(g(), g(), d(), d(), pool_size=pool_size, seed=0, **kwargs)
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3))
    return gan


def _reference_query(pool, count, images, uniforms, slots):
    """The reference ImagePool.query, one image at a time, with given draws."""
    pool, out = pool.copy(), []
    for image, u, slot in zip(images, uniforms, slots):
        if count < len(pool):
            pool[count] = image
            count += 1
            out.append(image)
        elif u < 0.5:
            out.append(pool[slot].copy())
            pool[slot] = image
        else:
            out.append(image)
    return np.stack(out), pool, count


def test_pool_matches_the_sequential_reference():
    gan = _model(pool_size=3)
    ref_pool, ref_count = np.zeros((3, 8, 8, 1), "float32"), 0
    for step in range(6):
        images = np.full((5, 8, 8, 1), 0, "float32") + np.arange(5)[:, None, None, None] + 10 * step
        seed = tf.constant([7, step], tf.int64)
        uniforms = tf.random.stateless_uniform([5], seed).numpy()
        slots = tf.random.stateless_uniform(
            [5], tf.random.experimental.stateless_fold_in(seed, 1), 0, 3, tf.int32
        ).numpy()
        out, count = gan.query_pool(gan.pool_a, images, seed, tf.constant(ref_count))
        expected, ref_pool, ref_count = _reference_query(
            ref_pool, ref_count, images, uniforms, slots
        )
        np.testing.assert_array_equal(np.asarray(out), expected)
        np.testing.assert_array_equal(np.asarray(gan.pool_a), ref_pool)
        assert int(count) == ref_count


def test_pool_returns_stored_images_half_the_time_once_full():
    gan = _model(pool_size=50)
    count = tf.constant(0)
    images = np.arange(50, dtype="float32")[:, None, None, None] * np.ones((1, 8, 8, 1), "f")
    out, count = gan.query_pool(gan.pool_a, images, tf.constant([1, 0], tf.int64), count)
    np.testing.assert_array_equal(np.asarray(out), images)  # filling: returned as given
    assert int(count) == 50
    new = images + 1000
    from_pool = 0
    for step in range(8):
        out, count = gan.query_pool(gan.pool_a, new, tf.constant([2, step], tf.int64), count)
        ids = np.asarray(out)[:, 0, 0, 0]
        from_pool += int(np.sum(ids != new[:, 0, 0, 0]))  # not the image given
        new = new + 1000
    fraction = from_pool / (8 * 50)
    # Binomial(400, 1/2): 0.5 ± 4 standard deviations (0.1).
    assert 0.4 < fraction < 0.6, fraction


def test_pool_is_restored_on_resume(tmp_path):
    gan = _model(pool_size=4)
    a = np.random.default_rng(0).uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    b = np.random.default_rng(1).uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    gan.fit(a, b, batch_size=4, epochs=1, verbose=0, shuffle=False)
    assert int(gan.pool_count) == 4 and np.abs(np.asarray(gan.pool_b)).sum() > 0
    path = str(tmp_path / "cyclegan.keras")
    gan.save(path)
    loaded = keras.saving.load_model(path)
    np.testing.assert_array_equal(np.asarray(loaded.pool_a), np.asarray(gan.pool_a))
    np.testing.assert_array_equal(np.asarray(loaded.pool_b), np.asarray(gan.pool_b))
    assert int(loaded.pool_count) == 4
    for key in ("pool_size", "cycle_weight", "identity_weight", "loss", "seed"):
        assert loaded.get_config()[key] == gan.get_config()[key]


def test_cycle_and_identity_terms_match_hand_computation():
    gan = _model(pool_size=0, cycle_weight=3.0, identity_weight=0.25)
    rng = np.random.default_rng(0)
    a = rng.uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    b = rng.uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    _, out = gan.generator_loss(b, a, tf.constant([0, 0], tf.int64))

    def run(net, x):
        return np.asarray(net(x, training=True))

    def l1(x, y):
        return np.abs(x - y).reshape(4, -1).mean(-1)

    ab, ba = gan.generator_ab, gan.generator_ba
    cycle = 3.0 * (l1(run(ba, run(ab, a)), a) + l1(run(ab, run(ba, b)), b))
    identity = 0.25 * 3.0 * (l1(run(ab, b), b) + l1(run(ba, a), a))
    np.testing.assert_allclose(np.asarray(out["cycle_loss"]), cycle, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(out["identity_loss"]), identity, rtol=1e-5)


def test_translate_directions():
    gan = _model(pool_size=0)
    x = np.zeros((2, 8, 8, 1), "float32")
    assert gan.translate(x, "ab").shape == gan.translate(x, "ba").shape == (2, 8, 8, 1)
    with pytest.raises(ValueError, match="direction"):
        gan.translate(x, "aa")


def test_identity_needs_domains_of_one_shape():
    g3 = models.resnet_generator((8, 8, 1), 3, filters=2, residual_blocks=0)
    g1 = models.resnet_generator((8, 8, 3), 1, filters=2, residual_blocks=0)
    d1 = models.patchgan_discriminator((8, 8, 1), 7, filters=2)
    d3 = models.patchgan_discriminator((8, 8, 3), 7, filters=2)
    with pytest.raises(ValueError, match="identity_weight"):
        models.CycleGAN(g3, g1, d1, d3)
    models.CycleGAN(g3, g1, d1, d3, identity_weight=0.0)
