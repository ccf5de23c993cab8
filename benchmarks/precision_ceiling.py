"""How fast can a bfloat16 DCGAN step be on this CPU? A bound from its matmul peak.

Issue 17 asks for a step in bfloat16 at least 3x the keras.io recipe's
(float32). Whatever the kernels, a training step cannot finish faster than
its multiply-adds take at the CPU's best bfloat16 matrix-multiply rate. This
script measures that bound, in one process and one run:

1. the multiply-add work of one training image in the DCGAN step of
   `benchmarks/dcgan_throughput.py` (same networks, latent 100, batch 128),
   counted from the layers: a Dense layer is 2*in*out FLOPs per image, a
   convolution 2*out_h*out_w*k_h*k_w*c_in*c_out, a transposed one the same
   over its input map. The step runs G forward, D forward and backward on
   real and fake (D's backward computes the input and the weight gradients,
   twice the forward, except the first layer's input gradient), then G
   forward, D forward, D's input gradient and G's backward (twice G's
   forward): 4*G + 8*D forward FLOPs per image, less D's first layer's input
   gradient in both steps;
2. `tf.matmul`'s rate in float32 and in bfloat16 on the GEMMs those
   convolutions become (M = batch*out_h*out_w, K = k_h*k_w*c_in, N = c_out),
   and at twice the rows (D's call on real and fake together), plus one
   large square GEMM (2048^3) for the rate when the shape is no limit, in
   alternating rounds; the bound uses the best round of any of them;
3. the recipe's images/s, measured between the matmul rounds.

The bound is `best bfloat16 GEMM rate / FLOPs per image`, in images/s, and as
a ratio to the recipe. It ignores everything that is not a multiply-add
(batch norm, activations, the optimizer), so the real ceiling is lower.
Prints the CPU's flags with the figures; writes `precision_ceiling.json`.

Usage:
    python benchmarks/precision_ceiling.py --rounds 5
"""

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import dcgan_throughput as bench  # noqa: E402
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import cpu_flags  # noqa: E402
from _common import finish  # noqa: E402
from _common import new_results  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans.models import dcgan_discriminator  # noqa: E402
from keras_gans.models import dcgan_generator  # noqa: E402
from keras_gans.models._data import without_autotune_model  # noqa: E402

# A large square GEMM, not a layer's: the rate oneDNN reaches when the shape is no limit.
SQUARE = (2048, 2048, 2048)


def layer_costs(model):
    """(name, forward FLOPs per image, GEMM per image (rows, K, N)) of each weighted layer."""
    costs = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            k, n = layer.kernel.shape
            costs.append((layer.name, 2 * k * n, (1, k, n)))
        elif isinstance(layer, (keras.layers.Conv2D, keras.layers.Conv2DTranspose)):
            kh, kw = layer.kernel_size
            if isinstance(layer, keras.layers.Conv2DTranspose):
                _, h, w, c_in = layer.input.shape
                c_out = layer.filters
            else:
                _, h, w, c_out = layer.output.shape
                c_in = layer.input.shape[-1]
            costs.append((layer.name, 2 * h * w * kh * kw * c_in * c_out,
                          (h * w, kh * kw * c_in, c_out)))
    return costs


def step_flops(generator, discriminator):
    """FLOPs per training image of one D update and one G update (see the docstring)."""
    g = sum(c for _, c, _ in layer_costs(generator))
    d_layers = layer_costs(discriminator)
    d = sum(c for _, c, _ in d_layers)
    first = d_layers[0][1]  # D's first layer needs no input gradient.
    d_step = g + 2 * d + 2 * (2 * d - first)
    g_step = g + d + (d - first) + 2 * g
    return d_step + g_step, g, d


