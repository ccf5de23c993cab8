"""FeatureInverter: DGN-AM's generator G(h), inverting a fixed encoder's features."""

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean
from keras_gans.models.gan import _known_shape
from keras_gans.models.gan import _to_uint8

# After this many steps the feature statistics become an exponential average.
STATISTICS_WINDOW = 100


def _check_weight(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) or not (
        np.isfinite(value) and value >= 0
    ):
        raise ValueError(f"`{name}` must be a finite number >= 0. Received: {name}={value!r}")
    return float(value)


def _layer_output(encoder, name, argument):
    names = [layer.name for layer in encoder.layers]
    if name not in names:
        raise ValueError(
            f"`{argument}` must name a layer of the encoder {encoder.name!r}. Received: "
            f"{argument}={name!r}; layers: {names}"
        )
    return encoder.get_layer(name).output


@register
class FeatureInverter(AdversarialModel):
    """DGN-AM's generator: images from a fixed encoder's features, G(h) ≈ x.

    The encoder E (e.g. the shipped `fashion_mnist_classifier()`) is fixed;
    h = E(x) is the output of its layer `feature_layer`. The generator G
    learns to invert it with three terms (Dosovitskiy & Brox's loss, used by
    Nguyen et al. for DGN-AM and PPGN): pixels, ‖G(h) − x‖²; features,
    ‖C(G(h)) − C(x)‖² on E's comparator layer C (`comparator_layer`, by
    default `feature_layer`, so that E(G(h)) ≈ h); and an adversarial term
    from a discriminator D on images. With `feature_noise_std` > 0, G
    decodes h + noise, which makes the loop h → G → E a denoising
    autoencoder of h (joint PPGN-h); 0 is the noiseless DGN-AM generator.

    The model also tracks the mean, variance and range of the features it
    has seen (controller state, saved and resumed): `generate` draws h from
    that diagonal Gaussian and `feature_range` is what `PlugAndPlaySampler`
    clips h to.

    Players: `generator` (G) and `discriminator` (D); E trains with no one.
    Logs: `d_loss`, `d_real`, `d_fake`, `g_loss` (the weighted sum),
    `pixel_loss`, `feature_loss`, `g_adversarial`.

    Args:
        encoder: a built functional Keras model from images (its classifier
            output unused); fixed.
        generator: a built Keras model from h `[batch, d]` to images.
        discriminator: a built Keras model from images to logits.
        feature_layer: the name of E's layer whose output is h.
        pixel_weight: the weight of the pixel term.
        feature_weight: the weight of the comparator-feature term.
        adversarial_weight: the weight of the adversarial term.
        comparator_layer: E's layer compared between G(h) and x (default:
            `feature_layer`).
        feature_noise_std: the standard deviation of the noise added to h
            before G in training (0: none).
        **kwargs: `d_steps`, `seed` and the rest of `AdversarialModel`'s.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    encoder = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
                                keras.layers.Dense(6, activation="relu", name="features"),
                                keras.layers.Dense(3)])
    generator = keras.Sequential([keras.Input((6,)), keras.layers.Dense(64, activation="tanh"),
                                  keras.layers.Reshape((8, 8, 1))])
    discriminator = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Flatten(),
                                      keras.layers.Dense(1)])
    model = keras_gans.models.FeatureInverter(encoder, generator, discriminator,
                                              feature_layer="features", seed=0)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    images = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    model.fit(images, batch_size=8, epochs=1, verbose=0)
    reconstructions = model.invert(images[:4])
    ```

    Reference:
        [Nguyen et al., 2016. Synthesizing the preferred inputs for neurons
        in neural networks via deep generator networks](
        https://arxiv.org/abs/1605.09304) (DGN-AM);
        [Dosovitskiy & Brox, 2016. Generating Images with Perceptual
        Similarity Metrics based on Deep Networks](
        https://arxiv.org/abs/1602.02644);
        [Nguyen et al., 2017. Plug & Play Generative Networks](
        https://arxiv.org/abs/1612.00005), section 3.4.
    """

    def __init__(
        self, encoder, generator, discriminator, feature_layer="features", pixel_weight=1.0,
        feature_weight=0.1, adversarial_weight=0.01, comparator_layer=None,
        feature_noise_std=0.0, **kwargs,
    ):
        super().__init__(
            networks={"encoder": encoder, "generator": generator, "discriminator": discriminator},
            players={"generator": ("generator",), "discriminator": ("discriminator",)},
            **kwargs,
        )
        self.feature_layer = feature_layer
        self.comparator_layer = comparator_layer
        self.pixel_weight = _check_weight("pixel_weight", pixel_weight)
        self.feature_weight = _check_weight("feature_weight", feature_weight)
        self.adversarial_weight = _check_weight("adversarial_weight", adversarial_weight)
        self.feature_noise_std = _check_weight("feature_noise_std", feature_noise_std)
        try:
            inputs = encoder.inputs
        except (AttributeError, ValueError):
            inputs = None
        if not inputs:
            raise ValueError(
                "`encoder` must be a functional or sequential model (to read its "
                f"`feature_layer`). Received: encoder={encoder.name!r}"
            )
        features = _layer_output(encoder, feature_layer, "feature_layer")
        comparator = _layer_output(encoder, comparator_layer or feature_layer, "comparator_layer")
        if len(features.shape) != 2:
            raise ValueError(
                f"`feature_layer` must output vectors [batch, d]. Received: {feature_layer!r} "
                f"of shape {tuple(features.shape)}"
            )
        # Untracked: the encoder's own layers, read at two depths.
        object.__setattr__(
            self, "_feature_model", keras.Model(inputs[0], [features, comparator])
        )
        self.feature_dim = int(features.shape[-1])
        self._check_shapes(generator, discriminator, encoder)
        dim = (self.feature_dim,)
        self.feature_mean = self.add_state("feature_mean", dim)
        self.feature_var = self.add_state("feature_var", dim)
        self.feature_bounds = self.add_state("feature_bounds", (2,))
        self.feature_batches = self.add_state("feature_batches", (), "int64")

    def _check_shapes(self, generator, discriminator, encoder):
        g_in, g_out = _known_shape(generator, "input"), _known_shape(generator, "output")
        if g_in != (self.feature_dim,):
            raise ValueError(
                f"The generator must take h of shape ({self.feature_dim},) (the "
                f"`feature_layer` output). Received: generator input shape {g_in}"
            )
        for name, model in (("discriminator", discriminator), ("encoder", encoder)):
            if _known_shape(model, "input") != g_out:
                raise ValueError(
                    f"The generator's output must fit the {name}'s input. Received: "
                    f"generator output {g_out}, {name} input {_known_shape(model, 'input')}"
                )

    @property
    def sample_shape(self):
        return _known_shape(self.discriminator, "input")

    @property
    def feature_encoder(self):
        """E up to `feature_layer`: images to h."""
        return keras.Model(self._feature_model.input, self._feature_model.outputs[0])

    @property
    def feature_range(self):
        """`(low, high)` of the features seen in training, or `None` before."""
        if int(self.feature_batches.numpy()) == 0:
            return None
        low, high = self.feature_bounds.numpy()
        return float(low), float(high)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "feature_layer": self.feature_layer,
                "pixel_weight": self.pixel_weight,
                "feature_weight": self.feature_weight,
                "adversarial_weight": self.adversarial_weight,
                "comparator_layer": self.comparator_layer,
                "feature_noise_std": self.feature_noise_std,
            }
        )
        return config

    # -------------------------------------------------------------- sampling

    def call(self, inputs, training=False):
        """G(h): images from features h `[batch, d]`."""
        return self.generator(inputs, training=training)

    def encode(self, images, batch_size=500):
        """h = E(images) (NumPy), `batch_size` images at a time."""
        return self.feature_encoder.predict(images, batch_size=batch_size, verbose=0)

    def invert(self, images, batch_size=500):
        """G(E(images)): the reconstructions (NumPy)."""
        return self.generator.predict(
            self.encode(images, batch_size), batch_size=batch_size, verbose=0
        )

    def sample_features(self, n, seed):
        """`n` features from the tracked diagonal Gaussian, in the tracked range."""
        h = self.feature_mean + ops.sqrt(self.feature_var) * tf.random.stateless_normal(
            (n, self.feature_dim), seed
        )
        if int(self.feature_batches.numpy()) > 0:
            h = ops.clip(h, self.feature_bounds[0], self.feature_bounds[1])
        return h

    def generate(self, n, seed=None, batch_size=256):
        """`n` images G(h), h from the tracked feature statistics (NumPy)."""
        from keras_gans._validation import check_positive_int

        n = check_positive_int("n", n)
        seed = int(np.random.randint(2**31 - 1)) if seed is None else seed
        seed = check_positive_int("seed", seed, minimum=0)
        h = ops.convert_to_numpy(self.sample_features(n, tf.constant([seed, 0], tf.int64)))
        return self.predict(h, batch_size=batch_size, verbose=0)

    # ---------------------------------------------------------------- updates

    def metric_names(self):
        return (
            "d_loss", "d_real", "d_fake", "g_loss", "pixel_loss", "feature_loss",
            "g_adversarial",
        )

    def train_updates(self):
        return [
            Update("discriminator", self.discriminator_loss, prepare=self.fake_batch,
                   repeat=self.d_steps, logs=("d_loss", "d_real", "d_fake")),
            Update("generator", self.generator_loss,
                   logs=("g_loss", "pixel_loss", "feature_loss", "g_adversarial")),
        ]

    def _features(self, real):
        h, compared = self._feature_model(real, training=False)
        return ops.stop_gradient(ops.cast(h, "float32")), ops.stop_gradient(
            ops.cast(compared, "float32")
        )

    def _decode_input(self, h, seed):
        if self.feature_noise_std > 0:
            h = h + self.feature_noise_std * tf.random.stateless_normal(ops.shape(h), seed)
        return h

    def fake_batch(self, real, conditions, seed):
        """G(h) of the real batch's features, no gradient to G."""
        h, _ = self._features(real)
        fake = self.generator(self._decode_input(h, seed), training=True)
        return {"fake": ops.stop_gradient(fake), "features": h}

    def discriminator_loss(self, real, conditions, seed, prepared):
        real_logits = self.discriminator(real, training=True)
        fake_logits = self.discriminator(prepared["fake"], training=True)
        per_example, outputs = self.adversarial_loss(real_logits, fake_logits)
        return per_example, {**prepared, **outputs}

    def generator_loss(self, real, conditions, seed):
        h, compared = self._features(real)
        fake = self.generator(self._decode_input(h, seed), training=True)
        fake32 = ops.cast(fake, "float32")
        pixel = per_example_mean(ops.square(fake32 - ops.cast(real, "float32")))
        _, fake_compared = self._feature_model(fake, training=False)
        feature = per_example_mean(ops.square(ops.cast(fake_compared, "float32") - compared))
        adversarial = per_example_mean(
            self.loss_fn.generator_loss(self.discriminator(fake, training=True))
        )
        total = (
            self.pixel_weight * pixel + self.feature_weight * feature
            + self.adversarial_weight * adversarial
        )
        return total, {
            "g_loss": total, "pixel_loss": pixel, "feature_loss": feature,
            "g_adversarial": adversarial, "features": h,
        }

    def end_step(self, outputs):
        """Updates the feature statistics from the step's real features."""
        h = outputs["generator"]["features"]
        steps = ops.cast(self.feature_batches, "float32")
        rate = ops.maximum(1.0 / (steps + 1.0), 1.0 / STATISTICS_WINDOW)
        mean = ops.mean(h, axis=0)
        var = ops.mean(ops.square(h - mean), axis=0)
        self.feature_mean.assign(self.feature_mean + rate * (mean - self.feature_mean))
        self.feature_var.assign(self.feature_var + rate * (var - self.feature_var))
        low, high = ops.min(h), ops.max(h)
        first = ops.equal(self.feature_batches, 0)
        bounds = ops.where(
            first,
            ops.stack([low, high]),
            ops.stack([ops.minimum(low, self.feature_bounds[0]),
                       ops.maximum(high, self.feature_bounds[1])]),
        )
        self.feature_bounds.assign(bounds)
        self.feature_batches.assign_add(ops.cast(1, "int64"))

    # --------------------------------------------------------------- serving

    def serving_trackables(self):
        return [self.generator]

    def serving_endpoints(self):
        """`serving_default(features)` and `sample(count, seed)`.

        `features` float32 `[batch, d]` give `images` (float32 in [-1, 1])
        and `images_uint8`; `sample` draws h in the graph from the feature
        statistics as saved at export (the same images as `generate`).
        """
        generator = self.generator
        mean = tf.constant(self.feature_mean.numpy())
        std = tf.constant(np.sqrt(self.feature_var.numpy()))
        bounds = self.feature_range

        def outputs(h):
            images = tf.cast(generator(h, training=False), tf.float32)
            return {"images": images, "images_uint8": _to_uint8(images)}

        def sample(count, seed):
            stateless = tf.stack([seed, tf.zeros_like(seed)])
            h = mean + std * tf.random.stateless_normal(
                tf.stack([count, self.feature_dim]), stateless
            )
            if bounds is not None:
                h = tf.clip_by_value(h, *bounds)
            return outputs(h)

        return {
            "serving_default": (
                outputs, [tf.TensorSpec([None, self.feature_dim], tf.float32, name="features")]
            ),
            "sample": (
                sample,
                [tf.TensorSpec([], tf.int32, name="count"),
                 tf.TensorSpec([], tf.int64, name="seed")],
            ),
        }
