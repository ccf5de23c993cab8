"""f-GAN divergences, BGAN and the π-weighted JS cost."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from scipy import integrate
from scipy import stats

from keras_gans import losses
from keras_gans.losses.divergences import DIVERGENCES

V = np.array([-1.0, 0.0, 1.5], "float64")


def _softplus(x):
    return np.logaddexp(0.0, x)


# Tables 1-2 of Nowozin et al. written naively in float64: g_f(v) and f*(t).
TABLE = {
    "kl": (lambda v: v, lambda t: np.exp(t - 1)),
    "reverse_kl": (lambda v: -np.exp(-v), lambda t: -1 - np.log(-t)),
    "pearson": (lambda v: v, lambda t: t**2 / 4 + t),
    "neyman": (lambda v: 1 - np.exp(-v), lambda t: 2 - 2 * np.sqrt(1 - t)),
    "squared_hellinger": (lambda v: 1 - np.exp(-v), lambda t: t / (1 - t)),
    "jensen_shannon": (
        lambda v: np.log(2) - np.log(1 + np.exp(-v)),
        lambda t: -np.log(2 - np.exp(t)),
    ),
    "gan": (lambda v: -np.log(1 + np.exp(-v)), lambda t: -np.log(1 - np.exp(t))),
}
F = {
    "kl": lambda u: u * np.log(u),
    "reverse_kl": lambda u: -np.log(u),
    "pearson": lambda u: (u - 1) ** 2,
    "neyman": lambda u: (1 - u) ** 2 / u,
    "squared_hellinger": lambda u: (np.sqrt(u) - 1) ** 2,
    "jensen_shannon": lambda u: -(u + 1) * np.log((1 + u) / 2) + u * np.log(u),
    "gan": lambda u: u * np.log(u) - (u + 1) * np.log(u + 1),
}


def test_every_divergence_is_tested():
    assert set(TABLE) == set(DIVERGENCES) == set(F)


@pytest.mark.parametrize("name", DIVERGENCES)
def test_activation_and_conjugate_match_the_tables(name):
    loss = losses.FDivergence(name)
    activation, conjugate = TABLE[name]
    np.testing.assert_allclose(loss.activation(V), activation(V), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(
        loss.conjugate_of_activation(V), conjugate(activation(V)), rtol=1e-5, atol=1e-6
    )
    u = np.array([0.3, 1.0, 2.5])
    np.testing.assert_allclose(loss.f(u), F[name](u), rtol=1e-5, atol=1e-6)
    # Per example: D minimises -g_f(v_real) + f*(g_f(v_fake)), G -f*(g_f(v_fake)).
    real, fake = V, V[::-1].copy()
    np.testing.assert_allclose(
        loss.discriminator_loss(real, fake),
        -activation(real) + conjugate(activation(fake)),
        rtol=1e-5, atol=1e-6,
    )
    np.testing.assert_allclose(
        loss.generator_loss(fake), -conjugate(activation(fake)), rtol=1e-5, atol=1e-6
    )
    saturating_free = losses.FDivergence(name, non_saturating=True)
    np.testing.assert_allclose(
        saturating_free.generator_loss(fake), -activation(fake), rtol=1e-5, atol=1e-6
    )


def test_hand_computed_values_at_zero():
    # v = 0 by hand: g_f(0) and f*(g_f(0)).
    expected = {
        "kl": (0.0, np.exp(-1.0)),
        "reverse_kl": (-1.0, -1.0),
        "pearson": (0.0, 0.0),
        "neyman": (0.0, 0.0),
        "squared_hellinger": (0.0, 0.0),
        "jensen_shannon": (0.0, 0.0),
        "gan": (-np.log(2.0), np.log(2.0)),
    }
    for name, (g, conj) in expected.items():
        loss = losses.FDivergence(name)
        np.testing.assert_allclose(loss.activation([0.0]), [g], atol=1e-6, err_msg=name)
        np.testing.assert_allclose(
            loss.conjugate_of_activation([0.0]), [conj], atol=1e-6, err_msg=name
        )


@pytest.mark.parametrize("name", DIVERGENCES)
def test_divergence_of_p_from_itself_is_zero_at_the_optimal_logits(name):
    loss = losses.FDivergence(name)
    v = loss.optimal_logits(np.zeros(16))  # log(p/q) = 0 everywhere.
    bound = -np.asarray(loss.discriminator_loss(v, v))  # E_P[g_f] - E_P[f*(g_f)]
    # D_f(P‖P) = f(1): zero for every divergence but the GAN's 2·JS − log 4.
    expected = -np.log(4.0) if name == "gan" else 0.0
    np.testing.assert_allclose(F[name](1.0), expected, atol=1e-12)
    np.testing.assert_allclose(bound, expected, atol=1e-6)


@pytest.mark.parametrize("name", DIVERGENCES)
def test_bound_at_the_optimal_logits_is_the_divergence(name):
    # P = N(0, 1), Q = N(0.4, 1.2): the bound E_P[g_f(v*)] - E_Q[f*(g_f(v*))]
    # at v* = g_f^{-1}(f'(p/q)) equals D_f(P‖Q) = ∫ q f(p/q).
    p, q = stats.norm(0.0, 1.0), stats.norm(0.4, 1.2)
    exact, _ = integrate.quad(lambda x: q.pdf(x) * F[name](p.pdf(x) / q.pdf(x)), -12, 12)
    rng = np.random.default_rng(0)
    xp, xq = p.rvs(200_000, random_state=rng), q.rvs(200_000, random_state=rng)
    loss = losses.FDivergence(name)
    vp = loss.optimal_logits(p.logpdf(xp) - q.logpdf(xp))
    vq = loss.optimal_logits(p.logpdf(xq) - q.logpdf(xq))
    estimate = float(np.mean(loss.activation(vp)) - np.mean(loss.conjugate_of_activation(vq)))
    assert abs(estimate - exact) < 0.02 + 0.05 * abs(exact), (estimate, exact)
    # Any other discriminator gives a smaller bound.
    worse = float(
        np.mean(loss.activation(np.asarray(vp) * 0.5))
        - np.mean(loss.conjugate_of_activation(np.asarray(vq) * 0.5))
    )
    assert worse < estimate


@pytest.mark.parametrize("name", DIVERGENCES)
def test_extreme_logits_give_finite_losses_and_gradients(name):
    for non_saturating in (False, True):
        loss = losses.FDivergence(name, non_saturating=non_saturating)
        logits = tf.constant([-50.0, -20.0, 0.0, 20.0, 50.0])
        with tf.GradientTape(persistent=True) as tape:
            tape.watch(logits)
            d = loss.discriminator_loss(logits, logits)
            g = loss.generator_loss(logits)
        for value in (d, g, tape.gradient(d, logits), tape.gradient(g, logits)):
            assert np.all(np.isfinite(np.asarray(value))), (name, value)


def test_gan_divergence_is_the_gan_loss():
    real, fake = np.array([2.0, -1.0]), np.array([-1.5, 0.3])
    gan = losses.FDivergence("gan")
    np.testing.assert_allclose(
        gan.discriminator_loss(real, fake),
        losses.get("minimax").discriminator_loss(real, fake),
        rtol=1e-6,
    )
    np.testing.assert_allclose(
        losses.FDivergence("gan", non_saturating=True).generator_loss(fake),
        losses.get("non_saturating").generator_loss(fake),
        rtol=1e-6,
    )


def test_get_and_serialization():
    for name in DIVERGENCES:
        loss = losses.get(name)
        assert loss == losses.FDivergence(name)
        restored = keras.saving.deserialize_keras_object(
            keras.saving.serialize_keras_object(losses.FDivergence(name, non_saturating=True))
        )
        assert restored == losses.FDivergence(name, non_saturating=True)
    assert isinstance(losses.get("boundary_seeking"), losses.BoundarySeeking)
    assert losses.get("pi_weighted_js") == losses.PiWeightedJS(0.5)
    restored = losses.get(keras.saving.serialize_keras_object(losses.PiWeightedJS(0.2)))
    assert restored == losses.PiWeightedJS(0.2) != losses.PiWeightedJS(0.3)


@pytest.mark.parametrize("bad", ["kl_divergence", "", None, 3])
def test_unknown_divergence_is_refused(bad):
    with pytest.raises(ValueError, match="divergence="):
        losses.FDivergence(bad)


def test_unknown_loss_name_lists_the_divergences():
    with pytest.raises(ValueError, match="reverse_kl"):
        losses.get("reverse-kl")


def test_non_saturating_must_be_a_bool():
    with pytest.raises(ValueError, match="non_saturating="):
        losses.FDivergence("kl", non_saturating="yes")


@pytest.mark.parametrize("bad", [0, 1, 0.0, 1.0, -0.2, 1.5, "0.5", True, None])
def test_pi_outside_the_open_interval_is_refused(bad):
    with pytest.raises(ValueError, match="pi="):
        losses.PiWeightedJS(bad)


def test_boundary_seeking():
    loss = losses.BoundarySeeking()
    real, fake = np.array([2.0, -1.0]), np.array([-3.0, 0.0])
    np.testing.assert_allclose(loss.generator_loss(fake), [4.5, 0.0], rtol=1e-6)
    np.testing.assert_allclose(
        loss.discriminator_loss(real, fake), _softplus(-real) + _softplus(fake), rtol=1e-5
    )
    np.testing.assert_allclose(loss.output(np.array([0.0])), [0.5])


@pytest.mark.parametrize("pi", [0.1, 0.5, 0.8])
def test_pi_weighted_js_at_the_optimal_discriminator(pi):
    # With D* = πp / (πp + (1-π)q), -loss = JS_π + π log π + (1-π) log(1-π).
    p, q = stats.norm(0.0, 1.0), stats.norm(1.0, 0.7)

    def m(x):
        return pi * p.pdf(x) + (1 - pi) * q.pdf(x)

    kl_pm, _ = integrate.quad(lambda x: p.pdf(x) * np.log(p.pdf(x) / m(x)), -12, 12)
    kl_qm, _ = integrate.quad(lambda x: q.pdf(x) * np.log(q.pdf(x) / m(x)), -12, 12)
    js = pi * kl_pm + (1 - pi) * kl_qm
    rng = np.random.default_rng(1)
    xp, xq = p.rvs(200_000, random_state=rng), q.rvs(200_000, random_state=rng)

    def logits(x):
        return np.log(pi) + p.logpdf(x) - np.log(1 - pi) - q.logpdf(x)

    loss = losses.PiWeightedJS(pi)
    value = -float(np.mean(loss.real_term(logits(xp))) + np.mean(loss.fake_term(logits(xq))))
    expected = js + pi * np.log(pi) + (1 - pi) * np.log(1 - pi)
    assert abs(value - expected) < 0.01, (value, expected)
    np.testing.assert_allclose(
        loss.generator_loss(np.array([0.3])), [-(1 - pi) * _softplus(0.3)], rtol=1e-5
    )


def test_pi_weighted_js_limits_are_the_two_kls():
    p, q = stats.norm(0.0, 1.0), stats.norm(1.0, 0.7)
    kl_pq, _ = integrate.quad(lambda x: p.pdf(x) * (p.logpdf(x) - q.logpdf(x)), -12, 12)
    kl_qp, _ = integrate.quad(lambda x: q.pdf(x) * (q.logpdf(x) - p.logpdf(x)), -12, 12)

    def js(pi):
        def m(x):
            return pi * p.pdf(x) + (1 - pi) * q.pdf(x)

        a, _ = integrate.quad(lambda x: p.pdf(x) * np.log(p.pdf(x) / m(x)), -12, 12)
        b, _ = integrate.quad(lambda x: q.pdf(x) * np.log(q.pdf(x) / m(x)), -12, 12)
        return pi * a + (1 - pi) * b

    assert abs(js(1e-4) / 1e-4 - kl_pq) < 0.02 * kl_pq
    assert abs(js(1 - 1e-4) / 1e-4 - kl_qp) < 0.02 * kl_qp
