"""Pictures of samples: image grids, vector plots, and TensorBoard images.

- `image_grid` tiles a batch of images into one uint8 picture;
  `save_image_grid` writes it as a PNG; `display_scale` picks the upscaling
  factor that makes small images visible.
- `vector_plot` draws 1-D samples as a histogram and 2-D samples as a
  scatter plot.
- `image_summary` writes a picture as a TensorBoard image summary.

`keras_gans.callbacks.SampleGrid` draws its pictures with these functions.
"""

import math

import numpy as np
import tensorflow as tf
from tensorflow.core.framework import summary_pb2

from keras_gans._validation import check_positive_int

PAD_VALUE = 255  # White lines between the tiles of a grid.
DISPLAY_TILE_SIZE = 56  # Pixels `display_scale` brings a tile's height up to.


def _to_uint8(images):
    """Maps images in [-1, 1] (or uint8 already) to uint8 in [0, 255]."""
    images = np.asarray(images)
    if images.dtype == np.uint8:
        return images
    images = np.nan_to_num(images.astype("float32"), nan=0.0)
    return np.clip(np.rint((images + 1.0) * 127.5), 0, 255).astype(np.uint8)


def _check_rows(rows, n):
    if rows is None:
        return max(1, math.ceil(math.sqrt(n)))
    rows = check_positive_int("rows", rows)
    if rows > n:
        raise ValueError(
            f"`rows` must be at most the number of samples ({n}). Received: rows={rows}"
        )
    return rows


def display_scale(image_size, tile_size=DISPLAY_TILE_SIZE):
    """The integer upscaling factor that shows images of `image_size` pixels.

    The gallery shows 28-pixel Fashion-MNIST tiles at twice their size; this
    returns the smallest factor that makes a tile at least `tile_size`
    pixels high (2 for 28 pixels, 7 for the 8-pixel digits, 1 from 56 on).

    Args:
        image_size: the height of one image in pixels.
        tile_size: the smallest tile height wanted on screen.

    Returns:
        An int >= 1, for the `scale` argument of `image_grid`.
    """
    image_size = check_positive_int("image_size", image_size)
    tile_size = check_positive_int("tile_size", tile_size)
    return max(1, math.ceil(tile_size / image_size))


