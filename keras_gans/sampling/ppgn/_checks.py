"""Argument checks and presets of the PPGN sampler."""

import numbers

import keras
import numpy as np

SPACES = ("x", "h")
OUTPUTS = ("logits", "log_probabilities")

# The special cases of the update rule (Nguyen et al., 2017, sections 3.1-3.6).
PRESETS = {
    "activation_maximization": {
        "space": "x", "prior": None, "epsilon1": 0.0, "epsilon2": 1.0, "epsilon3": 0.0,
    },
    "gaussian_prior": {
        "space": "x", "prior": "gaussian", "epsilon1": 0.05, "epsilon2": 1.0, "epsilon3": 0.0,
    },
    "ppgn_x": {"space": "x", "epsilon1": 0.1, "epsilon2": 1.0, "epsilon3": 0.02},
    "ppgn_h": {"space": "h", "epsilon1": 0.05, "epsilon2": 1.0, "epsilon3": 0.03},
    "joint_ppgn_h": {
        "space": "h", "joint": True, "epsilon1": 0.03, "epsilon2": 1.0, "epsilon3": 0.03,
    },
    "noiseless_joint_ppgn_h": {
        "space": "h", "joint": True, "epsilon1": 0.05, "epsilon2": 1.0, "epsilon3": 0.0,
    },
}


def check_epsilon(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
        np.isfinite(value) and value >= 0
    ):
        raise ValueError(f"`{name}` must be a finite number >= 0. Received: {name}={value!r}")
    return float(value)


def io_shape(model, which):
    shape = model.input_shape if which == "input" else model.output_shape
    if isinstance(shape, list):
        raise ValueError(
            f"`{model.name}` must have a single {which}. Received {which} shapes {shape}"
        )
    return tuple(shape[1:])


def inner_network(model, name):
    """The Keras network inside a keras_gans model (its `generator`), or `model`."""
    inner = getattr(model, name, None)
    return inner if isinstance(inner, keras.Model) else model


def resolve_clip(clip, space, generator):
    """The state's bounds: `clip` as given, or [-1, 1] in x, or the inverter's h range."""
    if clip is None:
        return None
    if isinstance(clip, str):
        if clip != "auto":
            raise ValueError(f"`clip` must be 'auto', None or (low, high). Received: {clip!r}")
        if space == "x":
            return (-1.0, 1.0)
        feature_range = getattr(generator, "feature_range", None)
        return None if feature_range is None else tuple(float(v) for v in feature_range)
    try:
        low, high = (float(v) for v in clip)
    except (TypeError, ValueError):
        raise ValueError(f"`clip` must be 'auto', None or (low, high). Received: {clip!r}")
    if not low < high:
        raise ValueError(f"`clip` must have low < high. Received: clip={clip!r}")
    return (low, high)
