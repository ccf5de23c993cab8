"""`JointEmbedding`: the deep symmetric structured joint embedding (DS-SJE)."""

import copy

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_image_shape
from keras_gans._validation import check_positive_int
from keras_gans.text.char_cnn_rnn import check_texts


def image_encoder(image_shape, embedding_dim, filters=32, name="image_encoder"):
    """A small convolutional image encoder for `JointEmbedding`.

    Stride-2 3×3 convolutions (LeakyReLU, `filters`, `2 * filters`, ...) until
    the side is at most 4, flattened and mapped linearly to `embedding_dim`.

    Args:
        image_shape: `(height, width, channels)`.
        embedding_dim: the size of the image embedding.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from images to `[batch, embedding_dim]`.

    Example:

    ```python
    import keras_gans

    encoder = keras_gans.text.image_encoder((32, 32, 3), 64)
    ```
    """
    image_shape = check_image_shape("image_shape", image_shape)
    embedding_dim = check_positive_int("embedding_dim", embedding_dim)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    h, side, width = x, image_shape[0], filters
    while side > 4:
        h = keras.layers.Conv2D(width, 3, strides=2, padding="same")(h)
        h = keras.layers.LeakyReLU(0.2)(h)
        side, width = (side + 1) // 2, width * 2
    h = keras.layers.Flatten()(h)
    return keras.Model(x, keras.layers.Dense(embedding_dim, name="embedding")(h), name=name)


def structured_loss(image_embeddings, text_embeddings, labels, margin=1.0):
    """The symmetric structured hinge loss of a batch, per example `[batch]`.

    With compatibility `F(v, t) = θ(v)ᵀφ(t)` (the score matrix `S`), image `i`
    pays the hinge `max(0, margin + S[i, j] − S[i, i])` averaged over the
    captions `j` of the other classes in the batch (its own caption must
    beat them by `margin`), and caption `i` the same against the images of
    the other classes; the loss is the sum of both directions (Reed et al.
    2016a, equations 1–3). The paper takes the max over classes (a
    structured SVM); on a minibatch from scratch the max collapses every
    embedding to zero here (the loss stays at `2 * margin`), so the
    violations are averaged. An example with no other class in the batch
    pays nothing.
    """
    scores = ops.matmul(image_embeddings, ops.transpose(text_embeddings))
    own = ops.diagonal(scores)
    other = ops.cast(ops.not_equal(labels[:, None], labels[None, :]), scores.dtype)
    count_i = ops.maximum(ops.sum(other, axis=1), 1.0)
    count_t = ops.maximum(ops.sum(other, axis=0), 1.0)
    image_term = ops.sum(ops.relu(margin + scores - own[:, None]) * other, axis=1) / count_i
    text_term = ops.sum(ops.relu(margin + scores - own[None, :]) * other, axis=0) / count_t
    return image_term + text_term


