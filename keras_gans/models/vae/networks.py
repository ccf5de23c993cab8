"""The VAE's convolutional encoder and decoder builders, and its likelihoods."""


from keras_gans._validation import check_positive_int
from keras_gans.models import _inference

LIKELIHOODS = ("bernoulli", "gaussian")


def vae_encoder(image_shape, latent_dim, filters=32, num_classes=None, name="encoder"):
    """A convolutional VAE encoder: images to the mean and scale of q(z|x).

    4x4 convolutions with stride 2 and LeakyReLU halve the side down to 4-7
    pixels; a dense layer outputs `2 * latent_dim` numbers, the posterior
    mean and (through softplus) its standard deviation.

    Args:
        image_shape: `(side, side, channels)`, e.g. `(28, 28, 1)`; sides as in
            `dcgan_generator` (8, 16, 28, 32, 64, ...).
        latent_dim: the size of z.
        filters: the channels of the first convolution (doubling after).
        num_classes: for `ConditionalVAE`: the encoder then also takes an
            int label, one-hot encoded beside the image features.
        name: the model's name.

    Returns:
        A built `keras.Model` from images (`[image, label]`) to `[batch, 2 *
        latent_dim]`.

    Example:

    ```python
    import keras_gans

    encoder = keras_gans.models.vae_encoder((28, 28, 1), latent_dim=16)
    ```
    """
    latent_dim = check_positive_int("latent_dim", latent_dim)
    return _inference.image_encoder(image_shape, 2 * latent_dim, filters, num_classes, name)


def vae_decoder(
    image_shape, latent_dim, filters=32, likelihood="bernoulli", num_classes=None,
    name="decoder",
):
    """A VAE decoder: latents to the parameters of p(x|z) per pixel.

    A dense projection to a 4-7 pixel map, then 4x4 transposed convolutions
    with stride 2 and ReLU. For `likelihood="bernoulli"` it outputs logits;
    for `"gaussian"` the mean, through tanh, in [-1, 1].

    Args:
        image_shape: as in `vae_encoder`.
        latent_dim: the size of z.
        filters: the channels of the last hidden layer.
        likelihood: `"bernoulli"` or `"gaussian"`, as the `VAE`'s.
        num_classes: for `ConditionalVAE`: also take an int label.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[batch, latent_dim]` (`[latent, label]`)
        to `[batch, *image_shape]`.

    Example:

    ```python
    import keras_gans

    decoder = keras_gans.models.vae_decoder((28, 28, 1), latent_dim=16)
    ```
    """
    likelihood = _check_likelihood(likelihood)
    activation = "linear" if likelihood == "bernoulli" else "tanh"
    return _inference.image_decoder(
        image_shape, latent_dim, filters, activation, num_classes, name
    )


def _check_likelihood(likelihood):
    if likelihood not in LIKELIHOODS:
        raise ValueError(
            f"`likelihood` must be one of {list(LIKELIHOODS)}. Received: "
            f"likelihood={likelihood!r}"
        )
    return likelihood
