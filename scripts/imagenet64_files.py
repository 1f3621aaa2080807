#!/usr/bin/env python3
"""Writes a Downsampled ImageNet 64x64 file set the way the official one was made.

The official train_data_batch_1..10 and val_data are Python pickles (pickle.dump of a dict) of
{'data': uint8 array (N, 12288) with the R, G and B planes of each 64x64 image in a row,
 'labels': list of N ints in 1..1000, 'mean': float64 array (12288,)} ('mean' only in the
training batches); the npz release holds the same arrays (labels as an array). This script
writes such files for tests and benchmarks, with any pickle protocol and whichever numpy the
interpreter has (numpy 1.x pickles name numpy.core, 2.x numpy._core).

Pixels and labels follow a formula the tests check byte by byte:
  file index b (train_data_batch_b: b = 1..10, val_data: b = 0), image k, byte j:
  label = (b * 1009 + k * 31) % 1000 + 1,  pixel = (k * 3 + j * 7 + b * 11) % 256
With --random the pixels are random instead (full-size benchmark sets).

A --variant writes a deliberately broken set for the bad-data tests.
"""
import argparse
import os
import pickle

import numpy as np

IMAGE = 64 * 64 * 3
VARIANTS = ["good", "not-a-dict", "no-data", "no-labels", "label-zero", "label-1001", "float-data", "wrong-width",
            "few-labels"]


def images(b, n, rng):
    if rng is not None:
        return rng.integers(0, 256, size=(n, IMAGE), dtype=np.uint8)
    k = np.arange(n, dtype=np.int64)[:, None]
    j = np.arange(IMAGE, dtype=np.int64)[None, :]
    return ((k * 3 + j * 7 + b * 11) % 256).astype(np.uint8)


def labels(b, n):
    return [int((b * 1009 + k * 31) % 1000 + 1) for k in range(n)]


def content(b, n, args, rng, train):
    d = {"data": images(b, n, rng), "labels": labels(b, n)}
    if train:
        d["mean"] = np.full(IMAGE, 127.5, dtype=np.float64)
    v = args.variant if b == args.broken else "good"
    if v == "no-data":
        del d["data"]
    elif v == "no-labels":
        del d["labels"]
    elif v == "label-zero":
        d["labels"][n - 1] = 0
    elif v == "label-1001":
        d["labels"][n - 1] = 1001
    elif v == "float-data":
        d["data"] = d["data"].astype(np.float32)
    elif v == "wrong-width":
        d["data"] = d["data"][:, :IMAGE - 3]
    elif v == "few-labels":
        d["labels"] = d["labels"][:-1]
    if args.labels_array or args.format != "pickle":
        if "labels" in d:
            d["labels"] = np.array(d["labels"], dtype=np.int64)
    if v == "not-a-dict":
        return [d.get("data"), d.get("labels")]
    return d


def write(path, d, args):
    if args.format == "pickle":
        with open(path, "wb") as f:
            pickle.dump(d, f, protocol=args.protocol)
    elif isinstance(d, dict):
        save = np.savez_compressed if args.format == "npz-compressed" else np.savez
        save(path + ".npz", **d)
    else:
        np.save(path + ".npz", np.zeros(3))  # an .npy where an .npz should be
        os.replace(path + ".npz.npy", path + ".npz")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--format", choices=["pickle", "npz", "npz-compressed"], default="pickle")
    p.add_argument("--protocol", type=int, default=pickle.DEFAULT_PROTOCOL)
    p.add_argument("--per-batch", type=int, default=3, help="images in each of train_data_batch_1..9")
    p.add_argument("--last-batch", type=int, help="images in train_data_batch_10 (default: --per-batch)")
    p.add_argument("--val", type=int, default=4, help="images in val_data")
    p.add_argument("--full-size", action="store_true",
                   help="the published sizes: 128,116 images per batch, 128,123 in the last, 50,000 in val_data")
    p.add_argument("--random", action="store_true", help="random pixels")
    p.add_argument("--labels-array", action="store_true", help="pickle the labels as a numpy array, not a list")
    p.add_argument("--variant", choices=VARIANTS, default="good")
    p.add_argument("--broken", type=int, default=3, help="the file the variant breaks (0: val_data)")
    args = p.parse_args()
    if args.full_size:
        args.per_batch, args.last_batch, args.val = 128116, 128123, 50000
    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(21) if args.random else None
    for b in range(1, 11):
        n = args.last_batch if (b == 10 and args.last_batch) else args.per_batch
        write(os.path.join(args.out, "train_data_batch_%d" % b), content(b, n, args, rng, True), args)
    write(os.path.join(args.out, "val_data"), content(0, args.val, args, rng, False), args)
    print("numpy %s, %s, protocol %d: %s" % (np.__version__, args.format, args.protocol, args.out))


if __name__ == "__main__":
    main()
