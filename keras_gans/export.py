"""SavedModel export: the signatures each family declares, for TF Serving."""

import contextlib

import keras

from keras_gans._validation import check_output_dir
from keras_gans.saving import atomic_directory


def export(model, path, overwrite=False):
    """Writes the SavedModel signatures `model` declares, for TF Serving.

    The model declares them in `serving_endpoints()` (a dict name ->
    `(function, input specs)`) and what the SavedModel holds in
    `serving_trackables()`; this function only writes them. Every family
    maps the inputs a user has to outputs in user units: for the image
    families `serving_default(latent[, label])` gives `images` (float32 in
    [-1, 1]) and `images_uint8`, and `sample(count, seed)` draws the latents
    in the graph (int64 seed, the same samples as `model.generate`); the
    sequence families give `tokens` and decoded `text` (see each family's
    `serving_endpoints`).

    Args:
        model: a keras_gans model (any family, or a `SequenceGenerator`).
        path: the SavedModel directory.
        overwrite: replace an existing non-empty directory. By default an
            existing export is never overwritten. The export is written
            into a temporary directory and renamed into place, so `path` is
            never left half-written (see `write_archive`).

    Returns:
        `path`.

    Example:

    ```python
    import keras_gans

    gan = keras_gans.models.DCGAN((8, 8, 1), latent_dim=4,
                                  generator_filters=4, discriminator_filters=4)
    keras_gans.export.export(gan, "/tmp/keras_gans_export_example",
                             overwrite=True)
    ```
    """
    if not callable(getattr(model, "serving_endpoints", None)):
        raise ValueError(
            "`model` must declare its signatures in `serving_endpoints()` (every "
            f"keras_gans family does). Received: model={model!r}"
        )
    endpoints = model.serving_endpoints()
    path = check_output_dir("path", path, overwrite)
    archive = keras.export.ExportArchive()
    for trackable in model.serving_trackables():
        archive.track(trackable)
    for name, (function, input_signature) in endpoints.items():
        archive.add_endpoint(name, function, input_signature)
    averaged = getattr(model, "averaged_weights", None)
    # With a `GeneratorEMA`, the SavedModel holds the averaged weights.
    with averaged() if averaged is not None else contextlib.nullcontext():
        write_archive(archive, path)
    return path


def write_archive(archive, path):
    """Writes a `keras.export.ExportArchive` to `path` atomically.

    The SavedModel is written into a temporary directory beside `path` and
    renamed into place (`keras_gans.saving.atomic_directory`): an existing
    export at `path` is replaced only when the new one is complete, and a
    failure or crash during the write leaves it as it was.

    Args:
        archive: the `ExportArchive`, its endpoints added.
        path: the SavedModel directory; callers check `overwrite` first.

    Returns:
        `path`.
    """
    with atomic_directory(path, overwrite=True) as tmp:
        archive.write_out(tmp, verbose=False)
    return path
