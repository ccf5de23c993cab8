"""pix2pix: a conditional GAN on image pairs with an L1 term (Isola et al.)."""

import numbers

import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans.models._translation import PairedData
from keras_gans.models._translation import check_translator
from keras_gans.models._translation import image_outputs
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean


@register
class Pix2Pix(PairedData, AdversarialModel):
    """Image-to-image translation trained on pairs: `fit(inputs, targets)`.

    The generator maps an input image to an output image; the discriminator
    sees the input and an output (real target or generated) concatenated on
    the channel axis, and gives one logit per patch with a PatchGAN. Each
    step: one D update (the generated output held fixed), then one G update
    on `adversarial + l1_weight * mean|target - G(input)|`. The noise is the
    generator's dropout (no latent vector), as in the paper. Logs: `d_loss`,
    `d_real`, `d_fake`, `g_loss` (the adversarial term) and `l1_loss` (the
    weighted L1 term).

    Args:
        generator: a built model from input images `[batch, H, W, C_in]` to
            outputs `[batch, H, W, C_out]` in [-1, 1] (`unet_generator`).
        discriminator: a built model from `[batch, H, W, C_in + C_out]` to
            logits of any rank (`patchgan_discriminator`).
        l1_weight: λ, the weight of the L1 term (100 in the paper); 0 trains
            the adversarial loss alone.
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    models = keras_gans.models
    gan = models.Pix2Pix(
        models.unet_generator((8, 8, 1), 1, filters=4),
        models.patchgan_discriminator((8, 8, 2), receptive_field=7, filters=4),
        seed=0,
    )
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    edges = np.random.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    garments = np.tanh(edges)
    gan.fit(edges, garments, batch_size=8, epochs=1, verbose=0)
    outputs = gan.translate(edges[:2])
    ```

    Reference:
        [Isola et al., 2017. Image-to-Image Translation with Conditional
        Adversarial Networks](https://arxiv.org/abs/1611.07004).
    """

    input_name, target_name = "inputs", "targets"

    def __init__(self, generator, discriminator, l1_weight=100.0, seed=None, **kwargs):
        if (
            isinstance(l1_weight, bool)
            or not isinstance(l1_weight, numbers.Real)
            or not l1_weight >= 0
            or l1_weight == float("inf")
        ):
            raise ValueError(
                f"`l1_weight` must be a finite number >= 0. Received: l1_weight={l1_weight!r}"
            )
        super().__init__(
            networks={"generator": generator, "discriminator": discriminator},
            players={"generator": ("generator",), "discriminator": ("discriminator",)},
            seed=seed,
            **kwargs,
        )
        self.l1_weight = float(l1_weight)
        shape_in, shape_out = check_translator("generator", generator)
        d_in = tuple(discriminator.input_shape[1:])
        expected = (*shape_in[:2], shape_in[2] + shape_out[2])
        if d_in != expected:
            raise ValueError(
                "The discriminator must take the input and the output image concatenated "
                f"on channels, shape {expected}. Received: discriminator input shape={d_in}, "
                f"generator input shape={shape_in}, output shape={shape_out}"
            )
        self.input_shape_ = shape_in
        self._sample_shape = shape_out

    @property
    def sample_shape(self):
        return self._sample_shape

    @property
    def condition_spec(self):
        """One example's condition: the input image."""
        return tf.TensorSpec(self.input_shape_, tf.float32, name="images")

    def get_config(self):
        config = super().get_config()
        config.pop("d_steps")
        config["l1_weight"] = self.l1_weight
        return config

    # ---------------------------------------------------------------- sampling

    def call(self, inputs, training=False):
        """Translates input images."""
        return self.generator(inputs, training=training)

    def translate(self, images, batch_size=256):
        """Translates input images `[n, H, W, C_in]` in [-1, 1]; returns NumPy."""
        return self._translate_with(self.generator, images, batch_size)

    def generate(self, n, seed=None, images=None, batch_size=256):
        """Translates `images`, or `n` uniform-noise inputs drawn with `seed`.

        Without `images` this only exercises the network (the family has no
        prior); use `translate` on real inputs.
        """
        if images is None:
            images = self._random_inputs(n, seed, self.input_shape_)
        return self.translate(images, batch_size)

    # ----------------------------------------------------------------- updates

    def train_updates(self):
        return [
            Update("discriminator", self.discriminator_loss, prepare=self.fake_batch,
                   logs=("d_loss", "d_real", "d_fake")),
            Update("generator", self.generator_loss, logs=("g_loss", "l1_loss")),
        ]

    def pair(self, inputs, outputs):
        """What D sees: input and output concatenated on channels (augmented
        together when the model has an `augment`)."""
        pair = ops.concatenate([ops.cast(inputs, outputs.dtype), outputs], axis=-1)
        return self.augment_images(pair)

    def fake_batch(self, real, inputs, seed):
        fake = self.generator(inputs, training=True)
        return {"fake": ops.stop_gradient(fake)}

    def discriminator_loss(self, real, inputs, seed, prepared):
        real_logits = self.discriminator(self.pair(inputs, real), training=True)
        fake_logits = self.discriminator(self.pair(inputs, prepared["fake"]), training=True)
        per_example, outputs = self.adversarial_loss(real_logits, fake_logits)
        return per_example, {**prepared, **outputs}

    def l1_term(self, targets, outputs):
        """Per-example `l1_weight * mean|targets - outputs|`, float32 `[batch]`."""
        difference = ops.abs(ops.cast(targets, "float32") - ops.cast(outputs, "float32"))
        return self.l1_weight * per_example_mean(difference)

    def generator_loss(self, real, inputs, seed):
        fake = self.generator(inputs, training=True)
        fake_logits = self.discriminator(self.pair(inputs, fake), training=True)
        adversarial = per_example_mean(self.loss_fn.generator_loss(fake_logits))
        l1 = self.l1_term(real, fake)
        return adversarial + l1, {
            "g_loss": adversarial, "l1_loss": l1, "fake": fake, "fake_logits": fake_logits,
        }

    # ----------------------------------------------------------------- serving

    def serving_trackables(self):
        return [self.generator]

    def serving_endpoints(self):
        """`serving_default(images)`: float32 inputs in [-1, 1] to the translated
        `images` (float32 in [-1, 1]) and `images_uint8`."""
        generator = self.generator
        spec = tf.TensorSpec([None, *self.input_shape_], tf.float32, name="images")
        return {
            "serving_default": (
                lambda images: image_outputs(generator(images, training=False)), [spec]
            )
        }
