"""The adversarial base: hooks, players, regularizers, state, seeds, data checks."""

import os
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

import keras_gans
from keras_gans.export import export
from keras_gans.models import DCGAN
from keras_gans.models import GAN
from keras_gans.models import ConditionalGAN
from keras_gans.models import mlp_discriminator
from keras_gans.models import mlp_generator

DATA = np.random.default_rng(0).normal(size=(32, 2)).astype("float32")


def _gan(cls=GAN, discriminator=None, **kwargs):
    keras.utils.set_random_seed(0)
    kwargs.setdefault("seed", 5)
    return cls(
        mlp_generator(2, 2, hidden_units=(8,)),
        discriminator or mlp_discriminator(2, hidden_units=(8,)),
        **kwargs,
    )


def _sgd(model, lr=0.1, **kwargs):
    model.compile(g_optimizer=keras.optimizers.SGD(lr), d_optimizer=keras.optimizers.SGD(lr),
                  **kwargs)
    return model


def test_regularizers_of_a_players_networks_are_added_to_its_loss():
    l2, lr = 0.5, 0.1

    def discriminator(regularizer):
        keras.utils.set_random_seed(1)
        x = keras.Input((2,))
        logits = keras.layers.Dense(1, kernel_regularizer=regularizer, name="logits")(x)
        return keras.Model(x, logits)

    plain = _sgd(_gan(discriminator=discriminator(None)), lr)
    regularized = _sgd(_gan(discriminator=discriminator(keras.regularizers.L2(l2))), lr)
    start = plain.discriminator.get_layer("logits").kernel.numpy()
    plain.fit(DATA, batch_size=32, epochs=1, shuffle=False, verbose=0)
    regularized.fit(DATA, batch_size=32, epochs=1, shuffle=False, verbose=0)
    difference = (
        regularized.discriminator.get_layer("logits").kernel.numpy()
        - plain.discriminator.get_layer("logits").kernel.numpy()
    )
    # One SGD step: the regularizer adds lr * d(l2 * ||w||²)/dw = lr * 2 * l2 * w.
    np.testing.assert_allclose(difference, -lr * 2 * l2 * start, rtol=1e-4, atol=1e-7)


class _PenalisedGAN(GAN):
    """A generator-side auxiliary loss: pull the samples' mean to zero."""

    def auxiliary_losses(self, player, real, conditions, outputs):
        if player != "generator":
            return {}
        return {"mean_penalty": 3.0 * keras.ops.sum(keras.ops.square(outputs["fake"]), axis=-1)}

    def metric_names(self):
        return super().metric_names() + ("mean_penalty",)


class _UndeclaredGAN(_PenalisedGAN):
    def metric_names(self):
        return GAN.metric_names(self)


def test_auxiliary_losses_reach_their_player_and_are_logged():
    penalised = _sgd(_gan(_PenalisedGAN))
    plain = _sgd(_gan())
    history = penalised.fit(DATA, batch_size=32, epochs=1, shuffle=False, verbose=0).history
    plain.fit(DATA, batch_size=32, epochs=1, shuffle=False, verbose=0)
    assert history["mean_penalty"][-1] > 0
    for a, b in zip(penalised.discriminator.weights, plain.discriminator.weights):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=1e-6)  # D's first step: same.
    moved = [not np.allclose(a.numpy(), b.numpy())
             for a, b in zip(penalised.generator.weights, plain.generator.weights)]
    assert any(moved)
    undeclared = _sgd(_gan(_UndeclaredGAN))
    with pytest.raises(ValueError, match="mean_penalty.*metric_names"):
        undeclared.fit(DATA, batch_size=16, epochs=1, verbose=0)


