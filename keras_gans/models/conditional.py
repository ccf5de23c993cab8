"""Conditional GAN: the class label conditions both players."""

import keras
import numpy as np

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models._labels import ClassLabels
from keras_gans.models.dcgan import DCGAN
from keras_gans.models.dcgan import _discriminator_body
from keras_gans.models.dcgan import _generator_body
from keras_gans.models.dcgan import _pyramid


def _one_hot(labels, num_classes):
    return keras.layers.CategoryEncoding(num_classes, output_mode="one_hot")(labels)


def conditional_generator(
    image_shape, latent_dim, num_classes, filters=64, name="generator"
):
    """A DCGAN generator fed `[z, one_hot(y)]`.

    Args:
        image_shape: as in `dcgan_generator`.
        latent_dim: the size of z.
        num_classes: the number of labels.
        filters: as in `dcgan_generator`.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[latent, label]` (float `[batch,
        latent_dim]`, int `[batch]`) to images.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.conditional_generator((28, 28, 1), 64, 10)
    ```
    """
    image_shape, side, steps = _pyramid(image_shape)
    z = keras.Input((latent_dim,), name="latent")
    y = keras.Input((), dtype="int32", name="label")
    h = keras.layers.Concatenate()([z, _one_hot(y, num_classes)])
    image = _generator_body(h, image_shape, side, steps, filters)
    return keras.Model([z, y], image, name=name)


def conditional_discriminator(image_shape, num_classes, filters=64, name="discriminator"):
    """A DCGAN discriminator whose input has the one-hot label as extra planes.

    Args:
        image_shape: as in `dcgan_discriminator`.
        num_classes: the number of labels.
        filters: as in `dcgan_discriminator`.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[image, label]` to logits `[batch, 1]`.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.conditional_discriminator((28, 28, 1), 10)
    ```
    """
    image_shape, _, steps = _pyramid(image_shape)
    x = keras.Input(image_shape, name="image")
    y = keras.Input((), dtype="int32", name="label")
    planes = keras.layers.Reshape((1, 1, num_classes))(_one_hot(y, num_classes))
    planes = keras.layers.UpSampling2D(size=image_shape[:2])(planes)
    h = keras.layers.Concatenate()([x, keras.layers.Activation("linear")(planes)])
    return keras.Model([x, y], _discriminator_body(h, steps, filters), name=name)


@register
class ConditionalGAN(ClassLabels, DCGAN):
    """A GAN whose generator and discriminator both see the class label.

    Trains on `(images, labels)` with integer labels in `[0, num_classes)`
    (checked for arrays, and in the input pipeline for datasets). The
    generator update uses the labels of the step's last real batch. The networks default
    to DCGAN networks that take the one-hot label (concatenated to z in G,
    as constant planes beside the image in D); any pair of two-input models
    `[latent, label]` and `[image, label]` can replace them.

    Args:
        image_shape: `(side, side, channels)`.
        latent_dim: the size of z.
        num_classes: the number of labels (at least 2).
        generator_filters: as in `DCGAN`.
        discriminator_filters: as in `DCGAN`.
        generator: optional replacement generator.
        discriminator: optional replacement discriminator.
        **kwargs: `prior` (uniform on [-1, 1] by default, as in DCGAN),
            `d_steps`, `seed` and the rest of `GAN`'s arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    gan = keras_gans.models.ConditionalGAN((8, 8, 1), latent_dim=8,
                                           num_classes=3, seed=0,
                                           generator_filters=8,
                                           discriminator_filters=8)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4),
                d_optimizer=keras.optimizers.Adam(2e-4))
    x = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    y = np.arange(32) % 3
    gan.fit(x, y, batch_size=16, epochs=1, verbose=0)
    images = gan.generate(3, labels=[0, 1, 2], seed=0)
    ```

    Reference:
        [Mirza & Osindero, 2014. Conditional Generative Adversarial Nets](
        https://arxiv.org/abs/1411.1784).
    """

    def __init__(
        self,
        image_shape,
        latent_dim,
        num_classes,
        generator_filters=64,
        discriminator_filters=64,
        generator=None,
        discriminator=None,
        **kwargs,
    ):
        image_shape, _, _ = _pyramid(image_shape)
        latent_dim = check_positive_int("latent_dim", latent_dim)
        num_classes = check_positive_int("num_classes", num_classes, minimum=2)
        if generator is None:
            generator = conditional_generator(
                image_shape, latent_dim, num_classes, generator_filters
            )
        if discriminator is None:
            discriminator = self._default_discriminator(
                image_shape, num_classes, discriminator_filters
            )
        self.num_classes = num_classes
        super().__init__(
            image_shape,
            latent_dim,
            generator_filters,
            discriminator_filters,
            generator=generator,
            discriminator=discriminator,
            **kwargs,
        )

    def _default_discriminator(self, image_shape, num_classes, filters):
        """The discriminator built when none is given (hook: AC-GAN's two heads)."""
        return conditional_discriminator(image_shape, num_classes, filters)

    def get_config(self):
        config = super().get_config()
        config["num_classes"] = self.num_classes
        return config

    def _check_networks(self):
        for name, model in (
            ("generator", self.generator),
            ("discriminator", self.discriminator),
        ):
            if not isinstance(model.input_shape, list) or len(model.input_shape) != 2:
                raise ValueError(
                    f"ConditionalGAN's `{name}` must take two inputs "
                    f"[{'latent' if name == 'generator' else 'image'}, label]. "
                    f"Received input shape {model.input_shape}"
                )
        super()._check_networks()

    def generator_inputs(self, z, conditions):
        return [z, conditions]

    def discriminator_inputs(self, x, conditions):
        return [x, conditions]

    def generate(self, n, labels=None, seed=None, batch_size=256):
        """Generates `n` images, of `labels` or of classes `0, 1, ...` in turn.

        Args:
            n: how many images.
            labels: `n` ints in `[0, num_classes)`, or `None` for
                `i % num_classes`.
            seed: an int for a reproducible draw, or `None`.
            batch_size: how many images the generator makes at once.
        """
        n = check_positive_int("n", n)
        if labels is None:
            labels = np.arange(n) % self.num_classes
        labels = self.check_labels(labels, "labels")
        if len(labels) != n:
            raise ValueError(
                f"`labels` must hold n={n} labels. Received {len(labels)} labels"
            )
        z = self._latents_for(n, seed)
        with self.averaged_weights():
            return self.predict([z, labels], batch_size=batch_size, verbose=0)

    def check_labels(self, labels, name="y"):
        """Returns labels as int32 `[n]`, or raises `ValueError`."""
        array = np.asarray(labels)
        if array.ndim == 2 and array.shape[-1] == 1:
            array = array[:, 0]
        if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
            raise ValueError(
                f"`{name}` must be integer class ids of shape [n]. Received: "
                f"dtype={array.dtype}, shape={array.shape}"
            )
        if array.size and (array.min() < 0 or array.max() >= self.num_classes):
            raise ValueError(
                f"`{name}` must lie in [0, num_classes={self.num_classes}). "
                f"Received labels from {array.min()} to {array.max()}"
            )
        return array.astype("int32")
