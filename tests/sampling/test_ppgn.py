"""PlugAndPlaySampler: the update rule, activation maximisation, the prior alone."""

import keras
import numpy as np
import pytest
import tensorflow as tf

from keras_gans import metrics
from keras_gans import models
from keras_gans.export import export
from keras_gans.sampling import PRESETS
from keras_gans.sampling import PlugAndPlaySampler

RNG = np.random.default_rng(0)
W = RNG.normal(size=(3, 4)).astype("float32")  # A linear classifier on R^3, 4 classes.
B = RNG.normal(size=(4,)).astype("float32")
A = (0.5 * RNG.normal(size=(3, 3))).astype("float32")  # A linear DAE R(x) = xA + a.
A_BIAS = RNG.normal(size=(3,)).astype("float32")
M = RNG.normal(size=(2, 3)).astype("float32")  # A linear generator G(h) = hM.
E = RNG.normal(size=(3, 2)).astype("float32")  # A linear encoder E(x) = xE.


def _linear(inputs, kernel, bias=None, name=None):
    layer = keras.layers.Dense(kernel.shape[1], use_bias=bias is not None, name=name)
    model = keras.Sequential([keras.Input((inputs,)), layer], name=name)
    layer.set_weights([kernel] if bias is None else [kernel, bias])
    return model


def _classifier():
    return _linear(3, W, B, "classifier")


def _dae(shape=3, kernel=A, bias=A_BIAS):
    return models.DenoisingAutoencoder(
        (shape,), noise_std=0.1, network=_linear(shape, kernel, bias, "dae"), seed=0
    )


def _log_softmax_grad(x, c):
    logits = x @ W + B
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    return W[:, c].T - p @ W.T  # d log p(c|x) / dx, one row per chain


def _step(state, d, step_size, normalize, clip):
    if normalize:
        d = d / np.abs(d).mean(axis=1, keepdims=True)
    state = state + step_size * d
    return state if clip is None else np.clip(state, *clip)


@pytest.mark.parametrize("normalize", [False, True])
def test_update_equals_the_formula_in_x(normalize):
    e1, e2, e3, step = 0.3, 0.7, 0.2, 0.05
    sampler = PlugAndPlaySampler(
        _classifier(), prior=_dae(), epsilon1=e1, epsilon2=e2, epsilon3=e3, space="x",
        step_size=step, normalize=normalize, clip=(-1.5, 1.5),
    )
    x = RNG.uniform(-1, 1, (5, 3)).astype("float32")
    noise = RNG.normal(size=(5, 3)).astype("float32")
    classes = np.array([0, 1, 2, 3, 1])
    got = sampler.update(x, tf.constant(classes, tf.int32), noise).numpy()
    prior = (x @ A + A_BIAS) - x
    d = e1 * prior + e2 * _log_softmax_grad(x, classes) + e3 * noise
    np.testing.assert_allclose(got, _step(x, d, step, normalize, (-1.5, 1.5)), atol=1e-5)


def test_update_equals_the_formula_in_h_joint_and_gaussian():
    e1, e2, e3 = 0.4, 1.3, 0.1
    sampler = PlugAndPlaySampler(
        _classifier(), prior=_dae(2, A[:2, :2], A_BIAS[:2]),
        generator=_linear(2, M, name="generator"), encoder=_linear(3, E, name="encoder"),
        epsilon1=e1, epsilon2=e2, epsilon3=e3, space="h", joint=True, normalize=False,
        clip=None,
    )
    h = RNG.normal(size=(4, 2)).astype("float32")
    noise = RNG.normal(size=(4, 2)).astype("float32")
    classes = np.array([3, 2, 1, 0])
    got = sampler.update(h, tf.constant(classes, tf.int32), noise).numpy()
    x = h @ M
    prior = (h @ A[:2, :2] + A_BIAS[:2] - h) + (x @ E - h)
    d = e1 * prior + e2 * _log_softmax_grad(x, classes) @ M.T + e3 * noise
    np.testing.assert_allclose(got, h + d, atol=1e-5)

    gaussian = PlugAndPlaySampler(
        _classifier(), prior="gaussian", epsilon1=e1, epsilon2=e2, epsilon3=0.0, space="x",
        normalize=False, clip=None,
    )
    x = RNG.normal(size=(4, 3)).astype("float32")
    got = gaussian.update(x, tf.constant(classes, tf.int32), np.zeros_like(x)).numpy()
    np.testing.assert_allclose(got, x - e1 * x + e2 * _log_softmax_grad(x, classes), atol=1e-5)


