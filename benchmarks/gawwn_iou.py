"""GAWWN on `captioned_fashion`: does the garment land in the requested box?

Protocol (issue 13), one fixed configuration and budget, seed `--seed`:

1. The mask of a picture. `captioned_fashion` draws each garment on a black
   canvas (-1 in every channel) and tints it with a colour whose brightest
   channel is at least 0.85; the dataset's own mask is "garment intensity >
   `MASK_THRESHOLD`" (0.2). From pixels alone (the tint of a generated
   image is unknown) the mask here is: **a pixel belongs to the garment if
   its brightest channel, mapped to [0, 1], exceeds `MASK_THRESHOLD`**, i.e.
   differs from the black background by more than 0.2 of the range. The
   mask's box is the smallest pixel-aligned box holding every mask pixel
   (nothing else: no connected components, no clean-up), converted to
   keras-cv `"rel_yxyx"` with `keras_cv.bounding_box.convert_format`. An
   empty mask scores IoU 0.
2. The ceiling. The same measurement on the REAL test images against their
   own `box`: `keras_cv.bounding_box.compute_iou`. It must be near 1 for the
   mask definition to be a fair judge of generated images.
3. The text encoder (`CharCNNRNN`) pre-trained with `JointEmbedding` on the
   train captions (one epoch of the training examples), then frozen.
4. `GAWWN(location="box")` (method `"cls"`, `gawwn_generator` /
   `gawwn_discriminator` with `--filters`, z 64, compressed text 64),
   Adam(2e-4, β₁ = 0.5), batch `--batch-size`, `--steps` steps on the first
   `--train-count` train examples, shuffled with the seed.
5. For each of the first `--eval-count` test examples, one image of its
   caption in its box (seed `--seed + 1`); the IoU between the requested
   box and the generated mask's box, and the fraction of the mask's pixels
   inside the requested box. The mean IoU is the result (goal: >= 0.5).
   Two location-blind references, from the data alone: the IoU of each
   requested box with the real mask box of the *next* test example (a
   perfect garment drawn where the data puts garments, ignoring the
   request), and with the whole canvas; for keypoints, the distance to the
   next test example's keypoints.
6. With `--keypoint-steps` > 0 (default 500), the same for `GAWWN(location="keypoints")`:
   each test example's four keypoints (top, bottom, left, right extremes of
   the garment) are requested, and the placement error is the mean
   distance, in canvas sides, between each requested keypoint and the
   generated mask's extreme of the same name (measured as the dataset
   measures it, `_captioned._extremes`; an empty mask counts 1). The
   keypoint completer's error:
   two of four keypoints hidden at random, the mean distance between the
   hidden ones and `complete_keypoints`' predictions.

Writes `--json` (default `benchmarks/gawwn_iou.json`) and prints a markdown row.
"""

import argparse
import os
import sys
import time

import keras
import keras_cv
import numpy as np
import tensorflow as tf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

from keras_gans import datasets  # noqa: E402
from keras_gans import models  # noqa: E402
from keras_gans import text  # noqa: E402
from keras_gans.datasets import _captioned  # noqa: E402


def garment_masks(images):
    """`[n, s, s]` bools: the brightest channel in [0, 1] above `MASK_THRESHOLD`."""
    return (np.asarray(images).max(axis=-1) + 1.0) / 2.0 > _captioned.MASK_THRESHOLD


def mask_boxes(images):
    """The mask's boxes (`"rel_yxyx"`) and whether each mask is empty."""
    masks = garment_masks(images)
    side = masks.shape[1]
    pixel_boxes = np.zeros((len(masks), 4), "float32")  # xyxy, pixel edges
    empty = ~masks.any(axis=(1, 2))
    for i, mask in enumerate(masks):
        if empty[i]:
            continue
        ys, xs = np.nonzero(mask)
        pixel_boxes[i] = [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]
    boxes = keras_cv.bounding_box.convert_format(
        pixel_boxes, source="xyxy", target="rel_yxyx", image_shape=(side, side, 3))
    return np.asarray(boxes), empty


