"""`captioned_fashion`: tinted Fashion-MNIST garments on a canvas, with captions.

Every example's attributes (class, colour, size, position) and the wording of
its caption are drawn from a NumPy generator seeded per split, so the dataset
is a pure function of the IDX files. The image is rendered in the input
pipeline: the garment is resized to its size, placed at its 3×3 grid
position on a black canvas and tinted with its colour. Its bounding box and
four keypoints (the top, bottom, left and right extremes of the garment's
mask) are measured on the rendered mask; the box is converted to keras-cv's
`"rel_yxyx"` format with `keras_cv.bounding_box.convert_format`.

Some (class, colour) compositions (`HELD_OUT`) never appear in the train
split; the test split draws every composition, so the generalisation to
unseen compositions can be measured on the test examples whose
`unseen_composition` is True.
"""

import functools
import re

import numpy as np
import tensorflow as tf

from keras_gans.datasets import _images

CLASSES = (
    ("t-shirt", "tee", "tank top"),
    ("trousers", "pants", "slacks"),
    ("pullover", "sweater", "jumper"),
    ("dress", "gown", "frock"),
    ("coat", "jacket", "overcoat"),
    ("sandal", "flip-flop", "slipper"),
    ("shirt", "blouse", "button-up"),
    ("sneaker", "trainer", "running shoe"),
    ("bag", "handbag", "purse"),
    ("ankle boot", "boot", "bootie"),
)
COLOURS = (
    ("red", "crimson", "scarlet"),
    ("orange", "tangerine", "amber"),
    ("yellow", "golden", "lemon"),
    ("green", "emerald", "lime"),
    ("cyan", "turquoise", "aqua"),
    ("blue", "azure", "cobalt"),
    ("purple", "violet", "magenta"),
    ("white", "ivory", "snowy"),
)
# RGB in [0, 1] of each colour (the garment's intensity scales it).
COLOUR_RGB = np.array(
    [[1.0, 0.1, 0.1], [1.0, 0.55, 0.0], [1.0, 0.95, 0.1], [0.1, 0.85, 0.1],
     [0.1, 0.9, 0.9], [0.15, 0.3, 1.0], [0.7, 0.15, 0.9], [1.0, 1.0, 1.0]],
    "float32",
)  # fmt: skip
SIZES = (("small", "tiny", "little"), ("medium", "mid-sized", "medium-sized"),
         ("large", "big", "huge"))  # fmt: skip
# The garment's side as a fraction of the canvas side, per size.
SIZE_FRACTIONS = (0.4, 0.55, 0.7)
# Position id = 3 * row + column; each has a name and a phrase with a preposition.
POSITIONS = (
    ("top left", "upper left"), ("top", "top middle"), ("top right", "upper right"),
    ("left", "middle left"), ("centre", "middle"), ("right", "middle right"),
    ("bottom left", "lower left"), ("bottom", "bottom middle"),
    ("bottom right", "lower right"),
)  # fmt: skip
TEMPLATES = (
    "a {size} {colour} {cls} in the {pos}",
    "{pos}: a {size} {colour} {cls}",
    "there is a {size} {colour} {cls} in the {pos} of the picture",
    "a {colour} {cls}, {size}, placed in the {pos}",
    "in the {pos} there is a {size} {colour} {cls}",
)
# (class, colour) pairs that appear only in the test split: one colour per class.
HELD_OUT = tuple((c, (3 * c + 1) % len(COLOURS)) for c in range(len(CLASSES)))
NUM_KEYPOINTS = 4  # top, bottom, left, right extremes of the garment's mask.
KEYPOINT_NAMES = ("top", "bottom", "left", "right")
MASK_THRESHOLD = 0.2  # garment intensity in [0, 1] above which a pixel is the garment
MIN_IMAGE_SIZE = 16
_SEEDS = {"train": 1301, "test": 1302}


def held_out_compositions():
    """The `(class, colour)` id pairs that appear only in the test split."""
    return list(HELD_OUT)


