"""Evaluation metrics that work offline: no Inception download.

- Feature distances: `frechet_distance` (FID), `kernel_inception_distance`
  (KID), `inception_score`; the default features come from
  `fashion_mnist_features`, a small CNN shipped with the package; any Keras
  model and layer serves instead through `FeatureExtractor`.
- Manifold metrics: `precision_recall` (Kynkäänniemi et al.),
  `density_coverage` (Naeem et al.).
- Toy mixtures: `mode_coverage` (the VEEGAN protocol).
- Text: `bleu`, `self_bleu` (NLTK, as Texygen).
- Text to image: `captioned_fashion_judge` (a shipped CNN naming the class,
  colour, size and position of a `captioned_fashion` canvas) and
  `judge_attributes`, for caption faithfulness.
- Representations: `linear_probe` (standardised features, L2-SVM), with
  `select_probe_c` to choose its `C` on held-out training data.
- `Evaluator`: several metrics against one reference set, with their protocol.

Example:

```python
import numpy as np
from keras_gans import datasets, metrics

real, _ = datasets.load_arrays("fashion_mnist", split="test")
fake = np.clip(real[:1000] + np.random.normal(0, 0.3, real[:1000].shape), -1, 1)
fid = metrics.frechet_distance(metrics.fashion_mnist_features(real),
                               metrics.fashion_mnist_features(fake))
```
"""

from keras_gans.metrics.captioned import captioned_fashion_judge
from keras_gans.metrics.captioned import judge_attributes
from keras_gans.metrics.distances import feature_statistics
from keras_gans.metrics.distances import frechet_distance
from keras_gans.metrics.distances import frechet_distance_from_statistics
from keras_gans.metrics.distances import inception_score
from keras_gans.metrics.distances import kernel_inception_distance
from keras_gans.metrics.evaluation import METRICS
from keras_gans.metrics.evaluation import Evaluator
from keras_gans.metrics.extractor import FeatureExtractor
from keras_gans.metrics.extractor import fashion_mnist_classifier
from keras_gans.metrics.extractor import fashion_mnist_features
from keras_gans.metrics.extractor import fashion_mnist_probabilities
from keras_gans.metrics.extractor import get_feature_extractor
from keras_gans.metrics.independent import independent_fashion_mnist_classifier
from keras_gans.metrics.manifold import density_coverage
from keras_gans.metrics.manifold import precision_recall
from keras_gans.metrics.modes import mode_coverage
from keras_gans.metrics.probe import linear_probe
from keras_gans.metrics.probe import select_probe_c
from keras_gans.metrics.text import bleu
from keras_gans.metrics.text import self_bleu

__all__ = [
    "METRICS",
    "Evaluator",
    "FeatureExtractor",
    "bleu",
    "captioned_fashion_judge",
    "density_coverage",
    "fashion_mnist_classifier",
    "fashion_mnist_features",
    "fashion_mnist_probabilities",
    "feature_statistics",
    "frechet_distance",
    "frechet_distance_from_statistics",
    "get_feature_extractor",
    "inception_score",
    "judge_attributes",
    "kernel_inception_distance",
    "linear_probe",
    "mode_coverage",
    "precision_recall",
    "self_bleu",
    "independent_fashion_mnist_classifier",
    "select_probe_c",
]
