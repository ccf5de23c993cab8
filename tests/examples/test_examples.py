"""Runs every example script end to end, cut to a few training steps.

Convention: an example reads `KERAS_GANS_EXAMPLE_STEPS` (train that many
steps in total) and `KERAS_GANS_EXAMPLE_OUT` (its output directory), and
writes its picture there as `<script name>.png`.
"""

import os
import pathlib
import subprocess
import sys

import pytest
from PIL import Image

EXAMPLES_DIR = pathlib.Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES_DIR.glob("*.py"))


def test_the_gallery_examples_exist():
    for name in (
        "gan_1d_gaussian.py",
        "dcgan_fashion_mnist.py",
        "conditional_gan_fashion_mnist.py",
        "lapgan_fashion_mnist.py",
        "acgan_fashion_mnist.py",
        "infogan_fashion_mnist.py",
        "ali_fashion_mnist.py",
        "conditional_vae_fashion_mnist.py",
        "gawwn_captioned_fashion.py",
    ):
        assert name in SCRIPTS


def _run(script, tmp_path, command=None, extra_env=None):
    """Runs an example for 2 steps; returns the result and its picture's path."""
    out_dir = tmp_path / "out"
    env = {
        **os.environ,
        "KERAS_GANS_EXAMPLE_STEPS": "2",
        "KERAS_GANS_EXAMPLE_OUT": str(out_dir),
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "MPLBACKEND": "Agg",
        **(extra_env or {}),
    }
    result = subprocess.run(
        command or [sys.executable, str(EXAMPLES_DIR / script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"{script} exited with {result.returncode}\n"
        f"stdout:\n{result.stdout[-3000:]}\nstderr:\n{result.stderr[-3000:]}"
    )
    return result, out_dir / (pathlib.Path(script).stem + ".png")


def _check_png(path):
    assert path.is_file(), f"the example did not write {path}"
    with Image.open(path) as image:
        image.verify()
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert min(image.size) >= 64


@pytest.mark.large
@pytest.mark.parametrize("script", SCRIPTS)
def test_example_runs_and_saves_its_picture(script, tmp_path):
    _, path = _run(script, tmp_path)
    _check_png(path)


@pytest.mark.large
def test_image_example_falls_back_to_digits(tmp_path):
    """Without Fashion-MNIST anywhere, the DCGAN example trains on digits."""
    script = "dcgan_fashion_mnist.py"
    hide_fashion_mnist = (
        "import runpy, sys\n"
        "from keras_gans.datasets import _images\n"
        "_images.SYSTEM_DIR = sys.argv[2]\n"
        "runpy.run_path(sys.argv[1], run_name='__main__')\n"
    )
    command = [
        sys.executable,
        "-c",
        hide_fashion_mnist,
        str(EXAMPLES_DIR / script),
        str(tmp_path / "no_system_data"),
    ]
    result, path = _run(
        script,
        tmp_path,
        command=command,
        extra_env={"HOME": str(tmp_path / "home"), "KERAS_GANS_DATA": str(tmp_path)},
    )
    assert "digits" in result.stdout
    _check_png(path)