def caption_for(cls, colour, size, position, rng):
    """One caption of the attributes, its template and synonyms drawn from `rng`."""
    words = {
        "cls": CLASSES[cls][rng.integers(len(CLASSES[cls]))],
        "colour": COLOURS[colour][rng.integers(len(COLOURS[colour]))],
        "size": SIZES[size][rng.integers(len(SIZES[size]))],
        "pos": POSITIONS[position][rng.integers(len(POSITIONS[position]))],
    }
    return TEMPLATES[rng.integers(len(TEMPLATES))].format(**words)


def _phrase_table():
    table = []
    for key, groups in (("class", CLASSES), ("colour", COLOURS), ("size", SIZES),
                        ("position", POSITIONS)):
        for value, synonyms in enumerate(groups):
            table += [(phrase, key, value) for phrase in synonyms]
    # Longest phrases first, so "top left" wins over "top" and "t-shirt" over "shirt".
    return sorted(table, key=lambda entry: -len(entry[0]))


def parse_caption(caption):
    """The attributes a caption states, a dict `class/colour/size/position -> id`.

    The inverse of the caption templates: phrases are matched longest first
    on word boundaries, each character of the caption used at most once.
    An attribute that the caption does not state, or states twice with
    different values, is `None`.

    Example:
    >>> parse_caption("top left: a tiny crimson trainer")
    {'class': 7, 'colour': 0, 'size': 0, 'position': 0}
    """
    if isinstance(caption, bytes):
        caption = caption.decode("utf-8")
    text = caption.lower()
    found = {"class": set(), "colour": set(), "size": set(), "position": set()}
    for phrase, key, value in _phrase_table():
        pattern = r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])"
        for match in re.finditer(pattern, text):
            found[key].add(value)
            start, end = match.span()
            text = text[:start] + "#" * (end - start) + text[end:]
    return {key: values.pop() if len(values) == 1 else None for key, values in found.items()}


@functools.lru_cache(maxsize=4)
def _table(split, path):
    """Garments, labels and the drawn attributes and captions of a split."""
    garments, labels = _images.fashion_mnist_arrays(split, path)
    rng = np.random.default_rng(_SEEDS[split])
    n = len(labels)
    colours = rng.integers(len(COLOURS), size=n)
    sizes = rng.integers(len(SIZES), size=n)
    positions = rng.integers(len(POSITIONS), size=n)
    held = np.zeros((len(CLASSES), len(COLOURS)), bool)
    for c, k in HELD_OUT:
        held[c, k] = True
    if split == "train":
        # A held-out pair takes the next allowed colour instead (still seeded).
        shift = rng.integers(1, len(COLOURS), size=n)
        bad = held[labels, colours]
        colours[bad] = (colours[bad] + shift[bad]) % len(COLOURS)
        assert not held[labels, colours].any()
    captions = np.array(
        [caption_for(int(c), int(k), int(s), int(p), rng)
         for c, k, s, p in zip(labels, colours, sizes, positions)],
        dtype=object,
    ).astype(bytes)
    attributes = np.stack([labels, colours, sizes, positions], axis=1).astype("int32")
    return np.asarray(garments), attributes, captions, held[labels, colours]


def _sides(image_size):
    return np.array([int(round(f * image_size)) for f in SIZE_FRACTIONS], "int32")


def _extremes(mask):
    """The mask's four extreme points (normalised x, y) and its pixel box (xyxy)."""
    height, width = mask.shape[0], mask.shape[1]
    maskf = tf.cast(mask, tf.float32)
    rows = tf.where(tf.reduce_any(mask, axis=1))[:, 0]
    cols = tf.where(tf.reduce_any(mask, axis=0))[:, 0]
    y1, y2 = tf.reduce_min(rows), tf.reduce_max(rows)
    x1, x2 = tf.reduce_min(cols), tf.reduce_max(cols)
    grid_x = tf.range(width, dtype=tf.float32)
    grid_y = tf.range(height, dtype=tf.float32)

    def mean_x(row):
        weights = maskf[row]
        return tf.reduce_sum(weights * grid_x) / tf.reduce_sum(weights)

    def mean_y(col):
        weights = maskf[:, col]
        return tf.reduce_sum(weights * grid_y) / tf.reduce_sum(weights)

    y1f, y2f, x1f, x2f = (tf.cast(v, tf.float32) for v in (y1, y2, x1, x2))
    points = tf.stack([
        [mean_x(y1), y1f], [mean_x(y2), y2f], [x1f, mean_y(x1)], [x2f, mean_y(x2)],
    ])  # fmt: skip
    points = (points + 0.5) / tf.constant([width, height], tf.float32)
    box = tf.stack([x1f, y1f, x2f + 1.0, y2f + 1.0])
    return points, box


