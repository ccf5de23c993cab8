"""Learning tests of BiGAN, ALI and the VAE on Fashion-MNIST (`large`).

Each judges what was learned by a statistic of the encoder's features or
of the likelihood estimates, never by a training loss going down.
"""

import keras
import numpy as np
import pytest

from keras_gans import metrics
from keras_gans import models

SHAPE = (28, 28, 1)


def _fashion_mnist():
    from keras_gans.datasets._images import fashion_mnist_arrays

    try:
        x, y = fashion_mnist_arrays("train")
        xt, yt = fashion_mnist_arrays("test")
    except FileNotFoundError:
        pytest.skip("Fashion-MNIST is not installed")
    return x.astype("float32") / 127.5 - 1, y, xt.astype("float32") / 127.5 - 1, yt


def _probe(model, x, y, xt, yt, train=2000, test=1000):
    return metrics.linear_probe(
        model.encode(x[:train]), y[:train], model.encode(xt[:test]), yt[:test]
    )


@pytest.mark.large
def test_bigan_encoder_features_beat_a_random_encoder():
    x, y, xt, yt = _fashion_mnist()
    keras.utils.set_random_seed(0)
    latent_dim, steps, batch = 8, 450, 64
    bigan = models.BiGAN(
        models.dcgan_generator(SHAPE, latent_dim, filters=16),
        models.bigan_encoder(SHAPE, latent_dim, filters=16),
        models.bigan_discriminator(SHAPE, latent_dim, filters=16, hidden_units=256),
        seed=0,
    )
    bigan.compile(
        g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
    )
    random_encoder = _probe(bigan, x, y, xt, yt)  # The same architecture, untrained.
    bigan.fit(x[: steps * batch], batch_size=batch, epochs=1, verbose=0)
    trained = _probe(bigan, x, y, xt, yt)
    assert trained > random_encoder + 0.03, (trained, random_encoder)


@pytest.mark.large
def test_ali_encoder_features_beat_a_random_encoder():
    x, y, xt, yt = _fashion_mnist()
    keras.utils.set_random_seed(0)
    latent_dim, steps, batch = 8, 450, 64
    ali = models.ALI(
        models.dcgan_generator(SHAPE, latent_dim, filters=16),
        models.bigan_encoder(SHAPE, latent_dim, filters=16, gaussian=True),
        models.bigan_discriminator(SHAPE, latent_dim, filters=16, hidden_units=256),
        seed=0,
    )
    # A slower discriminator than BiGAN's: the stochastic encoder learns later.
    ali.compile(
        g_optimizer=keras.optimizers.Adam(5e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(1e-4, beta_1=0.5),
    )
    random_encoder = _probe(ali, x, y, xt, yt)  # The posterior means, untrained.
    ali.fit(x[: steps * batch], batch_size=batch, epochs=1, verbose=0)
    trained = _probe(ali, x, y, xt, yt)
    assert trained > random_encoder + 0.03, (trained, random_encoder)


@pytest.mark.large
def test_vae_iwae_bound_is_above_the_elbo_and_both_improve():
    x, _, xt, _ = _fashion_mnist()
    binarise = lambda images: np.where(images > 0, 1.0, -1.0).astype("float32")  # noqa: E731
    x, xt = binarise(x[:19200]), binarise(xt[:64])
    keras.utils.set_random_seed(0)
    vae = models.VAE(
        models.vae_encoder(SHAPE, 16, filters=16),
        models.vae_decoder(SHAPE, 16, filters=16),
        latent_dim=16,
        seed=0,
    )
    vae.compile(optimizer=keras.optimizers.Adam(1e-3))

    def bounds():
        elbo = vae.elbo(xt, num_samples=20, seed=1)
        iwae = vae.log_likelihood(xt, num_samples=500, batch_size=16, chunk_size=250, seed=1)
        return elbo, iwae

    elbo_0, iwae_0 = bounds()
    vae.fit(x, batch_size=64, epochs=1, verbose=0)
    elbo, iwae = bounds()
    assert np.mean(iwae) >= np.mean(elbo)
    assert np.mean(iwae >= elbo) > 0.9
    # Both improve over the untrained model, by more than 3 standard errors
    # of the per-image differences.
    for after, before in ((elbo, elbo_0), (iwae, iwae_0)):
        gain = after - before
        assert np.mean(gain) > 3 * np.std(gain) / np.sqrt(len(gain)), (after, before)
