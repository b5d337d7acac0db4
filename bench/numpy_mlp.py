"""numpy as a benchmarked system: the book's network in float32 (or the fixture's dtype), with the book's formulas.

A child of bench/run.ts. It reads one JSON request per line on stdin and answers with one line
starting with "@@bench " on stdout (the protocol of bench/protocol.ts and bench/serve.ts). The
fixture folder holds the batch order, the initial weights and the matrix operands that every
system shares; MNIST is parsed here from the same IDX files scratchnet reads.
"""
import json
import os
import platform
import sys
import time

import numpy as np

MARKER = "@@bench "


def reply(ok, payload):
    message = {"ok": True, "result": payload} if ok else {"ok": False, "error": payload}
    sys.stdout.write(MARKER + json.dumps(message) + "\n")
    sys.stdout.flush()


def read_idx_images(path, dtype=np.float32):
    raw = np.fromfile(path, dtype=np.uint8, offset=16)
    # Divided in the dtype, as the book's load_mnist(normalize=True) does after astype(np.float32).
    return raw.reshape(-1, 784).astype(dtype) / dtype(255.0)


def read_idx_labels(path):
    return np.fromfile(path, dtype=np.uint8, offset=8).astype(np.int64)


class Mnist:
    def __init__(self, folder):
        self.x_train = read_idx_images(os.path.join(folder, "train-images-idx3-ubyte"))
        self.t_train = read_idx_labels(os.path.join(folder, "train-labels-idx1-ubyte"))
        self.x_test = read_idx_images(os.path.join(folder, "t10k-images-idx3-ubyte"))
        self.t_test = read_idx_labels(os.path.join(folder, "t10k-labels-idx1-ubyte"))
        # One-hot rows, as the book's load_mnist(one_hot_label=True) gives.
        self.onehot_train = np.eye(10, dtype=np.float32)[self.t_train]
        self.folder = folder

    def images(self, dtype):
        """The training and test images in dtype (float32 ones are kept, others read when asked)."""
        if dtype == np.float32:
            return self.x_train, self.x_test
        read = lambda name: read_idx_images(os.path.join(self.folder, name), dtype)
        return read("train-images-idx3-ubyte"), read("t10k-images-idx3-ubyte")


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def softmax(x):
    x = x - x.max(axis=1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=1, keepdims=True)


class MlpSession:
    """The book's TwoLayerNet / MultiLayerNet forward and backward, in the fixture's dtype throughout."""

    def __init__(self, fixture, folder, mnist):
        self.fixture = fixture
        self.mnist = mnist
        self.batch = fixture["batchSize"]
        self.dtype = np.float64 if fixture.get("dtype") == "float64" else np.float32
        self.lr = self.dtype(fixture["lr"])
        self.x_train, self.x_test = mnist.images(self.dtype)
        self.onehot_train = mnist.onehot_train.astype(self.dtype, copy=False)
        self.layers = len(fixture["sizes"]) - 1
        self.sigmoid = fixture["activation"] == "sigmoid"
        self.order = np.fromfile(os.path.join(folder, fixture["order"]), dtype="<i4")
        self.init = {}
        for p in fixture["params"]:
            values = np.fromfile(os.path.join(folder, p["file"]), dtype="<f4")
            self.init[p["name"]] = values.reshape(p["shape"]).astype(self.dtype)
        self.reset()

    def reset(self):
        self.W = [self.init["W%d" % (l + 1)].copy() for l in range(self.layers)]
        self.b = [self.init["b%d" % (l + 1)].copy() for l in range(self.layers)]

    def forward(self, x):
        inputs = []
        h = x
        for l in range(self.layers):
            inputs.append(h)
            a = h @ self.W[l] + self.b[l]
            if l < self.layers - 1:
                h = sigmoid(a) if self.sigmoid else np.maximum(a, 0)
            else:
                h = a
        return h, inputs

    def step(self, b):
        n = self.batch
        idx = self.order[b * n:(b + 1) * n]
        x = self.x_train[idx]
        t = self.onehot_train[idx]
        scores, inputs = self.forward(x)
        y = softmax(scores)
        loss = -np.sum(t * np.log(y + self.dtype(1e-7))) / n
        dout = (y - t) / self.dtype(n)
        for l in range(self.layers - 1, -1, -1):
            dW = inputs[l].T @ dout
            db = dout.sum(axis=0)
            # Not for the first layer: the gradient with respect to the input is never used.
            if l > 0:
                dz = dout @ self.W[l].T
                z = inputs[l]
                dout = dz * (1 - z) * z if self.sigmoid else dz * (z > 0)
            self.W[l] -= self.lr * dW
            self.b[l] -= self.lr * db
        return float(loss)

    def correct(self, split, rows):
        # A whole split at once, as the book's accuracy() does.
        x = self.x_train if split == "train" else self.x_test
        t = self.mnist.t_train if split == "train" else self.mnist.t_test
        scores, _ = self.forward(x[:rows])
        return int(np.sum(np.argmax(scores, axis=1) == t[:rows]))


