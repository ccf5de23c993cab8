"""Runs the two SeqGAN examples end to end, cut to 2 training steps each.

Both scripts start at once (each is mostly TensorFlow start-up and tracing,
so together they take little more than one: about 22 s on 2 idle cores).
Marked `slow` (run with `-m slow`): `tests/examples/test_examples.py` already
runs every script of `examples/`, these two included, in the default suite,
and this file would add its 22 s to the sequence tests' budget.
"""

import os
import pathlib
import subprocess
import sys

import pytest
from PIL import Image

REPO = pathlib.Path(__file__).resolve().parents[2]
SHARED = pathlib.Path(os.environ.get("KERAS_GANS_SHARED_DATA", REPO.parent / "shared" / "data"))
SCRIPTS = ("seqgan_oracle.py", "seqgan_poems.py")


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is missing")
def test_seqgan_examples_run_and_save_their_pictures(tmp_path):
    env = {
        **os.environ,
        "KERAS_GANS_EXAMPLE_STEPS": "2",
        "KERAS_GANS_EXAMPLE_OUT": str(tmp_path / "out"),
        "KERAS_GANS_SHARED_DATA": str(SHARED),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "MPLBACKEND": "Agg",
    }
    runs = {
        script: subprocess.Popen(
            [sys.executable, str(REPO / "examples" / script)],
            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for script in SCRIPTS
    }
    for script, process in runs.items():
        try:
            stdout, stderr = process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        assert process.returncode == 0, (
            f"{script} exited with {process.returncode}\n"
            f"stdout:\n{stdout[-3000:]}\nstderr:\n{stderr[-3000:]}"
        )
        path = tmp_path / "out" / (pathlib.Path(script).stem + ".png")
        assert path.is_file(), f"{script} did not write {path}"
        with Image.open(path) as image:
            assert image.format == "PNG" and min(image.size) >= 64
