"""BiGAN: a GAN that also learns the inverse mapping x -> z."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models import _data
from keras_gans.models import _inference
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean
from keras_gans.models.dcgan import _pyramid
from keras_gans.models.gan import GAN
from keras_gans.models.gan import _known_shape
from keras_gans.models.gan import _to_uint8
from keras_gans.sampling import priors


def bigan_encoder(image_shape, latent_dim, filters=64, gaussian=False, name="encoder"):
    """A convolutional encoder from images to latents, for BiGAN and ALI.

    4x4 convolutions with stride 2 and LeakyReLU(0.2) halve the side down to
    4-7 pixels; a dense layer gives the latent (BiGAN) or, with `gaussian`,
    the mean and pre-softplus scale of q(z|x) (ALI).

    Args:
        image_shape: `(side, side, channels)`; sides as in `dcgan_generator`.
        latent_dim: the size of z.
        filters: the channels of the first convolution (doubling after).
        gaussian: output `2 * latent_dim` numbers (ALI's stochastic encoder).
        name: the model's name.

    Returns:
        A built `keras.Model` from images to `[batch, latent_dim]` (`[batch,
        2 * latent_dim]` if `gaussian`).

    Example:

    ```python
    import keras_gans

    encoder = keras_gans.models.bigan_encoder((28, 28, 1), latent_dim=50)
    ```

    Reference:
        [Donahue et al., 2017. Adversarial Feature Learning](
        https://arxiv.org/abs/1605.09782).
    """
    latent_dim = check_positive_int("latent_dim", latent_dim)
    outputs = 2 * latent_dim if gaussian else latent_dim
    return _inference.image_encoder(image_shape, outputs, filters, name=name)


def bigan_discriminator(
    image_shape, latent_dim, filters=64, hidden_units=512, name="discriminator"
):
    """A joint discriminator D(x, z): a convolutional x-branch, a dense z-branch.

    The image goes through 4x4 strided convolutions with LeakyReLU (as the
    encoder), the latent through two dense layers; the two feature vectors
    are concatenated and a dense hidden layer gives one logit. No batch
    normalization: the pairs of one batch are judged independently.

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: the size of z.
        filters: the channels of the first convolution.
        hidden_units: the width of the dense layers.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[image, latent]` to logits `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.bigan_discriminator((28, 28, 1), latent_dim=50)
    ```

    Reference:
        [Donahue et al., 2017. Adversarial Feature Learning](
        https://arxiv.org/abs/1605.09782), section 3.
    """
    image_shape, _, steps = _pyramid(image_shape)
    latent_dim = check_positive_int("latent_dim", latent_dim)
    hidden_units = check_positive_int("hidden_units", hidden_units)
    x = keras.Input(image_shape, name="image")
    z = keras.Input((latent_dim,), name="latent")
    hx = _inference.conv_features(
        x, steps, check_positive_int("filters", filters), lambda: keras.layers.LeakyReLU(0.2)
    )
    hz = z
    for i in range(2):
        hz = keras.layers.Dense(hidden_units, name=f"latent_{i}")(hz)
        hz = keras.layers.LeakyReLU(0.2)(hz)
    h = keras.layers.Concatenate()([hx, hz])
    h = keras.layers.Dense(hidden_units, name="joint")(h)
    h = keras.layers.LeakyReLU(0.2)(h)
    logits = keras.layers.Dense(1, dtype="float32", name="logits")(h)
    return keras.Model([x, z], logits, name=name)


@register
class BiGAN(GAN):
    """Bidirectional GAN: a generator, an encoder, and D judging (x, z) pairs.

    The discriminator learns to tell encoder pairs `(x, E(x))` (labelled
    real) from generator pairs `(G(z), z)` (labelled fake). One player,
    `generator`, trains G and E together: G on the family's generator loss
    of its pairs, E on the same loss with the roles of real and fake swapped
    (it wants `(x, E(x))` called fake: `generator_loss(-real_logits)`, for
    the non-saturating loss `-log(1 - D(x, E(x)))`), not the negated
    discriminator loss. At the optimum E inverts G. Logs: `d_loss`, `d_real`,
    `d_fake` (D's mean output on encoder and generator pairs), `g_loss` and
    `e_loss`.

    Args:
        generator: a built model from `[batch, latent_dim]` to images.
        encoder: a built model from images to `[batch, latent_dim]`.
        discriminator: a built model from `[image, latent]` to logits.
        latent_dim: the size of z; defaults to the generator's input size.
        prior: the latent prior (uniform on [-1, 1] in the paper).
        d_steps: discriminator updates per step.
        seed: an int that fixes every draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans
    from keras_gans import models

    bigan = models.BiGAN(
        models.dcgan_generator((8, 8, 1), 4, filters=4),
        models.bigan_encoder((8, 8, 1), 4, filters=4),
        models.bigan_discriminator((8, 8, 1), 4, filters=4, hidden_units=8),
        seed=0,
    )
    bigan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                  d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    x = np.random.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    bigan.fit(x, batch_size=16, epochs=1, verbose=0)
    z = bigan.encode(x[:4])
    ```

    Reference:
        [Donahue et al., 2017. Adversarial Feature Learning](
        https://arxiv.org/abs/1605.09782).
    """

    # Numbers the encoder outputs per latent dimension (ALI: mean and scale).
    encoder_outputs_per_latent = 1

    def __init__(
        self,
        generator,
        encoder,
        discriminator,
        latent_dim=None,
        prior="uniform",
        d_steps=1,
        seed=None,
        **kwargs,
    ):
        AdversarialModel.__init__(
            self,
            networks={"generator": generator, "encoder": encoder, "discriminator": discriminator},
            players={"generator": ("generator", "encoder"), "discriminator": ("discriminator",)},
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        self._set_latent_space(latent_dim, prior)

    @property
    def sample_shape(self):
        return _known_shape(self.encoder, "input")

    def generator_output_shape(self):
        """What the generator must output (hook: ALI's stochastic generator)."""
        return self.sample_shape

    def _check_networks(self):
        shape = self.discriminator.input_shape
        if not isinstance(shape, list) or len(shape) != 2:
            raise ValueError(
                f"{type(self).__name__}'s `discriminator` must take (x, z) pairs: two "
                f"inputs [image, latent]. Received input shape {shape}"
            )
        if not (
            _data.shapes_agree(tuple(shape[0][1:]), self.sample_shape)
            and tuple(shape[1][1:]) == (self.latent_dim,)
        ):
            raise ValueError(
                f"The `discriminator` must take (x, z) with x of shape {self.sample_shape} "
                f"and z of shape ({self.latent_dim},). Received input shape {shape}"
            )
        _inference.check_encoder_output(
            self.encoder, self.latent_dim, self.encoder_outputs_per_latent
        )
        g_in = _known_shape(self.generator, "input")
        if g_in[-1] != self.latent_dim:
            raise ValueError(
                "`latent_dim` must equal the generator's input size. Received: "
                f"latent_dim={self.latent_dim}, generator input shape={g_in}"
            )
        g_out = _known_shape(self.generator, "output")
        if not _data.shapes_agree(self.generator_output_shape(), g_out):
            raise ValueError(
                f"The `generator` must output {self.generator_output_shape()}. Received: "
                f"generator output shape={g_out}, encoder input shape={self.sample_shape}"
            )

    # ------------------------------------------------------------ the pairs

    def infer(self, x, seed, training=False):
        """z for images `x` (hook: ALI samples its posterior with `seed`)."""
        return ops.cast(self.encoder(x, training=training), "float32")

    def synthesize(self, z, seed, training=False):
        """x for latents `z` (hook: ALI's stochastic generator samples)."""
        return self.generator(z, training=training)

    def generator_mean(self, out):
        """The image a generator output stands for (hook)."""
        return out

    def fake_batch(self, real, conditions, seed):
        seeds = tf.random.experimental.stateless_split(seed, 3)
        z = self.sample_latent(ops.shape(real)[0], seeds[0])
        fake = self.synthesize(z, seeds[1], training=True)
        encoded = self.infer(real, seeds[2], training=True)
        return {
            "latents": z,
            "fake": ops.stop_gradient(fake),
            "encoded": ops.stop_gradient(encoded),
        }

    def discriminator_loss(self, real, conditions, seed, prepared):
        """D's loss: encoder pairs `(x, E(x))` real, generator pairs fake."""
        real_logits = self.discriminator([real, prepared["encoded"]], training=True)
        fake_logits = self.discriminator([prepared["fake"], prepared["latents"]], training=True)
        per_example, outputs = self.adversarial_loss(real_logits, fake_logits)
        return per_example, {**prepared, **outputs}

    def generator_loss(self, real, conditions, seed):
        """G's generator loss plus E's with real and fake swapped."""
        seeds = tf.random.experimental.stateless_split(seed, 3)
        z = self.sample_latent(ops.shape(real)[0], seeds[0])
        fake = self.synthesize(z, seeds[1], training=True)
        encoded = self.infer(real, seeds[2], training=True)
        fake_logits = self.discriminator([fake, z], training=True)
        real_logits = self.discriminator([real, encoded], training=True)
        g_loss = self.loss_fn.generator_loss(fake_logits)
        e_loss = self.loss_fn.generator_loss(-real_logits)
        g_loss, e_loss = per_example_mean(g_loss), per_example_mean(e_loss)
        return g_loss + e_loss, {
            "g_loss": g_loss,
            "e_loss": e_loss,
            "fake": fake,
            "latents": z,
        }

    def train_updates(self):
        updates = super().train_updates()
        return updates[:-1] + [
            Update("generator", self.generator_loss, logs=("g_loss", "e_loss"))
        ]

    # ------------------------------------------------------------- inference

    def call(self, inputs, training=False):
        """Maps latents to images (the generator's mean image)."""
        return self.generator_mean(self.generator(inputs, training=training))

    def encode(self, x, batch_size=256):
        """Latents `E(x)` of images in [-1, 1], `[n, latent_dim]` NumPy."""
        x = _inference.check_samples("x", x, self.sample_shape)
        out = self.encoder.predict(x, batch_size=batch_size, verbose=0)
        return np.asarray(out, dtype="float32")[:, : self.latent_dim]

    def reconstruct(self, x, batch_size=256):
        """`G(E(x))` for images in [-1, 1]."""
        z = self.encode(x, batch_size=batch_size)
        return self.predict(z, batch_size=batch_size, verbose=0)

    def encode_outputs(self, images):
        """What the `encode` signature returns (hook)."""
        return {"latent": self.infer(images, None)}

    # --------------------------------------------------------------- serving

    def serving_trackables(self):
        return [self.generator, self.encoder]

    def serving_endpoints(self):
        """`serving_default(latent)` -> `images`, `images_uint8`; `sample(count,
        seed)` as `GAN`'s; `encode(images)` (float32 in [-1, 1]) and
        `encode_uint8(images)` (uint8 in [0, 255]) -> `latent`."""
        prior, latent_dim = self.prior, self.latent_dim

        def outputs(z):
            images = ops.cast(self.generator_mean(self.generator(z, training=False)), "float32")
            return {"images": images, "images_uint8": _to_uint8(images)}

        def sample(count, seed):
            stateless = tf.stack([seed, tf.zeros_like(seed)])
            return outputs(priors.sample_prior(prior, count, latent_dim, stateless))

        endpoints = {
            "serving_default": (
                outputs, [tf.TensorSpec([None, latent_dim], tf.float32, name="latent")]
            ),
            "sample": (
                sample,
                [tf.TensorSpec([], tf.int32, name="count"),
                 tf.TensorSpec([], tf.int64, name="seed")],
            ),
        }
        endpoints.update(
            _inference.encode_endpoints(self.encode_outputs, self.sample_shape, latent_dim)
        )
        return endpoints
