"""The PyTorch side of bench/e2e: the loop `fraction run` runs, written plainly in PyTorch.

Reads the data set's files itself (IDX for MNIST, the CIFAR-10 binary batches), trains one round
of EPOCHS epochs (shuffled batches, the workflow's optimizer) with an evaluation on the test split
after every epoch; with --prune-keep it then keeps that share of the prunable weights by global
magnitude, rewinds the survivors to the initial weights and trains a second round with the mask
applied after every step, as a pruning round does. Models and initialisation come from
torch_peer.py. Prints one line per epoch and a summary; thread settings are left to PyTorch.

  torch_e2e.py train --model M --algebra A --data DIR --epochs E [--prune-keep K] [--seed S]
  torch_e2e.py write-cifar DIR --train N --test N [--seed S]    (CIFAR-10-format random images)
"""
import argparse
import gzip
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_peer import Builder, ResNet18, conv4, lenet  # noqa: E402

SETTINGS = {  # batch, optimizer (type, lr, momentum, weight decay): the workflows bench/e2e writes
    "lenet-300-100": (60, ("adam", 1.2e-3, 0.0, 0.0)),
    "conv-4": (60, ("adam", 3e-4, 0.0, 0.0)),
    "resnet-18": (128, ("sgd", 0.01, 0.9, 1e-4)),
}
EVAL_BATCH = 100


def read_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def idx_file(directory, stem):
    for name in (stem, stem + ".gz"):
        if os.path.exists(os.path.join(directory, name)):
            return os.path.join(directory, name)
    raise FileNotFoundError(os.path.join(directory, stem))


def mnist(directory):
    """Images [N, 1, 28, 28] in [0, 1] and labels, train and test."""
    def split(prefix):
        x = read_idx(idx_file(directory, prefix + "-images-idx3-ubyte"))
        y = read_idx(idx_file(directory, prefix + "-labels-idx1-ubyte"))
        return torch.from_numpy(x.astype(np.float32) / 255).unsqueeze(1), torch.from_numpy(y.astype(np.int64))
    return split("train"), split("t10k")


def cifar10(directory, quaternion):
    """Images [N, 3 or 4, 32, 32] in [0, 1] (quaternion: RGB plus grey) and labels."""
    folder = os.path.join(directory, "cifar-10-batches-bin")
    def read(names):
        records = np.concatenate([np.fromfile(os.path.join(folder, n), dtype=np.uint8).reshape(-1, 3073) for n in names])
        x = torch.from_numpy(records[:, 1:].reshape(-1, 3, 32, 32).astype(np.float32) / 255)
        if quaternion:
            grey = 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]
            x = torch.cat([x, grey], dim=1)
        return x.contiguous(), torch.from_numpy(records[:, 0].astype(np.int64))
    return read([f"data_batch_{i}.bin" for i in range(1, 6)]), read(["test_batch.bin"])


def build(name, quaternion, channels):
    b = Builder(quaternion)
    if name == "lenet-300-100":
        return lenet(b, 28 * 28 * channels, 10)
    if name == "conv-4":
        return conv4(b, channels, 32, 10)
    return ResNet18(b, channels, 10)


def optimizer(model, spec):
    kind, lr, momentum, wd = spec
    if kind == "adam":
        return torch.optim.Adam(model.parameters(), lr=lr)
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=wd)


def evaluate(model, x, y):
    model.eval()
    correct, loss = 0, 0.0
    with torch.no_grad():
        for i in range(0, len(y), EVAL_BATCH):
            out = model(x[i:i + EVAL_BATCH])
            loss += F.cross_entropy(out, y[i:i + EVAL_BATCH], reduction="sum").item()
            correct += (out.argmax(1) == y[i:i + EVAL_BATCH]).sum().item()
    model.train()
    return correct / len(y), loss / len(y)


