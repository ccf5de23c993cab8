"""Faults tried on `keras-gans train`, what each lost, and what a checkpoint costs.

Part 1 (faults), on a small 3-epoch DCGAN run (`SMALL` below): a straight
run gives the reference weights and the timeline; then `kill -9` at 5 random
moments between its first checkpoint (before the first step) and its exit,
and SIGINT, SIGTERM, and SIGINT sent twice (0.2 s apart) at random moments
of its last two epochs of training, each
followed by `keras-gans train --resume` and a comparison of every weight and
optimizer variable with the straight run; model files truncated at 5 lengths
(what `keras_gans.saving.load` and `keras-gans sample` say); a checkpoint
write that fails with ENOSPC (disk full).

Part 2 (cost): one epoch of the CLI's default DCGAN (`keras-gans train
dcgan --epochs 1`: Fashion-MNIST if installed, else digits), timing the
epoch and each checkpoint `RunCheckpoint` writes, then 5 more checkpoints of
the trained model.

Usage:
    python benchmarks/faults.py --json benchmarks/faults.json
"""

import argparse
import datetime
import errno
import io
import json
import os
import platform
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stderr
from contextlib import redirect_stdout

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from keras_gans import cli  # noqa: E402
from keras_gans import saving  # noqa: E402
from keras_gans.callbacks import checkpoint as checkpoint_lib  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SMALL = ["--dataset", "fashion_mnist", "--batch-size", "32", "--steps-per-epoch", "20"]
EPOCHS = 3


def machine():
    flags, model = set(), "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name") and model == "unknown":
                model = line.split(":", 1)[1].strip()
            if line.startswith("flags"):
                flags |= set(line.split(":", 1)[1].split())
    kept = sorted(f for f in flags if f == "avx2" or f.startswith(("avx512", "amx")))
    return f"{os.cpu_count()} cores, {model} ({platform.machine()}); flags: {' '.join(kept)}"


def command(*argv):
    return [sys.executable, "-m", "keras_gans.cli", "train", *argv]


def start(argv):
    env = {**os.environ, "PYTHONPATH": ROOT}
    return subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def max_difference(a_path, b_path):
    a, b = saving.load(a_path), saving.load(b_path)
    values = [(x.numpy(), y.numpy()) for x, y in zip(a.weights, b.weights)]
    for opt in ("g_optimizer", "d_optimizer"):
        values += [(x.numpy(), y.numpy()) for x, y in zip(getattr(a, opt).variables,
                                                          getattr(b, opt).variables)]
    return max(float(np.max(np.abs(x - y))) for x, y in values)


def straight_run(work):
    run = os.path.join(work, "straight")
    begin = time.monotonic()
    process = start(command("dcgan", *SMALL, "--epochs", str(EPOCHS), "--out", run))
    first = last = None
    final = os.path.join(run, "checkpoints", checkpoint_lib.epoch_filename(EPOCHS))
    while process.poll() is None:
        if first is None and os.path.exists(os.path.join(run, "checkpoints", "epoch_0000.keras")):
            first = time.monotonic() - begin
        if last is None and os.path.exists(final):
            last = time.monotonic() - begin
        time.sleep(0.01)
    out, err = process.communicate()
    total = time.monotonic() - begin
    assert process.returncode == 0, err
    return run, first, last, total


def state_of(run):
    """What is on disk after a fault: the checkpoint's epoch, leftovers, whether it loads."""
    path = os.path.join(run, "model.keras")
    partial = [n for d in (run, os.path.join(run, "checkpoints")) if os.path.isdir(d)
               for n in os.listdir(d) if ".partial-" in n]
    try:
        saving.load(path)
        loads = True
    except ValueError:
        loads = False
    epoch = saving.read_metadata(path).get("epoch") if loads else None
    return {"checkpoint_epoch": epoch, "loads": loads, "partial_files": partial,
            "checkpoint_mtime": os.path.getmtime(path) if loads else None}


def interrupt_trial(work, name, at, signals, reference):
    run = os.path.join(work, name)
    begin = time.monotonic()
    process = start(command("dcgan", *SMALL, "--epochs", str(EPOCHS), "--out", run))
    time.sleep(max(0.0, at - (time.monotonic() - begin)))
    killed_at = time.time()
    for i, signum in enumerate(signals):
        if process.poll() is None:
            process.send_signal(signum)
        if i + 1 < len(signals):
            time.sleep(0.2)
    out, err = process.communicate()
    record = {"fault": name, "at_seconds": round(at, 2), "exit": process.returncode,
              **state_of(run)}
    epochs_line = re.findall(r"interrupted by \w+ in epoch (\d+) \(after step (\d+)", err)
    if epochs_line:
        record["interrupted_in"] = {"epoch": int(epochs_line[0][0]),
                                    "after_step": int(epochs_line[0][1])}
    record["message"] = [line for line in err.splitlines() if line.startswith("keras-gans:")]
    if record["checkpoint_mtime"] is not None:
        record["seconds_since_checkpoint"] = round(killed_at - record.pop("checkpoint_mtime"), 2)
    if record["checkpoint_epoch"] is not None and record["checkpoint_epoch"] < EPOCHS:
        resumed = start(command("--resume", run))
        _, resume_err = resumed.communicate()
        record["resume_exit"] = resumed.returncode
        if resumed.returncode == 0:
            record["max_abs_difference_vs_straight"] = max_difference(
                os.path.join(run, "model.keras"), reference)
        else:
            record["resume_error"] = resume_err[-500:]
    return record


