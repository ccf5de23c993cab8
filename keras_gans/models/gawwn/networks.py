"""GAWWN's networks: location maps, generator, discriminator, keypoint completer."""

import keras
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.models.dcgan import _batch_norm
from keras_gans.models.dcgan import _discriminator_trunk
from keras_gans.models.dcgan import _init
from keras_gans.models.dcgan import _pyramid
from keras_gans.models.text_to_image.networks import _compress

LOCATIONS = ("box", "keypoints")


def _location_size(location, num_keypoints):
    return 4 if location == "box" else 3 * num_keypoints


@register
class LocationMaps(keras.layers.Layer):
    """Locations to spatial maps on a `side × side` grid.

    `"box"`: a box `[4]` (keras-cv `"rel_yxyx"`, normalised) becomes one
    plane holding, in each cell, the fraction of the cell the box covers.
    `"keypoints"`: `[K, 3]` (normalised x, y, visibility) become `K` planes,
    each a Gaussian bump (σ = one cell) at its keypoint times its visibility.
    Returns `(region, maps)`: the region is the box's plane, or the largest
    of the keypoint planes (where any visible part is).

    Args:
        side: the grid's side.
        location: `"box"` or `"keypoints"`.
        **kwargs: passed to `keras.layers.Layer`.
    """

    def __init__(self, side, location="box", **kwargs):
        super().__init__(**kwargs)
        self.side = check_positive_int("side", side)
        if location not in LOCATIONS:
            raise ValueError(f"`location` must be one of {LOCATIONS}. Received: {location!r}")
        self.location = location

    def call(self, location):
        location = ops.cast(location, "float32")
        s = self.side
        edges = ops.arange(s, dtype="float32") / s
        if self.location == "box":
            y1, x1, y2, x2 = (location[:, i : i + 1] for i in range(4))

            def cover(low, high):  # [batch, side]: covered fraction of each cell
                return ops.clip(ops.minimum(high, edges + 1.0 / s) - ops.maximum(low, edges),
                                0.0, 1.0 / s) * s

            planes = (cover(y1, y2)[:, :, None] * cover(x1, x2)[:, None, :])[..., None]
            return planes, planes
        centres = edges + 0.5 / s
        x, y, v = location[..., 0:1], location[..., 1:2], location[..., 2:3]  # [b, K, 1]
        dx = ops.square(centres - x) * (s * s)  # [b, K, side] in cells²
        dy = ops.square(centres - y) * (s * s)
        bumps = ops.exp(-(dy[:, :, :, None] + dx[:, :, None, :]) / 2.0) * v[..., None]
        maps = ops.transpose(bumps, (0, 2, 3, 1))
        return ops.max(maps, axis=-1, keepdims=True), maps

    def compute_output_shape(self, input_shape):
        planes = 1 if self.location == "box" else input_shape[1]
        grid = (input_shape[0], self.side, self.side)
        return (*grid, 1), (*grid, planes)

    def get_config(self):
        return {**super().get_config(), "side": self.side, "location": self.location}


def _location_input(location, num_keypoints):
    shape = (4,) if location == "box" else (num_keypoints, 3)
    return keras.Input(shape, name=location)


def _local_planes(compressed, location_input, side, location, compressed_dim):
    """The text replicated inside the location, beside the location maps."""
    region, maps = LocationMaps(side, location, name="location_maps")(location_input)
    planes = keras.layers.Reshape((1, 1, compressed_dim))(compressed)
    planes = keras.layers.UpSampling2D(size=(side, side))(planes)
    return keras.layers.Concatenate()([keras.layers.Multiply()([planes, region]), maps])


