"""Where a DCGAN training step spends its time: a `tf.profiler` trace, summarised.

Profiles `--steps` steps of `fit` (after a warm-up that traces and compiles)
for the keras.io-style recipe and for our `DCGAN` at its defaults (and with
`--bfloat16`, `--xla`, those variants too), on the networks and batch of
`benchmarks/dcgan_throughput.py`. Each trace is written under `--logdir` (open
it in TensorBoard's profile plugin if you have it) and summarised here from
its `.xplane.pb`: the time of every TensorFlow kernel on the host, grouped
into categories (convolutions and their backprop, batch norm, oneDNN layout
conversions, the optimizer, the metric updates, random numbers...), and the
share of the step's wall time that no kernel covers (Python, `tf.function`
dispatch, the input pipeline, waiting). Writes `profile_step.json` next to
this script.

Usage:
    python benchmarks/profile_step.py --steps 10
"""

import argparse
import collections
import glob
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dcgan_throughput as bench  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

# Kernel type (the part after ":" in a host event's name) -> category.
CATEGORIES = (
    ("conv backprop (filter)", ("Conv2DBackpropFilter",)),
    ("conv backprop (input)", ("Conv2DBackpropInput",)),
    ("convolution", ("Conv2D", "Conv3D", "_MklNativeConv", "_MklConv", "_FusedConv")),
    ("batch norm", ("BatchNorm",)),
    ("matmul / dense", ("MatMul", "BiasAdd")),
    ("oneDNN / layout conversion", ("_MklToTf", "Transpose", "Reshape", "_Mkl", "ConvertLayout")),
    ("optimizer (Adam)", ("ApplyAdam", "AssignSubVariable", "AssignAddVariable", "Sqrt",
                          "ResourceApply")),
    ("variables (read / assign)", ("ReadVariableOp", "AssignVariableOp", "VarHandleOp")),
    ("random numbers", ("Random", "Stateless", "RngBitGenerator")),
    ("losses / activations / elementwise", ("Sigmoid", "Softplus", "Relu", "LeakyRelu", "Tanh",
                                            "Mul", "Add", "Sub", "Neg", "Exp", "Log", "Maximum",
                                            "Select", "Abs", "Square", "RealDiv", "Div")),
    ("reductions", ("Mean", "Sum", "Max", "Min", "Prod")),
    ("XLA cluster", ("_XlaRun", "XlaLaunch", "_XlaCompile", "XlaCompile")),
)


# Host events that enclose kernels (the executor's, the function call's).
CONTAINERS = {"Process", "Run", "RunAsync", "Compute", "ComputeAsync"}


def category(kernel):
    for name, keys in CATEGORIES:
        if any(key in kernel for key in keys):
            return name
    return "other"


def summarise(logdir):
    """Kernel time by category, from the newest `.xplane.pb` under `logdir`."""
    from tensorflow.tsl.profiler.protobuf import xplane_pb2

    path = sorted(glob.glob(os.path.join(logdir, "**", "*.xplane.pb"), recursive=True))[-1]
    space = xplane_pb2.XSpace()
    with open(path, "rb") as f:
        space.ParseFromString(f.read())
    by_category = collections.Counter()
    by_kernel = collections.Counter()
    steps = []
    for plane in space.planes:
        if not plane.name.startswith("/host:CPU"):
            continue
        names = {i: m.name for i, m in plane.event_metadata.items()}
        for line in plane.lines:
            for event in line.events:
                name = names.get(event.metadata_id, "")
                seconds = event.duration_ps * 1e-12
                if name.startswith("__inference_one_step_on_data") or (
                    name.startswith("__inference_multi_step_on_iterator")
                ):
                    steps.append(seconds)
                if ":" not in name or name.strip().startswith(("__", "tf_data", "Iterator")):
                    continue
                kernel = name.rsplit(":", 1)[1].strip()
                if kernel in CONTAINERS or kernel.startswith("__inference"):
                    continue  # Events enclosing the kernels, not kernels.
                # Metric trackers update in their own name scope.
                kind = "metric updates" if "/mean/" in name.lower() else category(kernel)
                by_category[kind] += seconds
                by_kernel[kernel] += seconds
    return by_category, by_kernel, steps, path


def profile(label, model, dataset, steps, logdir):
    model.fit(dataset, steps_per_epoch=3, epochs=1, verbose=0)  # Trace and compile.
    os.makedirs(logdir, exist_ok=True)
    tf.profiler.experimental.start(logdir)
    start = time.perf_counter()
    model.fit(dataset, steps_per_epoch=steps, epochs=1, verbose=0)
    wall = time.perf_counter() - start
    tf.profiler.experimental.stop()
    by_category, by_kernel, step_times, path = summarise(logdir)
    kernel_total = sum(by_category.values())
    step_wall = wall / steps
    print(f"\n== {label}: {step_wall * 1e3:.1f} ms/step under the profiler "
          f"({bench.BATCH / step_wall:.0f} images/s); trace {path}")
    print(f"   kernel time {kernel_total / steps * 1e3:.1f} ms/step summed over threads")
    print("| category | ms/step | share of kernel time |")
    print("|---|---|---|")
    for name, seconds in by_category.most_common():
        print(f"| {name} | {seconds / steps * 1e3:.2f} | {seconds / kernel_total:.1%} |")
    print("top kernels:", ", ".join(
        f"{k} {s / steps * 1e3:.2f} ms" for k, s in by_kernel.most_common(12)))
    return {
        "label": label,
        "ms_per_step_wall": step_wall * 1e3,
        "kernel_ms_per_step": kernel_total / steps * 1e3,
        "categories_ms_per_step": {k: v / steps * 1e3 for k, v in by_category.items()},
        "top_kernels_ms_per_step": {k: v / steps * 1e3 for k, v in by_kernel.most_common(25)},
        "traced_step_functions": len(step_times),
        "trace": path,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--logdir", default="/tmp/keras_gans_profile")
    parser.add_argument("--bfloat16", action="store_true", help="also profile precision='bfloat16'")
    parser.add_argument("--xla", action="store_true", help="also profile jit_compile=True")
    args = parser.parse_args()
    shape = (28, 28, 1)
    images = np.random.default_rng(0).uniform(-1, 1, (4096, *shape)).astype("float32")
    dataset = (
        tf.data.Dataset.from_tensor_slices(images).batch(bench.BATCH, drop_remainder=True)
        .repeat().prefetch(tf.data.AUTOTUNE)
    )
    variants = [
        ("keras.io-style recipe", lambda: bench.reference_model(shape)),
        ("keras_gans DCGAN, defaults", lambda: bench.our_model(shape)),
    ]
    if args.bfloat16:
        variants.append(("keras_gans DCGAN, precision='bfloat16'",
                         lambda: bench.our_model(shape, precision="bfloat16")))
    if args.xla:
        variants.append(("keras_gans DCGAN, jit_compile=True",
                         lambda: bench.our_model(shape, jit_compile=True)))
    results = []
    for i, (label, build) in enumerate(variants):
        keras.utils.set_random_seed(0)
        results.append(profile(label, build(), dataset, args.steps,
                               os.path.join(args.logdir, str(i))))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "profile_step.json")
    with open(out, "w") as f:
        json.dump({"steps": args.steps, "batch": bench.BATCH, "tf": tf.__version__,
                   "keras": keras.__version__, "results": results}, f, indent=2)
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
