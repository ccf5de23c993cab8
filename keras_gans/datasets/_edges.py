"""`fashion_edges`: (edge map, garment) pairs built offline from Fashion-MNIST.

Each garment (28×28, the native size: no resizing) is scaled to `[0, 1]`, its
Sobel gradient magnitude is computed with `tf.image.sobel_edges`, divided by
the image's largest magnitude, and thresholded at `threshold` (0.2): the edge
map is `+1` on an edge and `-1` elsewhere; the garment is in `[-1, 1]`. The
pairs are a pure function of the IDX files, so every load is identical.
"""

import functools

import numpy as np
import tensorflow as tf

from keras_gans.datasets import _images

IMAGE_SHAPE = (28, 28, 1)
THRESHOLD = 0.2


def edge_maps(garments, threshold=THRESHOLD, batch_size=4096):
    """Thresholded Sobel edge maps of float images in `[-1, 1]`, `[N, H, W, 1]`.

    Args:
        garments: float32 `[N, H, W, 1]` in `[-1, 1]`.
        threshold: the fraction of each image's largest gradient magnitude
            above which a pixel is an edge.
        batch_size: images per `tf.image.sobel_edges` call.

    Returns:
        float32 `[N, H, W, 1]` with values in `{-1, 1}`.
    """
    out = []
    for start in range(0, len(garments), batch_size):
        x = (tf.convert_to_tensor(garments[start:start + batch_size], tf.float32) + 1.0) / 2.0
        gradients = tf.image.sobel_edges(x)  # [n, H, W, 1, 2]: dy, dx
        magnitude = tf.norm(gradients, axis=-1)
        peak = tf.reduce_max(magnitude, axis=[1, 2, 3], keepdims=True)
        edges = magnitude > threshold * tf.maximum(peak, 1e-6)
        out.append(tf.where(edges, 1.0, -1.0).numpy().astype("float32"))
    return np.concatenate(out) if out else np.zeros((0, *garments.shape[1:]), "float32")


@functools.lru_cache(maxsize=4)
def _pairs(split, path):
    x, y = _images.fashion_mnist_arrays(split, path)
    garments = x.astype("float32") / np.float32(127.5) - np.float32(1.0)
    garments = garments.reshape((-1, *IMAGE_SHAPE))
    return edge_maps(garments), garments, np.asarray(y, "int32")


def edge_arrays(split="train", paired=True, seed=0, path=None):
    """The split as arrays `(edges, garments, labels)` (see `load`).

    With `paired=False` on the train split the edges and the garments are
    shuffled by two independent permutations drawn from `seed` (the labels
    follow the garments); the test split always keeps the true pairs.
    """
    edges, garments, labels = _pairs(split, path)
    if paired or split == "test":
        return edges, garments, labels
    rng = np.random.default_rng(seed)
    order_a = rng.permutation(len(edges))
    order_b = rng.permutation(len(garments))
    return edges[order_a], garments[order_b], labels[order_b]
