"""DiffAugment's transforms and ADA's adaptive probability, as stateless ops.

The transforms are written with TensorFlow ops on stateless seeds rather than
keras-cv layers: keras-cv's augmentation layers draw from their own stateful
generators, which would break the library's exact resume and "same seed,
same augmentation"; every transform here is a differentiable function of
the images for a given seed, so gradients reach the generator.
"""

import numbers

import keras
import tensorflow as tf

from keras_gans._registry import register

TRANSFORMS = ("color", "translation", "cutout")


def _split(seed, n):
    return tf.random.experimental.stateless_split(seed, n)


def _uniform(shape, seed, dtype):
    return tf.cast(tf.random.stateless_uniform(shape, seed), dtype)


def color(images, seed):
    """Random brightness (±0.5), saturation (×[0, 2]) and contrast (×[0.5, 1.5])."""
    s = _split(seed, 3)
    n, dtype = tf.shape(images)[0], images.dtype
    images = images + (_uniform([n, 1, 1, 1], s[0], dtype) - 0.5)
    mean = tf.reduce_mean(images, axis=-1, keepdims=True)
    images = (images - mean) * (_uniform([n, 1, 1, 1], s[1], dtype) * 2.0) + mean
    mean = tf.reduce_mean(images, axis=[1, 2, 3], keepdims=True)
    return (images - mean) * (_uniform([n, 1, 1, 1], s[2], dtype) + 0.5) + mean


def translation(images, seed, ratio=0.125):
    """A random integer shift of up to `ratio` of each side, zero padded."""
    s = _split(seed, 2)
    n, h, w = tf.shape(images)[0], images.shape[1], images.shape[2]
    sh, sw = max(int(h * ratio + 0.5), 1), max(int(w * ratio + 0.5), 1)
    dy = tf.random.stateless_uniform([n, 1], s[0], -sh, sh + 1, tf.int32)
    dx = tf.random.stateless_uniform([n, 1], s[1], -sw, sw + 1, tf.int32)
    padded = tf.pad(images, [[0, 0], [sh, sh], [sw, sw], [0, 0]])
    rows = tf.range(h)[None] + sh - dy  # [n, h]
    cols = tf.range(w)[None] + sw - dx
    out = tf.gather(padded, rows, axis=1, batch_dims=1)
    return tf.gather(out, cols, axis=2, batch_dims=1)


def cutout(images, seed, ratio=0.5):
    """Zeroes a random square of `ratio` of the side in each image."""
    s = _split(seed, 2)
    n, h, w = tf.shape(images)[0], images.shape[1], images.shape[2]
    ch, cw = max(int(h * ratio + 0.5), 1), max(int(w * ratio + 0.5), 1)
    cy = tf.random.stateless_uniform([n, 1, 1], s[0], 0, h + (1 - ch % 2), tf.int32)
    cx = tf.random.stateless_uniform([n, 1, 1], s[1], 0, w + (1 - cw % 2), tf.int32)
    y = tf.range(h)[None, :, None]
    x = tf.range(w)[None, None, :]
    top, left = cy - ch // 2, cx - cw // 2  # an ch x cw square, clipped at the border
    inside = (y >= top) & (y < top + ch) & (x >= left) & (x < left + cw)
    mask = tf.cast(tf.logical_not(inside), images.dtype)[..., None]
    return images * mask


_FUNCTIONS = {"color": color, "translation": translation, "cutout": cutout}


def _parse(policy):
    if isinstance(policy, str):
        names = [p.strip() for p in policy.split(",") if p.strip()]
    else:
        names = list(policy) if isinstance(policy, (list, tuple)) else None
    if not names or any(n not in TRANSFORMS for n in names):
        raise ValueError(
            f"`policy` must name transforms among {list(TRANSFORMS)}, comma-separated. "
            f"Received: policy={policy!r}"
        )
    return tuple(names)


