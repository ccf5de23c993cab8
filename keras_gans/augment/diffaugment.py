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

    After each discriminator update the model accumulates the overfitting
    heuristic `r_t = E[sign(D(real))]` (the mean sign of the real logits, in
    [-1, 1]); every `interval` updates it averages `r_t` over them and moves
    p by `rate * sign(r_t - target)`, clipped to [0, 1]: p rises while D is
    overconfident on the reals and falls otherwise. p (`model.augment_p`)
    and the running sum and count of `r_t` since the last adjustment
    (`model.augment_stats`, present when `interval > 1`) are model state,
    saved and resumed exactly.

    The paper adjusts every 4 minibatches (`interval=4`) by `batch_size *
    interval / 500_000`, so that p can go from 0 to 1 in 500k real images
    (`Adaptive.paper_rate(batch_size)`; 0.000512 at batch 64). Runs at our
    scale see far fewer images (a 2,000-step run at batch 64 sees 128k), so
    the default `rate` is faster: 0.02 per adjustment, p from 0 to 1 in 50
    adjustments, i.e. 200 discriminator updates.

    Args:
        target: the target of `r_t` (0.6 in the paper).
        policy: the transforms, as in `DiffAugment`.
        rate: the change of p per adjustment, in [0, 1].
        initial_p: p before training.
        interval: discriminator updates per adjustment (4 in the paper);
            `r_t` is averaged over them. 1 adjusts after every update.

    Example:

    ```python
    import keras_gans

    augment = keras_gans.augment.Adaptive(target=0.6)
    # The paper's speed at batch 64: p from 0 to 1 in 500k real images.
    paper = keras_gans.augment.Adaptive(rate=keras_gans.augment.Adaptive.paper_rate(64))
    ```

    Reference:
        [Karras et al., 2020. Training Generative Adversarial Networks with
        Limited Data](https://arxiv.org/abs/2006.06676), section 3 and
        appendix (ada_interval 4, ada_kimg 500).
    """

    adaptive = True

    def __init__(self, target=0.6, policy="color,translation,cutout", rate=0.02,
                 initial_p=0.0, interval=4):
        super().__init__(policy)
        for name, value, low in (("target", target, -1), ("rate", rate, 0),
                                 ("initial_p", initial_p, 0)):
            if isinstance(value, bool) or not isinstance(value, numbers.Real) or not (
                low <= value <= 1
            ):
                raise ValueError(f"`{name}` must be in [{low}, 1]. Received: {name}={value!r}")
        if isinstance(interval, bool) or not isinstance(interval, numbers.Integral) or (
            interval < 1
        ):
            raise ValueError(f"`interval` must be an int >= 1. Received: interval={interval!r}")
        self.target, self.rate, self.initial_p = float(target), float(rate), float(initial_p)
        self.interval = int(interval)

    @staticmethod
    def paper_rate(batch_size, images=500_000, interval=4):
        """The paper's `rate`: p can go from 0 to 1 in `images` real images."""
        return batch_size * interval / images

    @staticmethod
    def heuristic(real_logits):
        """`r_t = E[sign(D(real))]` of one update, a float32 scalar."""
        return tf.reduce_mean(tf.sign(tf.cast(real_logits, tf.float32)))

    def next_p(self, p, r):
        """p after one adjustment on the (averaged) heuristic `r`."""
        return tf.clip_by_value(p + self.rate * tf.sign(r - self.target), 0.0, 1.0)

    def update(self, p, stats, real_logits):
        """One discriminator update: returns the new `(p, stats)`.

        `stats` is `[sum of r_t, count]` since the last adjustment; once the
        count reaches `interval`, p moves on their mean and `stats` resets.
        """
        total = stats + tf.stack([self.heuristic(real_logits), 1.0])
        adjust = total[1] >= self.interval
        p = tf.where(adjust, self.next_p(p, total[0] / total[1]), p)
        return p, tf.where(adjust, tf.zeros_like(total), total)

    def get_config(self):
        return {"target": self.target, "policy": ",".join(self.policy), "rate": self.rate,
                "initial_p": self.initial_p, "interval": self.interval}

    @classmethod
    def from_config(cls, config):
        # Configs saved before `interval` existed adjusted p after every
        # update and saved no `augment_stats`: they load as they were saved.
        return cls(**{"interval": 1, **config})


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
