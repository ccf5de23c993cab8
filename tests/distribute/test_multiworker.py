"""Two worker processes on 127.0.0.1 train one GAN with MultiWorkerMirroredStrategy."""

import json
import os
import socket
import subprocess
import sys
import textwrap

import numpy as np
import pytest

pytestmark = pytest.mark.multiworker

WORKER = textwrap.dedent(
    """
    import os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import tensorflow as tf
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    import keras
    import numpy as np
    from keras_gans.models import GAN, mlp_discriminator, mlp_generator

    keras.utils.set_random_seed(0)
    with strategy.scope():
        gan = GAN(mlp_generator(2, 2, (16,)), mlp_discriminator(2, (16,)), seed=3)
        gan.compile(keras.optimizers.Adam(1e-2), keras.optimizers.Adam(1e-2))
    initial = [w.numpy() for w in gan.weights]
    data = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = (
        tf.data.experimental.AutoShardPolicy.DATA
    )
    dataset = tf.data.Dataset.from_tensor_slices(data).batch(16).with_options(options)
    history = gan.fit(dataset, epochs=1, steps_per_epoch=4, verbose=0).history
    assert strategy.num_replicas_in_sync == 2
    weights = {f"w{i}": w.numpy() for i, w in enumerate(gan.weights)}
    weights.update({f"init{i}": w for i, w in enumerate(initial)})
    weights["d_loss"] = np.array(history["d_loss"])
    np.savez(sys.argv[1], **weights)
    """
)


def _free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_two_workers_end_with_identical_weights(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    workers = [f"127.0.0.1:{port}" for port in _free_ports(2)]
    processes = []
    for index in range(2):
        env = dict(os.environ)
        env["TF_CONFIG"] = json.dumps(
            {"cluster": {"worker": workers}, "task": {"type": "worker", "index": index}}
        )
        env.pop("CUDA_VISIBLE_DEVICES", None)
        processes.append(
            subprocess.Popen(
                [sys.executable, str(script), str(tmp_path / f"w{index}.npz")],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        )
    outputs = []
    try:
        for process in processes:
            outputs.append(process.communicate(timeout=240)[0].decode()[-3000:])
    finally:
        for process in processes:
            process.kill()
    for process, output in zip(processes, outputs):
        assert process.returncode == 0, output
    first = np.load(tmp_path / "w0.npz")
    second = np.load(tmp_path / "w1.npz")
    weight_keys = [k for k in first.files if k.startswith("w")]
    assert weight_keys
    moved = 0.0
    for key in weight_keys:
        np.testing.assert_allclose(first[key], second[key], atol=1e-6)
        moved += np.abs(first[key] - first["init" + key[1:]]).sum()
    assert moved > 1e-3
    assert np.all(np.isfinite(first["d_loss"]))
