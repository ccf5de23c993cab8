"""`SampleGrid`: a picture of the generator's samples from fixed latents.

The pictures are drawn by `keras_gans.callbacks.grids`, whose functions
(`image_grid`, `save_image_grid`, `display_scale`, `vector_plot`,
`image_summary`) this module also exports under their former path.
"""

import contextlib
import math
import os

import keras
import numpy as np
import tensorflow as tf
from keras import ops

from keras_gans._validation import check_positive_int
from keras_gans.callbacks._summaries import SummaryWriting
from keras_gans.callbacks.grids import DISPLAY_TILE_SIZE
from keras_gans.callbacks.grids import PAD_VALUE
from keras_gans.callbacks.grids import _check_rows
from keras_gans.callbacks.grids import _write_png
from keras_gans.callbacks.grids import display_scale
from keras_gans.callbacks.grids import image_grid
from keras_gans.callbacks.grids import image_summary
from keras_gans.callbacks.grids import save_image_grid
from keras_gans.callbacks.grids import vector_plot

__all__ = [
    "DISPLAY_TILE_SIZE",
    "PAD_VALUE",
    "SampleGrid",
    "display_scale",
    "image_grid",
    "image_summary",
    "save_image_grid",
    "vector_plot",
]


class SampleGrid(SummaryWriting, keras.callbacks.Callback):
    """Saves a grid of generated samples from fixed latents during training.

    At the start of training the callback draws `num_samples` latents once
    from the model's prior with the stateless seed `[seed, 0]` (and, for a
    conditional model, fixes their labels), so every picture shows the same
    latents as training moves the generator. Every `every` epochs it runs the
    generator in inference mode (`training=False`), tiles the images with
    `image_grid` and writes a PNG into `out_dir`. Samples that are vectors of
    size 1 or 2 (the toy experiments) are drawn as a histogram or a scatter
    plot instead. With `log_dir`, the same picture goes to TensorBoard as the
    image summary `"samples"`.

    The callback works with any `keras_gans.models.GAN`: it uses the model's
    `generator`, `sample_latent` and `generator_inputs`.

    Args:
        out_dir: the directory of the PNGs (created if missing).
        num_samples: how many samples per picture.
        rows: rows of the grid. Defaults to `ceil(sqrt(num_samples))`, or to
            the number of classes for a conditional model (one class per row
            with the default labels).
        every: save after every `every`-th epoch.
        seed: the int seed of the fixed latents.
        labels: for conditional models, `num_samples` int class ids. Defaults
            to row `r` showing class `r % num_classes`.
        log_dir: optional TensorBoard log directory.
        filename: the PNG name, formatted with `epoch` (1-based, as in
            `keras.callbacks.ModelCheckpoint`). A name without `{epoch}`
            overwrites one file.
        padding: pixels of white between tiles.
        scale: the integer upscaling factor of image grids (see
            `image_grid`); vector plots are not scaled.

    Attributes:
        last_path: the path of the most recent PNG, or `None`.
        paths: every PNG written, in order.
        latents: the fixed latents (NumPy), set when training begins.
        labels: the fixed labels of a conditional model, or `None`.

    The TensorBoard step is the 0-based epoch index, as for the scalars of
    `keras.callbacks.TensorBoard`.

    Example:

    ```python
    import numpy as np
    import keras
    import keras_gans
    from keras_gans.callbacks import SampleGrid

    gan = keras_gans.models.DCGAN((16, 16, 1), latent_dim=16, seed=0,
                                  generator_filters=8, discriminator_filters=8)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    images = np.random.uniform(-1, 1, (64, 16, 16, 1)).astype("float32")
    grid = SampleGrid("/tmp/samples", num_samples=16)
    gan.fit(images, batch_size=32, epochs=2, callbacks=[grid], verbose=0)
    print(grid.last_path)  # /tmp/samples/samples_epoch_002.png
    ```
    """

    def __init__(
        self,
        out_dir,
        num_samples=64,
        rows=None,
        every=1,
        seed=0,
        labels=None,
        log_dir=None,
        filename="samples_epoch_{epoch:03d}.png",
        padding=1,
        scale=1,
    ):
        super().__init__()
        if not isinstance(out_dir, (str, os.PathLike)) or not str(out_dir):
            raise ValueError(f"`out_dir` must be a directory path. Received: out_dir={out_dir!r}")
        self.out_dir = os.fspath(out_dir)
        self.num_samples = check_positive_int("num_samples", num_samples)
        self.rows = None if rows is None else _check_rows(rows, self.num_samples)
        self.every = check_positive_int("every", every)
        self.seed = check_positive_int("seed", seed, minimum=0)
        self.padding = check_positive_int("padding", padding, minimum=0)
        self.scale = check_positive_int("scale", scale)
        if labels is not None:
            array = np.asarray(labels)
            if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
                raise ValueError(
                    "`labels` must be a 1-D sequence of integer class ids. "
                    f"Received: labels with dtype={array.dtype}, "
                    f"shape={array.shape}"
                )
            if len(array) != self.num_samples:
                raise ValueError(
                    f"`labels` must hold num_samples={self.num_samples} labels. "
                    f"Received: {len(array)} labels"
                )
            labels = array.astype("int32")
        self._given_labels = labels
        if log_dir is not None and not isinstance(log_dir, (str, os.PathLike)):
            raise ValueError(
                f"`log_dir` must be a directory path or None. Received: log_dir={log_dir!r}"
            )
        self.log_dir = None if log_dir is None else os.fspath(log_dir)
        if not isinstance(filename, str) or not filename:
            raise ValueError(
                f"`filename` must be a non-empty string. Received: filename={filename!r}"
            )
        try:
            filename.format(epoch=1)
        except (KeyError, IndexError, ValueError) as error:
            raise ValueError(
                "`filename` may only use the field `{epoch}`. Received: "
                f"filename={filename!r} ({error!r})"
            ) from None
        self.filename = filename
        self.latents = None
        self.labels = None
        self.last_path = None
        self.paths = []
        self._writer = None
        self._grid_rows = self.rows

    # ------------------------------------------------------------- fixed inputs

    def _check_model(self, model):
        for attribute in ("generator", "sample_latent", "generator_inputs"):
            if not hasattr(model, attribute):
                raise ValueError(
                    "SampleGrid needs a keras_gans GAN model (with `generator` "
                    f"and `sample_latent`). Received: model={model!r}"
                )

    def _check_output_shape(self, model):
        shape = model.generator.output_shape
        if isinstance(shape, list):
            shape = shape[0]
        shape = tuple(shape[1:])
        vector = len(shape) == 1 and shape[0] in (1, 2)
        image = len(shape) == 2 or (len(shape) == 3 and shape[-1] in (1, 3))
        if not (vector or image):
            raise ValueError(
                "SampleGrid draws images [height, width, 1 or 3] or vectors of "
                f"size 1 or 2. Received: generator output shape={shape}"
            )

    def prepare(self, model=None):
        """Draws the fixed latents (and labels) for `model`.

        Called when training begins; call it yourself to use `render` outside
        `fit`.

        Args:
            model: the GAN, by default the model being trained.
        """
        if model is not None:
            self.set_model(model)
        model = self.model
        self._check_model(model)
        self._check_output_shape(model)
        conditional = bool(getattr(model, "conditional", False))
        if self._given_labels is not None and not conditional:
            raise ValueError(
                f"`labels` were given, but {type(model).__name__} is not "
                "conditional. Received: labels of length "
                f"{len(self._given_labels)}"
            )
        self._grid_rows = self.rows
        self.labels = None
        if conditional:
            num_classes = getattr(model, "num_classes", None)
            if self._given_labels is not None:
                labels = self._given_labels
                if hasattr(model, "check_labels"):
                    labels = model.check_labels(labels, "labels")
            elif num_classes is None:
                raise ValueError(
                    "Pass `labels` for a conditional model without a "
                    f"`num_classes` attribute. Received: model={model!r}"
                )
            else:
                if self._grid_rows is None:
                    self._grid_rows = min(num_classes, self.num_samples)
                cols = math.ceil(self.num_samples / self._grid_rows)
                labels = (np.arange(self.num_samples) // cols) % num_classes
            self.labels = np.asarray(labels, dtype="int32")
        self.latents = ops.convert_to_numpy(
            model.sample_latent(self.num_samples, tf.constant([self.seed, 0]))
        )

    def on_train_begin(self, logs=None):
        self.prepare()
        self.open_writer()

    # -------------------------------------------------------------- rendering

    def generate_samples(self, batch_size=256):
        """Runs the generator (inference mode) on the fixed latents.

        Returns:
            The samples as NumPy, `[num_samples, ...]`.
        """
        if self.latents is None:
            raise ValueError(
                "The fixed latents are not drawn yet: call `prepare(model)` or "
                "train the model with this callback first."
            )
        model = self.model
        averaged = getattr(model, "averaged_weights", None)
        with averaged() if averaged is not None else contextlib.nullcontext():
            return self._run_generator(model, batch_size)

    def _run_generator(self, model, batch_size):
        outputs = []
        for start in range(0, self.num_samples, batch_size):
            z = self.latents[start : start + batch_size]
            labels = None
            if self.labels is not None:
                labels = self.labels[start : start + batch_size]
            inputs = model.generator_inputs(z, labels)
            outputs.append(ops.convert_to_numpy(model.generator(inputs, training=False)))
        return np.concatenate(outputs, axis=0)

    def render(self):
        """Returns the current picture as a uint8 array `[H, W, C]`."""
        samples = self.generate_samples()
        if samples.ndim == 2:
            return vector_plot(samples, labels=self.labels)
        return image_grid(
            samples, rows=self._grid_rows, padding=self.padding, scale=self.scale
        )

    def save(self, epoch):
        """Renders the picture and writes it for `epoch` (0-based index).

        Returns:
            The path of the PNG.
        """
        picture = self.render()
        path = os.path.join(self.out_dir, self.filename.format(epoch=epoch + 1))
        _write_png(picture, path)
        self.last_path = path
        self.paths.append(path)
        if self._writer is not None:
            with self._writer.as_default():
                image_summary("samples", picture, step=epoch)
            self._writer.flush()
        return path

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every == 0:
            self.save(epoch)

    def get_config(self):
        labels = self._given_labels
        return {
            "out_dir": self.out_dir,
            "num_samples": self.num_samples,
            "rows": self.rows,
            "every": self.every,
            "seed": self.seed,
            "labels": None if labels is None else labels.tolist(),
            "log_dir": self.log_dir,
            "filename": self.filename,
            "padding": self.padding,
            "scale": self.scale,
        }

    @classmethod
    def from_config(cls, config):
        return cls(**config)
