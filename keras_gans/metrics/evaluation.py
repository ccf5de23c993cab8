"""`Evaluator`: several metrics of generated samples against one reference set.

The evaluator holds what a number needs to be reproducible, its *protocol*:
the reference set (name, split, size), the feature extractor, the number of
generated samples and each metric's settings. `EvaluationCallback` and
`keras-gans evaluate` both use it, and record the protocol with every value.
"""

import numpy as np

from keras_gans.metrics import distances
from keras_gans.metrics import manifold
from keras_gans.metrics import modes as modes_lib
from keras_gans.metrics._checks import check_int
from keras_gans.metrics._checks import check_positive_float
from keras_gans.metrics.extractor import extractor_name
from keras_gans.metrics.extractor import get_feature_extractor

FEATURE_METRICS = ("fid", "kid", "precision", "recall", "density", "coverage")
METRICS = FEATURE_METRICS + ("inception_score", "mode_coverage")
# The keys each metric adds to the results.
OUTPUT_KEYS = {
    "fid": ("fid",),
    "kid": ("kid", "kid_std"),
    "precision": ("precision",),
    "recall": ("recall",),
    "density": ("density",),
    "coverage": ("coverage",),
    "inception_score": ("inception_score", "inception_score_std"),
    "mode_coverage": ("modes", "high_quality", "mode_kl"),
}


def check_metric_names(metrics):
    """Returns `metrics` as a tuple of known metric names, or raises."""
    if isinstance(metrics, str):
        metrics = (metrics,)
    try:
        metrics = tuple(metrics)
    except TypeError:
        raise ValueError(
            f"`metrics` must be a list of metric names from {list(METRICS)}. "
            f"Received: metrics={metrics!r}"
        ) from None
    unknown = [m for m in metrics if m not in METRICS]
    if unknown or not metrics:
        raise ValueError(
            f"`metrics` must be a non-empty list of names from {list(METRICS)}. "
            f"Received: metrics={list(metrics)!r}"
        )
    return tuple(dict.fromkeys(metrics))


