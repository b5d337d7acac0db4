"""numpy as a benchmarked system for the training-step workloads (C1, C2, S1), the book's way.

SimpleConvNet and DeepConvNet are built from the book's chapter 7 layers (common/util.py's im2col and
col2im with numpy, Convolution and Pooling as common/layers.py writes them), Affine, ReLU, Dropout and
SoftmaxWithLoss, and trained with the book's Adam, all in float32. S1 is a 3-64-64-3 ReLU network on
synthetic points. One process per timed run (a child of bench/steps.ts): it runs `warm` untimed steps,
then `steps` timed ones, and prints one JSON line with the time of each step in milliseconds.

    python3 bench/numpy_steps.py C1|C2|S1 STEPS WARM MNIST_DIR
"""
import json
import os
import sys
import time

import numpy as np

F32 = np.float32


def read_idx_images(path, rows):
    raw = np.fromfile(path, dtype=np.uint8, offset=16, count=rows * 784)
    return (raw.astype(F32) / F32(255.0)).reshape(rows, 1, 28, 28)


def read_idx_labels(path, rows):
    return np.fromfile(path, dtype=np.uint8, offset=8, count=rows).astype(np.int64)


def im2col(input_data, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_data.shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    img = np.pad(input_data, [(0, 0), (0, 0), (pad, pad), (pad, pad)], "constant")
    col = np.zeros((N, C, filter_h, filter_w, out_h, out_w), dtype=input_data.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            col[:, :, y, x, :, :] = img[:, :, y:y_max:stride, x:x_max:stride]
    return col.transpose(0, 4, 5, 1, 2, 3).reshape(N * out_h * out_w, -1)


def col2im(col, input_shape, filter_h, filter_w, stride=1, pad=0):
    N, C, H, W = input_shape
    out_h = (H + 2 * pad - filter_h) // stride + 1
    out_w = (W + 2 * pad - filter_w) // stride + 1
    col = col.reshape(N, out_h, out_w, C, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)
    img = np.zeros((N, C, H + 2 * pad + stride - 1, W + 2 * pad + stride - 1), dtype=col.dtype)
    for y in range(filter_h):
        y_max = y + stride * out_h
        for x in range(filter_w):
            x_max = x + stride * out_w
            img[:, :, y:y_max:stride, x:x_max:stride] += col[:, :, y, x, :, :]
    return img[:, :, pad:H + pad, pad:W + pad]


class Convolution:
    def __init__(self, W, b, stride=1, pad=0):
        self.W, self.b, self.stride, self.pad = W, b, stride, pad

    def forward(self, x):
        FN, C, FH, FW = self.W.shape
        N, C, H, W = x.shape
        out_h = 1 + (H + 2 * self.pad - FH) // self.stride
        out_w = 1 + (W + 2 * self.pad - FW) // self.stride
        col = im2col(x, FH, FW, self.stride, self.pad)
        col_W = self.W.reshape(FN, -1).T
        out = np.dot(col, col_W) + self.b
        self.x, self.col, self.col_W = x, col, col_W
        return out.reshape(N, out_h, out_w, -1).transpose(0, 3, 1, 2)

    def backward(self, dout):
        FN, C, FH, FW = self.W.shape
        dout = dout.transpose(0, 2, 3, 1).reshape(-1, FN)
        self.db = np.sum(dout, axis=0)
        self.dW = np.dot(self.col.T, dout).transpose(1, 0).reshape(FN, C, FH, FW)
        dcol = np.dot(dout, self.col_W.T)
        return col2im(dcol, self.x.shape, FH, FW, self.stride, self.pad)


class Pooling:
    def __init__(self, pool_h, pool_w, stride=1, pad=0):
        self.pool_h, self.pool_w, self.stride, self.pad = pool_h, pool_w, stride, pad

    def forward(self, x):
        N, C, H, W = x.shape
        out_h = int(1 + (H - self.pool_h) / self.stride)
        out_w = int(1 + (W - self.pool_w) / self.stride)
        col = im2col(x, self.pool_h, self.pool_w, self.stride, self.pad).reshape(-1, self.pool_h * self.pool_w)
        self.arg_max = np.argmax(col, axis=1)
        self.x = x
        return np.max(col, axis=1).reshape(N, out_h, out_w, C).transpose(0, 3, 1, 2)

    def backward(self, dout):
        dout = dout.transpose(0, 2, 3, 1)
        pool_size = self.pool_h * self.pool_w
        dmax = np.zeros((dout.size, pool_size), dtype=dout.dtype)
        dmax[np.arange(self.arg_max.size), self.arg_max.flatten()] = dout.flatten()
        dmax = dmax.reshape(dout.shape + (pool_size,))
        dcol = dmax.reshape(dmax.shape[0] * dmax.shape[1] * dmax.shape[2], -1)
        return col2im(dcol, self.x.shape, self.pool_h, self.pool_w, self.stride, self.pad)


class Relu:
    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.original_x_shape = x.shape
        self.x = x.reshape(x.shape[0], -1)
        return np.dot(self.x, self.W) + self.b

    def backward(self, dout):
        self.dW = np.dot(self.x.T, dout)
        self.db = np.sum(dout, axis=0)
        return np.dot(dout, self.W.T).reshape(*self.original_x_shape)


class Dropout:
    def __init__(self, ratio, rng):
        self.ratio, self.rng = ratio, rng

    def forward(self, x):
        self.mask = self.rng.random(x.shape, dtype=F32) > self.ratio
        return x * self.mask

    def backward(self, dout):
        return dout * self.mask


def softmax_loss_backward(x, t):
    x = x - x.max(axis=1, keepdims=True)
    y = np.exp(x)
    y /= y.sum(axis=1, keepdims=True)
    n = x.shape[0]
    loss = -np.sum(np.log(y[np.arange(n), t] + F32(1e-7))) / n
    dx = y.copy()
    dx[np.arange(n), t] -= 1
    return float(loss), dx / F32(n)


class Adam:
    """The book's Adam (common/optimizer.py)."""

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = lr, beta1, beta2, 0, None, None

    def update(self, params, grads):
        if self.m is None:
            self.m = {k: np.zeros_like(v) for k, v in params.items()}
            self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2 ** self.iter) / (1.0 - self.beta1 ** self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= F32(lr_t) * self.m[key] / (np.sqrt(self.v[key]) + F32(1e-7))


def he(rng, fan_in, shape):
    return (rng.standard_normal(shape, dtype=F32) * F32(np.sqrt(2.0 / fan_in))).astype(F32)


class Net:
    """Layers in order with their parameter names; the loss is softmax cross-entropy."""

    def __init__(self, layers, params):
        self.layers, self.params = layers, params

    def step(self, x, t, optimizer):
        for layer in self.layers:
            x = layer.forward(x)
        loss, dout = softmax_loss_backward(x, t)
        grads = {}
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
            if hasattr(layer, "dW"):
                grads[layer.key_W], grads[layer.key_b] = layer.dW, layer.db
        optimizer.update(self.params, grads)
        return loss


def conv_net(spec, rng):
    """spec: ('conv', filters, pad) | ('relu',) | ('pool',) | ('affine', out) | ('dropout',), from (1, 28, 28)."""
    layers, params = [], {}
    c, h, w, index = 1, 28, 28, 0
    for item in spec:
        kind = item[0]
        if kind == "conv":
            index += 1
            W = he(rng, c * 9 if item[3] == 3 else c * 25, (item[1], c, item[3], item[3]))
            b = np.zeros(item[1], dtype=F32)
            layer = Convolution(W, b, 1, item[2])
            c, h, w = item[1], h + 2 * item[2] - item[3] + 1, w + 2 * item[2] - item[3] + 1
        elif kind == "pool":
            layers.append(Pooling(2, 2, 2))
            h, w = h // 2, w // 2
            continue
        elif kind == "relu":
            layers.append(Relu())
            continue
        elif kind == "dropout":
            layers.append(Dropout(0.5, rng))
            continue
        else:
            index += 1
            fan_in = c * h * w
            W = he(rng, fan_in, (fan_in, item[1]))
            b = np.zeros(item[1], dtype=F32)
            layer = Affine(W, b)
            c, h, w = item[1], 1, 1
        layer.key_W, layer.key_b = "W%d" % index, "b%d" % index
        params[layer.key_W], params[layer.key_b] = layer.W, layer.b
        layers.append(layer)
    return Net(layers, params)


SIMPLE = [("conv", 30, 0, 5), ("relu",), ("pool",), ("affine", 100), ("relu",), ("affine", 10)]
DEEP = [
    ("conv", 16, 1, 3), ("relu",), ("conv", 16, 1, 3), ("relu",), ("pool",),
    ("conv", 32, 1, 3), ("relu",), ("conv", 32, 2, 3), ("relu",), ("pool",),
    ("conv", 64, 1, 3), ("relu",), ("conv", 64, 1, 3), ("relu",), ("pool",),
    ("affine", 50), ("relu",), ("dropout",), ("affine", 10), ("dropout",),
]


def mlp_s1(rng):
    """3-64-64-3 ReLU, He initialisation; the inputs are (batch, 3)."""
    layers, params, sizes = [], {}, [3, 64, 64, 3]
    for i in range(3):
        layer = Affine(he(rng, sizes[i], (sizes[i], sizes[i + 1])), np.zeros(sizes[i + 1], dtype=F32))
        layer.key_W, layer.key_b = "W%d" % (i + 1), "b%d" % (i + 1)
        params[layer.key_W], params[layer.key_b] = layer.W, layer.b
        layers.append(layer)
        if i < 2:
            layers.append(Relu())
    return Net(layers, params)


def s1_batches(rng, count, batch):
    """Points in 3-D labelled by which coordinate is largest: the same kind of data for every system."""
    x = rng.standard_normal((count * batch, 3), dtype=F32)
    return x, np.argmax(x, axis=1)


def main():
    workload, steps, warm, mnist_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = np.random.default_rng(1)
    total = steps + warm
    if workload == "S1":
        batch = 50
        net = mlp_s1(rng)
        x_all, t_all = s1_batches(rng, total, batch)
    else:
        batch = 100
        net = conv_net(SIMPLE if workload == "C1" else DEEP, rng)
        x_all = read_idx_images(os.path.join(mnist_dir, "train-images-idx3-ubyte"), total * batch)
        t_all = read_idx_labels(os.path.join(mnist_dir, "train-labels-idx1-ubyte"), total * batch)
    optimizer = Adam()
    times, loss = [], None
    for i in range(total):
        x, t = x_all[i * batch:(i + 1) * batch], t_all[i * batch:(i + 1) * batch]
        start = time.perf_counter()
        loss = net.step(x, t, optimizer)
        if i >= warm:
            times.append((time.perf_counter() - start) * 1000)
    detail = "numpy %s, %s threads, im2col/col2im as the book's" % (np.__version__, os.environ.get("OPENBLAS_NUM_THREADS", "?"))
    print(json.dumps({"stepMs": times, "loss": loss, "detail": detail}))


if __name__ == "__main__":
    main()