def truncation_trials(work, straight):
    source = os.path.join(straight, "model.keras")
    size = os.path.getsize(source)
    rows = []
    for length in (1, size // 10, size // 2, size * 9 // 10, size - 1):
        run = os.path.join(work, f"truncated_{length}")
        shutil.copytree(straight, run, ignore=shutil.ignore_patterns("saved_model", "logs"))
        os.remove(os.path.join(run, "model.keras"))  # A file of its own, then cut.
        with open(source, "rb") as f, open(os.path.join(run, "model.keras"), "wb") as g:
            g.write(f.read(length))
        try:
            saving.load(os.path.join(run, "model.keras"))
            error = None
        except ValueError as e:
            error = str(e).replace(run, "RUN")
        err = io.StringIO()
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            try:
                cli.main(["sample", run, "--out", os.path.join(run, "s.png")])
                code = 0
            except SystemExit as exit_:
                code = exit_.code
        rows.append({"fault": f"model.keras truncated to {length} of {size} bytes",
                     "load_error": error, "sample_exit": code,
                     "sample_message": err.getvalue().strip().replace(run, "RUN")})
    return rows


def failing_write_trial(work):
    run = os.path.join(work, "disk_full")
    save = keras.Model.save
    calls = []

    def full_disk(self, filepath, *args, **kwargs):
        calls.append(filepath)
        if len(calls) == 3:  # Epoch 0 and 1 are written; epoch 2's write fails midway.
            save(self, filepath, *args, **kwargs)
            with open(filepath, "r+b") as f:
                f.truncate(os.path.getsize(filepath) // 2)
            raise OSError(errno.ENOSPC, "No space left on device")
        return save(self, filepath, *args, **kwargs)

    keras.Model.save = full_disk
    err = io.StringIO()
    try:
        with redirect_stderr(err), redirect_stdout(io.StringIO()):
            cli.main(["train", "dcgan", *SMALL, "--epochs", str(EPOCHS), "--out", run])
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    finally:
        keras.Model.save = save
    state = state_of(run)
    state.pop("checkpoint_mtime")
    return {"fault": "checkpoint write fails with ENOSPC in epoch 2's checkpoint", "exit": code,
            "message": err.getvalue().strip().replace(run, "RUN"), **state}


def checkpoint_cost(work):
    """One epoch of the CLI's default DCGAN, timing the epoch and each checkpoint."""
    run = os.path.join(work, "default")
    times = {"epoch_seconds": [], "checkpoint_seconds": []}
    cls = checkpoint_lib.RunCheckpoint
    begin, end, save = cls.on_epoch_begin, cls.on_epoch_end, cls.save

    def on_epoch_begin(self, epoch, logs=None):
        self._began = time.perf_counter()
        begin(self, epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        times["epoch_seconds"].append(time.perf_counter() - self._began)
        end(self, epoch, logs)

    def timed_save(self, *args, **kwargs):
        start_ = time.perf_counter()
        result = save(self, *args, **kwargs)
        times["checkpoint_seconds"].append(time.perf_counter() - start_)
        return result

    cls.on_epoch_begin, cls.on_epoch_end, cls.save = on_epoch_begin, on_epoch_end, timed_save
    out = io.StringIO()
    try:
        with redirect_stdout(out):
            cli.main(["train", "dcgan", "--epochs", "1", "--out", run])
    finally:
        cls.on_epoch_begin, cls.on_epoch_end, cls.save = begin, end, save
    model = saving.load(os.path.join(run, "model.keras"))
    extra = cls(os.path.join(work, "default_more"))
    for i in range(5):
        start_ = time.perf_counter()
        extra.save(i + 1, model)
        times["checkpoint_seconds"].append(time.perf_counter() - start_)
    with open(os.path.join(run, "run.json")) as f:
        times["run"] = json.load(f)
    times["model_bytes"] = os.path.getsize(os.path.join(run, "model.keras"))
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", default=None, help="write the results here")
    parser.add_argument("--seed", type=int, default=0, help="seed of the kill moments")
    parser.add_argument("--skip-cost", action="store_true")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="keras_gans_faults_")
    results = {"date": datetime.datetime.now().isoformat(timespec="minutes"),
               "machine": machine(), "command": " ".join(["python", *sys.argv]),
               "small_run": "keras-gans train dcgan " + " ".join(SMALL) + f" --epochs {EPOCHS}"}
    started = time.monotonic()
    straight, first, last, total = straight_run(work)
    reference = os.path.join(straight, "model.keras")
    results["straight"] = {"training_starts_at": round(first, 2),
                           "last_checkpoint_at": round(last, 2), "total": round(total, 2)}
    print(results["straight"], flush=True)
    rng = random.Random(args.seed)
    trials = []
    moments = sorted(rng.uniform(first, total - 1.0) for _ in range(5))
    for i, at in enumerate(moments):
        trials.append(interrupt_trial(work, f"kill -9 #{i + 1}", at, [signal.SIGKILL],
                                      reference))
        print(trials[-1], flush=True)
    for name, signals in [("SIGINT", [signal.SIGINT]), ("SIGTERM", [signal.SIGTERM]),
                          ("SIGINT twice", [signal.SIGINT, signal.SIGINT])]:
        at = rng.uniform(first + (last - first) / 3, last - 0.5)  # Inside training.
        trials.append(interrupt_trial(work, name, at, signals, reference))
        print(trials[-1], flush=True)
    trials += truncation_trials(work, straight)
    trials.append(failing_write_trial(work))
    print(trials[-1], flush=True)
    results["faults"] = trials
    if not args.skip_cost:
        results["cost"] = checkpoint_cost(work)
        print({k: v for k, v in results["cost"].items() if k != "run"}, flush=True)
    results["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        saving.write_json(args.json, results)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