def blas_detail():
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return "%s %s" % (blas.get("name", "?"), blas.get("version", "?"))
    except Exception:  # older numpy: no mode="dicts"
        return "BLAS unknown"


def main():
    folder = None
    manifest = None
    mnist = None
    sessions = {}
    matmuls = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
            op = request["op"]
            if op == "init":
                folder = request["fixtureDir"]
                with open(os.path.join(folder, "manifest.json")) as f:
                    manifest = json.load(f)
                threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
                reply(True, {"detail": "numpy %s, %s, %s thread(s), python %s" % (
                    np.__version__, blas_detail(), threads, platform.python_version())})
            elif op == "mlp":
                workload = request["workload"]
                if workload not in sessions:
                    if mnist is None:
                        mnist = Mnist(manifest["mnistDir"])
                    sessions[workload] = MlpSession(manifest["mlp"][workload], folder, mnist)
                s = sessions[workload]
                s.reset()
                iterations = request["iterations"]
                t0 = time.perf_counter()
                loss_sum = 0.0
                for b in range(iterations):
                    loss_sum += s.step(b)
                t1 = time.perf_counter()
                train_correct = s.correct("train", request["evalTrainRows"])
                test_correct = s.correct("test", request["evalTestRows"])
                t2 = time.perf_counter()
                reply(True, {
                    "trainMs": (t1 - t0) * 1000, "evalMs": (t2 - t1) * 1000, "iterations": iterations,
                    "meanLoss": loss_sum / iterations, "trainCorrect": train_correct, "testCorrect": test_correct,
                    "evalTrainRows": request["evalTrainRows"], "evalTestRows": request["evalTestRows"],
                })
            elif op == "matmul":
                index = request["index"]
                if index not in matmuls:
                    shape = manifest["matmul"][index]
                    m, k, n = shape["m"], shape["k"], shape["n"]
                    a = np.fromfile(os.path.join(folder, shape["a"]), dtype="<f4").reshape(m, k)
                    b = np.fromfile(os.path.join(folder, shape["b"]), dtype="<f4").reshape(k, n)
                    matmuls[index] = (a, b)
                a, b = matmuls[index]
                reps = 0
                c = None
                t0 = time.perf_counter()
                elapsed = 0.0
                while reps < request["maxReps"] and (reps < request["minReps"] or elapsed < request["minMs"]):
                    c = a @ b
                    reps += 1
                    elapsed = (time.perf_counter() - t0) * 1000
                reply(True, {"msPerProduct": elapsed / reps, "reps": reps, "checksum": float(c.sum(dtype=np.float64))})
            elif op == "quit":
                reply(True, None)
                return
            else:
                reply(False, "numpy worker: unsupported request %s" % op)
        except Exception as error:  # reported to the orchestrator, which marks the system failed
            reply(False, "%s: %s" % (type(error).__name__, error))


if __name__ == "__main__":
    main()
