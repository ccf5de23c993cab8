"""GAWWN: Reed et al.'s "what and where" text-to-image GAN (boxes or keypoints)."""

import numpy as np
import tensorflow as tf

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.base import Update
from keras_gans.models.gan import _to_uint8
from keras_gans.models.gawwn.networks import LOCATIONS
from keras_gans.models.gawwn.networks import _location_size
from keras_gans.models.gawwn.networks import keypoint_completer as _keypoint_completer
from keras_gans.models.text_to_image.model import TextToImageGAN
from keras_gans.sampling import priors
from keras_gans.text.char_cnn_rnn import VOCABULARY_SIZE
from keras_gans.text.char_cnn_rnn import check_texts


@register
class GAWWN(TextToImageGAN):
    """Reed et al.'s Generative Adversarial What-Where Network.

    A `TextToImageGAN` whose generator and discriminator also see *where*
    to draw: a bounding box (`location="box"`, keras-cv `"rel_yxyx"`,
    normalised) or part keypoints (`location="keypoints"`, `[K, 3]`:
    normalised x, y and visibility). Both networks have a global pathway
    (text and noise, or image features and text) and a local one in which
    the text embedding is replicated inside the box, or near the visible
    keypoints, beside the location maps (`gawwn_generator`,
    `gawwn_discriminator`). With keypoints, a third player trains
    `keypoint_completer` to predict hidden keypoints from the text and the
    visible ones (each keypoint hidden with probability 1/2 per example and
    step; squared error on the hidden ones): `complete_keypoints`.

    Training data: `fit(images, {"captions": [...], "boxes": [n, 4]})` (or
    `"keypoints": [n, K, 3]`), or a batched dataset of the dicts of
    `keras_gans.datasets.load("captioned_fashion")` (keys `image`,
    `caption` and `box` or `keypoints`). Internally a batch's condition is
    one float32 tensor, the caption's char ids followed by the location.

    Args:
        generator, discriminator, text_encoder: as in `TextToImageGAN`, the
            networks taking a third input, the location.
        location: `"box"` or `"keypoints"`.
        num_keypoints: K, for `"keypoints"`.
        keypoint_completer: the completion network for `"keypoints"`
            (default: `keypoint_completer(embedding_dim, K)`).
        method: as in `TextToImageGAN`; `"cls"` (the paper's
            matching-aware discriminator) by default.
        **kwargs: the rest of `TextToImageGAN`'s arguments.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    encoder = keras_gans.text.CharCNNRNN(embedding_dim=8, max_length=16,
                                         conv_filters=(8,), rnn_units=8)
    gan = keras_gans.models.GAWWN(
        keras_gans.models.gawwn_generator((8, 8, 3), 4, 8, "box", 8, filters=4),
        keras_gans.models.gawwn_discriminator((8, 8, 3), 8, "box", 4, 8, filters=4),
        encoder, location="box", latent_dim=4, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    images = np.random.uniform(-1, 1, (16, 8, 8, 3)).astype("float32")
    boxes = np.tile([[0.0, 0.0, 0.5, 0.5]], (16, 1)).astype("float32")
    captions = np.array(["a red bag"] * 16)
    gan.fit(images, {"captions": captions, "boxes": boxes}, batch_size=8, verbose=0)
    samples = gan.generate(["a red bag"], boxes=[[0.5, 0.5, 1.0, 1.0]], seed=0)
    ```

    Reference:
        [Reed et al., 2016. Learning What and Where to Draw](
        https://arxiv.org/abs/1610.02454).
    """

    def __init__(self, generator, discriminator, text_encoder, location="box",
                 num_keypoints=4, keypoint_completer=None, method="cls", **kwargs):
        if location not in LOCATIONS:
            raise ValueError(f"`location` must be one of {LOCATIONS}. Received: {location!r}")
        # Set before keras.Model.__init__ (the networks depend on them).
        object.__setattr__(self, "location", location)
        object.__setattr__(self, "num_keypoints",
                           check_positive_int("num_keypoints", num_keypoints))
        extra_networks, extra_players = {}, {}
        if location == "keypoints":
            if keypoint_completer is None:
                keypoint_completer = _keypoint_completer(
                    text_encoder.embedding_dim, num_keypoints)
            extra_networks = {"keypoint_completer": keypoint_completer}
            extra_players = {"keypoints": ("keypoint_completer",)}
        object.__setattr__(self, "_extra", (extra_networks, extra_players))
        super().__init__(generator, discriminator, text_encoder, method=method, **kwargs)

    def _networks_and_players(self, networks, players):
        extra_networks, extra_players = self._extra
        return {**networks, **extra_networks}, {**players, **extra_players}

    @property
    def location_size(self):
        return _location_size(self.location, self.num_keypoints)

    def get_config(self):
        config = super().get_config()
        config.update({"location": self.location, "num_keypoints": self.num_keypoints})
        return config

    def _check_text_networks(self):
        for name, model in (("generator", self.generator),
                            ("discriminator", self.discriminator)):
            if not isinstance(model.input_shape, list) or len(model.input_shape) != 3:
                raise ValueError(
                    f"GAWWN's `{name}` must take three inputs [..., text_embedding, "
                    f"{self.location}]. Received input shape {model.input_shape}"
                )

    @property
    def condition_spec(self):
        """One example's condition: char ids then the location, float32."""
        size = self.text_encoder.max_length + self.location_size
        return tf.TensorSpec([size], tf.float32, name="condition")

    # ------------------------------------------------------------------ data

    def _location_shape(self):
        return (4,) if self.location == "box" else (self.num_keypoints, 3)

    def check_locations(self, values, name):
        """Returns locations as float32 `[n, ...]`, or raises `ValueError`."""
        array = np.asarray(values, dtype="float32") if not isinstance(values, str) else None
        shape = self._location_shape()
        if array is None or array.ndim != len(shape) + 1 or array.shape[1:] != shape:
            raise ValueError(
                f"`{name}` must have shape [n, {', '.join(map(str, shape))}]. Received: "
                f"{name}={values!r}" if array is None else
                f"`{name}` must have shape [n, {', '.join(map(str, shape))}]. Received "
                f"shape {array.shape}"
            )
        coordinates = array if self.location == "box" else array[..., :2]
        if not np.all(np.isfinite(array)) or coordinates.min() < 0 or coordinates.max() > 1:
            raise ValueError(
                f"`{name}` must hold normalised coordinates in [0, 1]. Received values from "
                f"{np.nanmin(coordinates)} to {np.nanmax(coordinates)}"
            )
        if self.location == "box" and np.any(array[:, 0] > array[:, 2]) | np.any(
            array[:, 1] > array[:, 3]
        ):
            raise ValueError(
                f"`{name}` must be [y1, x1, y2, x2] (keras-cv rel_yxyx) with y1 <= y2 and "
                "x1 <= x2. Received a box with y1 > y2 or x1 > x2"
            )
        if self.location == "keypoints" and not np.all(np.isin(array[..., 2], (0.0, 1.0))):
            raise ValueError(f"The visibility of `{name}` (last column) must be 0 or 1.")
        return array

    def _pack(self, ids, locations):
        flat = tf.reshape(tf.cast(locations, tf.float32), [tf.shape(ids)[0], -1])
        return tf.concat([tf.cast(ids, tf.float32), flat], axis=-1)

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """`fit(images, {"captions": ..., "boxes"|"keypoints": ...})` or a dataset.

        A dataset yields `captioned_fashion` dicts (`image`, `caption`,
        `box` or `keypoints`), batched.
        """
        key = "box" if self.location == "box" else "keypoints"
        encoder = self.text_encoder
        if isinstance(x, tf.data.Dataset):
            spec = x.element_spec
            if not isinstance(spec, dict) or not {"image", "caption", key} <= set(spec):
                raise ValueError(
                    f"The dataset must yield dicts with `image`, `caption` and `{key}` (as "
                    f"load('captioned_fashion') does). Received element_spec={spec}"
                )
            x = x.map(lambda e: (e["image"], self._pack(
                encoder.char_ids(tf.reshape(e["caption"], [-1])), e[key])))
            return super(TextToImageGAN, self).fit(x, None, batch_size=batch_size, **kwargs)
        plural = "boxes" if self.location == "box" else "keypoints"
        if not isinstance(y, dict) or set(y) != {"captions", plural}:
            raise ValueError(
                f"GAWWN trains on `fit(images, {{'captions': [...], '{plural}': [...]}})`. "
                f"Received y={type(y).__name__}"
                + (f" with keys {sorted(y)}" if isinstance(y, dict) else "")
            )
        ids = encoder.char_ids(tf.constant(check_texts(y["captions"], "captions"), tf.string))
        locations = self.check_locations(y[plural], plural)
        y = self._pack(ids, locations).numpy()
        return super(TextToImageGAN, self).fit(x, y, batch_size=batch_size, **kwargs)

    def check_conditions(self, conditions):
        if not conditions.dtype.is_floating:
            raise ValueError(f"GAWWN's conditions are float32. Received {conditions.dtype.name}")
        ids, where = self._split(conditions)
        checks = [
            tf.debugging.assert_non_negative(ids, message="Caption ids must be >= 0"),
            tf.debugging.assert_less(ids, VOCABULARY_SIZE, message="Caption ids out of range"),
        ]
        coordinates = where if self.location == "box" else where[..., :2]
        message = f"The {self.location} coordinates must lie in [0, 1]"
        checks += [tf.debugging.assert_greater_equal(coordinates, 0.0, message=message),
                   tf.debugging.assert_less_equal(coordinates, 1.0, message=message)]
        if self.location == "box":
            checks.append(tf.debugging.assert_less_equal(
                where[:, 0:2], where[:, 2:4], message="Boxes need y1 <= y2 and x1 <= x2"))
        return checks

    def _split(self, conditions):
        length = self.text_encoder.max_length
        ids = tf.cast(conditions[:, :length], tf.int32)
        where = conditions[:, length:]
        if self.location == "keypoints":
            where = tf.reshape(where, [-1, self.num_keypoints, 3])
        return ids, where

    def caption_ids(self, conditions):
        return self._split(conditions)[0]

    def conditioned_inputs(self, x, embeddings, conditions):
        return [x, embeddings, self._split(conditions)[1]]

    # ------------------------------------------------------- keypoint model

    def train_updates(self):
        updates = super().train_updates()
        if self.location == "keypoints":
            updates.append(Update("keypoints", self.keypoint_loss, logs=("keypoint_loss",)))
        return updates

    def keypoint_loss(self, real, conditions, seed):
        """Squared error of the completer on randomly hidden keypoints."""
        ids, points = self._split(conditions)
        e = self.embed(ids)
        hidden = tf.random.stateless_uniform(tf.shape(points)[:2], seed) < 0.5
        visible = tf.logical_and(tf.logical_not(hidden), points[..., 2] > 0.5)
        shown = tf.where(visible[..., None], points, 0.0)
        predicted = tf.cast(self.keypoint_completer([e, shown], training=True), tf.float32)
        target = tf.logical_and(hidden, points[..., 2] > 0.5)
        error = tf.reduce_sum(tf.square(predicted - points[..., :2]), axis=-1)
        weight = tf.cast(target, tf.float32)
        per_example = tf.reduce_sum(error * weight, 1) / tf.maximum(tf.reduce_sum(weight, 1), 1.0)
        return per_example, {"keypoint_loss": per_example}

    def complete_keypoints(self, captions, keypoints, visible):
        """Fills in the hidden keypoints from the text and the visible ones.

        Args:
            captions: `n` strings.
            keypoints: `[n, K, 2]` or `[n, K, 3]` normalised x, y (a third
                column is ignored).
            visible: `[n, K]` bools: which keypoints are given.

        Returns:
            float32 `[n, K, 3]`: the given keypoints kept, the others
            predicted, all visible.
        """
        if self.location != "keypoints":
            raise ValueError("`complete_keypoints` needs location='keypoints'. Received "
                             f"location={self.location!r}")
        points = np.asarray(keypoints, "float32")
        visible = np.asarray(visible, bool)
        if points.ndim != 3 or points.shape[1] != self.num_keypoints or visible.shape != (
            points.shape[:2]
        ):
            raise ValueError(
                f"`keypoints` must be [n, {self.num_keypoints}, 2 or 3] and `visible` [n, "
                f"{self.num_keypoints}]. Received {points.shape} and {visible.shape}")
        shown = np.zeros(points.shape[:2] + (3,), "float32")
        shown[..., :2] = np.where(visible[..., None], points[..., :2], 0.0)
        shown[..., 2] = visible
        ids = self.text_encoder.char_ids(tf.constant(check_texts(captions), tf.string))
        e = self.text_encoder(ids)
        predicted = np.asarray(self.keypoint_completer([e, tf.constant(shown)]))
        out = np.ones_like(shown)
        out[..., :2] = np.where(visible[..., None], points[..., :2], predicted)
        return out

    # -------------------------------------------------------------- sampling

    def generate(self, captions, boxes=None, keypoints=None, seed=None, batch_size=256):
        """Images of `captions` drawn at `boxes` (or `keypoints`), as NumPy.

        An int `n` for `captions` draws `n` images of the empty caption in
        the whole canvas (no keypoint visible).
        """
        if isinstance(captions, (int, np.integer)) and not isinstance(captions, bool):
            n = check_positive_int("n", captions)
            captions = [""] * n
            if self.location == "box":
                boxes = np.tile([[0.0, 0.0, 1.0, 1.0]], (n, 1))
            else:
                keypoints = np.zeros((n, self.num_keypoints, 3))
        texts = check_texts(captions, "captions")
        name, values = ("boxes", boxes) if self.location == "box" else ("keypoints", keypoints)
        if values is None:
            raise ValueError(f"GAWWN(location={self.location!r}) needs `{name}`.")
        where = self.check_locations(values, name)
        if len(where) != len(texts) or len(texts) == 0:
            raise ValueError(f"`{name}` must hold one location per caption. Received "
                             f"{len(where)} for {len(texts)} captions")
        z = self._latents_for(len(texts), seed)
        ids = self.text_encoder.char_ids(tf.constant(texts, tf.string))
        e = self.text_encoder.predict(ids, batch_size=batch_size, verbose=0)
        with self.averaged_weights():
            return self.predict([z, e, where], batch_size=batch_size, verbose=0)

    def serving_trackables(self):
        extra = [self.keypoint_completer] if self.location == "keypoints" else []
        return [self.generator, self.text_encoder, *extra]

    def serving_endpoints(self):
        """`serving_default(text, latent, box|keypoints)`, `sample(text, box|keypoints, seed)`."""
        generator, encoder = self.generator, self.text_encoder
        prior, latent_dim = self.prior, self.latent_dim

        def images(text, latent, where):
            e = encoder(encoder.char_ids(text), training=False)
            out = tf.cast(generator([latent, e, where], training=False), tf.float32)
            return {"images": out, "images_uint8": _to_uint8(out)}

        def sample(text, where, seed):
            stateless = tf.stack([seed, tf.zeros_like(seed)])
            latent = priors.sample_prior(prior, tf.shape(text)[0], latent_dim, stateless)
            return images(text, latent, where)

        text = tf.TensorSpec([None], tf.string, name="text")
        where = tf.TensorSpec([None, *self._location_shape()], tf.float32, name=self.location)
        latent = tf.TensorSpec([None, latent_dim], tf.float32, name="latent")
        return {
            "serving_default": (images, [text, latent, where]),
            "sample": (sample, [text, where, tf.TensorSpec([], tf.int64, name="seed")]),
        }
