"""The linear probes of `benchmarks/inference.py` on saved features, without TensorFlow.

`inference.py --features-out DIR` saves each row's features (the first
10,000 training and 10,000 test images) as `DIR/<row>.npz`; this script
probes them with `keras_gans.metrics.select_probe_c` (C chosen on a
stratified 20% of the training features, seed 0, never the test split)
and `keras_gans.metrics.linear_probe` (refit on all training features with
that C, scored on the test features), loading only `keras_gans.metrics.probe`
so that the SVMs can run beside a TensorFlow job. Rows wider than 100
features choose among --cs-high-dim (large C takes minutes per fit there).

Usage:
    python benchmarks/inference_probe.py /tmp/features/*.npz \\
        --cs 1e-4,1e-3,1e-2,1e-1,1 --cs-high-dim 1e-4,1e-3,1e-2 \\
        --json benchmarks/inference_probe.json
"""

import argparse
import importlib
import json
import os
import sys
import time
import types

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def probe_module():
    """`keras_gans.metrics.probe` without running the packages' `__init__` (TensorFlow)."""
    for name, path in (("keras_gans", "keras_gans"), ("keras_gans.metrics", "keras_gans/metrics")):
        if name not in sys.modules:
            package = types.ModuleType(name)
            package.__path__ = [os.path.join(ROOT, path)]
            sys.modules[name] = package
    return importlib.import_module("keras_gans.metrics.probe")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("features", nargs="+", help="npz files written by inference.py")
    parser.add_argument("--cs", default="1e-4,1e-3,1e-2,1e-1,1")
    parser.add_argument("--cs-high-dim", default="1e-4,1e-3,1e-2")
    parser.add_argument("--json", default=None, help="results are merged into this file")
    args = parser.parse_args(argv)
    probe = probe_module()
    cs = [float(c) for c in args.cs.split(",")]
    cs_high = [float(c) for c in args.cs_high_dim.split(",")]
    for path in args.features:
        data = np.load(path)
        name = str(data["name"])
        x, y, xt, yt = data["train"], data["train_labels"], data["test"], data["test_labels"]
        grid = cs_high if x.shape[1] > 100 else cs
        start = time.perf_counter()
        C, held_out = probe.select_probe_c(x, y, Cs=grid, validation_fraction=0.2, seed=0)
        accuracy = probe.linear_probe(x, y, xt, yt, C=C)
        seconds = time.perf_counter() - start
        print(f"| probe | {name} ({x.shape[1]}-d) | {accuracy:.4f} | C {C:g} | held-out "
              f"{held_out} | probe {seconds:.0f} s |", flush=True)
        if args.json:
            results = {}
            if os.path.exists(args.json):
                with open(args.json) as f:
                    results = json.load(f)
            results[name] = {"accuracy": accuracy, "C": C, "dims": int(x.shape[1]),
                             "held_out": {str(k): v for k, v in held_out.items()},
                             "train": int(len(x)), "test": int(len(xt)), "seconds": seconds}
            with open(args.json, "w") as f:
                json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
