"""Helpers the benchmark scripts share: the machine record and the results file.

The scripts run as `python benchmarks/<name>.py` and import this module as
`_common` (their folder is put on `sys.path`).
"""

import datetime
import os
import platform
import subprocess
import time

from keras_gans import saving


def cpu_flags():
    """The CPU's model name and its vector-instruction flags, from /proc/cpuinfo."""
    try:
        with open("/proc/cpuinfo") as f:
            lines = f.read().splitlines()
    except OSError:
        return "unknown", ""
    model = next((line.split(":", 1)[1].strip() for line in lines
                  if line.startswith("model name")), "unknown")
    flags = next((line.split(":", 1)[1].split() for line in lines
                  if line.startswith("flags")), [])
    keep = [f for f in flags if f.startswith(("avx", "amx", "fma", "sse4", "f16c"))]
    return model, " ".join(keep)


def new_results(args, runs):
    """A results record: the date, the machine, `args` and `runs` (filled later)."""
    cpu, flags = cpu_flags()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="minutes"),
        "machine": f"{cpu}; {platform.machine()}, {os.cpu_count()} CPUs (shared)",
        "cpu_flags": flags,
        "args": vars(args),
        "runs": runs,
    }


def finish(results, start, path):
    """Records the seconds since `start`, prints them and writes `results` to `path`."""
    results["total_seconds"] = time.perf_counter() - start
    print(f"total: {results['total_seconds']:.0f} s", flush=True)
    if path:
        saving.write_json(path, results)


class PeerProcess:
    """A peer benchmark script run by another Python, one request per line.

    `script` (a file of this folder) is started as `python script *args`;
    `ready()` reads the line it prints once warmed up, `request(line)` sends
    one line on its stdin and returns its one-line answer, `close()` ends it.
    Used for the PyTorch peers, which never share a Python with TensorFlow.
    """

    def __init__(self, python, script, *args):
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), script)
        self.process = subprocess.Popen([python, path, *map(str, args)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True)

    def ready(self):
        line = self.process.stdout.readline().strip()
        if not line:
            raise SystemExit(f"the peer {self.process.args[1]} ended before it was ready "
                             f"(return code {self.process.wait()})")
        return line

    def request(self, line):
        self.process.stdin.write(f"{line}\n")
        self.process.stdin.flush()
        return self.process.stdout.readline()

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def _accounted_ticks():
    """Clock ticks the kernel accounted to all CPUs (busy, idle and stolen alike)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:9]  # user .. steal, not the guest times
        return sum(int(v) for v in fields)
    except (OSError, ValueError):
        return None


class AccountedTimer:
    """Wall time of a block, and whether the machine was paused during it.

    On a virtual machine whose host caps its CPU time, the guest can be
    paused for whole seconds: wall time goes on, but the guest kernel
    accounts the interval to no CPU state at all (not even idle or stolen).
    `fraction` is the accounted CPU time over wall time x CPUs: about 1 on a
    machine that ran throughout, well below when it was paused. Timings are
    compared on rounds with `fraction >= PAUSE_THRESHOLD` only.

        with AccountedTimer() as t:
            work()
        t.seconds, t.fraction, t.paused
    """

    PAUSE_THRESHOLD = 0.95

    def __enter__(self):
        self._ticks = _accounted_ticks()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self._start
        ticks = _accounted_ticks()
        if self._ticks is None or ticks is None:
            self.fraction = None
        else:
            hertz = os.sysconf("SC_CLK_TCK")
            self.fraction = (ticks - self._ticks) / hertz / (self.seconds * os.cpu_count())
        self.paused = self.fraction is not None and self.fraction < self.PAUSE_THRESHOLD
        return False
