"""`CollapseMonitor`: warns when the generator's samples lose their diversity."""

import numbers
import warnings

import keras
import numpy as np
from scipy.spatial.distance import cdist
from scipy.spatial.distance import pdist

from keras_gans._validation import check_positive_int


class CollapseMonitor(keras.callbacks.Callback):
    """Tracks the diversity of a fixed batch of samples and warns on collapse.

    Every `every` epochs it generates `num_samples` samples with a fixed seed,
    maps them (and, once, the real `reference`) to features with
    `extractor` (flattened pixels by default), and measures the mean pairwise
    feature distance and, with `reference_labels`, the number of distinct
    classes among the samples' nearest real neighbours. When either falls
    below `fraction` of the real data's value it warns, once per fit
    (`RuntimeWarning`). Each measurement is appended to `history`.

    Args:
        reference: real samples (array, in the model's units).
        every: measure every this many epochs.
        extractor: a callable (e.g. a `keras.Model`) from samples to
            feature vectors, or `None` for flattened samples.
        reference_labels: the class of each reference sample (optional).
        num_samples: samples generated per measurement.
        fraction: the warning threshold, relative to the real data.
        seed: the seed of the fixed sample batch.

    Example:

    ```python
    import numpy as np
    import keras_gans

    real = np.random.uniform(-1, 1, (64, 8, 8, 1)).astype("float32")
    monitor = keras_gans.callbacks.CollapseMonitor(real, every=1)
    ```
    """

    def __init__(self, reference, every=1, extractor=None, reference_labels=None,
                 num_samples=256, fraction=0.5, seed=0):
        super().__init__()
        reference = np.asarray(reference, "float32")
        if reference.ndim < 2 or len(reference) < 2:
            raise ValueError(
                "`reference` must hold at least 2 real samples. Received: shape="
                f"{reference.shape}"
            )
        self.reference = reference
        self.every = check_positive_int("every", every)
        if extractor is not None and not callable(extractor):
            raise ValueError(f"`extractor` must be callable or None. Received: {extractor!r}")
        self.extractor = extractor
        self.reference_labels = None
        if reference_labels is not None:
            labels = np.asarray(reference_labels)
            if labels.shape != (len(reference),):
                raise ValueError(
                    "`reference_labels` must hold one label per reference sample. "
                    f"Received: shape={labels.shape}, {len(reference)} samples"
                )
            self.reference_labels = labels
        self.num_samples = check_positive_int("num_samples", num_samples, minimum=2)
        if isinstance(fraction, bool) or not isinstance(fraction, numbers.Real) or not (
            0 < fraction <= 1
        ):
            raise ValueError(f"`fraction` must be in (0, 1]. Received: fraction={fraction!r}")
        self.fraction = float(fraction)
        self.seed = check_positive_int("seed", seed, minimum=0)
        self.history = []
        self.warned = False

    def features(self, samples):
        if self.extractor is None:
            return np.asarray(samples, "float32").reshape(len(samples), -1)
        return np.asarray(self.extractor(samples), "float32").reshape(len(samples), -1)

    def _diversity(self, features, reference_features):
        distance = float(pdist(features).mean())
        classes = None
        if self.reference_labels is not None:
            nearest = cdist(features, reference_features).argmin(axis=1)
            classes = len(np.unique(self.reference_labels[nearest]))
        return distance, classes

    def on_train_begin(self, logs=None):
        self.warned = False
        self._reference_features = self.features(self.reference)
        distance = float(pdist(self._reference_features).mean())
        classes = (None if self.reference_labels is None
                   else len(np.unique(self.reference_labels)))
        self.real = {"distance": distance, "classes": classes}

    def measure(self):
        """Generates the fixed batch and returns its diversity as a dict."""
        samples = self.model.generate(self.num_samples, seed=self.seed)
        distance, classes = self._diversity(self.features(samples), self._reference_features)
        return {"distance": distance, "classes": classes}

    def on_epoch_end(self, epoch, logs=None):
        if (epoch + 1) % self.every:
            return
        result = {"epoch": epoch + 1, **self.measure()}
        self.history.append(result)
        low = result["distance"] < self.fraction * self.real["distance"]
        if result["classes"] is not None:
            low = low or result["classes"] < self.fraction * self.real["classes"]
        if low and not self.warned:
            self.warned = True
            warnings.warn(
                f"CollapseMonitor: the samples' diversity fell below {self.fraction} of the "
                f"real data's at epoch {epoch + 1}: mean pairwise distance "
                f"{result['distance']:.4g} (real {self.real['distance']:.4g}), distinct "
                f"nearest classes {result['classes']} (real {self.real['classes']}). The "
                "generator may be collapsing.",
                RuntimeWarning,
                stacklevel=2,
            )
