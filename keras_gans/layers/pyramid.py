"""The Laplacian pyramid of LAPGAN: one fixed filter pair and its exact inverse.

The filters (the same in training and in sampling):

- `downsample`: the mean of each 2x2 block (a box filter of stride 2), so
  the side halves;
- `upsample`: nearest neighbour (each pixel repeated in a 2x2 block), so
  the side doubles.

`build_pyramid(x)` returns `[g_L, h_L, ..., h_1]` coarse to fine, where
`g_0 = x`, `g_{k+1} = downsample(g_k)` and the residual (band-pass) image
`h_{k+1} = g_k - upsample(g_{k+1})`; `reconstruct` inverts it exactly
(`g_k = upsample(g_{k+1}) + h_{k+1}`) whatever the filters are. With this
pair, every residual has zero mean over each 2x2 block, so
`downsample(upsample(c) + h) == c`: the coarse image of a reconstruction is
the coarse image it was built from.
"""

import numbers

import keras
from keras import ops

from keras_gans._registry import register


def downsample(images):
    """Halves the side of `[batch, height, width, channels]` images (2x2 mean).

    Args:
        images: a tensor whose height and width are even.

    Returns:
        `[batch, height / 2, width / 2, channels]`.
    """
    return ops.average_pool(images, pool_size=2, strides=2, padding="valid")


def upsample(images):
    """Doubles the side of `[batch, height, width, channels]` images (nearest).

    Args:
        images: a tensor.

    Returns:
        `[batch, 2 * height, 2 * width, channels]`.
    """
    return ops.repeat(ops.repeat(images, 2, axis=1), 2, axis=2)


def check_levels(levels, image_shape=None):
    """Returns `levels` as an int, checked against the image side if given."""
    if isinstance(levels, bool) or not isinstance(levels, numbers.Integral) or levels < 1:
        raise ValueError(f"`levels` must be an integer >= 1. Received: levels={levels!r}")
    levels = int(levels)
    if image_shape is not None:
        height, width = image_shape[0], image_shape[1]
        step = 2**levels
        if height is not None and width is not None and (height % step or width % step):
            raise ValueError(
                f"`levels` too many for the image size: an image side must halve "
                f"`levels` times (be divisible by 2**levels = {step}). Received: "
                f"levels={levels}, image side {height}x{width}"
            )
    return levels


def build_pyramid(images, levels):
    """The Laplacian pyramid of `images`: `[coarsest, residual_1, ..., residual_L]`.

    Args:
        images: `[batch, height, width, channels]`, sides divisible by
            `2**levels`.
        levels: the number of halvings `L`.

    Returns:
        A list of `L + 1` tensors, coarse to fine: the image downsampled `L`
        times, then the residual of each finer scale (the residual `k` has
        the side of the image downsampled `L - k` times).

    Example:

    ```python
    import numpy as np
    import keras_gans

    x = np.random.uniform(-1, 1, (2, 28, 28, 1)).astype("float32")
    pyramid = keras_gans.layers.build_pyramid(x, 2)  # 7x7, 14x14, 28x28
    y = keras_gans.layers.reconstruct(pyramid)  # equals x
    ```
    """
    levels = check_levels(levels, tuple(images.shape[1:3]))
    gaussians = [images]
    for _ in range(levels):
        gaussians.append(downsample(gaussians[-1]))
    residuals = [
        gaussians[k] - upsample(gaussians[k + 1]) for k in reversed(range(levels))
    ]
    return [gaussians[-1], *residuals]


def reconstruct(pyramid):
    """The image of a pyramid (the exact inverse of `build_pyramid`).

    Args:
        pyramid: `[coarsest, residual_1, ..., residual_L]`, coarse to fine.

    Returns:
        The finest image.
    """
    if not isinstance(pyramid, (list, tuple)) or not pyramid:
        raise ValueError(
            "`pyramid` must be a non-empty list [coarsest, residual_1, ...]. "
            f"Received: pyramid={pyramid!r}"
        )
    image = pyramid[0]
    for residual in pyramid[1:]:
        image = upsample(image) + residual
    return image


@register
class LaplacianPyramid(keras.layers.Layer):
    """A layer that maps images to their Laplacian pyramid (see `build_pyramid`).

    The filters are fixed (2x2 mean to downsample, nearest neighbour to
    upsample), so the layer has no weights; `inverse` is `reconstruct`.

    Args:
        levels: the number of halvings; image sides must be divisible by
            `2**levels`.
        **kwargs: passed to `keras.layers.Layer`.

    Example:

    ```python
    import numpy as np
    import keras_gans

    layer = keras_gans.layers.LaplacianPyramid(levels=2)
    x = np.random.uniform(-1, 1, (4, 28, 28, 1)).astype("float32")
    coarse, residual_1, residual_2 = layer(x)  # 7x7, 14x14, 28x28
    np.testing.assert_allclose(layer.inverse([coarse, residual_1, residual_2]),
                               x, atol=1e-6)
    ```

    Reference:
        [Denton et al., 2015. Deep Generative Image Models using a Laplacian
        Pyramid of Adversarial Networks](https://arxiv.org/abs/1506.05751).
    """

    def __init__(self, levels, **kwargs):
        self.levels = check_levels(levels)
        super().__init__(**kwargs)

    def build(self, input_shape):
        if len(input_shape) != 4:
            raise ValueError(
                "LaplacianPyramid takes images [batch, height, width, channels]. "
                f"Received input shape {tuple(input_shape)}"
            )
        check_levels(self.levels, tuple(input_shape[1:3]))
        self.built = True

    def call(self, images):
        return build_pyramid(images, self.levels)

    def inverse(self, pyramid):
        """The images of `pyramid` (`reconstruct`)."""
        return reconstruct(pyramid)

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        shapes = []
        for k in range(self.levels + 1):
            scale = 2 ** (self.levels - k)
            shapes.append((batch, height // scale, width // scale, channels))
        return shapes

    def get_config(self):
        config = super().get_config()
        config["levels"] = self.levels
        return config
