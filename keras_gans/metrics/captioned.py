"""The shipped judge of `captioned_fashion` attributes (class, colour, size, position).

Text-to-image models on `captioned_fashion` are scored by how faithfully a
generated image shows what its caption says. The judge is a small CNN with
one head per attribute (the class read from the garment cut out of the
canvas), trained on the real train split by
`tools/train_captioned_fashion_judge.py`; its weights ship in
`keras_gans/metrics/weights/` (record: `captioned_fashion_judge.json`, with
its accuracy per attribute on the real test split).
"""

import numbers
import os

import keras
import numpy as np
from keras import ops

from keras_gans._registry import register
from keras_gans._validation import check_positive_int
from keras_gans.metrics import extractor

JUDGE_WEIGHTS_PATH = os.path.join(extractor.WEIGHTS_DIR, "captioned_fashion_judge.weights.h5")
JUDGE_IMAGE_SHAPE = (32, 32, 3)
# Attribute name -> number of values, in the order of the dataset's `attributes`.
JUDGE_ATTRIBUTES = {"class": 10, "colour": 8, "size": 3, "position": 9}


@register
class GarmentIntensityAndTint(keras.layers.Layer):
    """Splits a tinted canvas into the garment's shape and its tint.

    A `captioned_fashion` canvas is `intensity × colour` (in `[0, 1]`, then
    mapped to `[-1, 1]`). The layer returns the brightest channel of each
    pixel divided by the canvas' brightest pixel (`[batch, H, W, 1]`, the
    same whatever the tint) and the intensity-weighted mean colour divided
    by its largest channel (`[batch, 3]`, the same whatever the garment).
    """

    def call(self, images):
        pixels = (ops.cast(images, "float32") + 1.0) / 2.0
        intensity = ops.max(pixels, axis=-1, keepdims=True)
        peak = ops.max(intensity, axis=(1, 2, 3), keepdims=True)
        shape = intensity / (peak + 1e-3)
        weights = ops.square(intensity)
        tint = ops.sum(pixels * weights, axis=(1, 2)) / (ops.sum(weights, axis=(1, 2)) + 1e-6)
        tint = tint / (ops.max(tint, axis=-1, keepdims=True) + 1e-3)
        return shape, tint


@register
class GarmentCrop(keras.layers.Layer):
    """Cuts the garment out of a canvas and resamples it to a fixed square.

    Takes the shape map of `GarmentIntensityAndTint` (`[batch, H, W, 1]` in
    `[0, 1]`), finds the box of the pixels above `threshold`, and resamples
    the square with the box's centre and its longer side to `size` x `size`
    pixels, bilinearly (`keras.ops.image.affine_transform`; outside the
    canvas is 0). The garment then fills the square as a Fashion-MNIST item
    fills its frame, wherever it was drawn and at whatever size, so a
    classifier of the result needs to learn each class once instead of once
    per position. A canvas with no pixel above the threshold gives the whole
    canvas.

    Args:
        size: the side of the output, in pixels.
        threshold: the shape value above which a pixel is the garment.
    """

    def __init__(self, size=28, threshold=0.2, **kwargs):
        super().__init__(**kwargs)
        self.size = check_positive_int("size", size)
        if (isinstance(threshold, bool) or not isinstance(threshold, numbers.Real)
                or not 0.0 <= threshold < 1.0):
            raise ValueError(f"`threshold` must be in [0, 1). Received: threshold={threshold!r}")
        self.threshold = float(threshold)

    def build(self, input_shape):
        if any(side is not None and side < self.size for side in input_shape[1:3]):
            raise ValueError(
                f"`size` ({self.size}) must not exceed the canvas' sides. "
                f"Received: input_shape={tuple(input_shape)}"
            )

    def _extent(self, present):
        """First and one-past-last index where `present` `[batch, n]` is true."""
        n = ops.shape(present)[1]
        first = ops.argmax(ops.cast(present, "int32"), axis=1)
        last = n - ops.argmax(ops.cast(ops.flip(present, axis=1), "int32"), axis=1)
        return ops.cast(first, "float32"), ops.cast(last, "float32")

    def call(self, shape):
        shape = ops.cast(shape, "float32")
        mask = shape[..., 0] > self.threshold
        y1, y2 = self._extent(ops.any(mask, axis=2))
        x1, x2 = self._extent(ops.any(mask, axis=1))
        side = ops.maximum(ops.maximum(y2 - y1, x2 - x1), 1.0)
        scale = side / self.size
        # Output pixel i's centre, (i + 0.5) * scale from the square's edge,
        # as an input pixel index (centres at integers).
        left = (x1 + x2) / 2.0 - side / 2.0 + scale / 2.0 - 0.5
        top = (y1 + y2) / 2.0 - side / 2.0 + scale / 2.0 - 0.5
        zeros = ops.zeros_like(scale)
        transform = ops.stack([scale, zeros, left, zeros, scale, top, zeros, zeros], axis=1)
        full = ops.image.affine_transform(
            shape, transform, interpolation="bilinear", fill_mode="constant", fill_value=0
        )
        return full[:, : self.size, : self.size, :]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.size, self.size, input_shape[-1])

    def get_config(self):
        return {**super().get_config(), "size": self.size, "threshold": self.threshold}


