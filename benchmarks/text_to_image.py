"""Text to image on `captioned_fashion`: caption faithfulness of GAN-CLS / -INT.

Protocol (issue 13), at one fixed budget for every method:

1. A judge of the four attributes, scored on real test images: by default
   the shipped CNN (`metrics.captioned_fashion_judge`, trained by
   `tools/train_captioned_fashion_judge.py`); with `--judge fitted`,
   logistic regressions fitted here on 6,000 real train images: colour, size
   and position on measured features of the garment's mask (its box,
   centre, extent and mean colour), the class on the shipped Fashion-MNIST
   classifier's 128-d features of the garment's crop (greyscale, resized to
   28×28). An empty canvas gets every attribute wrong.
2. The char-CNN-RNN text encoder pre-trained with `JointEmbedding` (the
   structured loss's classes: the compositions); top-1 retrieval on held-out
   test pairs, both directions.
3. `TextToImageGAN` with the frozen encoder for each `method`, the same
   networks, optimizer, steps and seed; one image per test caption, judged;
   accuracy of each attribute and of all four jointly, separately on test
   captions whose (class, colour) composition is seen in training and on
   those never seen; FID with the shipped Fashion-MNIST features between the
   greyscale generated images and the greyscale real test images of the same
   captions.

`--rejudge <npz>` scores the images an earlier run saved, with the shipped
judge, and trains nothing.

Writes `benchmarks/text_to_image.json` (or `--json`), and beside it the
judged images (`<json stem>_images.npz`, uint8, with the test indices of
their captions).
"""

import argparse
import json
import os
import time

import keras
import numpy as np
import tensorflow as tf
from PIL import Image
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from keras_gans import datasets
from keras_gans import metrics
from keras_gans import models
from keras_gans import text
from keras_gans.datasets import _captioned

ATTRIBUTES = ("class", "colour", "size", "position")


def mask_of(images):
    return images.max(axis=-1) > -1 + 2 * _captioned.MASK_THRESHOLD


def measured_features(images):
    """Box, centre, extent, area and mean colour of each image's mask."""
    side = images.shape[1]
    out = np.zeros((len(images), 12), "float32")
    masks = mask_of(images)
    for i, (image, mask) in enumerate(zip(images, masks)):
        ys, xs = np.nonzero(mask)
        if len(ys) == 0:
            continue
        y1, y2, x1, x2 = ys.min() / side, (ys.max() + 1) / side, xs.min() / side, (
            xs.max() + 1) / side
        rgb = ((image[mask] + 1) / 2).mean(axis=0)
        out[i] = [y1, x1, y2, x2, y2 - y1, x2 - x1, (y1 + y2) / 2, (x1 + x2) / 2,
                  *(rgb / max(rgb.max(), 1e-6)), mask.mean()]
    return out


def garment_crops(images):
    """Greyscale 28×28 crops of each garment's box (square-padded), in [-1, 1]."""
    side = images.shape[1]
    crops = np.full((len(images), 28, 28, 1), -1.0, "float32")
    grey = images.max(axis=-1)  # the tint's brightest channel: the garment's intensity
    masks = mask_of(images)
    for i in range(len(images)):
        ys, xs = np.nonzero(masks[i])
        if len(ys) == 0:
            continue
        cy, cx = (ys.min() + ys.max() + 1) / 2, (xs.min() + xs.max() + 1) / 2
        half = max(ys.max() + 1 - ys.min(), xs.max() + 1 - xs.min()) / 2
        y1, x1 = int(np.floor(cy - half)), int(np.floor(cx - half))
        size = int(np.ceil(2 * half))
        canvas = np.full((size, size), -1.0, "float32")
        src = grey[i, max(y1, 0):min(y1 + size, side), max(x1, 0):min(x1 + size, side)]
        canvas[max(-y1, 0):max(-y1, 0) + src.shape[0],
               max(-x1, 0):max(-x1, 0) + src.shape[1]] = src
        g = (canvas + 1) / 2
        g = Image.fromarray(g / max(g.max(), 1e-6)).resize((28, 28), Image.BILINEAR)
        crops[i, ..., 0] = np.asarray(g) * 2 - 1
    return crops


