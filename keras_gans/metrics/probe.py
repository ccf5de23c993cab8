"""Linear probes: how linearly separable learned features make the classes."""

import numbers

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


def _check_Cs(Cs):
    values = list(Cs) if isinstance(Cs, (list, tuple, np.ndarray)) else []
    if not values or np.ndim(Cs) != 1:
        raise ValueError(
            f"`Cs` must be a non-empty 1-D sequence of numbers > 0. Received: Cs={Cs!r}"
        )
    return [check_positive_float("Cs", c) for c in values]


def _svm(C, max_iter):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import LinearSVC

    # dual="auto" solves the primal problem when n_samples > n_features (the
    # fast formulation there, e.g. 10k images x 784 pixels) and the dual one
    # otherwise; the model (L2 penalty, squared hinge) is the same either way.
    return make_pipeline(
        StandardScaler(), LinearSVC(C=C, max_iter=max_iter, dual="auto", random_state=0)
    )


def _check_probe_data(train_features, train_labels):
    x_train = check_features("train_features", train_features)
    y_train = _check_labels("train_labels", train_labels, len(x_train))
    if len(np.unique(y_train)) < 2:
        raise ValueError(
            "`train_labels` must hold at least 2 classes. Received only "
            f"{np.unique(y_train).tolist()}"
        )
    return x_train, y_train


def select_probe_c(
    train_features, train_labels, Cs=(1e-3, 1e-2, 1e-1, 1.0), validation_fraction=0.2,
    max_iter=10_000, seed=0,
):
    """Chooses the linear probe's `C` on a held-out part of the training set.

    Splits the training features (stratified by label, `seed`) into a fit
    part and a held-out `validation_fraction`, fits `linear_probe`'s SVM
    with each `C` in `Cs` on the fit part (standardised with the fit part's
    statistics) and scores it on the held-out part. The test split is never
    seen. Ties go to the smallest `C` (the strongest regularisation).

    Args:
        train_features: `[n_train, d]`.
        train_labels: `[n_train]` class labels, at least 2 classes.
        Cs: the candidate inverse regularisation strengths, each > 0.
        validation_fraction: the held-out share of the training set, in (0, 1).
        max_iter: the solver's iteration limit.
        seed: the seed of the split.

    Returns:
        `(best_C, accuracies)`: the chosen `C` (a float) and a dict from each
        candidate `C` to its held-out accuracy.

    Example:

    ```python
    import numpy as np
    from keras_gans import metrics

    rng = np.random.default_rng(0)
    y = rng.integers(2, size=400)
    x = rng.normal(size=(400, 5)) + 3.0 * y[:, None]
    C, accuracies = metrics.select_probe_c(x[:300], y[:300], Cs=(0.01, 1.0))
    metrics.linear_probe(x[:300], y[:300], x[300:], y[300:], C=C)
    ```

    Reference:
        [Dumoulin et al., 2017. Adversarially Learned Inference](
        https://arxiv.org/abs/1606.00704), section 4 (SVM hyper-parameters
        chosen on a validation set).
    """
    from sklearn.model_selection import train_test_split

    x_train, y_train = _check_probe_data(train_features, train_labels)
    Cs = sorted(set(_check_Cs(Cs)))
    fraction = validation_fraction
    if not isinstance(fraction, numbers.Real) or isinstance(fraction, bool) or not 0 < fraction < 1:
        raise ValueError(
            "`validation_fraction` must be a number in (0, 1). "
            f"Received: validation_fraction={validation_fraction!r}"
        )
    max_iter = check_int("max_iter", max_iter)
    seed = check_int("seed", seed, minimum=0)
    try:
        x_fit, x_val, y_fit, y_val = train_test_split(
            x_train, y_train, test_size=fraction, random_state=seed, stratify=y_train
        )
    except ValueError as error:
        raise ValueError(
            "`train_features` is too small to hold out a stratified "
            f"`validation_fraction`={fraction} of every class: {error}"
        ) from None
    accuracies = {}
    for C in Cs:
        probe = _svm(C, max_iter).fit(x_fit, y_fit)
        accuracies[C] = float(np.mean(probe.predict(x_val) == y_val))
    best = max(Cs, key=lambda c: (accuracies[c], -c))
    return best, accuracies


def linear_probe(
    train_features, train_labels, test_features, test_labels, C=1.0, max_iter=10_000
):
    """Test accuracy of an L2-SVM on standardised features (a linear probe).

    Standardises each feature with the training set's mean and standard
    deviation (`sklearn.preprocessing.StandardScaler`) and trains a linear
    L2-regularised, squared-hinge SVM (`sklearn.svm.LinearSVC`, one-vs-rest)
    on them: the protocol with which DCGAN and ALI judge the features of a
    discriminator or encoder. The solver works on the primal problem when
    there are more samples than features (the fast formulation there) and on
    the dual otherwise. `C` is fixed by the caller; `select_probe_c` chooses
    it on a held-out part of the training set.

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
    x_train, y_train = _check_probe_data(train_features, train_labels)
    x_test = check_features("test_features", test_features, min_samples=1)
    check_same_width("train_features", x_train, "test_features", x_test)
    y_test = _check_labels("test_labels", test_labels, len(x_test))
    C = check_positive_float("C", C)
    max_iter = check_int("max_iter", max_iter)
    probe = _svm(C, max_iter).fit(x_train, y_train)
    return float(np.mean(probe.predict(x_test) == y_test))