def captioned_fashion_judge(weights="default"):
    """A CNN naming the class, colour, size and position of a `captioned_fashion` image.

    The judge must be fair to the compositions that never occur in the train
    split, so no head can use one attribute as evidence for another: the
    class, size and position heads see only the garment's shape (the
    canvas' brightest channel, normalised to its peak: the same for every
    tint), and the colour head sees only the garment's tint (the
    intensity-weighted mean colour): `GarmentIntensityAndTint`. For size and
    position, the shape goes through three 3x3 convolution blocks (32, 64,
    128 channels; batch norm, ReLU, 2x2 max pooling), with no pooling over
    the whole canvas (the heads must see where the garment is), and a
    64-unit ReLU layer. For the class, the garment is first cut out and
    resampled to 28x28 (`GarmentCrop`), so that the class is learnt once for
    every position and size, then goes through a trunk of the same shape of
    its own (with 256 units). The tint goes through a 32-unit ReLU layer.
    Every layer is float32 whatever the global dtype policy.

    Args:
        weights: `"default"` loads the weights shipped with the package
            (trained by `tools/train_captioned_fashion_judge.py`; their test
            accuracy per attribute is in `weights/captioned_fashion_judge.json`);
            `None` leaves the layers freshly initialised (for training); any
            other string is a path of a `.weights.h5` file.

    Returns:
        A `keras.Model` from images `[batch, 32, 32, 3]` in `[-1, 1]` to a dict
        of logits `{"class": [batch, 10], "colour": [batch, 8], "size":
        [batch, 3], "position": [batch, 9]}`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    judge = metrics.captioned_fashion_judge()
    logits = judge.predict(np.zeros((2, 32, 32, 3), "float32"), verbose=0)
    ```

    Reference:
        The judge plays the role of the attribute classifiers used to score
        text-to-image faithfulness; the attributes are those of
        [Reed et al., 2016. Generative Adversarial Text to Image Synthesis](
        https://arxiv.org/abs/1605.05396)'s captions made explicit.
    """
    extractor.check_weights_argument(weights)
    f32 = {"dtype": "float32"}
    x = keras.Input(JUDGE_IMAGE_SHAPE, name="image")
    intensity, tint = GarmentIntensityAndTint(name="intensity_and_tint", **f32)(x)
    h = extractor.classifier_trunk(intensity, 64, "features")
    crop = GarmentCrop(28, name="garment_crop", **f32)(intensity)
    c = extractor.classifier_trunk(crop, 256, "class_features", prefix="class_")
    t = keras.layers.Dense(32, activation="relu", name="tint_features", **f32)(tint)
    seen_by = {"class": c, "colour": t, "size": h, "position": h}
    outputs = {name: keras.layers.Dense(count, name=name, **f32)(seen_by[name])
               for name, count in JUDGE_ATTRIBUTES.items()}
    model = keras.Model(x, outputs, name="captioned_fashion_judge")
    return extractor.load_classifier_weights(
        model, weights, JUDGE_WEIGHTS_PATH, "tools/train_captioned_fashion_judge.py"
    )


def judge_attributes(images, judge=None, batch_size=500):
    """The judge's attribute ids of each image, `[n, 4]` int (class, colour, size, position).

    Args:
        images: `[n, 32, 32, 3]` in `[-1, 1]` (uint8 images: scale them with
            `x / 127.5 - 1` first).
        judge: a model from `captioned_fashion_judge` (default: the shipped one).
        batch_size: images per forward pass.
    """
    images = extractor.check_images(images)
    if images.shape[1:] != JUDGE_IMAGE_SHAPE:
        raise ValueError(
            f"`images` must be [n, 32, 32, 3] `captioned_fashion` canvases. "
            f"Received: images.shape={images.shape}"
        )
    batch_size = check_positive_int("batch_size", batch_size)
    if judge is not None and not isinstance(judge, keras.Model):
        raise ValueError(
            "`judge` must be a model from `captioned_fashion_judge()` or None. "
            f"Received: judge={judge!r}"
        )
    judge = captioned_fashion_judge() if judge is None else judge
    out = {name: [] for name in JUDGE_ATTRIBUTES}
    for start in range(0, len(images), batch_size):
        logits = judge(images[start:start + batch_size], training=False)
        for name in JUDGE_ATTRIBUTES:
            out[name].append(keras.ops.convert_to_numpy(logits[name]).argmax(axis=1))
    return np.stack([np.concatenate(out[name]) for name in JUDGE_ATTRIBUTES], axis=1)
