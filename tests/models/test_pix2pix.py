"""Pix2Pix beyond the family kit: networks, receptive field, the L1 term."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import models


def _receptive_extent(discriminator, side):
    """The side of the input square the centre logit depends on."""
    x = tf.random.normal((1, side, side, discriminator.input_shape[-1]), seed=0)
    with tf.GradientTape() as tape:
        tape.watch(x)
        logits = discriminator(x, training=False)
        h, w = logits.shape[1] // 2, logits.shape[2] // 2
        centre = logits[0, h, w, 0]
    grad = np.abs(tape.gradient(centre, x).numpy()[0]).sum(-1)
    rows = np.nonzero(grad.sum(1))[0]
    cols = np.nonzero(grad.sum(0))[0]
    return rows.max() - rows.min() + 1, cols.max() - cols.min() + 1


@pytest.mark.parametrize("field,side", [(7, 24), (16, 40), (34, 80)])
def test_patchgan_receptive_field(field, side):
    keras.utils.set_random_seed(0)
    d = models.patchgan_discriminator((side, side, 2), receptive_field=field, filters=2)
    assert _receptive_extent(d, side) == (field, field)


def test_patchgan_instance_norm_judges_each_image_by_itself():
    # With batch norm (training mode) an image's logits depend on the rest
    # of its batch; with instance norm (CycleGAN's critic) they do not.
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).uniform(-1, 1, (4, 16, 16, 1)).astype("float32")
    other = np.concatenate([x[:1], -x[1:]])
    for norm, independent in (("instance", True), ("batch", False)):
        d = models.patchgan_discriminator((16, 16, 1), 16, filters=4, norm=norm)
        first = np.asarray(d(x, training=True))[0]
        again = np.asarray(d(other, training=True))[0]
        assert np.allclose(first, again, rtol=1e-4, atol=1e-8) == independent, norm
    d = models.patchgan_discriminator((24, 24, 2), 16, filters=2, norm="instance")
    assert _receptive_extent(d, 24) == (24, 24)  # instance statistics span the image
    assert not [layer for layer in d.layers if "BatchNormalization" in type(layer).__name__]


@pytest.mark.parametrize("side,patches", [(28, 14), (32, 16)])
def test_patchgan_default_at_small_sizes(side, patches):
    d = models.patchgan_discriminator((side, side, 2), filters=2)
    assert d.output_shape == (None, patches, patches, 1)


@pytest.mark.parametrize("side,bottleneck", [(28, 7), (32, 2), (8, 2)])
def test_unet_shapes(side, bottleneck):
    g = models.unet_generator((side, side, 1), 3, filters=4)
    assert g.output_shape == (None, side, side, 3)
    inner = [layer for layer in g.layers if layer.name.startswith("down_")
             and isinstance(layer, keras.layers.Conv2D)][-1]
    assert inner.output.shape[1] == bottleneck
    y = g(np.zeros((2, side, side, 1), "float32"))
    assert np.all(np.abs(np.asarray(y)) <= 1)


def test_resnet_generator_shapes():
    g = models.resnet_generator((28, 28, 1), 2, filters=4, residual_blocks=2)
    assert g.output_shape == (None, 28, 28, 2)


def _model(l1_weight=100.0):
    keras.utils.set_random_seed(0)
    gan = models.Pix2Pix(
        models.unet_generator((8, 8, 1), 1, filters=4, dropout=0.0),
        models.patchgan_discriminator((8, 8, 2), receptive_field=7, filters=4),
        l1_weight=l1_weight, seed=0,
    )
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3), d_optimizer=keras.optimizers.Adam(1e-3))
    return gan


def test_l1_term_matches_hand_computation():
    gan = _model(l1_weight=7.5)
    rng = np.random.default_rng(0)
    inputs = rng.uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    targets = rng.uniform(-1, 1, (4, 8, 8, 1)).astype("float32")
    seed = tf.constant([0, 0], tf.int64)
    per_example, outputs = gan.generator_loss(targets, inputs, seed)
    fake = np.asarray(gan.generator(inputs, training=True))
    expected = 7.5 * np.abs(targets - fake).reshape(4, -1).mean(-1)
    np.testing.assert_allclose(np.asarray(outputs["l1_loss"]), expected, rtol=1e-5)
    logits = np.asarray(outputs["fake_logits"]).reshape(4, -1)
    adversarial = np.mean(np.log1p(np.exp(-logits)), axis=-1)  # non-saturating: -log D
    np.testing.assert_allclose(np.asarray(per_example), adversarial + expected, rtol=1e-4)


def test_translate_and_discriminator_input():
    gan = _model()
    x = np.zeros((3, 8, 8, 1), "float32")
    assert gan.translate(x).shape == (3, 8, 8, 1)
    with pytest.raises(ValueError, match="sample shape"):
        gan.translate(np.zeros((3, 8, 8, 2), "float32"))
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        gan.translate(np.full((3, 8, 8, 1), 255.0, "float32"))


@pytest.mark.parametrize(
    "call,pattern",
    [
        (lambda: models.patchgan_discriminator((28, 28, 2), receptive_field=70), "divisible"),
        (lambda: models.patchgan_discriminator((32, 32, 2), receptive_field=20),
         "receptive_field"),
        (lambda: models.patchgan_discriminator((28, 28, 1), norm="layer"), "norm"),
        (lambda: models.unet_generator((28, 28, 1), 1, depth=3), "divisible"),
        (lambda: models.unet_generator((28, 28, 1), 1, dropout=1.0), "dropout"),
        (lambda: models.resnet_generator((28, 28, 1), 1, downsampling=3), "divisible"),
        (lambda: _model(l1_weight=float("nan")), "l1_weight"),
        (lambda: models.Pix2Pix(models.unet_generator((8, 8, 1), 1, filters=2),
                                models.patchgan_discriminator((16, 16, 2), 7, filters=2)),
         "concatenated"),
    ],
)
def test_bad_arguments(call, pattern):
    with pytest.raises(ValueError, match=pattern):
        call()