class Evaluator:
    """Computes metrics of generated samples against a fixed reference set.

    The reference features are computed once (lazily) and reused for every
    call. Feature metrics (`"fid"`, `"kid"`, `"precision"`, `"recall"`,
    `"density"`, `"coverage"`) compare extractor features of the samples
    and of the reference; `"inception_score"` uses the extractor's class
    probabilities (the Fashion-MNIST extractor has them); `"mode_coverage"`
    uses the mixture in `mode_spec` (the toy datasets' `toy_spec`).

    Args:
        metrics: names from `FEATURE_METRICS`, `"inception_score"` and
            `"mode_coverage"`.
        reference: the reference samples (an array in the generator's
            units, e.g. images in `[-1, 1]`), or a dataset name of
            `keras_gans.datasets` loaded with `load_arrays(reference,
            split=reference_split, **reference_kwargs)`. Required by the
            feature metrics.
        reference_split: the split of a named reference.
        reference_kwargs: extra `load_arrays` arguments (e.g. `image_size`).
        reference_size: use only the first `reference_size` reference samples.
        reference_name: the name recorded for an array reference.
        extractor: anything `get_feature_extractor` accepts:
            `"fashion_mnist"` (default), `"identity"`, a Keras model, a
            `FeatureExtractor` or a callable to `[n, d]` features.
        mode_spec: `{"means", "std"}` for `"mode_coverage"`; defaults to
            `toy_spec(reference)` for a named toy reference.
        kid_subsets: KID's number of subsets.
        kid_subset_size: KID's subset size.
        precision_recall_k: the k of precision and recall.
        density_coverage_k: the k of density and coverage.
        inception_score_splits: the Inception Score's splits.
        mode_threshold: the high-quality radius in standard deviations.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    evaluator = metrics.Evaluator(["fid", "mode_coverage"], reference="ring",
                                  extractor="identity")
    results = evaluator(np.random.normal(scale=0.5, size=(500, 2)))
    evaluator.protocol(500)  # what the numbers mean
    ```

    Reference:
        [Heusel et al., 2017](https://arxiv.org/abs/1706.08500) (FID);
        [Bińkowski et al., 2018](https://arxiv.org/abs/1801.01401) (KID);
        [Kynkäänniemi et al., 2019](https://arxiv.org/abs/1904.06991);
        [Naeem et al., 2020](https://arxiv.org/abs/2002.09797);
        [Srivastava et al., 2017](https://arxiv.org/abs/1705.07761).
    """

    def __init__(
        self,
        metrics=("fid",),
        reference=None,
        reference_split="test",
        reference_kwargs=None,
        reference_size=None,
        reference_name=None,
        extractor="fashion_mnist",
        mode_spec=None,
        kid_subsets=100,
        kid_subset_size=1000,
        precision_recall_k=3,
        density_coverage_k=5,
        inception_score_splits=10,
        mode_threshold=3.0,
    ):
        self.metrics = check_metric_names(metrics)
        if reference_split not in ("train", "test"):
            raise ValueError(
                f'`reference_split` must be "train" or "test". Received: {reference_split!r}'
            )
        self.reference_split = reference_split
        self.reference_kwargs = dict(reference_kwargs or {})
        self.reference_size = (
            None if reference_size is None else check_int("reference_size", reference_size, 2)
        )
        self.kid_subsets = check_int("kid_subsets", kid_subsets)
        self.kid_subset_size = check_int("kid_subset_size", kid_subset_size, 2)
        self.precision_recall_k = check_int("precision_recall_k", precision_recall_k)
        self.density_coverage_k = check_int("density_coverage_k", density_coverage_k)
        self.inception_score_splits = check_int("inception_score_splits", inception_score_splits)
        self.mode_threshold = check_positive_float("mode_threshold", mode_threshold)

        needs_features = any(m in FEATURE_METRICS for m in self.metrics)
        self._reference_array = None
        if isinstance(reference, str):
            from keras_gans import datasets

            if reference.replace("-", "_") not in datasets.available():
                raise ValueError(
                    f"`reference` must be an array or a dataset name from "
                    f"{datasets.available()}. Received: reference={reference!r}"
                )
            self.reference_dataset = reference.replace("-", "_")
            self.reference_name = f"{self.reference_dataset}/{reference_split}"
        elif reference is None:
            if needs_features:
                raise ValueError(
                    f"`reference` is required for the metrics {list(self.metrics)}. "
                    "Received: reference=None"
                )
            self.reference_dataset = None
            self.reference_name = reference_name
        else:
            array = np.asarray(reference)
            if array.ndim < 2 or len(array) < 2:
                raise ValueError(
                    "`reference` must be a batch of at least 2 samples [n, ...]. "
                    f"Received: reference.shape={array.shape}"
                )
            self._reference_array = array
            self.reference_dataset = None
            self.reference_name = reference_name or "array"

        self.extractor = get_feature_extractor(extractor) if needs_features or (
            "inception_score" in self.metrics
        ) else None
        if "inception_score" in self.metrics and not callable(
            getattr(self.extractor, "probabilities", None)
        ):
            raise ValueError(
                '"inception_score" needs an extractor with a `probabilities` method '
                "(class probabilities of samples), such as the default "
                f'"fashion_mnist". Received: extractor={extractor!r}'
            )

        if "mode_coverage" in self.metrics and mode_spec is None:
            from keras_gans import datasets

            if self.reference_dataset not in ("gaussian_1d", "ring", "grid"):
                raise ValueError(
                    '"mode_coverage" needs `mode_spec={"means": ..., "std": ...}` or a '
                    f"toy dataset `reference`. Received: mode_spec=None, "
                    f"reference={reference!r}"
                )
            mode_spec = datasets.toy_spec(self.reference_dataset)
        if mode_spec is not None and not (
            isinstance(mode_spec, dict) and {"means", "std"} <= set(mode_spec)
        ):
            raise ValueError(
                '`mode_spec` must be a dict with keys "means" and "std". Received: '
                f"mode_spec={mode_spec!r}"
            )
        self.mode_spec = mode_spec
        self._reference_features = None

    # ------------------------------------------------------------ reference

    def reference_samples(self):
        """The reference samples (loaded on first use)."""
        if self._reference_array is None and self.reference_dataset is not None:
            from keras_gans import datasets

            x, _ = datasets.load_arrays(
                self.reference_dataset, split=self.reference_split, **self.reference_kwargs
            )
            self._reference_array = x
        if self._reference_array is None:
            return None
        if self.reference_size is not None:
            return self._reference_array[: self.reference_size]
        return self._reference_array

    def reference_features(self):
        """The extractor's features of the reference (computed once)."""
        if self._reference_features is None:
            self._reference_features = np.asarray(
                self.extractor(self.reference_samples()), dtype="float64"
            )
        return self._reference_features

    # ------------------------------------------------------------- protocol

    def protocol(self, num_samples):
        """The settings behind the numbers for `num_samples` generated samples."""
        record = {"num_samples": int(num_samples), "metrics": list(self.metrics)}
        if self.extractor is not None:
            record["extractor"] = extractor_name(self.extractor)
        if any(m in FEATURE_METRICS for m in self.metrics):
            reference = self.reference_samples()
            record["reference"] = self.reference_name
            record["reference_size"] = int(len(reference))
            if self.reference_kwargs:
                record["reference_kwargs"] = dict(self.reference_kwargs)
        if "kid" in self.metrics:
            record["kid_subsets"] = self.kid_subsets
            record["kid_subset_size"] = self.kid_subset_size
        if "precision" in self.metrics or "recall" in self.metrics:
            record["precision_recall_k"] = self.precision_recall_k
        if "density" in self.metrics or "coverage" in self.metrics:
            record["density_coverage_k"] = self.density_coverage_k
        if "inception_score" in self.metrics:
            record["inception_score_splits"] = self.inception_score_splits
        if "mode_coverage" in self.metrics:
            record["mode_threshold"] = self.mode_threshold
            record["num_modes"] = int(len(np.asarray(self.mode_spec["means"])))
            record["mode_std"] = float(self.mode_spec["std"])
        return record

    # ------------------------------------------------------------- evaluate

    def __call__(self, samples):
        """Computes every metric of `samples`; returns `{key: float}`.

        Keys: `fid`, `kid`, `kid_std`, `precision`, `recall`, `density`,
        `coverage`, `inception_score`, `inception_score_std`, `modes`,
        `high_quality`, `mode_kl` (those of the requested metrics).
        """
        samples = np.asarray(samples)
        if samples.ndim < 2 or len(samples) < 2:
            raise ValueError(
                "`samples` must be a batch of at least 2 samples [n, ...]. "
                f"Received: samples.shape={samples.shape}"
            )
        results = {}
        wanted = set(self.metrics)
        if wanted & set(FEATURE_METRICS):
            real = self.reference_features()
            fake = np.asarray(self.extractor(samples), dtype="float64")
            if "fid" in wanted:
                results["fid"] = distances.frechet_distance(real, fake)
            if "kid" in wanted:
                results["kid"], results["kid_std"] = distances.kernel_inception_distance(
                    real, fake, subsets=self.kid_subsets, subset_size=self.kid_subset_size
                )
            if wanted & {"precision", "recall"}:
                pr = manifold.precision_recall(real, fake, k=self.precision_recall_k)
                results.update({key: pr[key] for key in ("precision", "recall") if key in wanted})
            if wanted & {"density", "coverage"}:
                dc = manifold.density_coverage(real, fake, k=self.density_coverage_k)
                results.update({key: dc[key] for key in ("density", "coverage") if key in wanted})
        if "inception_score" in wanted:
            probabilities = self.extractor.probabilities(samples)
            splits = min(self.inception_score_splits, len(samples))
            mean, std = distances.inception_score(probabilities, splits=splits)
            results["inception_score"], results["inception_score_std"] = mean, std
        if "mode_coverage" in wanted:
            coverage = modes_lib.mode_coverage(
                samples.reshape(len(samples), -1),
                self.mode_spec["means"],
                self.mode_spec["std"],
                threshold=self.mode_threshold,
            )
            results["modes"] = float(coverage["modes"])
            results["high_quality"] = coverage["high_quality"]
            results["mode_kl"] = coverage["kl"]
        ordered = [key for m in self.metrics for key in OUTPUT_KEYS[m]]
        return {key: float(results[key]) for key in ordered}
