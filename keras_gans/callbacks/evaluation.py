"""`EvaluationCallback` and `FIDCallback`: sample-quality metrics during `fit`."""

import json
import os

import keras
import numpy as np
import tensorflow as tf
from tensorflow.core.framework import summary_pb2

from keras_gans import saving
from keras_gans._validation import check_positive_int
from keras_gans.callbacks._summaries import SummaryWriting
from keras_gans.metrics.evaluation import Evaluator


def scalar_summary(name, value, step, description=""):
    """Writes one scalar as a TensorBoard "scalars" summary with a description.

    Written with `tf.summary.write` (the record `tf.summary.scalar` writes),
    so it works without the `tensorboard` package. Call it inside
    `writer.as_default()`.

    Args:
        name: the summary tag.
        value: a float.
        step: the int step.
        description: text shown with the chart (here: the protocol).

    Returns:
        Whether the summary was written.
    """
    metadata = summary_pb2.SummaryMetadata()
    metadata.plugin_data.plugin_name = "scalars"
    metadata.summary_description = description
    return tf.summary.write(name, tf.constant(value, tf.float32), step=step, metadata=metadata)


class EvaluationCallback(SummaryWriting, keras.callbacks.Callback):
    """Evaluates generated samples against a reference set every N epochs.

    Every `every` epochs the callback draws `num_samples` samples with the
    model's `generate(n, seed=seed)` (the same latents each time; a
    conditional model cycles through its classes), computes the requested
    metrics with a `keras_gans.metrics.Evaluator` and

    - adds them to the epoch's logs, so they appear in the `History`
      returned by `fit` (one value per evaluated epoch, like Keras'
      `validation_freq`) and in later callbacks such as `EarlyStopping`;
    - writes them to TensorBoard under `log_dir` (tags `"eval/<key>"`, the
      step being the 0-based epoch), each with the protocol as its
      description;
    - appends a record `{"epoch", "results", "protocol"}` to `records` and,
      with `record_path`, as one JSON line to that file.

    The protocol holds the number of generated samples, the reference set
    (name, split, size), the feature extractor and each metric's settings,
    so that a number is never separated from what it means.

    Args:
        reference: the reference samples (array in the generator's units)
            or a dataset name of `keras_gans.datasets` (e.g.
            `"fashion_mnist"`, loaded from `reference_split`).
        metrics: names from `keras_gans.metrics.METRICS`: `"fid"`, `"kid"`,
            `"precision"`, `"recall"`, `"density"`, `"coverage"`,
            `"inception_score"`, `"mode_coverage"`.
        every: evaluate after every `every`-th epoch.
        num_samples: generated samples per evaluation.
        seed: the seed of the generated samples.
        extractor: the feature extractor (`"fashion_mnist"`, `"identity"`, a
            Keras model, a `FeatureExtractor` or a callable).
        reference_split: `"train"` or `"test"`, for a named reference.
        log_dir: optional TensorBoard log directory.
        record_path: optional JSON-lines file receiving every record.
        prefix: prepended to each key in the logs (e.g. `"eval_"`).
        **evaluator_kwargs: other `Evaluator` arguments (`reference_size`,
            `reference_kwargs`, `kid_subsets`, `mode_spec`, ...).

    Attributes:
        records: the list of records, one per evaluation.
        evaluator: the `Evaluator`.

    Example:

    ```python
    import keras
    import keras_gans
    from keras_gans import datasets

    gan = keras_gans.models.GAN(keras_gans.models.mlp_generator(2, 2),
                                keras_gans.models.mlp_discriminator(2), seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(1e-3, beta_1=0.5))
    x, _ = datasets.load_arrays("ring", num_samples=2048)
    evaluation = keras_gans.callbacks.EvaluationCallback(
        "ring", metrics=["fid", "mode_coverage"], extractor="identity",
        num_samples=1000)
    history = gan.fit(x, batch_size=128, epochs=2, callbacks=[evaluation],
                      verbose=0)
    history.history["fid"], history.history["modes"]
    ```

    Reference:
        [Heusel et al., 2017](https://arxiv.org/abs/1706.08500): FID
        tracked during training.
    """

    def __init__(
        self,
        reference,
        metrics=("fid",),
        every=1,
        num_samples=10_000,
        seed=0,
        extractor="fashion_mnist",
        reference_split="test",
        log_dir=None,
        record_path=None,
        prefix="",
        **evaluator_kwargs,
    ):
        super().__init__()
        self.every = check_positive_int("every", every)
        self.num_samples = check_positive_int("num_samples", num_samples, minimum=2)
        self.seed = check_positive_int("seed", seed, minimum=0)
        for name, value in (("log_dir", log_dir), ("record_path", record_path)):
            if value is not None and not isinstance(value, (str, os.PathLike)):
                raise ValueError(f"`{name}` must be a path or None. Received: {name}={value!r}")
        if not isinstance(prefix, str):
            raise ValueError(f"`prefix` must be a string. Received: prefix={prefix!r}")
        self.log_dir = None if log_dir is None else os.fspath(log_dir)
        self.record_path = None if record_path is None else os.fspath(record_path)
        self.prefix = prefix
        self.evaluator = Evaluator(
            metrics=metrics,
            reference=reference,
            reference_split=reference_split,
            extractor=extractor,
            **evaluator_kwargs,
        )
        self.records = []
        self._writer = None

    def set_model(self, model):
        if not callable(getattr(model, "generate", None)):
            raise ValueError(
                "EvaluationCallback needs a model with `generate(n, seed=...)`, such "
                f"as a keras_gans GAN. Received: model={model!r}"
            )
        super().set_model(model)

    def evaluate(self, epoch=None):
        """Generates samples and computes the metrics now.

        Args:
            epoch: the 0-based epoch index recorded (None outside `fit`).

        Returns:
            The record `{"epoch", "results", "protocol"}` (also appended to
            `records`).
        """
        samples = np.asarray(self.model.generate(self.num_samples, seed=self.seed))
        results = self.evaluator(samples)
        protocol = self.evaluator.protocol(len(samples))
        protocol["seed"] = self.seed
        record = {
            "epoch": None if epoch is None else int(epoch) + 1,
            "results": results,
            "protocol": protocol,
        }
        self.records.append(record)
        if self.record_path is not None:
            # Appended by rewriting the file atomically: never half a line.
            previous = ""
            if os.path.exists(self.record_path):
                with open(self.record_path, encoding="utf-8") as f:
                    previous = f.read()
            with saving.atomic_write(self.record_path) as f:
                f.write(previous + json.dumps(record) + "\n")
        if self._writer is not None and epoch is not None:
            description = json.dumps(protocol, sort_keys=True)
            with self._writer.as_default():
                for key, value in results.items():
                    scalar_summary(f"eval/{key}", value, int(epoch), description)
            self._writer.flush()
        return record

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        record = self.evaluate(epoch)
        if logs is not None:
            for key, value in record["results"].items():
                logs[self.prefix + key] = value


