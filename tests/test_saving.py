"""`keras_gans.saving`: atomic writes, safe loading, damaged and foreign files."""

import json
import os
import zipfile

import keras
import numpy as np
import pytest

from keras_gans import export as export_lib
from keras_gans import layers
from keras_gans import models
from keras_gans import saving
from keras_gans import sequence
from keras_gans import text


def _dcgan():
    model = models.DCGAN((8, 8, 1), latent_dim=4, generator_filters=4,
                         discriminator_filters=4, seed=1)
    model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                  d_optimizer=keras.optimizers.Adam(1e-3))
    return model


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A tiny DCGAN saved by `save_model` with `{"epoch": 3}`, and its bytes."""
    keras.utils.set_random_seed(0)
    path = str(tmp_path_factory.mktemp("saved") / "model.keras")
    saving.save_model(_dcgan(), path, metadata={"epoch": 3})
    with open(path, "rb") as f:
        return path, f.read()


# ------------------------------------------------------------------ atomic writes


def test_atomic_write_replaces_only_on_success(tmp_path):
    path = tmp_path / "record.json"
    saving.write_json(path, {"a": 1})
    assert json.loads(path.read_text()) == {"a": 1}
    with pytest.raises(RuntimeError, match="crash"):
        with saving.atomic_write(path) as f:
            f.write('{"a": 2, "half')
            raise RuntimeError("crash")
    assert json.loads(path.read_text()) == {"a": 1}
    assert os.listdir(tmp_path) == ["record.json"]  # The temporary file is gone.
    with pytest.raises(ValueError, match="`mode` must be 'w' or 'wb'. Received: mode='a'"):
        with saving.atomic_write(path, mode="a"):
            pass


def test_atomic_path_keeps_the_extension_and_mode(tmp_path):
    old_umask = os.umask(0o022)
    try:
        with saving.atomic_path(tmp_path / "sub" / "x.npy") as tmp:
            assert os.path.dirname(tmp) == str(tmp_path / "sub") and tmp.endswith(".npy")
            np.save(tmp, np.arange(3))
    finally:
        os.umask(old_umask)
    np.testing.assert_array_equal(np.load(tmp_path / "sub" / "x.npy"), np.arange(3))
    assert os.stat(tmp_path / "sub" / "x.npy").st_mode & 0o777 == 0o644
    with pytest.raises(ValueError, match="wrote nothing"):
        with saving.atomic_path(tmp_path / "y.txt"):
            pass
    (tmp_path / ".model.partial-0123abcd.keras").write_text("left by kill -9")
    assert saving.remove_partial_files(tmp_path) == [
        str(tmp_path / ".model.partial-0123abcd.keras")]


def test_atomic_directory_replaces_a_complete_directory_only(tmp_path):
    target = tmp_path / "export"
    with saving.atomic_directory(target) as tmp:
        (tmp_path / tmp / "v").write_text("1")
    assert (target / "v").read_text() == "1"
    with pytest.raises(ValueError, match="pass overwrite=True"):
        with saving.atomic_directory(target):
            pass
    with pytest.raises(RuntimeError):
        with saving.atomic_directory(target, overwrite=True) as tmp:
            (tmp_path / tmp / "v").write_text("half")
            raise RuntimeError("crash")
    assert (target / "v").read_text() == "1" and os.listdir(tmp_path) == ["export"]
    with saving.atomic_directory(target, overwrite=True) as tmp:
        (tmp_path / tmp / "w").write_text("2")
    assert os.listdir(target) == ["w"] and os.listdir(tmp_path) == ["export"]


def test_a_failed_export_keeps_the_previous_one(tmp_path, monkeypatch):
    model = _dcgan()
    path = tmp_path / "saved_model"
    export_lib.export(model, path)
    before = sorted(os.listdir(path))

    def broken_write_out(self, filepath, **kwargs):
        os.makedirs(filepath, exist_ok=True)
        with open(os.path.join(filepath, "saved_model.pb"), "wb") as f:
            f.write(b"half")
        raise OSError(28, "No space left on device")

    # keras.export.ExportArchive() builds the backend's class.
    monkeypatch.setattr(type(keras.export.ExportArchive()), "write_out", broken_write_out)
    with pytest.raises(OSError, match="No space left"):
        export_lib.export(model, path, overwrite=True)
    assert sorted(os.listdir(path)) == before and os.path.getsize(path / "saved_model.pb") > 4
    assert os.listdir(tmp_path) == ["saved_model"]


# ------------------------------------------------------------------ save and load


def test_save_model_records_a_header_and_loads(saved, tmp_path):
    path, _ = saved
    header = saving.read_metadata(path)
    assert header["epoch"] == 3 and header["format_version"] == saving.FORMAT_VERSION
    model = saving.load(path)
    assert isinstance(model, models.DCGAN) and model.g_optimizer.built
    plain = tmp_path / "plain.keras"
    model.save(plain)  # Saved by Keras alone: no header, loads all the same.
    assert saving.read_metadata(plain) == {}
    assert isinstance(saving.load(plain), models.DCGAN)
    with pytest.raises(ValueError, match="`path` must end in .keras. Received: path='x.h5'"):
        saving.save_model(model, "x.h5")


def _write(tmp_path, data, name="model.keras"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize("fraction", [0.0005, 0.1, 0.5, 0.9, 0.999, 1.0])
def test_a_truncated_file_names_the_path(saved, tmp_path, fraction):
    _, data = saved
    cut = len(data) - 1 if fraction == 1.0 else max(1, int(len(data) * fraction))
    path = _write(tmp_path, data[:cut])
    with pytest.raises(ValueError, match="is truncated") as info:
        saving.load(path)
    assert str(info.value).startswith(path)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda data: b"", r"is empty \(0 bytes\)"),
        (lambda data: b"hello, world", r"not a zip archive \(it starts with b'hello, w'\)"),
        (lambda data: b"\x89HDF\r\n\x1a\n" + bytes(100), "an HDF5 file"),
        (lambda data: data[:2000] + bytes(1000) + data[3000:], "fails its CRC check"),
    ],
    ids=["empty", "not-zip", "hdf5", "corrupted-member"],
)
def test_damaged_files_name_the_path(saved, tmp_path, make, message):
    path = _write(tmp_path, make(saved[1]))
    with pytest.raises(ValueError, match=message) as info:
        saving.load(path)
    assert str(info.value).startswith(path)


def _rewrite(source, target, member=None, content=None, comment=None):
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename != member or content is not None:
                data = content if info.filename == member else old.read(info.filename)
                new.writestr(info.filename, data)
        new.comment = old.comment if comment is None else comment
    return str(target)


def test_foreign_and_newer_files_are_refused(saved, tmp_path):
    path, _ = saved
    sequential = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    sequential.save(tmp_path / "other.keras")
    with pytest.raises(ValueError, match="other.keras holds a keras.Sequential model, not a "
                                         "keras_gans model"):
        saving.load(tmp_path / "other.keras")
    newer = _rewrite(path, tmp_path / "newer.keras", "metadata.json",
                     json.dumps({"keras_version": "9.0.0"}))
    with pytest.raises(ValueError, match="newer.keras was written by Keras 9.0.0, newer"):
        saving.load(newer)
    future = _rewrite(path, tmp_path / "future.keras",
                      comment=b'keras_gans {"format_version": 2, "keras_gans_version": "9.0"}')
    with pytest.raises(ValueError, match="future.keras is in keras_gans format 2 .*upgrade"):
        saving.load(future)
    no_config = _rewrite(path, tmp_path / "bare.keras", "config.json")
    with pytest.raises(ValueError, match="bare.keras is a zip archive but not a .keras file: "
                                         "it lacks config.json"):
        saving.load(no_config)
    unknown = _rewrite(path, tmp_path / "unknown.keras", "config.json", json.dumps(
        {"module": "my_lib", "class_name": "Mine", "registered_name": "my_lib>Mine",
         "config": {}}))
    with pytest.raises(ValueError, match="unknown.keras cannot be loaded as a keras_gans model"):
        saving.load(unknown)
    for missing, message in [(tmp_path / "nothing.keras", "does not exist"),
                             (tmp_path / "model.h5", "its name must end in .keras")]:
        with pytest.raises(ValueError, match=message):
            saving.load(missing)


# ------------------------------------------------------------------ safe mode


def _families():
    gan = models.GAN(models.mlp_generator(2, 2, hidden_units=(8,)),
                     models.mlp_discriminator(2, hidden_units=(8,)), seed=1)
    conditional = models.ConditionalGAN((8, 8, 1), 4, 3, generator_filters=4,
                                        discriminator_filters=4, seed=1)
    seqgan = sequence.SeqGAN(
        sequence.SequenceGenerator(6, 4, 8, sequence_length=4),
        sequence.SequenceDiscriminator(6, 4, embedding_dim=4, filter_sizes=(1, 2),
                                       num_filters=(4, 4)),
        rollout_num=2, seed=3,
    )
    return {"gan": gan, "dcgan": _dcgan(), "conditional_gan": conditional, "seqgan": seqgan}


@pytest.mark.parametrize("family", ["gan", "dcgan", "conditional_gan", "seqgan"])
def test_every_family_loads_in_safe_mode(family, tmp_path):
    model = _families()[family]
    if not model.compiled:
        model.compile(g_optimizer=keras.optimizers.Adam(1e-3),
                      d_optimizer=keras.optimizers.Adam(1e-3))
    path = saving.save_model(model, str(tmp_path / f"{family}.keras"))
    restored = keras.saving.load_model(path, safe_mode=True)
    assert type(restored) is type(model)
    for a, b in zip(model.weights, restored.weights):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert type(saving.load(path)) is type(model)


def test_library_layers_and_tokenizer_load_in_safe_mode(tmp_path):
    tokenizer = text.TextTokenizer(["a", "b", "c", "d"], sequence_length=4)
    generator = sequence.SequenceGenerator(6, 4, 8, sequence_length=4, tokenizer=tokenizer)
    path = saving.save_model(generator, str(tmp_path / "generator.keras"))
    restored = saving.load(path)
    assert restored.tokenizer.get_vocabulary() == tokenizer.get_vocabulary()
    oracle = sequence.OracleLSTM(vocab_size=6, embedding_dim=4, hidden_dim=4, sequence_length=4)
    highway = keras.Sequential([keras.Input((4,)), layers.Highway()])
    for name, model in [("oracle", oracle), ("highway", highway)]:
        if not model.built:
            model.build((None, 4))
        model.save(tmp_path / f"{name}.keras")
        keras.saving.load_model(tmp_path / f"{name}.keras", safe_mode=True)
