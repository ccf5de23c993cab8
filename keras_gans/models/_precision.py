"""Training precision: `precision="auto"|"float32"|"bfloat16"` of the base model.

bfloat16 here means Keras' `mixed_bfloat16` policy on the networks' inner
layers: computation in bfloat16, variables (the master weights) in float32.
The layers that produce a network's outputs keep float32, so logits, images
and every loss are float32.
"""

import contextlib
import functools
import logging

import keras
import tensorflow as tf

PRECISIONS = ("auto", "float32", "bfloat16")
# /proc/cpuinfo flags of CPUs with native bfloat16 arithmetic.
BF16_CPU_FLAGS = ("avx512_bf16", "amx_bf16")

logger = logging.getLogger("keras_gans")


def cpu_flags(path="/proc/cpuinfo"):
    """The CPU's feature flags (a set of strings; empty if unknown)."""
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


@functools.lru_cache(maxsize=None)
def native_bfloat16():
    """Whether this machine computes in bfloat16 natively.

    True on a GPU of compute capability 8.0 or more (Ampere and later) and on
    CPUs with AVX512_BF16 or AMX; False elsewhere (there bfloat16 is
    emulated, slower than float32).
    """
    for gpu in tf.config.list_physical_devices("GPU"):
        capability = tf.config.experimental.get_device_details(gpu).get("compute_capability")
        if capability and tuple(capability) >= (8, 0):
            return True
    return any(flag in cpu_flags() for flag in BF16_CPU_FLAGS)


def check_precision(precision):
    if precision not in PRECISIONS:
        raise ValueError(
            f"`precision` must be one of {PRECISIONS}. Received: precision={precision!r}"
        )
    return precision


def resolve_precision(precision):
    """`"float32"` or `"bfloat16"`: what `precision` means on this machine.

    `"auto"` is bfloat16 where the hardware has it (`native_bfloat16()`) and
    float32 elsewhere.
    """
    check_precision(precision)
    if precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return precision


@contextlib.contextmanager
def building_for(precision):
    """A scope in which new layers get `precision`'s dtype policy.

    Under `"bfloat16"` (or `"auto"` resolved to it) Keras' global policy is
    `mixed_bfloat16` inside the scope, so that a family's own builders make
    networks whose saved graph already has bfloat16 activations (their
    output layers set `dtype="float32"` themselves); elsewhere nothing
    changes. The previous global policy is restored on exit.
    """
    if resolve_precision(precision) != "bfloat16":
        yield
        return
    previous = keras.config.dtype_policy()
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        yield
    finally:
        keras.config.set_dtype_policy(previous)


def _output_layers(network):
    """The layers that produce a functional network's outputs (by id)."""
    ids = set()
    try:
        outputs = network.outputs
    except (AttributeError, ValueError):  # A subclassed network.
        outputs = None
    for tensor in tf.nest.flatten(outputs or []):
        history = getattr(tensor, "_keras_history", None)
        if history is not None:
            ids.add(id(history[0]))
    return ids


def apply_precision(networks, precision):
    """Sets the compute dtype of the networks' layers for `precision`.

    Args:
        networks: built Keras models. Functional and Sequential networks
            switch every inner float32 layer to `mixed_bfloat16` (float32
            variables, bfloat16 computation); the layers producing their
            outputs stay float32. A subclassed network takes part if it has
            a `full_precision_layers()` method, returning the layers that
            must stay float32 (its output layers); other subclassed
            networks are left unchanged.
        precision: `"auto"`, `"float32"` or `"bfloat16"`.

    Returns:
        The resolved precision, `"float32"` or `"bfloat16"`.
    """
    resolved = resolve_precision(precision)
    if resolved == "float32":
        return resolved
    for network in networks:
        outputs = _output_layers(network)
        if not outputs:
            hook = getattr(network, "full_precision_layers", None)
            if hook is None:
                continue
            outputs = {id(layer) for layer in hook()}
        for layer in network._flatten_layers(include_self=False):
            if id(layer) in outputs or isinstance(layer, keras.layers.InputLayer):
                continue
            if getattr(layer, "dtype_policy", None) is None:
                continue
            if layer.dtype_policy.name == "float32":
                layer.dtype_policy = "mixed_bfloat16"
    logger.info("keras_gans: training in bfloat16 (precision=%r)", precision)
    return resolved
