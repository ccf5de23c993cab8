"""Test set-up: two logical CPU devices, quiet TensorFlow, seeded Keras."""

import gc
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # pyproject's addopts run the suite in two pytest-xdist workers: one
    # intra-op thread each, so that the two processes do not oversubscribe
    # two cores (the tests' networks are tiny: their time is Python and
    # tracing). Two inter-op threads let MirroredStrategy's two replicas run
    # their collectives side by side. Set in the environment so that the
    # subprocesses a test starts (CLI runs compared with in-process runs)
    # compute with the same threads.
    os.environ.setdefault("TF_NUM_INTRAOP_THREADS", "1")
    os.environ.setdefault("TF_NUM_INTEROP_THREADS", "2")
# The tests compile tiny steps with XLA to check that they compile and run,
# not how fast the code is: without LLVM's optimisation passes the XLA
# compilations take about 40% less time (MaskGAN's kit step 52 -> 36 s,
# DCGAN with augmentation and EMA 44 -> 23 s, measured 2026-12-03). Set
# before TensorFlow loads; subprocesses inherit it. Benchmarks do not.
os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0")

import keras  # noqa: E402
import pytest  # noqa: E402
import tensorflow as tf  # noqa: E402

# MirroredStrategy tests need two devices; they must exist before TF starts.
_cpus = tf.config.list_physical_devices("CPU")
try:
    tf.config.set_logical_device_configuration(
        _cpus[0], [tf.config.LogicalDeviceConfiguration()] * 2
    )
except RuntimeError:  # Already initialised by an earlier import.
    pass


_TESTS_SINCE_COLLECT = [0]
# A full garbage collection with TensorFlow loaded takes ~0.25 s of CPU:
# after every test it was a fifth of the CPU time of a sample of 25 tests. Keras' state is reset
# after every test; Python's own collector runs as usual, and a full
# collection every this many tests keeps the memory flat.
COLLECT_EVERY = 25


@pytest.fixture(autouse=True)
def _clean_keras_state():
    keras.utils.set_random_seed(1234)
    policy = keras.config.dtype_policy()
    yield
    keras.config.set_dtype_policy(policy)
    keras.backend.clear_session(free_memory=False)
    _TESTS_SINCE_COLLECT[0] += 1
    if _TESTS_SINCE_COLLECT[0] >= COLLECT_EVERY:
        _TESTS_SINCE_COLLECT[0] = 0
        gc.collect()
