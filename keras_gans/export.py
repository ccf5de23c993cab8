"""SavedModel export of a generator, with serving signatures in user units."""

import keras
import tensorflow as tf

from keras_gans._validation import check_output_dir
from keras_gans.models.gan import GAN
from keras_gans.sampling import priors


def _to_uint8(images):
    images = tf.cast(images, tf.float32)
    return tf.cast(tf.round((tf.clip_by_value(images, -1.0, 1.0) + 1.0) * 127.5), tf.uint8)


def _image_outputs(images):
    images = tf.cast(images, tf.float32)
    return {"images": images, "images_uint8": _to_uint8(images)}


def export(model, path, overwrite=False):
    """Writes `model`'s generator as a SavedModel that TF Serving loads.

    Signatures:

    - `serving_default(latent[, label])`: `latent` float32 `[batch,
      latent_dim]` (and `label` int32 `[batch]` for conditional models) to
      `images` (float32 in [-1, 1]) and `images_uint8` (uint8 in [0, 255]).
    - `sample(count, seed)`: draws `count` latents from the model's prior
      inside the graph with a stateless RNG (`seed` int64), so the same seed
      gives the same images; conditional models cycle the labels
      `0, 1, ..., num_classes - 1` and also return them as `labels`.

    Vector samples (toy data) are returned as `samples` instead of images.

    Args:
        model: a `keras_gans.models.GAN` (or subclass).
        path: the SavedModel directory.
        overwrite: replace an existing non-empty directory. By default an
            existing export is never overwritten.

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
    from keras_gans.sequence.export import export_sequence_model
    from keras_gans.sequence.generator import SequenceGenerator
    from keras_gans.sequence.seqgan import SeqGAN

    if isinstance(model, (SeqGAN, SequenceGenerator)):
        return export_sequence_model(model, path, overwrite=overwrite)
    if not isinstance(model, GAN):
        raise ValueError(
            "`model` must be a keras_gans.models.GAN (or a subclass). "
            f"Received: model={model!r}"
        )
    path = check_output_dir("path", path, overwrite)
    generator = model.generator
    latent_dim = model.latent_dim
    prior = model.prior
    conditional = model.conditional
    num_classes = getattr(model, "num_classes", None)
    is_image = len(model.sample_shape) == 3

    def outputs(samples):
        if is_image:
            return _image_outputs(samples)
        return {"samples": tf.cast(samples, tf.float32)}

    archive = keras.export.ExportArchive()
    archive.track(generator)
    latent_spec = tf.TensorSpec([None, latent_dim], tf.float32, name="latent")
    count_spec = tf.TensorSpec([], tf.int32, name="count")
    seed_spec = tf.TensorSpec([], tf.int64, name="seed")

    def draw(count, seed):
        stateless_seed = tf.stack([seed, tf.zeros([], tf.int64)])
        return priors.sample_prior(prior, count, latent_dim, stateless_seed)

    if conditional:
        label_spec = tf.TensorSpec([None], tf.int32, name="label")

        def serve(latent, label):
            return outputs(generator([latent, label], training=False))

        def sample(count, seed):
            labels = tf.range(count, dtype=tf.int32) % num_classes
            result = outputs(generator([draw(count, seed), labels], training=False))
            result["labels"] = labels
            return result

        archive.add_endpoint("serving_default", serve, [latent_spec, label_spec])
    else:

        def serve(latent):
            return outputs(generator(latent, training=False))

        def sample(count, seed):
            return outputs(generator(draw(count, seed), training=False))

        archive.add_endpoint("serving_default", serve, [latent_spec])
    archive.add_endpoint("sample", sample, [count_spec, seed_spec])
    archive.write_out(path, verbose=False)
    return path