@register
class JointEmbedding(keras.Model):
    """Trains a text encoder and an image encoder into one embedding space.

    `fit` on `(images, captions)` pairs, optionally with class labels
    (`fit((images, captions), labels)`, or a dataset of `((images, captions),
    labels)`; without labels each pair is its own class). The loss is the
    deep symmetric structured joint embedding loss (`structured_loss`): an
    image must score its own caption above the captions of the other
    classes in the batch by a margin, and a caption its own image above the
    images of the other classes. Captions are raw strings; `fit` decodes them to
    character ids in the input pipeline (`text_encoder.char_ids`).

    Args:
        text_encoder: a `CharCNNRNN` (or any model with `char_ids` that maps
            strings or their ids to `[batch, d]`).
        image_encoder: a built model from images to `[batch, d]`.
        margin: the hinge's margin (the Δ of a wrong class).
        **kwargs: passed to `keras.Model`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans

    text = keras_gans.text.CharCNNRNN(embedding_dim=8, max_length=16,
                                      conv_filters=(8,), rnn_units=8)
    image = keras_gans.text.image_encoder((8, 8, 3), 8, filters=4)
    joint = keras_gans.text.JointEmbedding(text, image)
    joint.compile(optimizer=keras.optimizers.Adam(1e-3))
    images = np.random.uniform(-1, 1, (16, 8, 8, 3)).astype("float32")
    captions = np.array(["a red bag", "a blue coat"] * 8)
    joint.fit((images, captions), np.arange(16) % 2, batch_size=8, verbose=0)
    joint.retrieval_accuracy(images, captions, labels=np.arange(16) % 2)
    ```

    Reference:
        [Reed et al., 2016. Learning Deep Representations of Fine-Grained
        Visual Descriptions](https://arxiv.org/abs/1605.05395).
    """

    def __init__(self, text_encoder, image_encoder, margin=1.0, **kwargs):
        super().__init__(**kwargs)
        for name, model in (("text_encoder", text_encoder), ("image_encoder", image_encoder)):
            if not isinstance(model, keras.Model) or not model.built:
                raise ValueError(f"`{name}` must be a built keras.Model. Received: {model!r}")
        if not callable(getattr(text_encoder, "char_ids", None)):
            raise ValueError(
                "`text_encoder` must decode strings with a `char_ids` method (e.g. a "
                f"CharCNNRNN). Received: {text_encoder!r}"
            )
        if not isinstance(margin, (int, float)) or isinstance(margin, bool) or margin <= 0:
            raise ValueError(f"`margin` must be a positive number. Received: margin={margin!r}")
        self.text_encoder = text_encoder
        self.image_encoder = image_encoder
        self.margin = float(margin)
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.built = True

    @property
    def metrics(self):
        return [self.loss_tracker]

    def call(self, inputs, training=False):
        """`(images, captions or ids)` to `(image_embeddings, text_embeddings)`."""
        images, texts = inputs
        return (self.image_encoder(images, training=training),
                self.text_encoder(texts, training=training))

    def train_step(self, data):
        (images, ids), labels = data if len(data) == 2 else (data[0], None)
        if labels is None:
            labels = tf.range(tf.shape(ids)[0])
        labels = tf.reshape(labels, [-1])
        variables = self.trainable_variables
        with tf.GradientTape() as tape:
            v, t = self((images, ids), training=True)
            per_example = structured_loss(
                ops.cast(v, "float32"), ops.cast(t, "float32"), labels, self.margin
            )
            loss = ops.mean(per_example)
            scaled = self.optimizer.scale_loss(loss)
        grads = tape.gradient(scaled, variables)
        self.optimizer.apply_gradients(zip(grads, variables))
        self.loss_tracker.update_state(loss)
        return {"loss": self.loss_tracker.result()}

    def _ids(self, captions):
        return self.text_encoder.char_ids(tf.constant(check_texts(captions), tf.string))

    def fit(self, x=None, y=None, batch_size=None, **kwargs):
        """`keras.Model.fit` on `(images, captions)` with optional labels `y`.

        Captions (strings) are decoded to character ids before training;
        anything that is not strings raises a `ValueError`.
        """
        if isinstance(x, tf.data.Dataset):
            spec = x.element_spec
            pair = spec[0] if isinstance(spec[0], tuple) else spec
            if not isinstance(pair, tuple) or len(pair) != 2 or pair[1].dtype != tf.string:
                raise ValueError(
                    "The dataset must yield `(images, captions)` or `((images, captions), "
                    f"labels)` with string captions. Received element_spec={spec}"
                )
            encoder = self.text_encoder

            def to_ids(*element):
                if isinstance(element[0], tuple):
                    (images, captions), labels = element
                    return (images, encoder.char_ids(captions)), labels
                images, captions = element
                return ((images, encoder.char_ids(captions)),)

            x = x.map(to_ids, num_parallel_calls=tf.data.AUTOTUNE)
        else:
            if not isinstance(x, (tuple, list)) or len(x) != 2:
                raise ValueError(
                    f"`x` must be a pair (images, captions). Received: {type(x).__name__}"
                )
            images, captions = x
            x = (np.asarray(images, "float32"), self._ids(captions).numpy())
            if y is not None:
                y = np.asarray(y)
                if not np.issubdtype(y.dtype, np.integer) or len(y) != len(images):
                    raise ValueError(
                        f"`y` must hold one integer class label per image. Received: "
                        f"dtype={y.dtype}, shape={y.shape}"
                    )
        return super().fit(x, y, batch_size=batch_size, **kwargs)

    def embed(self, images=None, captions=None, batch_size=256):
        """The embeddings of `images` and/or `captions` (NumPy), as a tuple."""
        out = []
        if images is not None:
            out.append(self.image_encoder.predict(
                np.asarray(images, "float32"), batch_size=batch_size, verbose=0))
        if captions is not None:
            ids = self._ids(captions).numpy()
            out.append(self.text_encoder.predict(ids, batch_size=batch_size, verbose=0))
        return tuple(out)

    def retrieval_accuracy(self, images, captions, labels=None, batch_size=256):
        """Top-1 retrieval accuracy in both directions on held-out pairs.

        For every image the caption of highest score is retrieved (and for
        every caption the image): correct when it is its own pair, or, with
        `labels`, when its label equals the query's.

        Returns:
            A dict with `image_to_text` and `text_to_image` accuracies.
        """
        v, t = self.embed(images, captions, batch_size)
        if len(v) != len(t):
            raise ValueError(
                f"`images` and `captions` must pair up. Received {len(v)} images and "
                f"{len(t)} captions"
            )
        labels = np.arange(len(v)) if labels is None else np.asarray(labels).reshape(-1)
        scores = v @ t.T
        return {
            "image_to_text": float(np.mean(labels[scores.argmax(axis=1)] == labels)),
            "text_to_image": float(np.mean(labels[scores.argmax(axis=0)] == labels)),
        }

    def get_config(self):
        config = super().get_config()
        config.update({
            "text_encoder": keras.saving.serialize_keras_object(self.text_encoder),
            "image_encoder": keras.saving.serialize_keras_object(self.image_encoder),
            "margin": self.margin,
        })  # fmt: skip
        return config

    @classmethod
    def from_config(cls, config):
        config = copy.deepcopy(config)
        for key in ("text_encoder", "image_encoder"):
            config[key] = keras.saving.deserialize_keras_object(config[key])
        return cls(**config)
