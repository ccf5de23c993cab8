"""Linear probes: how linearly separable learned features make the classes."""

import numpy as np

from keras_gans.metrics._checks import check_features
from keras_gans.metrics._checks import check_int
from keras_gans.metrics._checks import check_positive_float
from keras_gans.metrics._checks import check_same_width


def _check_labels(name, labels, n):
    labels = np.asarray(labels)
    if labels.ndim != 1 or len(labels) != n:
        raise ValueError(
            f"`{name}` must be 1-D with one label per feature row ({n}). "
            f"Received: {name}.shape={labels.shape}"
        )
    return labels


def linear_probe(
    train_features, train_labels, test_features, test_labels, C=1.0, max_iter=10_000
):
    """Test accuracy of an L2-SVM on standardised features (a linear probe).

    Standardises each feature with the training set's mean and standard
    deviation (`sklearn.preprocessing.StandardScaler`) and trains a linear
    L2-regularised, squared-hinge SVM (`sklearn.svm.LinearSVC`, one-vs-rest)
    on them: the protocol with which DCGAN and ALI judge the features of a
    discriminator or encoder.

    Args:
        train_features: `[n_train, d]`.
        train_labels: `[n_train]` class labels, at least 2 classes.
        test_features: `[n_test, d]`.
        test_labels: `[n_test]`.
        C: the SVM's inverse regularisation strength.
        max_iter: the solver's iteration limit.

    Returns:
        The test accuracy, a Python float in `[0, 1]`.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    rng = np.random.default_rng(0)
    y = rng.integers(2, size=400)
    x = rng.normal(size=(400, 5)) + 3.0 * y[:, None]
    metrics.linear_probe(x[:300], y[:300], x[300:], y[300:])  # about 1.0
    ```

    Reference:
        [Radford et al., 2016](https://arxiv.org/abs/1511.06434), section
        5.1; [Dumoulin et al., 2017. Adversarially Learned Inference](
        https://arxiv.org/abs/1606.00704), section 4.
    """
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC

    x_train = check_features("train_features", train_features)
    x_test = check_features("test_features", test_features, min_samples=1)
    check_same_width("train_features", x_train, "test_features", x_test)
    y_train = _check_labels("train_labels", train_labels, len(x_train))
    y_test = _check_labels("test_labels", test_labels, len(x_test))
    if len(np.unique(y_train)) < 2:
        raise ValueError(
            "`train_labels` must hold at least 2 classes. Received only "
            f"{np.unique(y_train).tolist()}"
        )
    C = check_positive_float("C", C)
    max_iter = check_int("max_iter", max_iter)
    probe = make_pipeline(
        StandardScaler(), LinearSVC(C=C, max_iter=max_iter, dual="auto", random_state=0)
    )
    probe.fit(x_train, y_train)
    return float(np.mean(probe.predict(x_test) == y_test))