def test_the_compiled_chain_runs_the_update():
    sampler = PlugAndPlaySampler(
        _classifier(), prior=_dae(), epsilon1=0.2, epsilon2=1.0, epsilon3=0.0, space="x",
        step_size=0.1, clip=(-1, 1), steps=3,
    )
    x = RNG.uniform(-1, 1, (3, 3)).astype("float32")
    classes = np.array([0, 2, 3])
    images, chain = sampler.sample(classes, 3, initial=x, return_chain=True)
    expected = x
    for t in range(3):
        np.testing.assert_allclose(chain[t], expected, atol=1e-5)
        prior = (expected @ A + A_BIAS) - expected
        d = 0.2 * prior + _log_softmax_grad(expected, classes)
        expected = _step(expected, d, 0.1, True, (-1, 1))
    np.testing.assert_allclose(images, expected, atol=1e-5)
    assert chain.shape == (4, 3, 3)


def test_same_seed_same_chain_and_noise_matters():
    sampler = PlugAndPlaySampler(
        _classifier(), prior=_dae(), epsilon1=0.5, epsilon2=1.0, epsilon3=0.5, space="x",
        steps=4, step_size=0.1,
    )
    a, b = sampler.sample(1, 6, seed=3), sampler.sample(1, 6, seed=3)
    np.testing.assert_array_equal(a, b)
    assert np.abs(a - sampler.sample(1, 6, seed=4)).max() > 1e-3


def test_activation_maximization_increases_the_class_log_probability():
    classifier = metrics.fashion_mnist_classifier()
    sampler = PlugAndPlaySampler.from_preset(
        "activation_maximization", condition=classifier, normalize=False, step_size=1e-3,
        clip=None, seed=0, initial_std=0.2,
    )
    classes = np.arange(0, 10, 2)
    _, chain = sampler.sample(classes, len(classes), steps=15, return_chain=True)
    log_p = np.stack([
        keras.ops.convert_to_numpy(
            tf.nn.log_softmax(classifier(frame, training=False))
        )[np.arange(len(classes)), classes]
        for frame in chain
    ])
    assert np.all(np.diff(log_p, axis=0) > 0), log_p
    assert np.mean(log_p[-1] - log_p[0]) > 0.1, log_p