def gemm_rate(shape, dtype, repeats=10):
    m, k, n = shape
    a = tf.cast(tf.random.stateless_normal([m, k], seed=[0, 1]), dtype)
    b = tf.cast(tf.random.stateless_normal([k, n], seed=[0, 2]), dtype)
    matmul = tf.function(lambda a, b: tf.reduce_sum(tf.cast(tf.matmul(a, b)[:1, :1], tf.float32)))
    matmul(a, b).numpy()
    start = time.perf_counter()
    for _ in range(repeats):
        out = matmul(a, b)
    out.numpy()
    return 2 * m * k * n * repeats / (time.perf_counter() - start) / 1e9


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=10, help="recipe steps per round")
    parser.add_argument("--json", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "precision_ceiling.json"))
    args = parser.parse_args()
    start = time.perf_counter()
    results = new_results(args, {})
    x, _ = datasets.load_arrays("fashion_mnist")
    shape = x.shape[1:]
    generator = dcgan_generator(shape, bench.LATENT_DIM)
    discriminator = dcgan_discriminator(shape)
    flops, g_forward, d_forward = step_flops(generator, discriminator)
    print(f"FLOPs per training image: {flops / 1e6:.1f} M (G forward {g_forward / 1e6:.1f} M, "
          f"D forward {d_forward / 1e6:.1f} M)", flush=True)
    shapes = sorted({(rows * bench.BATCH, k, n)
                     for _, _, (rows, k, n) in layer_costs(generator) + layer_costs(discriminator)
                     if rows > 1})
    # D sees real and fake in one call: its GEMMs also run at twice the rows.
    shapes += sorted({(2 * m, k, n) for m, k, n in shapes if m % 2 == 0} - set(shapes))
    shapes.append(SQUARE)
    dataset = without_autotune_model(
        tf.data.Dataset.from_tensor_slices(x).shuffle(10_000, seed=0)
        .batch(bench.BATCH, drop_remainder=True).repeat().prefetch(tf.data.AUTOTUNE))
    keras.utils.set_random_seed(0)
    recipe = bench.KerasPeer("recipe", bench.reference_model(shape), dataset)
    recipe.warm_up()
    rates = {dtype: {s: [] for s in shapes} for dtype in ("float32", "bfloat16")}
    recipe_rates = []
    for _ in range(args.rounds):
        for dtype in rates:
            for s in shapes:
                rates[dtype][s].append(gemm_rate(s, getattr(tf, dtype)))
        began = time.perf_counter()
        recipe.rate(args.steps)
        recipe_rates.append(args.steps * bench.BATCH / (time.perf_counter() - began))
    peak = {dtype: max(max(r) for r in by_shape.values()) for dtype, by_shape in rates.items()}
    recipe_median = statistics.median(recipe_rates)
    cpu, flags = cpu_flags()
    print(f"\n{cpu}, {os.cpu_count()} cores; flags {flags}; TF {tf.__version__}")
    print("| GEMM (M x K x N) | float32 GFLOP/s (best) | bfloat16 GFLOP/s (best) | ratio |")
    print("|---|---|---|---|")
    for s in shapes:
        f32, bf16 = max(rates["float32"][s]), max(rates["bfloat16"][s])
        print(f"| {s[0]} x {s[1]} x {s[2]} | {f32:.0f} | {bf16:.0f} | {bf16 / f32:.2f}x |")
    ceiling = peak["bfloat16"] * 1e9 / flops
    f32_ceiling = peak["float32"] * 1e9 / flops
    print(f"\nrecipe (float32): {recipe_median:.0f} images/s median of "
          f"{', '.join(f'{r:.0f}' for r in recipe_rates)} = "
          f"{recipe_median * flops / 1e9:.0f} GFLOP/s, "
          f"{recipe_median / f32_ceiling:.0%} of the float32 GEMM peak")
    print(f"float32 bound: {f32_ceiling:.0f} images/s = "
          f"{f32_ceiling / recipe_median:.2f}x the recipe")
    print(f"bfloat16 bound: {ceiling:.0f} images/s = {ceiling / recipe_median:.2f}x the recipe "
          "(the issue's goal: 3x)")
    results["runs"] = {
        "flops_per_image": flops, "gemm_shapes": [list(s) for s in shapes],
        "gemm_gflops": {d: {"x".join(map(str, s)): r for s, r in by.items()}
                        for d, by in rates.items()},
        "peak_gflops": peak, "recipe_images_per_s": recipe_rates,
        "float32_bound_images_per_s": f32_ceiling, "bfloat16_bound_images_per_s": ceiling,
        "bfloat16_bound_vs_recipe": ceiling / recipe_median,
    }
    finish(results, start, args.json)


if __name__ == "__main__":
    main()
