"""AC-GAN: a conditional generator and a discriminator that also classifies."""

import numbers

import keras
import numpy as np
from keras import ops

from keras_gans._registry import register
from keras_gans.models._heads import TwoHeadedGame
from keras_gans.models._heads import check_two_headed
from keras_gans.models._heads import two_headed_discriminator
from keras_gans.models.conditional import ConditionalGAN
from keras_gans.models.dcgan import _pyramid
from keras_gans.models.gan import GAN


def acgan_discriminator(image_shape, num_classes, filters=64, name="discriminator"):
    """The AC-GAN discriminator: a DCGAN trunk with a source and a class head.

    Args:
        image_shape: as in `dcgan_discriminator`.
        num_classes: the number of classes of the class head.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to `[logits [batch, 1], class
        logits [batch, num_classes]]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.acgan_discriminator((28, 28, 1), 10)
    ```

    Reference:
        [Odena et al., 2017](https://arxiv.org/abs/1610.09585), section 3.
    """
    return two_headed_discriminator(image_shape, num_classes, filters, name=name)


def check_non_negative(name, value):
    """Returns `value` as a float if it is a real number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise ValueError(f"`{name}` must be a number >= 0. Received: {name}={value!r}")
    return float(value)


def class_log_loss(class_logits, labels):
    """Per-example negative log-likelihood of `labels` under `class_logits`."""
    return keras.losses.sparse_categorical_crossentropy(
        labels, ops.cast(class_logits, "float32"), from_logits=True
    )


@register
class ACGAN(TwoHeadedGame, ConditionalGAN):
    """An auxiliary classifier GAN: D tells real from fake and names the class.

    The generator maps `[z, label]` to an image (as `ConditionalGAN`'s); the
    discriminator sees the image alone and has two heads on one trunk, the
    source logit and the class logits. Both players add the class
    log-likelihood `L_C` to their adversarial loss, weighted by
    `class_weight`: the discriminator's on real images (with their labels)
    and on generated images (with the labels they were asked for), the
    generator's on its images. Generated images take the labels of the real
    batch. Logs `d_class_loss` and `g_class_loss` beside `GAN`'s logs.

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: the size of z.
        num_classes: the number of classes (at least 2).
        class_weight: the weight of `L_C` in both players' losses (>= 0).
        generator_filters: as in `DCGAN`.
        discriminator_filters: as in `DCGAN`.
        generator: an optional replacement generator `[latent, label]` ->
            image.
        discriminator: an optional replacement discriminator image ->
            `[logits, class_logits]`.
        **kwargs: `prior`, `d_steps`, `seed` and the rest of `GAN`'s
            arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    gan = keras_gans.models.ACGAN((8, 8, 1), latent_dim=8, num_classes=3,
                                  generator_filters=8,
                                  discriminator_filters=8, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    x = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    y = np.arange(32) % 3
    gan.fit(x, y, batch_size=16, epochs=1, verbose=0)
    images = gan.generate(3, labels=[0, 1, 2], seed=0)
    probabilities = gan.classify(images)  # [3, 3]
    ```

    Reference:
        [Odena et al., 2017. Conditional Image Synthesis with Auxiliary
        Classifier GANs](https://arxiv.org/abs/1610.09585).
    """

    def __init__(
        self,
        image_shape,
        latent_dim,
        num_classes,
        class_weight=1.0,
        generator_filters=64,
        discriminator_filters=64,
        generator=None,
        discriminator=None,
        **kwargs,
    ):
        _pyramid(image_shape)
        self.class_weight = check_non_negative("class_weight", class_weight)
        super().__init__(
            image_shape,
            latent_dim,
            num_classes,
            generator_filters,
            discriminator_filters,
            generator=generator,
            discriminator=discriminator,
            **kwargs,
        )

    def get_config(self):
        config = super().get_config()
        config["class_weight"] = self.class_weight
        return config

    def _default_discriminator(self, image_shape, num_classes, filters):
        return acgan_discriminator(image_shape, num_classes, filters)

    def _check_networks(self):
        if not isinstance(self.generator.input_shape, list) or len(
            self.generator.input_shape
        ) != 2:
            raise ValueError(
                "ACGAN's `generator` must take two inputs [latent, label]. Received "
                f"input shape {self.generator.input_shape}"
            )
        check_two_headed(self.discriminator, self.num_classes)
        GAN._check_networks(self)

    def discriminator_inputs(self, x, conditions):
        return x  # D sees the image alone; its class head predicts the label.

    def metric_names(self):
        return super().metric_names() + ("d_class_loss", "g_class_loss")

    def auxiliary_losses(self, player, real, conditions, outputs):
        if player == "discriminator":
            loss = class_log_loss(outputs["real_head"], conditions) + class_log_loss(
                outputs["fake_head"], conditions
            )
            return {"d_class_loss": self.class_weight * loss}
        loss = class_log_loss(outputs["fake_head"], conditions)
        return {"g_class_loss": self.class_weight * loss}

    def classify(self, images, batch_size=256):
        """The discriminator's class probabilities of `images`.

        Args:
            images: `[n, *image_shape]` in [-1, 1].
            batch_size: how many images D sees at once.

        Returns:
            NumPy `[n, num_classes]`, rows summing to 1.
        """
        logits = self.discriminator_heads(images, batch_size)
        return ops.convert_to_numpy(ops.softmax(logits, axis=-1)).astype(np.float32)
