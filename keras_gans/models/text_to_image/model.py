"""Text to image: Reed et al.'s GAN-CLS, GAN-INT and GAN-INT-CLS."""

import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models import _data
from keras_gans.models.base import AdversarialModel
from keras_gans.models.base import Update
from keras_gans.models.base import per_example_mean
from keras_gans.models.gan import GAN
from keras_gans.models.gan import _to_uint8
from keras_gans.sampling import priors
from keras_gans.text.char_cnn_rnn import VOCABULARY_SIZE
from keras_gans.text.char_cnn_rnn import check_texts

METHODS = ("plain", "cls", "int", "int_cls")


@register
class TextToImageGAN(GAN):
    """Reed et al.'s text-to-image GAN, trained on `(images, captions)`.

    `method` picks the paper's variant: `"plain"` (D judges real and fake
    pairs only), `"cls"` (the matching-aware discriminator: real images with
    a wrong caption are a third kind of fake, `L_D = log s_r + (log(1 − s_w)
    + log(1 − s_f)) / 2`, `matching_aware_loss`), `"int"` (the generator is
    also trained on β-interpolations of two captions' embeddings,
    `interpolate_embeddings`) and `"int_cls"` (both). The wrong caption of
    an image and the second caption of an interpolation are those of the
    next example in the batch. As in the authors' code, the generator's
    step makes the fakes of the batch's own captions and those of the
    interpolated ones in one call of G and one of D (their batch-norm
    statistics are shared), and weighs the interpolated term by
    `interpolation_weight` against the own captions' term.

    The text encoder (a `keras_gans.text.CharCNNRNN`, pre-trained with
    `keras_gans.text.JointEmbedding`) is frozen: no player trains it.
    Captions are raw strings; `fit` decodes them to character ids in the
    input pipeline, so the training step has no string op (and compiles
    with XLA). `generate(captions, seed)` and the SavedModel take strings.

    Args:
        generator: a model `[latent, text_embedding]` -> images (e.g.
            `text_to_image_generator`).
        discriminator: a model `[image, text_embedding]` -> logits (e.g.
            `text_to_image_discriminator`).
        text_encoder: a built `CharCNNRNN` (strings or char ids -> embeddings).
        method: `"plain"`, `"cls"`, `"int"` or `"int_cls"`.
        interpolation_beta: β of the interpolated embeddings, in [0, 1].
        wrong_weight: the weight of the wrong-caption term in D's fake loss
            (`"cls"` methods); 0.5 is the paper's average of the two.
        interpolation_weight: the weight of the interpolated captions' term
            in G's loss (`"int"` methods), relative to the own captions'
            term, a number ≥ 0. The default 0.5 is the ratio in the authors'
            `main_cls_int.lua`: B/2 interpolated examples of weight
            `interp_weight = 1` beside the B real-caption ones.
        latent_dim: the size of z (the generator's first input).
        prior: the latent prior (as in `GAN`).
        **kwargs: `d_steps`, `seed` and the rest of `AdversarialModel`'s arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    encoder = keras_gans.text.CharCNNRNN(embedding_dim=8, max_length=16,
                                         conv_filters=(8,), rnn_units=8)
    gan = keras_gans.models.TextToImageGAN(
        keras_gans.models.text_to_image_generator((8, 8, 3), 4, 8, 8, filters=4),
        keras_gans.models.text_to_image_discriminator((8, 8, 3), 8, 8, filters=4),
        encoder, latent_dim=4, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    images = np.random.uniform(-1, 1, (16, 8, 8, 3)).astype("float32")
    captions = np.array(["a red bag", "a blue coat"] * 8)
    gan.fit(images, captions, batch_size=8, epochs=1, verbose=0)
    samples = gan.generate(["a red bag", "a blue coat"], seed=0)
    ```

    Reference:
        [Reed et al., 2016. Generative Adversarial Text to Image Synthesis](
        https://arxiv.org/abs/1605.05396), Algorithm 1 and section 4.
    """

    def __init__(
        self,
        generator,
        discriminator,
        text_encoder,
        method="int_cls",
        interpolation_beta=0.5,
        wrong_weight=0.5,
        interpolation_weight=0.5,
        latent_dim=100,
        prior="normal",
        d_steps=1,
        seed=None,
        **kwargs,
    ):
        if not isinstance(method, str) or method not in METHODS:
            raise ValueError(f"`method` must be one of {METHODS}. Received: method={method!r}")
        for name, value in (("interpolation_beta", interpolation_beta),
                            ("wrong_weight", wrong_weight)):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
                0.0 <= value <= 1.0
            ):
                raise ValueError(f"`{name}` must be a number in [0, 1]. Received: {value!r}")
        if isinstance(interpolation_weight, bool) or not isinstance(
            interpolation_weight, (int, float)
        ) or not (0.0 <= interpolation_weight < float("inf")):
            raise ValueError(
                "`interpolation_weight` must be a finite number >= 0. Received: "
                f"interpolation_weight={interpolation_weight!r}"
            )
        if not callable(getattr(text_encoder, "char_ids", None)):
            raise ValueError(
                "`text_encoder` must decode strings with `char_ids` (a "
                f"keras_gans.text.CharCNNRNN). Received: text_encoder={text_encoder!r}"
            )
        networks, players = self._networks_and_players(
            {"generator": generator, "discriminator": discriminator,
             "text_encoder": text_encoder},
            {"generator": ("generator",), "discriminator": ("discriminator",)},
        )
        AdversarialModel.__init__(
            self,
            networks=networks,
            players=players,
            d_steps=d_steps,
            seed=seed,
            **kwargs,
        )
        self.latent_dim = check_positive_int("latent_dim", latent_dim)
        self._prior_identifier = prior
        self.prior = priors.get_prior(prior)
        self.method = method
        self.interpolation_beta = float(interpolation_beta)
        self.wrong_weight = float(wrong_weight)
        self.interpolation_weight = float(interpolation_weight)
        self._check_text_networks()

    def _networks_and_players(self, networks, players):
        """The networks and players (a hook: GAWWN adds its keypoint model)."""
        return networks, players

    def _check_text_networks(self):
        dim = self.text_encoder.embedding_dim
        for name, model, first in (("generator", self.generator, (self.latent_dim,)),
                                   ("discriminator", self.discriminator, None)):
            shapes = model.input_shape
            ok = isinstance(shapes, list) and len(shapes) == 2 and shapes[1][-1] == dim
            if ok and first is not None:
                ok = shapes[0][-1] == first[0]
            if not ok:
                raise ValueError(
                    f"`{name}` must take [{'latent' if first else 'image'}, text_embedding] "
                    f"with latent_dim={self.latent_dim} and the text encoder's embedding_dim="
                    f"{dim}. Received input shape {shapes}"
                )
        g_out = tuple(self.generator.output_shape[1:])
        if not _data.shapes_agree(tuple(self.discriminator.input_shape[0][1:]), g_out):
            raise ValueError(
                "The generator's images must fit the discriminator. Received: generator "
                f"output shape={g_out}, discriminator input shape="
                f"{self.discriminator.input_shape[0]}"
            )

    @property
    def sample_shape(self):
        return tuple(self.discriminator.input_shape[0][1:])

    @property
    def condition_spec(self):
        """One example's condition: the caption's char ids (`fit` decodes them)."""
        return tf.TensorSpec([self.text_encoder.max_length], tf.int32, name="caption")

    def get_config(self):
        config = super().get_config()
        config.update({
            "method": self.method,
            "interpolation_beta": self.interpolation_beta,
            "wrong_weight": self.wrong_weight,
            "interpolation_weight": self.interpolation_weight,
        })  # fmt: skip
        return config

    @classmethod
    def from_config(cls, config):
        # Models saved before `interpolation_weight` existed trained with weight 1:
        # they keep it, so that resuming them does not change their objective.
        return super().from_config({"interpolation_weight": 1.0, **config})

    # ------------------------------------------------------------------ data

    def check_conditions(self, conditions):
        if not conditions.dtype.is_integer:
            raise ValueError(
                "TextToImageGAN trains on string captions (decoded by `fit`). Received "
                f"conditions of dtype {conditions.dtype.name}"
            )
        message = "The caption char ids must lie in the text encoder's alphabet"
        return [
            tf.debugging.assert_non_negative(conditions, message=message),
            tf.debugging.assert_less(conditions, tf.cast(VOCABULARY_SIZE, conditions.dtype),
                                     message=message),
        ]

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """`fit(images, captions)` or a batched dataset of `(images, captions)`.

        The captions (strings) are decoded to character ids before training
        (`text_encoder.char_ids`); anything else raises a `ValueError`.
        """
        if isinstance(x, tf.data.Dataset):
            spec = x.element_spec
            if not (isinstance(spec, tuple) and len(spec) == 2 and spec[1].dtype == tf.string):
                raise ValueError(
                    "The dataset must yield `(images, captions)` with string captions. "
                    f"Received element_spec={spec}"
                )
            encoder = self.text_encoder
            x = x.map(lambda images, captions: (
                images, encoder.char_ids(tf.reshape(captions, [-1]))))
        elif x is not None:
            if y is None:
                raise ValueError(
                    "TextToImageGAN trains on `fit(images, captions)`: no `captions` (y) "
                    "were given."
                )
            y = self.text_encoder.char_ids(
                tf.constant(check_texts(y, "captions"), tf.string)).numpy()
        return super().fit(x, y, batch_size=batch_size, **kwargs)

    # ---------------------------------------------------------------- losses

    def embed(self, ids):
        """The frozen text encoder's embeddings of char ids (no gradient)."""
        return ops.stop_gradient(self.text_encoder(ids, training=False))

    def interpolate_embeddings(self, embeddings):
        """`β t₁ + (1 − β) t₂`: each embedding with that of the next example."""
        beta = self.interpolation_beta
        return beta * embeddings + (1.0 - beta) * ops.roll(embeddings, 1, axis=0)

    def wrong_embeddings(self, embeddings):
        """The mismatched captions of a batch: each example's next example's."""
        return ops.roll(embeddings, -1, axis=0)

    def matching_aware_loss(self, real_logits, fake_logits, wrong_logits):
        """GAN-CLS's D loss per example: real/right text against fake and wrong text.

        `(1 − w) · loss(s_r, s_f) + w · loss(s_r, s_w)` for the model's loss;
        with the cross-entropy loss and `w = 0.5` it is the algorithm box's
        `−(log s_r + (log(1 − s_w) + log(1 − s_f)) / 2)`.
        """
        w = self.wrong_weight
        fake = per_example_mean(self.loss_fn.discriminator_loss(real_logits, fake_logits))
        wrong = per_example_mean(self.loss_fn.discriminator_loss(real_logits, wrong_logits))
        return (1.0 - w) * fake + w * wrong

    def train_updates(self):
        d_logs = ("d_loss", "d_real", "d_fake")
        if self.method in ("cls", "int_cls"):
            d_logs += ("d_wrong",)
        g_logs = ("g_loss",)
        if self.method in ("int", "int_cls"):
            g_logs += ("g_interpolated",)
        return [
            Update("discriminator", self.discriminator_loss, prepare=self.fake_batch,
                   repeat=self.d_steps, logs=d_logs),
            Update("generator", self.generator_loss, logs=g_logs),
        ]

    def caption_ids(self, conditions):
        """The char ids of a batch's conditions (a hook: GAWWN adds locations)."""
        return conditions

    def conditioned_inputs(self, x, embeddings, conditions):
        """What G (`x` latents) and D (`x` images) are called on (a hook)."""
        return [x, embeddings]

    def fake_batch(self, real, conditions, seed):
        embeddings = self.embed(self.caption_ids(conditions))
        z = self.sample_latent(ops.shape(real)[0], seed)
        fake = self.generator(self.conditioned_inputs(z, embeddings, conditions), training=True)
        return {"embeddings": embeddings, "fake": ops.stop_gradient(fake)}

    def discriminator_loss(self, real, conditions, seed, prepared):
        e, fake = prepared["embeddings"], prepared["fake"]
        c = conditions
        augmented = self.augment_images(real)
        real_logits = self.discriminator(self.conditioned_inputs(augmented, e, c), training=True)
        fake_logits = self.discriminator(
            self.conditioned_inputs(self.augment_images(fake), e, c), training=True)
        per_example, outputs = self.adversarial_loss(real_logits, fake_logits)
        if self.method in ("cls", "int_cls"):
            wrong_logits = self.discriminator(
                self.conditioned_inputs(augmented, self.wrong_embeddings(e), c), training=True)
            per_example = self.matching_aware_loss(real_logits, fake_logits, wrong_logits)
            outputs["d_loss"] = per_example
            outputs["d_wrong"] = self.loss_fn.output(wrong_logits)
        return per_example, {**prepared, **outputs}

    def generator_loss(self, real, conditions, seed):
        seeds = tf.random.experimental.stateless_split(seed, 2)
        e = self.embed(self.caption_ids(conditions))
        c = conditions
        n = ops.shape(real)[0]
        z = self.sample_latent(n, seeds[0])
        interpolating = self.method in ("int", "int_cls")
        if interpolating:
            # One call of G and of D over [own captions; interpolated ones].
            z = ops.concatenate([z, self.sample_latent(n, seeds[1])], axis=0)
            e = ops.concatenate([e, self.interpolate_embeddings(e)], axis=0)
            c = ops.concatenate([c, c], axis=0)
        fake = self.generator(self.conditioned_inputs(z, e, c), training=True)
        fake_logits = self.discriminator(
            self.conditioned_inputs(self.augment_images(fake), e, c), training=True)
        losses = per_example_mean(self.loss_fn.generator_loss(fake_logits))
        if not interpolating:
            return losses, {"g_loss": losses, "fake": fake, "fake_logits": fake_logits}
        own, interpolated = losses[:n], losses[n:]
        per_example = own + self.interpolation_weight * interpolated
        return per_example, {"g_loss": per_example, "g_interpolated": interpolated,
                             "fake": fake[:n], "fake_logits": fake_logits[:n]}

    # -------------------------------------------------------------- sampling

    def generate(self, captions, seed=None, batch_size=256):
        """Images of `captions` (strings), one per caption, as NumPy.

        Args:
            captions: a list or array of strings; an int `n` generates `n`
                images of the empty caption.
            seed: an int for a reproducible draw (the same latents as the
                `sample` signature with this seed), or `None`.
            batch_size: how many images the generator makes at once.
        """
        if isinstance(captions, (int, np.integer)) and not isinstance(captions, bool):
            captions = [""] * check_positive_int("n", captions)
        texts = check_texts(captions, "captions")
        if len(texts) == 0:
            raise ValueError("`captions` must hold at least one string. Received: []")
        z = self._latents_for(len(texts), seed)
        ids = self.text_encoder.char_ids(tf.constant(texts, tf.string))
        embeddings = self.text_encoder.predict(ids, batch_size=batch_size, verbose=0)
        with self.averaged_weights():
            return self.predict([z, embeddings], batch_size=batch_size, verbose=0)

    # --------------------------------------------------------------- serving

    def serving_trackables(self):
        return [self.generator, self.text_encoder]

    def serving_endpoints(self):
        """`serving_default(text, latent)` and `sample(text, seed)`, from raw strings.

        `text` is string `[batch]` (decoded in the graph), `latent` float32
        `[batch, latent_dim]`; both return `images` (float32 in [-1, 1]) and
        `images_uint8`. `sample` draws the latents with the stateless seed
        `[seed, 0]`: the images of `generate(captions, seed)`.
        """
        generator, encoder = self.generator, self.text_encoder
        prior, latent_dim = self.prior, self.latent_dim

        def images(text, latent):
            embeddings = encoder(encoder.char_ids(text), training=False)
            out = tf.cast(generator([latent, embeddings], training=False), tf.float32)
            return {"images": out, "images_uint8": _to_uint8(out)}

        def sample(text, seed):
            stateless = tf.stack([seed, tf.zeros_like(seed)])
            latent = priors.sample_prior(prior, tf.shape(text)[0], latent_dim, stateless)
            return images(text, latent)

        text = tf.TensorSpec([None], tf.string, name="text")
        return {
            "serving_default": (images, [text, tf.TensorSpec([None, latent_dim], tf.float32,
                                                             name="latent")]),
            "sample": (sample, [text, tf.TensorSpec([], tf.int64, name="seed")]),
        }