class Judge:
    """Four attribute classifiers fitted on real images (see the module doc)."""

    def _features(self, images):
        measured = measured_features(images)
        crop_features = metrics.fashion_mnist_features(garment_crops(images))
        return measured, crop_features

    def fit(self, images, attributes):
        measured, crop_features = self._features(images)
        self.heads = {}
        head = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000, C=1.0))
        self.heads["class"] = head.fit(crop_features, attributes[:, 0])
        # The size head also sees the class probabilities: a garment's extent
        # at one size depends on its class.
        probabilities = self.heads["class"].predict_proba(crop_features)
        for k, name in enumerate(ATTRIBUTES[1:], start=1):
            x = np.concatenate([measured, probabilities], 1) if name == "size" else measured
            head = make_pipeline(StandardScaler(), LogisticRegression(max_iter=3000, C=10.0))
            self.heads[name] = head.fit(x, attributes[:, k])
        return self

    def predict(self, images):
        measured, crop_features = self._features(images)
        empty = ~mask_of(images).any(axis=(1, 2))
        out = np.zeros((len(images), 4), "int64")
        out[:, 0] = self.heads["class"].predict(crop_features)
        probabilities = self.heads["class"].predict_proba(crop_features)
        for k, name in enumerate(ATTRIBUTES[1:], start=1):
            x = np.concatenate([measured, probabilities], 1) if name == "size" else measured
            out[:, k] = self.heads[name].predict(x)
        out[empty] = -1  # nothing drawn: every attribute wrong
        return out


class ShippedJudge:
    """The shipped CNN judge (`metrics.captioned_fashion_judge`), trained on real canvases."""

    def __init__(self):
        self.model = metrics.captioned_fashion_judge()

    def predict(self, images):
        out = metrics.judge_attributes(images, judge=self.model).astype("int64")
        out[~mask_of(images).any(axis=(1, 2))] = -1  # nothing drawn: every attribute wrong
        return out


def accuracies(predicted, attributes):
    right = predicted == attributes
    result = {name: float(right[:, k].mean()) for k, name in enumerate(ATTRIBUTES)}
    result["joint"] = float(right.all(axis=1).mean())
    return result


def greyscale(images):
    return tf.image.rgb_to_grayscale(images).numpy()