def _renderer(image_size):
    import keras_cv

    sides = tf.constant(_sides(image_size))
    rgb = tf.constant(COLOUR_RGB)

    def render(garment, attributes, caption, unseen):
        cls, colour, size, position = tf.unstack(attributes)
        side = sides[size]
        g = tf.image.resize(tf.reshape(tf.cast(garment, tf.float32), [28, 28, 1]) / 255.0,
                            [side, side],
                            antialias=True)
        g = tf.clip_by_value(g, 0.0, 1.0)
        free = image_size - side
        row, col = position // 3, position % 3
        canvas = tf.image.pad_to_bounding_box(g, row * free // 2, col * free // 2,
                                              image_size, image_size)
        canvas = tf.ensure_shape(canvas, (image_size, image_size, 1))
        image = canvas * rgb[colour] * 2.0 - 1.0
        mask = canvas[..., 0] > MASK_THRESHOLD
        # A faint garment shrunk to a few pixels may have no pixel above the
        # threshold: then its mask is its whole square on the canvas.
        square = tf.image.pad_to_bounding_box(tf.ones([side, side, 1]), row * free // 2,
                                              col * free // 2, image_size, image_size)
        mask = tf.cond(tf.reduce_any(mask), lambda: mask, lambda: square[..., 0] > 0.5)
        points, box = _extremes(mask)
        box = keras_cv.bounding_box.convert_format(
            box[None], source="xyxy", target="rel_yxyx", images=image
        )[0]
        keypoints = tf.concat([points, tf.ones([NUM_KEYPOINTS, 1])], axis=-1)
        return {
            "image": image,
            "caption": caption,
            "box": box,
            "keypoints": keypoints,
            "attributes": {"class": cls, "colour": colour, "size": size,
                           "position": position},
            "unseen_composition": unseen,
        }

    return render


def load_captioned(split="train", image_size=32, path=None, **kwargs):
    """`load("captioned_fashion", ...)`: see `keras_gans.datasets.load`."""
    if kwargs:
        raise ValueError(
            f"Unexpected keyword argument(s) {sorted(kwargs)} for dataset "
            "'captioned_fashion'. Accepted: ['image_size']."
        )
    if not isinstance(split, str) or split not in ("train", "test"):
        raise ValueError(f'`split` must be "train" or "test". Received: {split!r}')
    if isinstance(image_size, bool) or not isinstance(image_size, (int, np.integer)) or (
        image_size < MIN_IMAGE_SIZE
    ):
        raise ValueError(
            f"`image_size` must be an int >= {MIN_IMAGE_SIZE}. Received: {image_size!r}"
        )
    garments, attributes, captions, unseen = _table(split, path)
    ds = tf.data.Dataset.from_tensor_slices((garments, attributes, captions, unseen))
    return ds.map(_renderer(int(image_size)), num_parallel_calls=tf.data.AUTOTUNE,
                  deterministic=True)


def captioned_arrays(split="train", image_size=32, count=None, path=None):
    """The first `count` examples of a split as NumPy arrays (see `load`).

    Returns:
        A dict: `image` float32 `[n, s, s, 3]`, `caption` bytes `[n]`, `box`
        `[n, 4]`, `keypoints` `[n, 4, 3]`, `attributes` int32 `[n, 4]`
        (class, colour, size, position) and `unseen_composition` bool `[n]`.
    """
    ds = load_captioned(split, image_size, path)
    if count is not None:
        ds = ds.take(count)
    out = {k: [] for k in ("image", "caption", "box", "keypoints", "attributes",
                           "unseen_composition")}
    for batch in ds.batch(2048):
        for key in out:
            value = batch[key]
            if key == "attributes":
                value = tf.stack([value[k] for k in ("class", "colour", "size", "position")], -1)
            out[key].append(value.numpy())
    return {k: np.concatenate(v) for k, v in out.items()}