def box_ious(requested, images):
    """IoU of each requested box with its image's mask box (0 for an empty mask)."""
    found, empty = mask_boxes(images)
    ious = keras_cv.bounding_box.compute_iou(
        np.asarray(requested, "float32")[:, None], found[:, None], "rel_yxyx")
    ious = np.asarray(ious)[:, 0, 0]
    return np.where(empty, 0.0, ious), empty


def inside_fraction(requested, images):
    """The fraction of each mask's pixels whose centre lies in the requested box."""
    masks = garment_masks(images)
    side = masks.shape[1]
    centres = (np.arange(side) + 0.5) / side
    y1, x1, y2, x2 = (np.asarray(requested)[:, i, None] for i in range(4))
    rows = (centres >= y1) & (centres <= y2)
    cols = (centres >= x1) & (centres <= x2)
    inside = rows[:, :, None] & cols[:, None, :]
    total = masks.sum(axis=(1, 2))
    return np.where(total > 0, (masks & inside).sum(axis=(1, 2)) / np.maximum(total, 1), 0.0)


def keypoint_errors(requested, images):
    """Mean distance (canvas sides) of each image's mask extremes to the requested ones."""
    masks = garment_masks(images)
    errors = np.ones(len(masks), "float32")  # an empty mask: one canvas side
    for i, mask in enumerate(masks):
        if mask.any():
            points, _ = _captioned._extremes(tf.constant(mask))
            distance = np.linalg.norm(points.numpy() - requested[i, :, :2], axis=-1)
            errors[i] = distance.mean()
    return errors


def pretrained_encoder(train, size, batch_size):
    encoder = text.CharCNNRNN(embedding_dim=64, max_length=64, char_embedding_dim=32,
                              conv_filters=(64, 64), rnn_units=64)
    joint = text.JointEmbedding(encoder, text.image_encoder((size, size, 3), 64, filters=16))
    joint.compile(optimizer=keras.optimizers.Adam(1e-3))
    composition = np.ravel_multi_index(train["attributes"].T, (10, 8, 3, 9))
    joint.fit((train["image"], train["caption"]), composition, batch_size=batch_size,
              epochs=1, verbose=0)
    return encoder


