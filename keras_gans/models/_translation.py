"""What the image-to-image families share: paired data checks and serving."""

import numpy as np
import tensorflow as tf

from keras_gans._validation import check_positive_int
from keras_gans.models import _data
from keras_gans.models.gan import _known_shape
from keras_gans.models.gan import _to_uint8


def image_outputs(images):
    """Serving outputs: float32 in [-1, 1] and uint8 in [0, 255]."""
    images = tf.cast(images, tf.float32)
    return {"images": images, "images_uint8": _to_uint8(images)}


def check_translator(name, model):
    """Returns `(input_shape, output_shape)` of an image-to-image network."""
    shape_in, shape_out = _known_shape(model, "input"), _known_shape(model, "output")
    if len(shape_in) != 3 or len(shape_out) != 3:
        raise ValueError(
            f"`{name}` must map images [batch, H, W, C] to images. Received: input shape "
            f"{shape_in}, output shape {shape_out}"
        )
    if shape_in[:2] != shape_out[:2]:
        raise ValueError(
            f"`{name}` must keep the image size. Received: input shape {shape_in}, "
            f"output shape {shape_out}"
        )
    return shape_in, shape_out


class PairedData:
    """`fit(inputs, targets)` checks for families trained on image pairs."""

    input_name, target_name = "x", "y"

    def unpack_data(self, data):
        inputs, targets = _data.split_element(data)
        return targets, inputs  # (samples, conditions): the inputs condition G.

    def check_training_data(self, x, y=None):
        name = type(self).__name__
        shapes = (self.input_shape_, self.sample_shape)
        if isinstance(x, tf.data.Dataset):
            if x.cardinality() == 0:
                raise ValueError(f"The training dataset is empty. Received: x={x!r}")
            spec = x.element_spec
            if not isinstance(spec, tuple) or len(spec) != 2:
                raise ValueError(
                    f"{name} trains on a dataset of ({self.input_name}, {self.target_name}) "
                    f"image pairs. Received element_spec={spec}"
                )
            for s, shape in zip(spec, shapes):
                if s.shape.rank is not None:
                    _data.check_sample_shape(tuple(s.shape)[1:], shape)
            first = _data.first_element(x)
        else:
            if x is None or y is None:
                raise ValueError(
                    f"{name} trains on image pairs: pass `fit({self.input_name}, "
                    f"{self.target_name})`. Received: y={'None' if y is None else 'given'}"
                )
            x, y = np.asarray(x), np.asarray(y)
            if len(x) == 0:
                raise ValueError(f"The training data is empty. Received: x.shape={x.shape}")
            if len(x) != len(y):
                raise ValueError(
                    f"`{self.input_name}` and `{self.target_name}` must hold as many images."
                    f" Received: {len(x)} and {len(y)}"
                )
            for array, shape in zip((x, y), shapes):
                _data.check_sample_shape(tuple(array.shape[1:]), shape, batched=False)
            first = (x, y)
        for array in first:
            _data.check_value_range(np.asarray(array), (-1.0, 1.0))

    def _translate_with(self, network, images, batch_size):
        images = np.asarray(images, "float32")
        expected = _known_shape(network, "input")
        _data.check_sample_shape(tuple(images.shape[1:]), expected, batched=False)
        _data.check_value_range(images, (-1.0, 1.0))
        batch_size = check_positive_int("batch_size", batch_size)
        with self.averaged_weights():
            out = [
                np.asarray(network(images[i:i + batch_size], training=False))
                for i in range(0, len(images), batch_size)
            ]
        return np.concatenate(out) if out else np.zeros((0, *self.sample_shape), "float32")

    def _random_inputs(self, n, seed, shape):
        n = check_positive_int("n", n)
        if seed is None:
            seed = int(np.random.randint(2**31 - 1))
        seed = check_positive_int("seed", seed, minimum=0)
        return np.random.default_rng(seed).uniform(-1, 1, (n, *shape)).astype("float32")