@register
class DiffAugment:
    """Differentiable augmentation applied to every image D sees.

    Pass it as `augment=` to any image family: real and generated images are
    augmented (each image with its own draw) before the discriminator in
    both players' updates, so the generator's gradient flows through the
    transforms. `DiffAugment(policy)(images, seed)` is a pure function of
    `seed` (an int64 `[2]` stateless seed).

    Args:
        policy: comma-separated transforms: `"color"` (brightness,
            saturation, contrast), `"translation"` (shift up to 1/8 of the
            side, zero padded), `"cutout"` (a square of half the side).

    Example:

    ```python
    import numpy as np
    import tensorflow as tf
    import keras_gans

    augment = keras_gans.augment.DiffAugment("color,translation,cutout")
    images = np.zeros((4, 8, 8, 1), "float32")
    out = augment(images, tf.constant([0, 1], tf.int64))
    ```

    Reference:
        [Zhao et al., 2020. Differentiable Augmentation for Data-Efficient
        GAN Training](https://arxiv.org/abs/2006.10738).
    """

    adaptive = False

    def __init__(self, policy="color,translation,cutout"):
        self.policy = _parse(policy)

    def apply(self, images, seed, probability=None):
        """Augments `images`; with `probability`, each image with that chance."""
        images = tf.convert_to_tensor(images)
        seeds = _split(seed, len(self.policy) + 1)
        out = images
        for name, s in zip(self.policy, tf.unstack(seeds[1:])):
            augmented = _FUNCTIONS[name](out, s)
            if probability is not None:
                keep = tf.random.stateless_uniform(
                    [tf.shape(out)[0], 1, 1, 1], tf.random.experimental.stateless_fold_in(s, 7)
                ) >= probability
                augmented = tf.where(keep, out, augmented)
            out = augmented
        return out

    def __call__(self, images, seed):
        return self.apply(images, seed)

    def get_config(self):
        return {"policy": ",".join(self.policy)}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


@register
class Adaptive(DiffAugment):
    """ADA's controller: each transform applies with a probability p that adapts.

    After each discriminator update the model computes the overfitting
    heuristic `r_t = E[sign(D(real))]` (the fraction of real logits that are
    positive, rescaled to [-1, 1]) and moves p by `rate * sign(r_t - target)`,
    clipped to [0, 1]: p rises while D is overconfident on the reals and
    falls otherwise. p is model state (`model.augment_p`), saved and resumed.

    Args:
        target: the target of `r_t` (0.6 in the paper).
        policy: the transforms, as in `DiffAugment`.
        rate: the change of p per discriminator update. The paper moves p
            by at most 1 per 500k real images; at our small scale the
            default, 0.005 per update, takes p from 0 to 1 in 200 updates.
        initial_p: p before training.

    Example:

    ```python
    import keras_gans

    augment = keras_gans.augment.Adaptive(target=0.6)
    ```

    Reference:
        [Karras et al., 2020. Training Generative Adversarial Networks with
        Limited Data](https://arxiv.org/abs/2006.06676), section 3.
    """

    adaptive = True

    def __init__(self, target=0.6, policy="color,translation,cutout", rate=0.005,
                 initial_p=0.0):
        super().__init__(policy)
        for name, value, low in (("target", target, -1), ("rate", rate, 0),
                                 ("initial_p", initial_p, 0)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                low <= value <= 1
            ):
                raise ValueError(f"`{name}` must be in [{low}, 1]. Received: {name}={value!r}")
        self.target, self.rate, self.initial_p = float(target), float(rate), float(initial_p)

    def next_p(self, p, real_logits):
        """p after one update on D's `real_logits`."""
        r = tf.reduce_mean(tf.sign(tf.cast(real_logits, tf.float32)))
        return tf.clip_by_value(p + self.rate * tf.sign(r - self.target), 0.0, 1.0)

    def get_config(self):
        return {"target": self.target, "policy": ",".join(self.policy), "rate": self.rate,
                "initial_p": self.initial_p}


def get(identifier):
    """An augmentation from `None`, an instance, a policy string or a config."""
    if identifier is None or isinstance(identifier, DiffAugment):
        return identifier
    if isinstance(identifier, str):
        return DiffAugment(identifier)
    if isinstance(identifier, dict):
        return keras.saving.deserialize_keras_object(identifier)
    raise ValueError(
        "`augment` must be None, a DiffAugment, an Adaptive or a policy string. "
        f"Received: augment={identifier!r}"
    )