def train_gawwn(location, encoder, train, args, steps):
    size = args.image_size
    keras.utils.set_random_seed(args.seed)
    gan = models.GAWWN(
        models.gawwn_generator((size, size, 3), 64, 64, location, compressed_dim=64,
                               filters=args.filters),
        models.gawwn_discriminator((size, size, 3), 64, location, compressed_dim=64,
                                   filters=args.filters),
        encoder, location=location, latent_dim=64, seed=args.seed)
    optimizers = {player: keras.optimizers.Adam(2e-4, beta_1=0.5) for player in gan.players}
    gan.compile(optimizers=optimizers)
    key = "box" if location == "box" else "keypoints"
    ds = tf.data.Dataset.from_tensor_slices(
        {"image": train["image"], "caption": train["caption"], key: train[key]})
    ds = ds.shuffle(len(train["caption"]), seed=args.seed).repeat()
    ds = ds.batch(args.batch_size, drop_remainder=True).take(steps)
    t = time.perf_counter()
    history = gan.fit(ds, epochs=1, verbose=0).history
    return gan, {"train_s": round(time.perf_counter() - t, 1), "steps": steps,
                 "last_logs": {k: float(v[-1]) for k, v in history.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--image-size", type=int, default=32)
    parser.add_argument("--train-count", type=int, default=12000)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--keypoint-steps", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--filters", type=int, default=32)
    parser.add_argument("--eval-count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", default=os.path.join(os.path.dirname(__file__),
                                                       "gawwn_iou.json"))
    args = parser.parse_args()
    start = time.perf_counter()
    results = _common.new_results(args, {})
    size = args.image_size
    train = datasets.captioned_fashion_arrays("train", size, count=args.train_count)
    test = datasets.captioned_fashion_arrays("test", size, count=args.eval_count)

    # 2. The ceiling: real test images against their own boxes.
    real_iou, real_empty = box_ious(test["box"], test["image"])
    real_keypoints = keypoint_errors(test["keypoints"], test["image"])
    results["real"] = {"mean_iou": float(real_iou.mean()), "min_iou": float(real_iou.min()),
                       "empty": int(real_empty.sum()),
                       "inside": float(inside_fraction(test["box"], test["image"]).mean()),
                       "keypoint_error": float(real_keypoints.mean())}
    print("real test images (the ceiling):", results["real"], flush=True)
    whole = np.tile(np.array([[0.0, 0.0, 1.0, 1.0]], "float32"), (len(test["box"]), 1))
    results["location_blind"] = {
        "next_example": float(box_ious(test["box"], np.roll(test["image"], -1, 0))[0].mean()),
        "whole_canvas": float(np.diagonal(np.asarray(keras_cv.bounding_box.compute_iou(
            test["box"], whole, "rel_yxyx"))).mean()),
        "keypoint_error_next_example": float(np.linalg.norm(
            test["keypoints"][:, :, :2] - np.roll(test["keypoints"], -1, 0)[:, :, :2],
            axis=-1).mean()),
    }
    print("location-blind references:", results["location_blind"], flush=True)

    # 3. The text encoder.
    t = time.perf_counter()
    keras.utils.set_random_seed(args.seed)
    encoder = pretrained_encoder(train, size, args.batch_size)
    results["encoder_s"] = round(time.perf_counter() - t, 1)
    print(f"encoder: {results['encoder_s']} s", flush=True)

    # 4-5. The box model.
    gan, row = train_gawwn("box", encoder, train, args, args.steps)
    fake = gan.generate(test["caption"], boxes=test["box"], seed=args.seed + 1)
    ious, empty = box_ious(test["box"], fake)
    row.update({"mean_iou": float(ious.mean()), "median_iou": float(np.median(ious)),
                "fraction_iou_ge_0.5": float((ious >= 0.5).mean()), "empty": int(empty.sum()),
                "inside": float(inside_fraction(test["box"], fake).mean())})
    results["runs"]["box"] = row
    print("box:", row, flush=True)

    # 6. The keypoints model.
    if args.keypoint_steps > 0:
        gan, row = train_gawwn("keypoints", encoder, train, args, args.keypoint_steps)
        fake = gan.generate(test["caption"], keypoints=test["keypoints"], seed=args.seed + 1)
        errors = keypoint_errors(test["keypoints"], fake)
        rng = np.random.default_rng(args.seed)
        visible = np.zeros((len(fake), 4), bool)
        for i in range(len(fake)):
            visible[i, rng.choice(4, 2, replace=False)] = True
        completed = gan.complete_keypoints(test["caption"], test["keypoints"], visible)
        hidden_error = np.linalg.norm(completed[..., :2] - test["keypoints"][..., :2], axis=-1)
        row.update({"keypoint_error": float(errors.mean()),
                    "empty": int((~garment_masks(fake).any(axis=(1, 2))).sum()),
                    "completion_error_hidden": float(hidden_error[~visible].mean())})
        results["runs"]["keypoints"] = row
        print("keypoints:", row, flush=True)

    _common.finish(results, start, args.json)
    box = results["runs"]["box"]
    blind = results["location_blind"]
    print("\n| seed | steps | real-image ceiling | location-blind (next example / canvas) |"
          " mean IoU | IoU >= 0.5 | inside box | empty masks |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| {args.seed} | {args.steps} | {results['real']['mean_iou']:.3f} | "
          f"{blind['next_example']:.3f} / {blind['whole_canvas']:.3f} | "
          f"{box['mean_iou']:.3f} | {box['fraction_iou_ge_0.5']:.3f} | {box['inside']:.3f} | "
          f"{box['empty']} / {args.eval_count} |")


if __name__ == "__main__":
    main()
