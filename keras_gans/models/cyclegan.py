"""CycleGAN: unpaired image-to-image translation with cycle consistency."""

import numbers

import keras
import tensorflow as tf
from keras import ops

from keras_gans import losses as losses_lib
from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models._translation import PairedData
from keras_gans.models._translation import check_translator
from keras_gans.models._translation import image_outputs
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean


def _check_weight(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
        0 <= value < float("inf")
    ):
        raise ValueError(f"`{name}` must be a finite number >= 0. Received: {name}={value!r}")
    return float(value)


def _l1(a, b):
    return per_example_mean(ops.abs(ops.cast(a, "float32") - ops.cast(b, "float32")))


@register
class CycleGAN(PairedData, AdversarialModel):
    """Two translators A→B and B→A trained on unpaired images: `fit(a, b)`.

    Players: `generator` trains both generators with one optimizer and
    `discriminator` both discriminators with one optimizer, as in the
    reference code. Each step: the generator update, on
    `adversarial(D_B(G_AB(a))) + adversarial(D_A(G_BA(b)))` plus the cycle
    term `cycle_weight * (|G_BA(G_AB(a)) - a| + |G_AB(G_BA(b)) - b|)` and the
    identity term `identity_weight * cycle_weight * (|G_AB(b) - b| + |G_BA(a)
    - a|)` (means over pixels); then the discriminator update on the real
    images against the generated images of that generator update, passed
    through a history pool of `pool_size` images per domain (Shrivastava et
    al.), with the loss halved. The pools are saved state: a `.keras` file
    resumes them. Logs: `d_loss`, `d_real`, `d_fake` (averaged over the two
    discriminators), `g_loss` (the adversarial terms), `cycle_loss`,
    `identity_loss`.

    With the default least-squares loss of `keras_gans.losses` (Mao et al.'s
    ½ factors included) the discriminator minimises ¼((D(x) - 1)² + D(G)²)
    per domain, the reference code's value halved, and the generator's
    adversarial term is ½(D(G) - 1)², half the reference's squared error,
    against cycle and identity terms of the reference's scale.

    Args:
        generator_ab: a built model from domain-A images to domain-B images
            (`resnet_generator`).
        generator_ba: from domain-B images to domain-A images.
        discriminator_a: a built model from domain-A images to logits of any
            rank (`patchgan_discriminator`; `norm="instance"` is the paper's
            critic).
        discriminator_b: the same for domain B.
        cycle_weight: λ of the cycle term (10 in the paper).
        identity_weight: the identity term's weight relative to
            `cycle_weight` (0.5 in the reference code; 0 turns it off, needed
            when the domains have different channels).
        pool_size: the images kept per domain in the history pool (50 in the
            paper); 0 trains D on the latest images only.
        loss: the adversarial loss (a `keras_gans.losses` name or object),
            the default of `compile`.
        seed: an int that fixes every random draw of training, or `None`.
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    models = keras_gans.models
    gan = models.CycleGAN(
        models.resnet_generator((8, 8, 1), 1, filters=4, residual_blocks=1),
        models.resnet_generator((8, 8, 1), 1, filters=4, residual_blocks=1),
        models.patchgan_discriminator((8, 8, 1), receptive_field=7, filters=4),
        models.patchgan_discriminator((8, 8, 1), receptive_field=7, filters=4),
        pool_size=4, seed=0,
    )
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    a = np.random.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    b = np.random.uniform(-1, 1, (16, 8, 8, 1)).astype("float32")
    gan.fit(a, b, batch_size=8, epochs=1, verbose=0)
    b_like = gan.translate(a[:2], direction="ab")
    ```

    Reference:
        [Zhu et al., 2017. Unpaired Image-to-Image Translation using
        Cycle-Consistent Adversarial Networks](https://arxiv.org/abs/1703.10593).
    """

    input_name, target_name = "images_a", "images_b"

    def __init__(
        self,
        generator_ab,
        generator_ba,
        discriminator_a,
        discriminator_b,
        cycle_weight=10.0,
        identity_weight=0.5,
        pool_size=50,
        loss="least_squares",
        seed=None,
        **kwargs,
    ):
        cycle_weight = _check_weight("cycle_weight", cycle_weight)
        identity_weight = _check_weight("identity_weight", identity_weight)
        pool_size = check_positive_int("pool_size", pool_size, minimum=0)
        loss_fn = losses_lib.get(loss)
        super().__init__(
            networks={
                "generator_ab": generator_ab,
                "generator_ba": generator_ba,
                "discriminator_a": discriminator_a,
                "discriminator_b": discriminator_b,
            },
            players={
                "generator": ("generator_ab", "generator_ba"),
                "discriminator": ("discriminator_a", "discriminator_b"),
            },
            seed=seed,
            **kwargs,
        )
        shape_a, shape_b = check_translator("generator_ab", generator_ab)
        back_in, back_out = check_translator("generator_ba", generator_ba)
        if (back_in, back_out) != (shape_b, shape_a):
            raise ValueError(
                "`generator_ba` must map domain-B images to domain-A images, the reverse "
                f"of `generator_ab` ({shape_a} -> {shape_b}). Received: generator_ba "
                f"{back_in} -> {back_out}"
            )
        for name, model, shape in (
            ("discriminator_a", discriminator_a, shape_a),
            ("discriminator_b", discriminator_b, shape_b),
        ):
            if tuple(model.input_shape[1:]) != shape:
                raise ValueError(
                    f"`{name}` must take images of shape {shape}. Received: {name} input "
                    f"shape={tuple(model.input_shape[1:])}"
                )
        if identity_weight and shape_a != shape_b:
            raise ValueError(
                "The identity term needs domains of the same shape; pass "
                f"identity_weight=0. Received: domain shapes {shape_a} and {shape_b}, "
                f"identity_weight={identity_weight}"
            )
        self.cycle_weight, self.identity_weight = cycle_weight, identity_weight
        self.pool_size = pool_size
        self.default_loss = loss_fn
        self.input_shape_, self._sample_shape = shape_a, shape_b
        if pool_size:
            self.pool_a = self.add_state("pool_a", (pool_size, *shape_a))
            self.pool_b = self.add_state("pool_b", (pool_size, *shape_b))
            self.pool_count = self.add_state("pool_count", (), "int32")

    @property
    def sample_shape(self):
        return self._sample_shape

    @property
    def condition_spec(self):
        return tf.TensorSpec(self.input_shape_, tf.float32, name="images_a")

    def get_config(self):
        config = super().get_config()
        config.pop("d_steps")
        config.update(
            {
                "cycle_weight": self.cycle_weight,
                "identity_weight": self.identity_weight,
                "pool_size": self.pool_size,
                "loss": keras.saving.serialize_keras_object(self.default_loss),
            }
        )
        return config

    # ---------------------------------------------------------------- sampling

    def call(self, inputs, training=False):
        """Translates domain-A images to domain B."""
        return self.generator_ab(inputs, training=training)

    def translate(self, images, direction="ab", batch_size=256):
        """Translates images `"ab"` (A to B) or `"ba"`; returns NumPy."""
        if direction not in ("ab", "ba"):
            raise ValueError(f'`direction` must be "ab" or "ba". Received: {direction!r}')
        network = self.generator_ab if direction == "ab" else self.generator_ba
        return self._translate_with(network, images, batch_size)

    def generate(self, n, seed=None, images=None, direction="ab", batch_size=256):
        """Translates `images`, or `n` uniform-noise inputs drawn with `seed`."""
        if images is None:
            shape = self.input_shape_ if direction == "ab" else self._sample_shape
            images = self._random_inputs(n, seed, shape)
        return self.translate(images, direction, batch_size)

    # ------------------------------------------------------------------- pool

    def query_pool(self, pool, images, seed, count):
        """The reference `ImagePool.query`, vectorised with the same result.

        Images are taken in batch order: while the pool is not full each is
        stored and returned; once full, each is, with probability ½, swapped
        for a random stored image (the one returned; an image stored earlier
        in the same batch is returned if it was the last one put in that
        slot), and otherwise returned itself. Returns the images D sees and
        the new count of stored images.
        """
        images = tf.cast(images, tf.float32)
        n, size = tf.shape(images)[0], self.pool_size
        flat = tf.reshape(images, [n, -1])
        stored = tf.reshape(pool.value, [size, -1])
        index = tf.range(n)
        filling = index < size - count
        swap = tf.logical_and(
            tf.logical_not(filling), tf.random.stateless_uniform([n], seed) < 0.5
        )
        slots = tf.random.stateless_uniform(
            [n], tf.random.experimental.stateless_fold_in(seed, 1), 0, size, tf.int32
        )
        slots = tf.where(filling, count + index, slots)
        # Fill first: write[s, i] = 1 when image i is stored in slot s.
        fill = tf.one_hot(slots, size, axis=0) * tf.cast(filling, tf.float32)[None]
        stored = stored * (1.0 - tf.reduce_sum(fill, 1, keepdims=True)) + fill @ flat
        # Swaps: image i returns the last earlier swap into its slot, if any.
        same = tf.logical_and(
            tf.equal(slots[:, None], slots[None, :]),
            tf.logical_and(swap[:, None], swap[None, :]),
        )
        earlier = tf.logical_and(same, index[None, :] < index[:, None])
        last_earlier = tf.reduce_max(tf.where(earlier, index[None, :], -1), axis=1)
        from_batch = tf.gather(flat, tf.maximum(last_earlier, 0))
        from_pool = tf.gather(stored, slots)
        swapped = tf.where((last_earlier >= 0)[:, None], from_batch, from_pool)
        returned = tf.where(swap[:, None], swapped, flat)
        later = tf.logical_and(same, index[None, :] > index[:, None])
        last_write = tf.logical_and(swap, tf.logical_not(tf.reduce_any(later, axis=1)))
        write = tf.one_hot(slots, size, axis=0) * tf.cast(last_write, tf.float32)[None]
        stored = stored * (1.0 - tf.reduce_sum(write, 1, keepdims=True)) + write @ flat
        pool.assign(tf.reshape(stored, tf.shape(pool)))
        return tf.reshape(returned, tf.shape(images)), tf.minimum(count + n, size)

    # ----------------------------------------------------------------- updates

    def train_updates(self):
        return [
            Update("generator", self.generator_loss,
                   logs=("g_loss", "cycle_loss", "identity_loss")),
            Update("discriminator", self.discriminator_loss, prepare=self.pooled_fakes,
                   logs=("d_loss", "d_real", "d_fake")),
        ]

    def generator_loss(self, real_b, real_a, seed):
        fake_b = self.generator_ab(real_a, training=True)
        fake_a = self.generator_ba(real_b, training=True)
        adversarial = per_example_mean(
            self.loss_fn.generator_loss(
                self.discriminator_b(self.augment_images(fake_b), training=True)
            )
        ) + per_example_mean(
            self.loss_fn.generator_loss(
                self.discriminator_a(self.augment_images(fake_a), training=True)
            )
        )
        cycle = self.cycle_weight * (
            _l1(self.generator_ba(fake_b, training=True), real_a)
            + _l1(self.generator_ab(fake_a, training=True), real_b)
        )
        if self.identity_weight:
            identity = self.identity_weight * self.cycle_weight * (
                _l1(self.generator_ab(real_b, training=True), real_b)
                + _l1(self.generator_ba(real_a, training=True), real_a)
            )
        else:
            identity = ops.zeros_like(cycle)
        outputs = {
            "g_loss": adversarial, "cycle_loss": cycle, "identity_loss": identity,
            "fake_a": fake_a, "fake_b": fake_b,
        }
        return adversarial + cycle + identity, outputs

    def end_update(self, player, outputs):
        if player == "generator":  # The discriminators train on these images.
            object.__setattr__(self, "_latest_fakes", (outputs["fake_a"], outputs["fake_b"]))

    def pooled_fakes(self, real_b, real_a, seed):
        fake_a, fake_b = (ops.stop_gradient(f) for f in self._latest_fakes)
        if self.pool_size:
            seeds = tf.random.experimental.stateless_split(seed, 2)
            count = self.pool_count.value
            fake_a, _ = self.query_pool(self.pool_a, fake_a, seeds[0], count)
            fake_b, count = self.query_pool(self.pool_b, fake_b, seeds[1], count)
            self.pool_count.assign(count)
        return {"fake_a": fake_a, "fake_b": fake_b}

    def discriminator_loss(self, real_b, real_a, seed, prepared):
        terms = []
        for d, real, fake in (
            (self.discriminator_a, real_a, prepared["fake_a"]),
            (self.discriminator_b, real_b, prepared["fake_b"]),
        ):
            real_logits = d(self.augment_images(real), training=True)
            fake_logits = d(self.augment_images(fake), training=True)
            terms.append(self.adversarial_loss(real_logits, fake_logits)[1])
        per_example = 0.5 * (terms[0]["d_loss"] + terms[1]["d_loss"])
        outputs = {
            "d_loss": per_example,
            "d_real": 0.5 * (ops.mean(terms[0]["d_real"]) + ops.mean(terms[1]["d_real"])),
            "d_fake": 0.5 * (ops.mean(terms[0]["d_fake"]) + ops.mean(terms[1]["d_fake"])),
            "real_logits_a": terms[0]["real_logits"],
            "real_logits": terms[1]["real_logits"],
        }
        return per_example, outputs

    # ----------------------------------------------------------------- serving

    def serving_trackables(self):
        return [self.generator_ab, self.generator_ba]

    def serving_endpoints(self):
        """`serving_default(images)`: domain-A images (float32 in [-1, 1]) to
        domain B as `images` (float32) and `images_uint8`; `translate_ba`
        the reverse."""
        ab, ba = self.generator_ab, self.generator_ba
        spec_a = tf.TensorSpec([None, *self.input_shape_], tf.float32, name="images")
        spec_b = tf.TensorSpec([None, *self._sample_shape], tf.float32, name="images")
        return {
            "serving_default": (lambda images: image_outputs(ab(images, training=False)),
                                [spec_a]),
            "translate_ba": (lambda images: image_outputs(ba(images, training=False)),
                             [spec_b]),
        }
