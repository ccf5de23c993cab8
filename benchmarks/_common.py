"""Helpers the benchmark scripts share: the machine record and the results file.

The scripts run as `python benchmarks/<name>.py` and import this module as
`_common` (their folder is put on `sys.path`).
"""

import datetime
import os
import platform
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
    keep = [f for f in flags if f.startswith(("avx", "fma", "sse4", "f16c"))]
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