def image_grid(images, rows=None, padding=1, scale=1):
    """Tiles a batch of images into one uint8 picture.

    Args:
        images: array `[n, height, width, channels]` with 1 or 3 channels (or
            `[n, height, width]`), float in `[-1, 1]` (the generators' tanh
            range; values outside are clipped) or uint8.
        rows: the number of rows of tiles. Defaults to `ceil(sqrt(n))`; the
            number of columns is `ceil(n / rows)`, filled row by row.
        padding: the width in pixels of the white lines between tiles.
        scale: an integer upscaling factor applied to the whole grid
            (nearest neighbour: each pixel becomes a `scale` x `scale`
            block), so that small images are visible; see `display_scale`.

    Returns:
        A uint8 array `[scale * (rows * height + (rows - 1) * padding),
        scale * (cols * width + (cols - 1) * padding), channels]`.

    Example:

    ```python
    import numpy as np
    from keras_gans.callbacks import image_grid

    images = np.random.uniform(-1, 1, (12, 8, 8, 1))
    grid = image_grid(images, rows=3)  # uint8, shape (26, 35, 1)
    ```
    """
    images = np.asarray(images)
    if images.ndim == 3:
        images = images[..., None]
    if images.ndim != 4 or images.shape[-1] not in (1, 3) or len(images) == 0:
        raise ValueError(
            "`images` must be a non-empty batch [n, height, width, channels] "
            "with 1 or 3 channels (or [n, height, width]). Received: "
            f"images.shape={images.shape}"
        )
    padding = check_positive_int("padding", padding, minimum=0)
    scale = check_positive_int("scale", scale)
    n, height, width, channels = images.shape
    rows = _check_rows(rows, n)
    cols = math.ceil(n / rows)
    images = _to_uint8(images)
    grid = np.full(
        (
            rows * height + (rows - 1) * padding,
            cols * width + (cols - 1) * padding,
            channels,
        ),
        PAD_VALUE,
        dtype=np.uint8,
    )
    for i, image in enumerate(images):
        top = (i // cols) * (height + padding)
        left = (i % cols) * (width + padding)
        grid[top : top + height, left : left + width] = image
    if scale > 1:
        grid = np.repeat(np.repeat(grid, scale, axis=0), scale, axis=1)
    return grid


def _write_png(array, path):
    from PIL import Image

    from keras_gans.saving import atomic_path

    image = (Image.fromarray(array[..., 0], mode="L") if array.shape[-1] == 1
             else Image.fromarray(array, mode="RGB"))
    with atomic_path(path) as tmp:  # A crash never leaves half a PNG.
        image.save(tmp, format="PNG")
    return path


def save_image_grid(images, path, rows=None, padding=1, scale=1):
    """Tiles images with `image_grid` and writes the grid as a PNG.

    Args:
        images: as in `image_grid`.
        path: the PNG file to write; missing directories are created.
        rows: as in `image_grid`.
        padding: as in `image_grid`.
        scale: as in `image_grid`.

    Returns:
        The uint8 grid that was written.

    Example:

    ```python
    import numpy as np
    from keras_gans.callbacks import save_image_grid

    images = np.random.uniform(-1, 1, (16, 28, 28, 1))
    save_image_grid(images, "/tmp/grid.png", rows=4)
    ```
    """
    grid = image_grid(images, rows=rows, padding=padding, scale=scale)
    _write_png(grid, path)
    return grid


def vector_plot(samples, labels=None, title=None):
    """Draws 1-D samples as a histogram or 2-D samples as a scatter plot.

    Args:
        samples: array `[n, 1]` or `[n, 2]` (or `[n]`).
        labels: optional int array `[n]`; points are coloured by label.
        title: optional title.

    Returns:
        The plot as a uint8 RGB array `[400, 400, 3]`.

    Example:

    ```python
    import numpy as np
    from keras_gans.callbacks.grids import vector_plot

    picture = vector_plot(np.random.normal(size=(256, 2)))
    ```
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    samples = np.asarray(samples, dtype="float32")
    if samples.ndim == 1:
        samples = samples[:, None]
    if samples.ndim != 2 or samples.shape[-1] not in (1, 2) or len(samples) == 0:
        raise ValueError(
            "`samples` must be a non-empty batch of 1-D or 2-D vectors [n, 1] "
            f"or [n, 2]. Received: samples.shape={samples.shape}"
        )
    figure = Figure(figsize=(4, 4), dpi=100)
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    finite = samples[np.all(np.isfinite(samples), axis=-1)]
    if samples.shape[-1] == 1:
        values = finite[:, 0]
        if len(values):
            axes.hist(values, bins=min(50, max(10, len(values) // 4)), density=True)
        axes.plot(values, np.zeros_like(values), "|", color="black", alpha=0.5)
        axes.set_xlabel("x")
        axes.set_ylabel("density")
    else:
        if labels is None:
            axes.scatter(finite[:, 0], finite[:, 1], s=6)
        else:
            labels = np.asarray(labels)[np.all(np.isfinite(samples), axis=-1)]
            axes.scatter(
                finite[:, 0],
                finite[:, 1],
                s=6,
                c=labels % 10,
                cmap="tab10",
                vmin=0,
                vmax=9,
            )
        axes.set_aspect("equal", adjustable="datalim")
        axes.set_xlabel("x[0]")
        axes.set_ylabel("x[1]")
    if title:
        axes.set_title(title)
    figure.tight_layout()
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def image_summary(name, picture, step):
    """Writes one uint8 picture `[H, W, C]` as a TensorBoard image summary.

    The record is the one `tf.summary.image` writes (the "images" plugin: the
    width, the height and the PNG bytes), written with `tf.summary.write` so
    that it works without the `tensorboard` package installed. Call it inside
    `writer.as_default()`.

    Args:
        name: the summary tag.
        picture: a uint8 array `[height, width, 1 or 3]`.
        step: the int step.

    Returns:
        Whether the summary was written (False without a default writer).
    """
    picture = np.asarray(picture)
    if picture.dtype != np.uint8 or picture.ndim != 3:
        raise ValueError(
            "`picture` must be a uint8 array [height, width, channels]. "
            f"Received: dtype={picture.dtype}, shape={picture.shape}"
        )
    metadata = summary_pb2.SummaryMetadata()
    metadata.plugin_data.plugin_name = "images"
    height, width = picture.shape[:2]
    tensor = tf.stack(
        [
            tf.constant(str(width)),
            tf.constant(str(height)),
            tf.io.encode_png(picture),
        ]
    )
    return tf.summary.write(name, tensor, step=step, metadata=metadata)
