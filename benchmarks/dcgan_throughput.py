"""Training throughput of our DCGAN against a keras.io-style reference.

Both train the same networks (`dcgan_generator`, `dcgan_discriminator`) on
Fashion-MNIST at batch 128 with Adam(2e-4, 0.5). The reference is written the
way the keras.io DCGAN example is: a `keras.Model` with a plain `train_step`
(real and generated images concatenated through D, binary cross-entropy, one
G update) and Keras' default `compile` (on CPU, Keras' `jit_compile="auto"`
leaves XLA off). Ours is `keras_gans.models.DCGAN` with its default
`compile`, then with XLA and with the `mixed_bfloat16` policy. After a
warm-up fit that traces and compiles each, the repetitions time `fit` over
`--steps` steps, the variants taking turns; the table reports medians.

Usage:
    python benchmarks/dcgan_throughput.py --steps 30 --repeats 5
"""

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans.models import DCGAN  # noqa: E402
from keras_gans.models import dcgan_discriminator  # noqa: E402
from keras_gans.models import dcgan_generator  # noqa: E402

LATENT_DIM = 100


class KerasIoDCGAN(keras.Model):
    """The keras.io example's training step, on the same networks."""

    def __init__(self, discriminator, generator, latent_dim):
        super().__init__()
        self.discriminator = discriminator
        self.generator = generator
        self.latent_dim = latent_dim
        self.seed_generator = keras.random.SeedGenerator(1337)

    def compile(self, d_optimizer, g_optimizer, loss_fn):
        super().compile()
        self.d_optimizer = d_optimizer
        self.g_optimizer = g_optimizer
        self.loss_fn = loss_fn
        self.d_loss_metric = keras.metrics.Mean(name="d_loss")
        self.g_loss_metric = keras.metrics.Mean(name="g_loss")

    @property
    def metrics(self):
        return [self.d_loss_metric, self.g_loss_metric]

    def train_step(self, real_images):
        batch_size = tf.shape(real_images)[0]
        z = keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
        generated = self.generator(z)
        combined = tf.concat([generated, real_images], axis=0)
        labels = tf.concat([tf.ones((batch_size, 1)), tf.zeros((batch_size, 1))], 0)
        with tf.GradientTape() as tape:
            d_loss = self.loss_fn(labels, self.discriminator(combined))
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights))
        z = keras.random.normal((batch_size, self.latent_dim), seed=self.seed_generator)
        misleading = tf.zeros((batch_size, 1))
        with tf.GradientTape() as tape:
            g_loss = self.loss_fn(misleading, self.discriminator(self.generator(z)))
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights))
        self.d_loss_metric.update_state(d_loss)
        self.g_loss_metric.update_state(g_loss)
        return {"d_loss": self.d_loss_metric.result(), "g_loss": self.g_loss_metric.result()}


def reference_model(shape):
    model = KerasIoDCGAN(dcgan_discriminator(shape), dcgan_generator(shape, LATENT_DIM),
                         LATENT_DIM)
    model.compile(
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        loss_fn=keras.losses.BinaryCrossentropy(from_logits=True),
    )
    return model


def our_model(shape, **compile_kwargs):
    model = DCGAN(shape, latent_dim=LATENT_DIM, seed=0)
    model.compile(
        g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
        **compile_kwargs,
    )
    return model


def bf16_model(shape):
    keras.config.set_dtype_policy("mixed_bfloat16")
    try:
        return our_model(shape)
    finally:
        keras.config.set_dtype_policy("float32")


def time_fit(model, dataset, steps):
    start = time.perf_counter()
    model.fit(dataset, steps_per_epoch=steps, epochs=1, verbose=0)
    return steps * BATCH / (time.perf_counter() - start)


BATCH = 128


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    try:
        x, _ = datasets.load_arrays("fashion_mnist")
        name = "fashion_mnist"
    except FileNotFoundError:
        x, _ = datasets.load_arrays("digits", image_size=32)
        name = "digits (32x32)"
    shape = x.shape[1:]
    dataset = (
        tf.data.Dataset.from_tensor_slices(x).shuffle(10_000, seed=0)
        .batch(BATCH, drop_remainder=True).repeat().prefetch(tf.data.AUTOTUNE)
    )
    variants = (
        ("keras.io-style reference (default compile)", lambda: reference_model(shape)),
        ("keras_gans DCGAN, default compile", lambda: our_model(shape)),
        ("keras_gans DCGAN, jit_compile=True", lambda: our_model(shape, jit_compile=True)),
        ("keras_gans DCGAN, mixed_bfloat16", lambda: bf16_model(shape)),
    )
    models = []
    for label, build in variants:
        keras.utils.set_random_seed(0)
        model = build()
        model.fit(dataset, steps_per_epoch=3, epochs=1, verbose=0)  # trace + compile
        models.append((label, model))
    # Round-robin repetitions: a busy neighbour slows every variant alike.
    rates = {label: [] for label, _ in models}
    for _ in range(args.repeats):
        for label, model in models:
            rates[label].append(time_fit(model, dataset, args.steps))
    rows = []
    for label, _ in models:
        median = statistics.median(rates[label])
        rows.append((label, median, rates[label]))
        print(f"{label}: median {median:.1f} images/s "
              f"({', '.join(f'{r:.0f}' for r in rates[label])})", flush=True)
    reference = rows[0][1]
    print()
    print(f"Dataset {name} {shape}, batch {BATCH}, {args.steps} steps x "
          f"{args.repeats} repeats; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores; TF {tf.__version__}, Keras {keras.__version__}")
    print("| model | images/s (median) | vs reference |")
    print("|---|---|---|")
    for label, median, _ in rows:
        print(f"| {label} | {median:.1f} | {median / reference:.2f}x |")


if __name__ == "__main__":
    main()
