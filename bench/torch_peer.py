"""The PyTorch peer of bench/training: the benchmark models built like Fraction's, trained on
command from stdin, one reply line per command on stdout.

Commands: build MODEL ALGEBRA THREADS SEED | train STEPS | mem | info | quit
Replies:  ok ... | seconds | error MESSAGE

The quaternion layers compute the Hamilton product W (x) x as the real product with the block
matrix [[r,-i,-j,-k],[i,r,-k,j],[j,k,r,-i],[k,-j,i,r]] of the four component tensors, assembled
once per forward pass, as Fraction's layers do.
"""
import ctypes
import math
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# (model, dataset shape HxWxC, classes, batch, optimizer) as in TrainingBench.java
MODELS = {
    "lenet-300-100": ((28, 28, 1), 10, 60, ("adam", 1.2e-3, 0.0, 0.0)),
    "conv-4": ((32, 32, 3), 10, 60, ("adam", 3e-4, 0.0, 0.0)),
    "resnet-18": ((32, 32, 3), 100, 128, ("sgd", 0.1, 0.9, 5e-4)),
}


def hamilton(r, i, j, k):
    """The real weight [4*out, 4*in, ...] of components of shape [out, in, ...]."""
    return torch.cat([
        torch.cat([r, -i, -j, -k], dim=1),
        torch.cat([i, r, -k, j], dim=1),
        torch.cat([j, k, r, -i], dim=1),
        torch.cat([k, -j, i, r], dim=1),
    ], dim=0)


def polar(components, sigma):
    """Polar quaternion initialisation: magnitude chi(4) * sigma, uniform phase, random unit axis."""
    shape = components[0].shape
    n = components[0].numel()
    with torch.no_grad():
        magnitude = torch.randn(4, n).pow(2).sum(0).sqrt() * sigma
        phase = (torch.rand(n) * 2 - 1) * math.pi
        axis = torch.randn(3, n)
        axis = axis / axis.norm(dim=0, keepdim=True)
        components[0].copy_((torch.cos(phase) * magnitude).reshape(shape))
        for c in range(3):
            components[c + 1].copy_((axis[c] * torch.sin(phase) * magnitude).reshape(shape))


def quaternion_he(components, fan_in):
    """sigma = 1 / sqrt(2 fan_in), fans in quaternions times the kernel area."""
    polar(components, 1.0 / math.sqrt(2.0 * fan_in))


def quaternion_glorot(components, fan_in, fan_out):
    polar(components, 1.0 / math.sqrt(2.0 * (fan_in + fan_out)))


class QLinear(nn.Module):
    def __init__(self, n_in, n_out, bias=True, glorot=False):
        super().__init__()
        o, i = n_out // 4, n_in // 4
        self.r, self.i, self.j, self.k = (nn.Parameter(torch.empty(o, i)) for _ in range(4))
        self.bias = nn.Parameter(torch.zeros(n_out)) if bias else None
        comps = [self.r, self.i, self.j, self.k]
        if glorot:
            quaternion_glorot(comps, i, o)
        else:
            quaternion_he(comps, i)

    def forward(self, x):
        return F.linear(x, hamilton(self.r, self.i, self.j, self.k), self.bias)


class QConv2d(nn.Module):
    def __init__(self, n_in, n_out, kernel, stride=1, padding=0, bias=True):
        super().__init__()
        o, i = n_out // 4, n_in // 4
        self.r, self.i, self.j, self.k = (nn.Parameter(torch.empty(o, i, kernel, kernel)) for _ in range(4))
        self.bias = nn.Parameter(torch.zeros(n_out)) if bias else None
        self.stride, self.padding = stride, padding
        quaternion_he([self.r, self.i, self.j, self.k], i * kernel * kernel)

    def forward(self, x):
        return F.conv2d(x, hamilton(self.r, self.i, self.j, self.k), self.bias, self.stride, self.padding)