class _CountingGAN(GAN):
    """Controller state: a counter of generator updates, saved and resumed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.generator_updates = self.add_state("generator_updates", (), "int64")

    def end_update(self, player, outputs):
        if player == "generator":
            self.generator_updates.assign_add(1)


keras.saving.register_keras_serializable("keras_gans_tests")(_CountingGAN)


def test_controller_state_saves_and_resumes(tmp_path):
    gan = _sgd(_gan(_CountingGAN))
    gan.fit(DATA, batch_size=8, epochs=1, verbose=0)
    assert int(gan.generator_updates.numpy()) == 4
    gan.save(tmp_path / "m.keras")
    loaded = keras.saving.load_model(tmp_path / "m.keras")
    assert int(loaded.generator_updates.numpy()) == 4
    loaded.fit(DATA, batch_size=8, epochs=1, verbose=0)
    assert int(loaded.generator_updates.numpy()) == 8


def test_general_compile_form_and_its_errors():
    gan = _gan()
    gan.compile(optimizers={"generator": "adam", "discriminator": keras.optimizers.SGD()})
    assert isinstance(gan.g_optimizer, keras.optimizers.Adam)
    assert gan.players == {"generator": ("generator",), "discriminator": ("discriminator",)}
    with pytest.raises(ValueError, match=r"missing \['discriminator'\]"):
        _gan().compile(optimizers={"generator": "adam"})
    with pytest.raises(ValueError, match="unknown"):
        _gan().compile(optimizers={"generator": "adam", "discriminator": "adam", "critic": "sgd"})
    shared = keras.optimizers.Adam()
    with pytest.raises(ValueError, match="own optimizer"):
        _gan().compile(g_optimizer=shared, d_optimizer=shared)
    with pytest.raises(ValueError, match="not both"):
        _gan().compile(g_optimizer="adam", optimizers={"generator": "adam"})
    with pytest.raises(ValueError, match="compile"):
        _gan().fit(DATA)


def test_seeds_use_all_64_bits():
    gan = _gan()
    assert not np.allclose(gan.generate(4, seed=2**31 + 5), gan.generate(4, seed=5))
    assert not np.allclose(gan.generate(4, seed=2**32 + 5), gan.generate(4, seed=5))
    with pytest.raises(ValueError, match="seed"):
        GAN(mlp_generator(2, 2), mlp_discriminator(2), seed=2**63)


def test_export_sample_takes_int64_seeds(tmp_path):
    gan = _gan()
    loaded = tf.saved_model.load(export(gan, str(tmp_path / "sm")))
    seed = 2**33 + 7
    out = loaded.signatures["sample"](count=tf.constant(3), seed=tf.constant(seed, tf.int64))
    np.testing.assert_allclose(out["samples"].numpy(), gan.generate(3, seed=seed), atol=1e-5)


def _tiny_dcgan():
    return DCGAN((8, 8, 1), latent_dim=4, generator_filters=4, discriminator_filters=4, seed=0)


def test_8bit_images_are_refused_or_rescaled_on_request():
    images = np.random.default_rng(0).integers(0, 256, (16, 8, 8, 1)).astype("uint8")
    gan = _sgd(_tiny_dcgan(), 1e-3)
    with pytest.raises(ValueError, match=r"\[-1, 1\].*from 0 to 255.*rescale=True"):
        gan.fit(images, batch_size=8, verbose=0)
    with pytest.raises(ValueError, match=r"\[-1, 1\]"):
        gan.fit(tf.data.Dataset.from_tensor_slices(images.astype("float32")).batch(8),
                verbose=0)
    assert gan.train_function is None
    kept = images.copy()
    history = gan.fit(images, batch_size=8, rescale=True, verbose=0).history
    np.testing.assert_array_equal(images, kept)  # The user's array is untouched.
    assert np.isfinite(history["d_loss"][-1])
    dataset = tf.data.Dataset.from_tensor_slices(images).batch(8)
    assert np.isfinite(gan.fit(dataset, rescale=True, verbose=0).history["g_loss"][-1])
    scaled = images.astype("float32") / 127.5 - 1  # Already in [-1, 1]: not again.
    with pytest.raises(ValueError, match=r"rescale=True.*from -1 to 1"):
        gan.fit(scaled, batch_size=8, rescale=True, verbose=0)
    with pytest.raises(ValueError, match=r"rescale=True"):
        gan.fit(tf.data.Dataset.from_tensor_slices(scaled).batch(8), rescale=True, verbose=0)


def test_images_without_a_channel_axis_say_so():
    gan = _sgd(_tiny_dcgan())
    pattern = r"no channel axis.*\(batch, 8, 8, 1\).*\(8, 8\)"
    with pytest.raises(ValueError, match=pattern):
        gan.fit(np.zeros((16, 8, 8), "float32"), verbose=0)
    with pytest.raises(ValueError, match=pattern):
        gan.fit(tf.data.Dataset.from_tensor_slices(np.zeros((16, 8, 8), "float32")).batch(8),
                verbose=0)


def test_labels_out_of_range_after_the_first_batch_of_a_dataset_fail_clearly():
    gan = ConditionalGAN((8, 8, 1), 4, 3, generator_filters=4, discriminator_filters=4, seed=0)
    _sgd(gan, 1e-3)
    images = np.zeros((16, 8, 8, 1), "float32")
    labels = np.array([0, 1, 2, 0, 1, 2, 0, 1] + [0, 1, 7, 0, 1, 2, 0, 1], "int32")
    dataset = tf.data.Dataset.from_tensor_slices((images, labels)).batch(8)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"num_classes=3"):
        gan.fit(dataset, verbose=0)


def test_algorithm_1_each_d_update_gets_its_own_real_batch_with_labels():
    gan = ConditionalGAN((8, 8, 1), 4, 3, generator_filters=4, discriminator_filters=4,
                         d_steps=3, seed=0)
    _sgd(gan, 1e-3)
    images = np.random.default_rng(0).uniform(-1, 1, (12, 8, 8, 1)).astype("float32")
    gan.fit(images, np.arange(12) % 3, batch_size=4, verbose=0)
    assert (int(gan.g_optimizer.iterations), int(gan.d_optimizer.iterations)) == (1, 3)


def test_seeded_layers_follow_the_model_seed():
    from keras_gans import sequence

    def seqgan(model_seed, numpy_seed):
        np.random.seed(numpy_seed)
        return sequence.SeqGAN(
            sequence.SequenceGenerator(6, 4, 8, sequence_length=4),
            sequence.SequenceDiscriminator(6, 4, embedding_dim=4, filter_sizes=(1,),
                                           num_filters=(2,), dropout=0.5),
            seed=model_seed,
        )

    def dropout_state(model):
        return model.discriminator.dropout_layer.rng_state.numpy()

    np.testing.assert_array_equal(dropout_state(seqgan(3, 1)), dropout_state(seqgan(3, 2)))
    assert not np.array_equal(dropout_state(seqgan(3, 1)), dropout_state(seqgan(4, 1)))


def _python(code):
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=300)


def test_losses_do_not_import_tensorflow_text_and_import_order_does_not_matter(tmp_path):
    path = tmp_path / "dcgan.keras"
    _tiny_dcgan().save(path)
    run = _python(
        "import sys\n"
        "import keras_gans.losses\n"
        "assert 'tensorflow_text' not in sys.modules, 'tensorflow_text imported'\n"
        "import keras\n"  # Keras after keras_gans: the classes still load.
        f"model = keras.saving.load_model({str(path)!r})\n"
        "print(type(model).__name__)\n"
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "DCGAN"


def test_the_lazy_class_table_matches_the_registered_classes():
    from keras_gans import _registry

    for name in keras_gans._SUBPACKAGES:
        getattr(keras_gans, name)
    registered = {
        key.split(">", 1)[1]: value.__module__
        for key, value in keras.saving.get_custom_objects().items()
        if key.startswith("keras_gans>") and isinstance(value, type)
    }
    assert registered == _registry.LAZY_CLASSES