class FIDCallback(EvaluationCallback):
    """Logs the Fréchet distance (FID) of generated samples every N epochs.

    `EvaluationCallback` with `metrics=("fid",)`: the FID of `num_samples`
    generated samples against the reference set, in the extractor's feature
    space (by default the shipped Fashion-MNIST classifier, no download),
    added to the fit history as `"fid"` and to TensorBoard as `"eval/fid"`,
    with its protocol.

    Args:
        reference: reference samples or a dataset name (`"fashion_mnist"`).
        every: evaluate after every `every`-th epoch.
        num_samples: generated samples per evaluation (10,000 in the
            literature; fewer give a higher, noisier FID).
        **kwargs: the other `EvaluationCallback` arguments.

    Example:

    ```python
    import keras
    import keras_gans

    gan = keras_gans.models.DCGAN((28, 28, 1), latent_dim=32, seed=0)
    gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
    images = keras_gans.datasets.load("fashion_mnist").batch(128).take(20)
    fid = keras_gans.callbacks.FIDCallback("fashion_mnist", num_samples=1000,
                                           reference_size=1000)
    history = gan.fit(images, epochs=1, callbacks=[fid], verbose=0)
    history.history["fid"]
    ```

    Reference:
        [Heusel et al., 2017. GANs Trained by a Two Time-Scale Update Rule
        Converge to a Local Nash Equilibrium](https://arxiv.org/abs/1706.08500).
    """

    def __init__(self, reference, every=1, num_samples=10_000, **kwargs):
        if "metrics" in kwargs:
            raise ValueError(
                "FIDCallback computes FID only; use EvaluationCallback for other "
                f"metrics. Received: metrics={kwargs['metrics']!r}"
            )
        super().__init__(
            reference, metrics=("fid",), every=every, num_samples=num_samples, **kwargs
        )