def gawwn_generator(image_shape, latent_dim, embedding_dim, location="box", num_keypoints=4,
                    compressed_dim=128, filters=64, name="generator"):
    """GAWWN's generator: a global and a local pathway, merged, then upsampled.

    Global: `[z, compressed text]` projected to an `s × s` map (as DCGAN).
    Local: the compressed text replicated spatially and masked by the
    location (inside the box, or near the visible keypoints), beside the
    location maps, through a 3×3 convolution. The two are depth-concatenated
    and upsampled by fractional-strided convolutions to the image.

    Args:
        image_shape: as in `dcgan_generator`.
        latent_dim: the size of z.
        embedding_dim: the size of the text embedding.
        location: `"box"` (input `[4]`, `"rel_yxyx"`) or `"keypoints"`
            (input `[num_keypoints, 3]`).
        num_keypoints: K for `"keypoints"`.
        compressed_dim: the size of the compressed text embedding.
        filters: as in `dcgan_generator`.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[latent, text_embedding, location]` to images.

    Example:

    ```python
    import keras_gans

    g = keras_gans.models.gawwn_generator((32, 32, 3), 100, 1024, "box")
    ```
    """
    image_shape, side, steps = _pyramid(image_shape)
    filters = check_positive_int("filters", filters)
    z = keras.Input((check_positive_int("latent_dim", latent_dim),), name="latent")
    text = keras.Input((check_positive_int("embedding_dim", embedding_dim),),
                       name="text_embedding")
    where = _location_input(location, num_keypoints)
    compressed = _compress(text, compressed_dim, "compress_text")
    width = filters * 2 ** (steps - 1)
    g = keras.layers.Dense(side * side * width, use_bias=False, kernel_initializer=_init(),
                           name="project")(keras.layers.Concatenate()([z, compressed]))
    g = keras.layers.ReLU()(_batch_norm("project_bn")(keras.layers.Reshape((side, side, width))(g)))
    local = _local_planes(compressed, where, side, location, compressed_dim)
    local = keras.layers.Conv2D(width, 3, padding="same", use_bias=False,
                                kernel_initializer=_init(), name="local")(local)
    local = keras.layers.ReLU()(_batch_norm("local_bn")(local))
    h = keras.layers.Concatenate()([g, local])
    for i in range(steps - 1):
        width //= 2
        h = keras.layers.Conv2DTranspose(width, 5, strides=2, padding="same", use_bias=False,
                                         kernel_initializer=_init(), name=f"up_{i}")(h)
        h = keras.layers.ReLU()(_batch_norm(f"up_{i}_bn")(h))
    h = keras.layers.Conv2DTranspose(image_shape[-1], 5, strides=2, padding="same",
                                     kernel_initializer=_init(), name="to_image")(h)
    image = keras.layers.Activation("tanh", dtype="float32", name="image")(h)
    return keras.Model([z, text, where], image, name=name)


def gawwn_discriminator(image_shape, embedding_dim, location="box", num_keypoints=4,
                        compressed_dim=128, filters=64, name="discriminator"):
    """GAWWN's discriminator: image features with the global and local text.

    Stride-2 convolutions take the image to an `s × s` map, which is
    depth-concatenated with the compressed text replicated everywhere
    (global) and masked by the location, beside the location maps (local);
    a 1×1 and an `s × s` convolution give one logit.

    Args:
        image_shape, embedding_dim, location, num_keypoints, compressed_dim:
            as in `gawwn_generator`.
        filters: the channels of the first convolution.
        name: the model's name.

    Returns:
        A built `keras.Model` from `[image, text_embedding, location]` to logits.

    Example:

    ```python
    import keras_gans

    d = keras_gans.models.gawwn_discriminator((32, 32, 3), 1024, "box")
    ```
    """
    image_shape, side, steps = _pyramid(image_shape)
    filters = check_positive_int("filters", filters)
    x = keras.Input(image_shape, name="image")
    text = keras.Input((check_positive_int("embedding_dim", embedding_dim),),
                       name="text_embedding")
    where = _location_input(location, num_keypoints)
    h = _discriminator_trunk(x, steps, filters)
    compressed = _compress(text, compressed_dim, "compress_text")
    planes = keras.layers.UpSampling2D(size=(side, side))(
        keras.layers.Reshape((1, 1, compressed_dim))(compressed))
    local = _local_planes(compressed, where, side, location, compressed_dim)
    h = keras.layers.Concatenate()([h, planes, local])
    h = keras.layers.Conv2D(filters * 2**steps // 2, 1, use_bias=False, kernel_initializer=_init(),
                            name="joint_1x1")(h)
    h = keras.layers.LeakyReLU(0.2)(_batch_norm("joint_1x1_bn")(h))
    h = keras.layers.Conv2D(1, side, padding="valid", kernel_initializer=_init(),
                            dtype="float32", name="joint_logit")(h)
    return keras.Model([x, text, where], keras.layers.Flatten(dtype="float32")(h), name=name)


def keypoint_completer(embedding_dim, num_keypoints, hidden_units=128, name="keypoint_completer"):
    """An MLP from `[text_embedding, keypoints [K, 3]]` to all K (x, y) in [0, 1].

    Hidden keypoints enter with visibility 0 (and their coordinates zeroed).

    Example:

    ```python
    import keras_gans

    completer = keras_gans.models.keypoint_completer(1024, 4)
    ```
    """
    text = keras.Input((check_positive_int("embedding_dim", embedding_dim),),
                       name="text_embedding")
    points = keras.Input((check_positive_int("num_keypoints", num_keypoints), 3),
                         name="keypoints")
    h = keras.layers.Concatenate()([text, keras.layers.Flatten()(points)])
    for i in range(2):
        h = keras.layers.Dense(hidden_units, activation="relu", name=f"hidden_{i}")(h)
    h = keras.layers.Dense(2 * num_keypoints, activation="sigmoid", dtype="float32")(h)
    return keras.Model([text, points], keras.layers.Reshape((num_keypoints, 2))(h), name=name)