@pytest.mark.large
def test_the_prior_alone_samples_the_gaussian():
    mean = np.array([1.0, -1.0], "float32")
    cov = np.array([[0.6, 0.3], [0.3, 0.4]], "float32")
    data = RNG.multivariate_normal(mean, cov, size=8192).astype("float32")
    sigma = 0.5
    dae = models.DenoisingAutoencoder(
        (2,), noise_std=sigma, seed=0, network=keras.Sequential(
            [keras.Input((2,)), keras.layers.Dense(2)], name="linear_dae"
        ),
    )
    epochs = 60
    decay = keras.optimizers.schedules.CosineDecay(1e-2, epochs * len(data) // 256)
    dae.compile(optimizer=keras.optimizers.Adam(decay))
    dae.fit(data, batch_size=256, epochs=epochs, verbose=0)
    dummy = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
    # Langevin on the DAE's score: eps1 * sigma^2 = eps3^2 / 2, no condition.
    eps3 = 0.2
    sampler = PlugAndPlaySampler(
        dummy, prior=dae, epsilon1=eps3**2 / (2 * sigma**2), epsilon2=0.0, epsilon3=eps3,
        space="x", normalize=False, clip=None, steps=600, seed=1,
    )
    samples = sampler.sample(0, 3000)
    # A DAE with noise sigma models p(x) smoothed by N(0, sigma^2 I).
    target = cov + sigma**2 * np.eye(2)
    np.testing.assert_allclose(samples.mean(0), mean, atol=0.08)
    np.testing.assert_allclose(np.cov(samples.T), target, atol=0.08)


def test_sample_signature_in_a_saved_model(tmp_path):
    sampler = PlugAndPlaySampler(
        _classifier(), prior=_dae(), epsilon1=0.3, epsilon2=1.0, epsilon3=0.1, space="x",
        steps=5, step_size=0.1,
    )
    path = export(sampler, str(tmp_path / "ppgn"))
    loaded = tf.saved_model.load(path)
    assert {"sample", "serving_default"} <= set(loaded.signatures)
    out = loaded.signatures["sample"](
        class_index=tf.constant(2), count=tf.constant(3), seed=tf.constant(7, tf.int64)
    )
    np.testing.assert_allclose(out["images"].numpy(), sampler.sample(2, 3, seed=7), atol=1e-5)
    assert out["images_uint8"].dtype == tf.uint8
    with pytest.raises(tf.errors.InvalidArgumentError):
        loaded.signatures["sample"](
            class_index=tf.constant(4), count=tf.constant(1), seed=tf.constant(0, tf.int64)
        )


def test_presets():
    assert set(PRESETS) == {
        "activation_maximization", "gaussian_prior", "ppgn_x", "ppgn_h", "joint_ppgn_h",
        "noiseless_joint_ppgn_h",
    }
    am = PlugAndPlaySampler.from_preset("activation_maximization", _classifier())
    assert (am.epsilon1, am.epsilon2, am.epsilon3, am.space) == (0.0, 1.0, 0.0, "x")
    g = PlugAndPlaySampler.from_preset("gaussian_prior", _classifier(), epsilon1=0.5)
    assert (g.epsilon1, g.epsilon3, g.prior) == (0.5, 0.0, "gaussian")
    kwargs = {"generator": _linear(2, M), "encoder": _linear(3, E), "prior": _dae(2, A[:2, :2],
                                                                                    A_BIAS[:2])}
    noiseless = PlugAndPlaySampler.from_preset("noiseless_joint_ppgn_h", _classifier(), **kwargs)
    assert noiseless.joint and noiseless.space == "h" and noiseless.epsilon3 == 0.0
    assert PlugAndPlaySampler.from_preset("joint_ppgn_h", _classifier(), **kwargs).epsilon3 > 0


def test_config_round_trip():
    sampler = PlugAndPlaySampler.from_preset(
        "joint_ppgn_h", _classifier(), generator=_linear(2, M), encoder=_linear(3, E),
        prior=_dae(2, A[:2, :2], A_BIAS[:2]), steps=7, seed=3, clip=(0.0, 2.0),
    )
    config = sampler.get_config()
    restored = PlugAndPlaySampler.from_config(
        config, _classifier(), prior=sampler.prior, generator=sampler.decoder,
        encoder=sampler.encoder,
    )
    assert restored.get_config() == config
    np.testing.assert_allclose(restored.sample(1, 2), sampler.sample(1, 2), atol=1e-6)
    with pytest.raises(ValueError, match="prior"):
        PlugAndPlaySampler.from_config(config, _classifier(), generator=sampler.decoder,
                                       encoder=sampler.encoder)
    gaussian = PlugAndPlaySampler.from_preset("gaussian_prior", _classifier())
    assert PlugAndPlaySampler.from_config(
        gaussian.get_config(), _classifier()).get_config() == gaussian.get_config()


BAD = [
    ("a condition without a class output",
     lambda: PlugAndPlaySampler(keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)]),
                                space="x", epsilon1=0), "condition"),
    ("a condition that outputs images",
     lambda: PlugAndPlaySampler(keras.Sequential([keras.Input((4, 4, 1)),
                                                  keras.layers.Conv2D(2, 3)]),
                                space="x", epsilon1=0), "condition"),
    ("negative epsilon1", lambda: PlugAndPlaySampler(_classifier(), prior=_dae(), space="x",
                                                     epsilon1=-1.0), "epsilon1"),
    ("negative epsilon2", lambda: PlugAndPlaySampler(_classifier(), space="x", epsilon1=0,
                                                     epsilon2=-1.0), "epsilon2"),
    ("negative epsilon3", lambda: PlugAndPlaySampler(_classifier(), space="x", epsilon1=0,
                                                     epsilon3=-0.1), "epsilon3"),
    ("steps < 1", lambda: PlugAndPlaySampler(_classifier(), space="x", epsilon1=0, steps=0),
     "steps"),
    ("space h without a generator", lambda: PlugAndPlaySampler(_classifier(), prior=_dae()),
     "generator"),
    ("unknown space", lambda: PlugAndPlaySampler(_classifier(), space="z"), "space"),
    ("a prior term without a prior", lambda: PlugAndPlaySampler(_classifier(), space="x"),
     "prior"),
    ("a prior of another space",
     lambda: PlugAndPlaySampler(_classifier(), prior=_dae(2, A[:2, :2], A_BIAS[:2]),
                                space="x"), "prior"),
    ("joint in x", lambda: PlugAndPlaySampler(_classifier(), space="x", joint=True), "joint"),
    ("unknown preset", lambda: PlugAndPlaySampler.from_preset("ppgn_z", _classifier()),
     "preset"),
]


@pytest.mark.parametrize("make, pattern", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_sampler_arguments(make, pattern):
    with pytest.raises(ValueError, match=pattern):
        make()


def test_bad_sample_arguments():
    sampler = PlugAndPlaySampler(_classifier(), space="x", epsilon1=0, steps=2)
    traced = sampler._run.experimental_get_tracing_count()
    for call, pattern in [
        (lambda: sampler.sample(4, 2), "class_index"),
        (lambda: sampler.sample(-1, 2), "class_index"),
        (lambda: sampler.sample([0, 1, 2], 2), "class_index"),
        (lambda: sampler.sample(1.5, 2), "class_index"),
        (lambda: sampler.sample(0, 2, steps=0), "steps"),
        (lambda: sampler.sample(0, 0), "count"),
        (lambda: sampler.sample(0, 2, initial=np.zeros((3, 3))), "initial"),
    ]:
        with pytest.raises(ValueError, match=pattern):
            call()
    assert sampler._run.experimental_get_tracing_count() == traced