def real_conv(n_in, n_out, kernel, stride=1, bias=True):
    conv = nn.Conv2d(n_in, n_out, kernel, stride, (kernel - 1) // 2, bias=bias)
    nn.init.kaiming_normal_(conv.weight, nonlinearity="relu")
    if bias:
        nn.init.zeros_(conv.bias)
    return conv


def real_linear(n_in, n_out, head=False):
    lin = nn.Linear(n_in, n_out)
    if head:
        nn.init.xavier_normal_(lin.weight)
    else:
        nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
    nn.init.zeros_(lin.bias)
    return lin


class Builder:
    def __init__(self, quaternion):
        self.quaternion = quaternion

    def conv(self, n_in, n_out, kernel, stride=1, bias=True):
        if self.quaternion:
            return QConv2d(n_in, n_out, kernel, stride, (kernel - 1) // 2, bias)
        return real_conv(n_in, n_out, kernel, stride, bias)

    def dense(self, n_in, n_out):
        return QLinear(n_in, n_out) if self.quaternion else real_linear(n_in, n_out)

    def head(self, n_in, classes, quaternion_head=False):
        if quaternion_head and self.quaternion:
            return QLinear(n_in, classes, glorot=True)
        return real_linear(n_in, classes, head=True)


def lenet(b, pixels, classes):
    return nn.Sequential(nn.Flatten(), b.dense(pixels, 300), nn.ReLU(), b.dense(300, 100), nn.ReLU(),
                         b.head(100, classes))


def conv4(b, channels, size, classes):
    return nn.Sequential(
        b.conv(channels, 64, 3), nn.ReLU(), b.conv(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        b.conv(64, 128, 3), nn.ReLU(), b.conv(128, 128, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), b.dense(128 * (size // 4) ** 2, 256), nn.ReLU(), b.dense(256, 256), nn.ReLU(),
        b.head(256, classes))


class BasicBlock(nn.Module):
    def __init__(self, b, n_in, planes, stride):
        super().__init__()
        self.conv1 = b.conv(n_in, planes, 3, stride, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = b.conv(planes, planes, 3, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or n_in != planes:
            self.shortcut = nn.Sequential(b.conv(n_in, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, b, channels, classes):
        super().__init__()
        self.conv1 = b.conv(channels, 64, 3, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers = []
        n_in = 64
        for stage in range(4):
            planes = 64 << stage
            for block in range(2):
                layers.append(BasicBlock(b, n_in, planes, 2 if stage > 0 and block == 0 else 1))
                n_in = planes
        self.layers = nn.Sequential(*layers)
        self.fc = b.head(512, classes, quaternion_head=classes % 4 == 0)

    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


def blas():
    """The BLAS library this process has loaded, and OpenBLAS's own description if it is OpenBLAS."""
    libs = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "blas" in os.path.basename(path) or "mkl" in os.path.basename(path):
                libs.add(os.path.realpath(path))
    config = ""
    for lib in sorted(libs):
        try:
            f = ctypes.CDLL(lib).openblas_get_config
            f.restype = ctypes.c_char_p
            config = f().decode()
            break
        except (OSError, AttributeError):
            pass
    return ", ".join(sorted(libs)), config


class Peer:
    def __init__(self):
        self.model = None

    def build(self, name, algebra, threads, seed):
        torch.set_num_threads(threads)
        torch.manual_seed(seed)
        (h, w, c), classes, batch, (opt, lr, momentum, wd) = MODELS[name]
        quaternion = algebra == "quaternion"
        b = Builder(quaternion)
        if name == "lenet-300-100":
            channels = c  # the 784 pixels read as 196 quaternions
            model = lenet(b, h * w * channels, classes)
        elif name == "conv-4":
            channels = 4 if quaternion else c
            model = conv4(b, channels, h, classes)
        else:
            channels = 4 if quaternion else c
            model = ResNet18(b, channels, classes)
        model.train()
        self.model = model
        self.batch = batch
        if opt == "adam":
            self.opt = torch.optim.Adam(model.parameters(), lr=lr)
        else:
            self.opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=wd)
        gen = torch.Generator().manual_seed(seed)
        self.batches = [(torch.randn(batch, channels, h, w, generator=gen),
                         torch.randint(0, classes, (batch,), generator=gen)) for _ in range(4)]
        self.step_index = 0
        params = sum(p.numel() for p in model.parameters() if p.requires_grad)
        return f"ok {params} {batch}"

    def train(self, steps):
        start = time.perf_counter()
        for _ in range(steps):
            x, y = self.batches[self.step_index % len(self.batches)]
            self.step_index += 1
            self.opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(self.model(x), y)
            loss.backward()
            self.opt.step()
            loss.item()
        return f"{time.perf_counter() - start:.6f}"


def status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) * 1024
    return 0


def main():
    peer = Peer()
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "build":
                reply = peer.build(words[1], words[2], int(words[3]), int(words[4]))
            elif words[0] == "train":
                reply = peer.train(int(words[1]))
            elif words[0] == "mem":
                reply = f"{status('VmHWM:')} {status('VmRSS:')}"
            elif words[0] == "info":
                libs, config = blas()
                reply = (f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, oneDNN "
                         f"{torch.backends.mkldnn.is_available()}; BLAS {libs}" + (f" ({config})" if config else ""))
            elif words[0] == "quit":
                print("ok", flush=True)
                return
            else:
                reply = f"error unknown command {words[0]}"
        except Exception as e:  # reported to the driver, which stops
            reply = f"error {type(e).__name__}: {e}".replace("\n", " ")
        print(reply, flush=True)


if __name__ == "__main__":
    main()
