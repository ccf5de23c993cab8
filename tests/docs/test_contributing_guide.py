"""The guide "Adding a family" (docs/contributing.md): its code runs as written."""

import pathlib
import re

import keras
import numpy as np

GUIDE = pathlib.Path(__file__).resolve().parents[2] / "docs" / "contributing.md"


def _python_blocks():
    return re.findall(r"```python\n(.*?)```", GUIDE.read_text(), flags=re.S)


def test_the_wgan_gp_family_of_the_guide_trains_with_fresh_critic_batches(tmp_path):
    blocks = _python_blocks()
    family = next(b for b in blocks if "class WGANGP" in b)
    training = next(b for b in blocks if "wgan.fit(" in b)
    assert len(family.strip().splitlines()) <= 50  # "about 40 lines"
    namespace = {}
    exec(compile(family, "contributing.md", "exec"), namespace)
    exec(compile(training.replace("wgan.fit(data, batch_size=64, epochs=1)",
                                  "wgan.fit(data, batch_size=64, epochs=1, verbose=0)"),
                 "contributing.md", "exec"), namespace)
    wgan = namespace["wgan"]
    # 640 examples, batch 64, 5 critic updates a step, each on new real data.
    assert (int(wgan.g_optimizer.iterations), int(wgan.d_optimizer.iterations)) == (2, 10)
    assert wgan.loss_fn.name == "wasserstein"
    restored = type(wgan).from_config(wgan.get_config())
    assert restored.gp_weight == 10.0 and restored.d_steps == 5
    wgan.save(tmp_path / "wgan.keras")
    loaded = keras.saving.load_model(tmp_path / "wgan.keras")
    np.testing.assert_allclose(loaded.generate(4, seed=1), wgan.generate(4, seed=1), atol=1e-6)
