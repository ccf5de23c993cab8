"""LAPGAN: a Laplacian pyramid of GANs, sampled coarse to fine."""

import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_image_shape
from keras_gans._validation import check_positive_int
from keras_gans.layers.pyramid import check_levels
from keras_gans.layers.pyramid import downsample
from keras_gans.layers.pyramid import upsample
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean
from keras_gans.models.conditional import ConditionalGAN
from keras_gans.models.gan import _to_uint8
from keras_gans.models.lapgan.networks import lapgan_coarse_discriminator
from keras_gans.models.lapgan.networks import lapgan_coarse_generator
from keras_gans.models.lapgan.networks import lapgan_residual_discriminator
from keras_gans.models.lapgan.networks import lapgan_residual_generator
from keras_gans.sampling import priors


def _project(residual):
    """Removes each 2x2 block's mean: a generated residual lies where real ones do."""
    return residual - upsample(downsample(residual))


@register
class LAPGAN(AdversarialModel):
    """A Laplacian pyramid of conditional GANs (Denton et al.), in one `fit`.

    With `L = levels`, level 0 is a (class-conditional) GAN at the coarsest
    size `side / 2**L`; each finer level `k` is a conditional GAN at side
    `side / 2**(L - k)` whose generator takes a noise plane (an extra image
    channel) and the upsampled coarser image (and the label) and outputs the
    residual that adds detail; its discriminator sees a residual with the
    upsampled coarse image it refines (and the label). The pyramid is
    `keras_gans.layers.build_pyramid` (2x2 mean down, nearest up).

    Design: the levels are a loop inside one step. Each step builds the real
    batch's pyramid; every level is trained on **real** coarse images
    (level `k`'s generator refines the real image of level `k - 1`, as in
    the paper, not its own chain's output). The `generator` player trains
    all generators and the `discriminator` player all discriminators: the
    levels share no variables, so the sum of their losses gives each level
    the gradient (and Adam update) it would get alone. Generated residuals
    are projected to zero 2x2-block means (real residuals have them), so
    the chain is consistent: the coarse image of a sample's pyramid is the
    coarse image it was refined from. A sum `upsample(coarse) + residual`
    can leave [-1, 1]: `call`, `generate` and the SavedModel clip the final
    images to [-1, 1]; `generate(..., return_levels=True)` returns the
    chain itself, unclipped (its pyramid is exactly consistent).

    Logs `d_loss`, `g_loss` (summed over levels), `d_real`, `d_fake` (mean
    over levels) and `d_loss_k`, `g_loss_k` per level.

    Args:
        image_shape: `(side, side, channels)`, the side divisible by
            `2**levels`.
        levels: the number of refinements `L` (>= 1); e.g. 2 for 28 -> 14
            -> 7.
        latent_dim: the size of level 0's z.
        num_classes: the number of labels (trains on `(images, labels)`),
            or `None`.
        generator_filters: the hidden channels of every generator.
        discriminator_filters: the first channels of every discriminator.
        prior: level 0's latent prior (noise planes are uniform in [-1, 1]).
        d_steps: discriminator updates per step.
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: `generator_k`, `discriminator_k` replacement networks (as
            the builders make them), and `keras.Model` arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    gan = keras_gans.models.LAPGAN((8, 8, 1), levels=1, latent_dim=8,
                                   generator_filters=8,
                                   discriminator_filters=8, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    x = np.random.uniform(-1, 1, (32, 8, 8, 1)).astype("float32")
    gan.fit(x, batch_size=16, epochs=1, verbose=0)
    coarse, final = gan.generate(4, seed=0, return_levels=True)  # 4x4, 8x8
    ```

    Reference:
        [Denton et al., 2015. Deep Generative Image Models using a Laplacian
        Pyramid of Adversarial Networks](https://arxiv.org/abs/1506.05751).
    """

    def __init__(
        self,
        image_shape,
        levels,
        latent_dim=100,
        num_classes=None,
        generator_filters=64,
        discriminator_filters=64,
        prior="uniform",
        d_steps=1,
        seed=None,
        **kwargs,
    ):
        image_shape = check_image_shape("image_shape", image_shape)
        levels = check_levels(levels, image_shape)
        latent_dim = check_positive_int("latent_dim", latent_dim)
        if num_classes is not None:
            num_classes = check_positive_int("num_classes", num_classes, minimum=2)
        generator_filters = check_positive_int("generator_filters", generator_filters)
        discriminator_filters = check_positive_int("discriminator_filters", discriminator_filters)
        self.image_shape, self.levels, self.latent_dim = image_shape, levels, latent_dim
        self.num_classes = num_classes
        self.generator_filters = generator_filters
        self.discriminator_filters = discriminator_filters
        networks = {}
        for k in range(levels + 1):
            shape = self.level_shape(k)
            g = kwargs.pop(f"generator_{k}", None)
            d = kwargs.pop(f"discriminator_{k}", None)
            if k == 0:
                g = g or lapgan_coarse_generator(shape, latent_dim, num_classes, generator_filters)
                d = d or lapgan_coarse_discriminator(shape, num_classes, discriminator_filters)
            else:
                g = g or lapgan_residual_generator(
                    shape, num_classes, generator_filters, name=f"generator_{k}"
                )
                d = d or lapgan_residual_discriminator(
                    shape, num_classes, discriminator_filters, name=f"discriminator_{k}"
                )
            networks[f"generator_{k}"], networks[f"discriminator_{k}"] = g, d
        super().__init__(
            networks=networks,
            players={
                "generator": tuple(n for n in networks if n.startswith("generator")),
                "discriminator": tuple(n for n in networks if n.startswith("discriminator")),
            },
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        self._prior_identifier = prior
        self.prior = priors.get_prior(prior)

    def level_shape(self, k):
        """The image shape of level `k` (0 = coarsest, `levels` = the images)."""
        scale = 2 ** (self.levels - k)
        height, width, channels = self.image_shape
        return (height // scale, width // scale, channels)

    @property
    def sample_shape(self):
        return self.image_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            image_shape=list(self.image_shape),
            levels=self.levels,
            latent_dim=self.latent_dim,
            num_classes=self.num_classes,
            generator_filters=self.generator_filters,
            discriminator_filters=self.discriminator_filters,
            prior=priors.serialize_prior(self._prior_identifier),
        )
        return config

    # ------------------------------------------------------------- conditions

    @property
    def condition_spec(self):
        """An int32 class id named `label` when `num_classes` is set, else None."""
        return None if self.num_classes is None else tf.TensorSpec([], tf.int32, name="label")

    check_conditions = ConditionalGAN.check_conditions
    check_labels = ConditionalGAN.check_labels

    def unpack_data(self, data):
        real, labels = super().unpack_data(data)
        if labels is not None:
            labels = tf.cast(tf.reshape(labels, [-1]), tf.int32)
        return real, labels

    def _with_label(self, inputs, labels):
        return inputs if labels is None else [*inputs, labels]

    # ----------------------------------------------------------------- chain

    def sample_latents(self, n, seed):
        """`[z, noise_1, ..., noise_L]` drawn with the stateless `seed` `[2]`."""
        seeds = tf.random.experimental.stateless_split(tf.cast(seed, tf.int64), self.levels + 1)
        latents = [priors.sample_prior(self.prior, n, self.latent_dim, seeds[0])]
        for k in range(1, self.levels + 1):
            height, width, _ = self.level_shape(k)
            latents.append(
                tf.random.stateless_uniform([n, height, width, 1], seeds[k], -1.0, 1.0)
            )
        return latents

    def _coarse(self, latent, labels, training):
        inputs = latent if labels is None else [latent, labels]
        return ops.cast(self.generator_0(inputs, training=training), "float32")

    def refine(self, k, noise, coarse, labels, training=False):
        """Level `k`'s residual for the (upsampled) `coarse` images."""
        g = getattr(self, f"generator_{k}")
        residual = g(self._with_label([noise, coarse], labels), training=training)
        return _project(ops.cast(residual, "float32"))

    def chain(self, latents, labels=None, training=False):
        """The images of every level, coarse to fine, from `[z, noise_1, ...]`."""
        latents = [ops.convert_to_tensor(t) for t in latents]
        labels = None if labels is None else ops.convert_to_tensor(labels)
        images = [self._coarse(latents[0], labels, training)]
        for k in range(1, self.levels + 1):
            coarse = upsample(images[-1])
            images.append(coarse + self.refine(k, latents[k], coarse, labels, training))
        return images

    def call(self, inputs, training=False):
        """`[z, noise_1, ..., noise_L(, label)]` to the final images, clipped to [-1, 1]."""
        inputs = list(inputs)
        labels = inputs.pop() if self.num_classes is not None else None
        return ops.clip(self.chain(inputs, labels, training)[-1], -1.0, 1.0)

    # ---------------------------------------------------------------- updates

    def metric_names(self):
        per_level = [f"{p}_loss_{k}" for k in range(self.levels + 1) for p in ("d", "g")]
        return ("d_loss", "d_real", "d_fake", "g_loss", *per_level)

    def train_updates(self):
        return [
            Update("discriminator", self.discriminator_loss, prepare=self.fake_batch,
                   repeat=self.d_steps, logs=self.metric_names()),
            Update("generator", self.generator_loss, logs=self.metric_names()),
        ]

    def _real_levels(self, real):
        """Each level's real target and conditioning coarse image."""
        scales = [ops.cast(real, "float32")]
        for _ in range(self.levels):
            scales.insert(0, downsample(scales[0]))
        targets, coarse = [scales[0]], [None]
        for k in range(1, self.levels + 1):
            coarse.append(upsample(scales[k - 1]))
            targets.append(scales[k] - coarse[k])
        return targets, coarse

    def _fakes(self, real, labels, seed, training=True):
        _, coarse = self._real_levels(real)
        latents = self.sample_latents(ops.shape(real)[0], seed)
        fakes = [self._coarse(latents[0], labels, training)]
        for k in range(1, self.levels + 1):
            fakes.append(self.refine(k, latents[k], coarse[k], labels, training))
        return fakes

    def _discriminate(self, k, x, coarse, labels):
        d = getattr(self, f"discriminator_{k}")
        inputs = [x] if k == 0 else [x, coarse]
        inputs = self._with_label(inputs, labels)
        return d(inputs if len(inputs) > 1 else inputs[0], training=True)

    def fake_batch(self, real, labels, seed):
        """Every level's generated target, no gradient to the generators."""
        return [ops.stop_gradient(f) for f in self._fakes(real, labels, seed)]

    def discriminator_loss(self, real, labels, seed, fakes):
        targets, coarse = self._real_levels(real)
        total, outputs, reals, fakes_out = 0.0, {}, [], []
        for k in range(self.levels + 1):
            per_example, level = self.adversarial_loss(
                self._discriminate(k, targets[k], coarse[k], labels),
                self._discriminate(k, fakes[k], coarse[k], labels),
            )
            outputs[f"d_loss_{k}"] = per_example
            reals.append(per_example_mean(level["d_real"]))
            fakes_out.append(per_example_mean(level["d_fake"]))
            total = total + per_example
        outputs.update(
            d_loss=total,
            d_real=ops.mean(ops.stack(reals), axis=0),
            d_fake=ops.mean(ops.stack(fakes_out), axis=0),
        )
        return total, outputs

    def generator_loss(self, real, labels, seed):
        _, coarse = self._real_levels(real)
        fakes = self._fakes(real, labels, seed)
        total, outputs = 0.0, {}
        for k in range(self.levels + 1):
            logits = self._discriminate(k, fakes[k], coarse[k], labels)
            per_example = per_example_mean(self.loss_fn.generator_loss(logits))
            outputs[f"g_loss_{k}"] = per_example
            total = total + per_example
        outputs["g_loss"] = total
        return total, outputs

    # --------------------------------------------------------------- sampling

    def _inputs_for(self, n, seed, labels):
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        seed = check_positive_int("seed", seed, minimum=0)
        latents = self.sample_latents(n, tf.constant([seed, 0], tf.int64))
        latents = [ops.convert_to_numpy(t) for t in latents]
        if self.num_classes is None:
            if labels is not None:
                raise ValueError(
                    "`labels` given, but this LAPGAN is unconditional (num_classes=None)."
                )
            return latents, None
        if labels is None:
            labels = np.arange(n) % self.num_classes
        labels = self.check_labels(labels, "labels")
        if len(labels) != n:
            raise ValueError(f"`labels` must hold n={n} labels. Received {len(labels)} labels")
        return latents, labels

    def generate(self, n, seed=None, labels=None, return_levels=False, batch_size=256):
        """Runs the chain coarse to fine for `n` samples.

        Args:
            n: how many images.
            seed: an int for a reproducible draw, or `None`.
            labels: `n` class ids (conditional models; default `i %
                num_classes`), or `None`.
            return_levels: also return every intermediate image.
            batch_size: how many chains run at once.

        Returns:
            The images `[n, *image_shape]` clipped to [-1, 1], or with
            `return_levels` a list of `levels + 1` arrays, the chain's image
            at every scale from the coarsest to the final one, unclipped (the
            residual of level `k` is `images[k] - upsample(images[k - 1])`).
        """
        n = check_positive_int("n", n)
        latents, labels = self._inputs_for(n, seed, labels)
        if not return_levels:
            return self.predict(self._with_label(latents, labels), batch_size=batch_size,
                                verbose=0)
        levels = [[] for _ in range(self.levels + 1)]
        for start in range(0, n, batch_size):
            part = [t[start:start + batch_size] for t in latents]
            y = None if labels is None else labels[start:start + batch_size]
            for k, image in enumerate(self.chain(part, y)):
                levels[k].append(ops.convert_to_numpy(image))
        return [np.concatenate(images) for images in levels]

    # --------------------------------------------------------------- serving

    def default_conditions(self, count):
        """The `sample` signature's labels: `0, 1, ..., num_classes - 1` in turn."""
        return tf.range(count, dtype=tf.int32) % self.num_classes

    def serving_trackables(self):
        return [getattr(self, f"generator_{k}") for k in range(self.levels + 1)]

    def serving_endpoints(self):
        """`serving_default` (every level's latents [and label] -> images), `sample`.

        - `serving_default(latent, noise_1, ..., noise_L[, label])`: `latent`
          float32 `[batch, latent_dim]`, `noise_k` float32 `[batch, side_k,
          side_k, 1]`, `label` int32 `[batch]` to `images` (float32) and
          `images_uint8`.
        - `sample(count, seed)`: draws every latent in the graph (the images
          of `generate(count, seed)`); conditional models cycle the labels and
          return them as `labels`.
        """
        specs = [tf.TensorSpec([None, self.latent_dim], tf.float32, name="latent")]
        for k in range(1, self.levels + 1):
            height, width, _ = self.level_shape(k)
            specs.append(tf.TensorSpec([None, height, width, 1], tf.float32, name=f"noise_{k}"))
        conditional = self.num_classes is not None
        if conditional:
            specs.append(tf.TensorSpec([None], tf.int32, name="label"))

        def outputs(images):
            return {"images": images, "images_uint8": _to_uint8(images)}

        def serve(*inputs):
            return outputs(self.call(list(inputs)))

        def sample(count, seed):
            latents = self.sample_latents(count, tf.stack([seed, tf.zeros_like(seed)]))
            labels = self.default_conditions(count) if conditional else None
            result = outputs(ops.clip(self.chain(latents, labels)[-1], -1.0, 1.0))
            if conditional:
                result["labels"] = labels
            return result

        return {
            "serving_default": (serve, specs),
            "sample": (sample, [tf.TensorSpec([], tf.int32, name="count"),
                                tf.TensorSpec([], tf.int64, name="seed")]),
        }