def train_round(model, train, test, epochs, batch, spec, masks, seed, round_index):
    x, y = train
    opt = optimizer(model, spec)
    gen = torch.Generator().manual_seed(seed * 1000 + round_index)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(len(y), generator=gen)
        loss_sum = 0.0
        for i in range(0, len(y), batch):
            idx = order[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
            if masks:
                with torch.no_grad():
                    for p, m in masks:
                        p.mul_(m)
            loss_sum += loss.item() * len(idx)
        train_seconds = time.perf_counter() - start
        accuracy, test_loss = evaluate(model, *test)
        print(f"round {round_index} epoch {epoch}: train loss {loss_sum / len(y):.4f}, test accuracy {accuracy:.4f}, "
              f"test loss {test_loss:.4f}, train {train_seconds:.2f} s, epoch {time.perf_counter() - start:.2f} s",
              flush=True)


def prunable(model):
    """Conv and dense weights (biases and batch norm exempt), as Fraction prunes."""
    return [p for n, p in model.named_parameters() if p.dim() > 1 or n.split(".")[-1] in ("r", "i", "j", "k")]


def global_magnitude_masks(model, keep):
    params = prunable(model)
    scores = torch.cat([p.detach().abs().flatten() for p in params])
    kept = round(len(scores) * keep)
    threshold = torch.topk(scores, kept).values.min()
    return [(p, (p.detach().abs() >= threshold).float()) for p in params]


def train(args):
    quaternion = args.algebra == "quaternion"
    torch.manual_seed(args.seed)
    if args.model == "lenet-300-100":
        (train_set, test_set), channels = mnist(args.data), 1
    else:
        (train_set, test_set), channels = cifar10(args.data, quaternion), (4 if quaternion else 3)
    batch, spec = SETTINGS[args.model]
    model = build(args.model, quaternion, channels)
    model.train()
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    train_round(model, train_set, test_set, args.epochs, batch, spec, None, args.seed, 0)
    if args.prune_keep is not None:
        masks = global_magnitude_masks(model, args.prune_keep)
        model.load_state_dict(initial)
        with torch.no_grad():
            for p, m in masks:
                p.mul_(m)
        kept = sum(m.sum().item() for _, m in masks) / sum(m.numel() for _, m in masks)
        print(f"round 1: density {kept:.4f}", flush=True)
        train_round(model, train_set, test_set, args.epochs, batch, spec, masks, args.seed, 1)
    print(f"threads {torch.get_num_threads()}, PyTorch {torch.__version__}", flush=True)


def write_cifar(args):
    """CIFAR-10 binary batches of random images: data_batch_1..5.bin and test_batch.bin."""
    rng = np.random.default_rng(args.seed)
    folder = os.path.join(args.dir, "cifar-10-batches-bin")
    os.makedirs(folder, exist_ok=True)
    def records(n):
        r = rng.integers(0, 256, size=(n, 3073), dtype=np.uint8)
        r[:, 0] = rng.integers(0, 10, size=n)
        return r
    per_batch = args.train // 5
    for i in range(1, 6):
        records(per_batch).tofile(os.path.join(folder, f"data_batch_{i}.bin"))
    records(args.test).tofile(os.path.join(folder, "test_batch.bin"))
    with open(os.path.join(folder, "batches.meta.txt"), "w") as f:
        f.write("\n".join(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]) + "\n")


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train")
    t.add_argument("--model", required=True, choices=sorted(SETTINGS))
    t.add_argument("--algebra", default="real", choices=["real", "quaternion"])
    t.add_argument("--data", required=True)
    t.add_argument("--epochs", type=int, required=True)
    t.add_argument("--prune-keep", type=float)
    t.add_argument("--seed", type=int, default=1)
    w = sub.add_parser("write-cifar")
    w.add_argument("dir")
    w.add_argument("--train", type=int, required=True)
    w.add_argument("--test", type=int, required=True)
    w.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    train(args) if args.command == "train" else write_cifar(args)


if __name__ == "__main__":
    main()
