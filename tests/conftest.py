"""Test set-up: two logical CPU devices, quiet TensorFlow, seeded Keras."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

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

# Under pytest-xdist (`-n 2` in pyproject's addopts) each worker is one of
# two processes sharing the cores: one intra-op thread each, so the workers
# do not oversubscribe the CPU (these tests' networks are tiny; their time is
# tracing, which is single-threaded). Two inter-op threads let the two
# MirroredStrategy replicas run their collectives concurrently.
if os.environ.get("PYTEST_XDIST_WORKER"):
    try:
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(2)
    except RuntimeError:  # TensorFlow already started.
        pass


@pytest.fixture(autouse=True)
def _clean_keras_state():
    keras.utils.set_random_seed(1234)
    policy = keras.config.dtype_policy()
    yield
    keras.config.set_dtype_policy(policy)
    keras.backend.clear_session()