def rejudge(args):
    """Scores the images of an earlier run's `_images.npz` with the shipped judge."""
    saved = np.load(args.rejudge)
    test = datasets.captioned_fashion_arrays("test", args.image_size)
    judge = ShippedJudge()
    report = {"rejudged": args.rejudge, "judge": "shipped",
              "judge_real_test_2000": accuracies(judge.predict(test["image"][:2000]),
                                                 test["attributes"][:2000]),
              "methods": {}}
    for key in sorted(saved.files):
        if key.endswith("_index"):
            continue
        method, name = key.rsplit("_", 1)
        images = saved[key].astype("float32") / 127.5 - 1
        index = saved[f"{name}_index"]
        report["methods"].setdefault(method, {})[name] = accuracies(
            judge.predict(images), test["attributes"][index])
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--image-size", type=int, default=32)
    parser.add_argument("--train-count", type=int, default=12000)
    parser.add_argument("--pretrain-epochs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--filters", type=int, default=32)
    parser.add_argument("--methods", default="plain,cls,int,int_cls")
    parser.add_argument("--eval-count", type=int, default=500)
    parser.add_argument("--interpolation-weight", type=float, default=0.5,
                        help="weight of G's interpolated-caption term (int methods)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--precision", choices=("auto", "float32", "bfloat16"), default="auto",
                        help="the GANs' precision (auto: bfloat16 where the CPU has it; the "
                             "runs of 2026-12-04/05 were float32, on a CPU without bf16)")
    parser.add_argument("--judge", choices=("shipped", "fitted"), default="shipped",
                        help="the shipped CNN judge, or logistic regressions fitted here")
    parser.add_argument("--rejudge", metavar="NPZ",
                        help="score the images saved by an earlier run; train nothing")
    parser.add_argument("--json", default=os.path.join(os.path.dirname(__file__),
                                                       "text_to_image.json"))
    args = parser.parse_args()
    if args.rejudge:
        return rejudge(args)
    start = time.time()
    size = args.image_size
    train = datasets.captioned_fashion_arrays("train", size, count=args.train_count)
    test = datasets.captioned_fashion_arrays("test", size)
    print(f"data: {time.time() - start:.0f} s", flush=True)

    # 1. The judge, on real images.
    t = time.time()
    if args.judge == "shipped":
        judge = ShippedJudge()
    else:
        judge = Judge().fit(train["image"][:6000], train["attributes"][:6000])
    judge_real = accuracies(judge.predict(test["image"][:2000]), test["attributes"][:2000])
    print("judge on real test images:", judge_real, f"{time.time() - t:.0f} s", flush=True)

    # 2. The text encoder, pre-trained with the joint embedding.
    t = time.time()
    keras.utils.set_random_seed(args.seed)
    encoder = text.CharCNNRNN(embedding_dim=64, max_length=64, char_embedding_dim=32,
                              conv_filters=(64, 64), rnn_units=64)
    joint = text.JointEmbedding(encoder, text.image_encoder((size, size, 3), 64, filters=16))
    joint.compile(optimizer=keras.optimizers.Adam(1e-3))
    composition = np.ravel_multi_index(train["attributes"].T, (10, 8, 3, 9))
    joint.fit((train["image"], train["caption"]), composition, batch_size=64,
              epochs=args.pretrain_epochs, verbose=0)
    held = slice(0, 1000)
    retrieval = {
        "pairs_of_1000": joint.retrieval_accuracy(test["image"][held], test["caption"][held]),
        "composition_of_1000": joint.retrieval_accuracy(
            test["image"][held], test["caption"][held],
            labels=np.ravel_multi_index(test["attributes"][held].T, (10, 8, 3, 9))),
        "wall_s": round(time.time() - t, 1),
    }
    # What the text embedding says about each attribute: a linear probe
    # (logistic regression) from the embeddings of 5,000 train captions to
    # the attributes, scored on 2,000 test captions.
    (train_text,) = joint.embed(captions=train["caption"][:5000])
    (test_text,) = joint.embed(captions=test["caption"][:2000])
    retrieval["text_probe"] = {}
    for k, name in enumerate(ATTRIBUTES):
        probe = LogisticRegression(max_iter=2000).fit(train_text, train["attributes"][:5000, k])
        retrieval["text_probe"][name] = float(
            (probe.predict(test_text) == test["attributes"][:2000, k]).mean())
    print("retrieval:", retrieval, flush=True)

    # Evaluation captions: the first seen and unseen compositions of the test split.
    unseen = np.nonzero(test["unseen_composition"])[0][: args.eval_count]
    seen = np.nonzero(~test["unseen_composition"])[0][: args.eval_count]

    ds = tf.data.Dataset.from_tensor_slices((train["image"], train["caption"]))
    ds = ds.shuffle(len(train["caption"]), seed=args.seed).repeat()
    ds = ds.batch(args.batch_size, drop_remainder=True).take(args.steps)
    results = {}
    generated = {"seen_index": seen, "unseen_index": unseen}
    for method in args.methods.split(","):
        t = time.time()
        keras.utils.set_random_seed(args.seed)
        gan = models.TextToImageGAN(
            models.text_to_image_generator((size, size, 3), 64, 64, 64, filters=args.filters),
            models.text_to_image_discriminator((size, size, 3), 64, 64, filters=args.filters),
            encoder, method=method, interpolation_weight=args.interpolation_weight,
            latent_dim=64, seed=args.seed, precision=args.precision)
        gan.compile(g_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5),
                    d_optimizer=keras.optimizers.Adam(2e-4, beta_1=0.5))
        history = gan.fit(ds, epochs=1, verbose=0).history
        train_s = time.time() - t
        row = {"train_s": round(train_s, 1),
               "last_logs": {k: float(v[-1]) for k, v in history.items()}}
        for name, index in (("seen", seen), ("unseen", unseen)):
            fake = gan.generate(test["caption"][index], seed=args.seed + 1)
            generated[f"{method}_{name}"] = ((fake + 1) * 127.5).clip(0, 255).astype("uint8")
            row[name] = accuracies(judge.predict(fake), test["attributes"][index])
            row[name]["fid_grey"] = float(metrics.frechet_distance(
                metrics.fashion_mnist_features(greyscale(fake)),
                metrics.fashion_mnist_features(greyscale(test["image"][index]))))
            row[name]["count"] = int(len(index))
        results[method] = row
        print(method, json.dumps(row), flush=True)
        if method == args.methods.split(",")[0]:
            grid = gan.generate(test["caption"][unseen[:16]], seed=args.seed + 1)
            grid = ((grid + 1) * 127.5).clip(0, 255).astype("uint8")
            grid = grid.reshape(2, 8, size, size, 3).transpose(0, 2, 1, 3, 4)
            Image.fromarray(grid.reshape(2 * size, 8 * size, 3)).save(
                os.path.splitext(args.json)[0] + f"_{method}.png")

    report = {
        "args": vars(args),
        "judge": args.judge,
        "judge_real_test_2000": judge_real,
        "retrieval": retrieval,
        "methods": results,
        "wall_s": round(time.time() - start, 1),
    }
    with open(args.json, "w") as f:
        json.dump(report, f, indent=2)
    # The judged images (uint8), so another judge can score them again.
    np.savez_compressed(os.path.splitext(args.json)[0] + "_images.npz", **generated)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
