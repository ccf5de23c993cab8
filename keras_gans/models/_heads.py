"""Discriminators with a second head (AC-GAN's classifier, InfoGAN's Q).

The discriminator is one `keras.Model` from images to `[logits, head]`: the
source logit of the adversarial game and a second output sharing its
convolutional trunk. `TwoHeadedGame` is the `GAN` step for such a
discriminator: it keeps both outputs of every call in the update's outputs
(`real_head`, `fake_head`) so a family adds its term in `auxiliary_losses`.
"""

import keras
import numpy as np
from keras import ops

from keras_gans.models._step import per_example_mean
from keras_gans.models.dcgan import _batch_norm
from keras_gans.models.dcgan import _discriminator_trunk
from keras_gans.models.dcgan import _init
from keras_gans.models.dcgan import _pyramid


def dense_block(h, units, name, activation=None):
    """A bias-free dense layer `name`, batch norm `name_bn`, then LeakyReLU 0.2.

    `activation` replaces the LeakyReLU (e.g. `keras.layers.ReLU()`).
    """
    h = keras.layers.Dense(units, use_bias=False, kernel_initializer=_init(), name=name)(h)
    h = _batch_norm(f"{name}_bn")(h)
    return (activation or keras.layers.LeakyReLU(0.2))(h)


def two_headed_discriminator(
    image_shape, head_units, filters=64, hidden_units=0, shared_units=0, name=None
):
    """A DCGAN discriminator trunk with a source logit and a second head.

    Args:
        image_shape: as in `dcgan_discriminator`.
        head_units: the size of the second head's output.
        filters: the channels of the first convolution.
        hidden_units: a hidden layer (batch norm, LeakyReLU) of this size
            before the second head, or 0 for none.
        shared_units: a dense layer (batch norm, LeakyReLU) of this size
            after the convolutions, shared by both heads, or 0 for none.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to `[logits [batch, 1], head
        [batch, head_units]]` (both float32).
    """
    image_shape, _, steps = _pyramid(image_shape)
    x = keras.Input(image_shape, name="image")
    features = keras.layers.Flatten(name="features")(_discriminator_trunk(x, steps, filters))
    if shared_units:
        features = dense_block(features, shared_units, "shared_hidden")
    logits = keras.layers.Dense(
        1, kernel_initializer=_init(), dtype="float32", name="logits"
    )(features)
    head = features
    if hidden_units:
        head = dense_block(head, hidden_units, "head_hidden")
    head = keras.layers.Dense(head_units, dtype="float32", name="head")(head)
    return keras.Model(x, [logits, head], name=name)


def check_two_headed(model, head_units):
    """Raises a `ValueError` unless `model` maps images to `[logits, head]`."""
    outputs = model.output_shape
    if (
        not isinstance(outputs, (list, tuple))
        or len(outputs) != 2
        or not isinstance(outputs[1], (list, tuple))
        or outputs[1][-1] != head_units
    ):
        raise ValueError(
            "The discriminator must map images to two outputs [logits, head] with a "
            f"head of size {head_units}. Received output shape {outputs}"
        )


class TwoHeadedGame:
    """`GAN`'s updates for a discriminator returning `[logits, head]` (a mixin)."""

    def _discriminate(self, images):
        logits, head = self.discriminator(images, training=True)
        return logits, ops.cast(head, "float32")

    def discriminator_loss(self, real, conditions, seed, prepared):
        real_logits, real_head = self._discriminate(real)
        fake_logits, fake_head = self._discriminate(prepared["fake"])
        per_example, outputs = self.adversarial_loss(real_logits, fake_logits)
        penalty = self.discriminator_penalty(
            real, prepared["fake"], conditions, prepared["penalty_seed"]
        )
        if penalty is not None:  # GAN's hook, e.g. a gradient penalty.
            per_example = per_example + per_example_mean(penalty)
            outputs["d_loss"] = per_example
        outputs.update(real_head=real_head, fake_head=fake_head)
        return per_example, {**prepared, **outputs}

    def generator_loss(self, real, conditions, seed):
        z = self.sample_latent(ops.shape(real)[0], seed)
        fake = self.generator(self.generator_inputs(z, conditions), training=True)
        fake_logits, fake_head = self._discriminate(fake)
        per_example = self.loss_fn.generator_loss(fake_logits)
        return per_example, {
            "g_loss": per_example,
            "latents": z,
            "fake": fake,
            "fake_logits": fake_logits,
            "fake_head": fake_head,
        }

    def discriminator_heads(self, images, batch_size=256, name="images"):
        """D's second head on `images` (checked, NumPy), in inference mode."""
        images = np.asarray(images, dtype="float32")
        if images.ndim != 4 or tuple(images.shape[1:]) != tuple(self.sample_shape):
            raise ValueError(
                f"`{name}` must be a batch of images of shape (n, "
                f"{', '.join(str(d) for d in self.sample_shape)}). Received: "
                f"{name}.shape={images.shape}"
            )
        heads = [np.zeros((0, self.discriminator.output_shape[1][-1]), "float32")]
        for start in range(0, len(images), batch_size):
            _, head = self.discriminator(images[start:start + batch_size], training=False)
            heads.append(ops.convert_to_numpy(ops.cast(head, "float32")))
        return np.concatenate(heads)
