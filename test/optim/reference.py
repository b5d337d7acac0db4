# Expected values for optimizers.test.ts and ch06.test.ts: the book's chapter-6 update rules
# (common/optimizer.py) written out in numpy. Run `python3 test/optim/reference.py` and paste.
import json
import numpy as np

EPS = 1e-7


def sgd(lr=0.01):
    def update(p, g, s):
        for k in p:
            p[k] -= lr * g[k]
    return update


def momentum(lr=0.01, momentum=0.9):
    def update(p, g, s):
        for k in p:
            v = s.setdefault(k, np.zeros_like(p[k]))
            v[...] = momentum * v - lr * g[k]
            p[k] += v
    return update


def nesterov(lr=0.01, momentum=0.9):
    def update(p, g, s):
        for k in p:
            v = s.setdefault(k, np.zeros_like(p[k]))
            v *= momentum
            v -= lr * g[k]
            p[k] += momentum * momentum * v
            p[k] -= (1 + momentum) * lr * g[k]
    return update


def adagrad(lr=0.01):
    def update(p, g, s):
        for k in p:
            h = s.setdefault(k, np.zeros_like(p[k]))
            h += g[k] * g[k]
            p[k] -= lr * g[k] / (np.sqrt(h) + EPS)
    return update


def rmsprop(lr=0.01, decay_rate=0.99):
    def update(p, g, s):
        for k in p:
            h = s.setdefault(k, np.zeros_like(p[k]))
            h *= decay_rate
            h += (1 - decay_rate) * g[k] * g[k]
            p[k] -= lr * g[k] / (np.sqrt(h) + EPS)
    return update


def adam(lr=0.001, beta1=0.9, beta2=0.999):
    def update(p, g, s):
        s['iter'] = s.get('iter', 0) + 1
        t = s['iter']
        lr_t = lr * np.sqrt(1.0 - beta2 ** t) / (1.0 - beta1 ** t)
        for k in p:
            m = s.setdefault('m' + k, np.zeros_like(p[k]))
            v = s.setdefault('v' + k, np.zeros_like(p[k]))
            m += (1 - beta1) * (g[k] - m)
            v += (1 - beta2) * (g[k] ** 2 - v)
            p[k] -= lr_t * m / (np.sqrt(v) + EPS)
    return update


MAKERS = {'sgd': sgd, 'momentum': momentum, 'nesterov': nesterov,
          'adagrad': adagrad, 'rmsprop': rmsprop, 'adam': adam}

# Three steps on W (2, 3) and b (3,), a different gradient each step.
W0 = [[0.5, -1.25, 2.0], [0.0, 3.5, -0.75]]
B0 = [0.1, -0.2, 0.3]
GRADS = [
    ([[0.3, -0.6, 1.2], [0.0, 2.5, -0.4]], [0.05, -0.1, 0.7]),
    ([[-0.2, 0.1, 0.9], [1e-3, -2.0, 0.25]], [0.0, 0.3, -0.5]),
    ([[0.4, 0.4, -1.1], [0.5, 1.5, 0.0]], [-0.15, 0.2, 0.1]),
]
CASES = {
    'sgd': {}, 'momentum': {}, 'nesterov': {}, 'adagrad': {}, 'rmsprop': {},
    'adam': {}, 'sgd-lr': {'lr': 0.1}, 'momentum-custom': {'lr': 0.05, 'momentum': 0.5},
    'adam-custom': {'lr': 0.01, 'beta1': 0.8, 'beta2': 0.99},
}


def flat(a):
    return [float(x) for x in np.asarray(a).ravel()]


def small_steps(dtype):
    out = {}
    for case, opts in CASES.items():
        kind = case.split('-')[0]
        update = MAKERS[kind](**opts)
        p = {'W': np.array(W0, dtype=dtype), 'b': np.array(B0, dtype=dtype)}
        s = {}
        steps = []
        for gW, gb in GRADS:
            update(p, {'W': np.array(gW, dtype=dtype), 'b': np.array(gb, dtype=dtype)}, s)
            steps.append({'W': flat(p['W']), 'b': flat(p['b'])})
        out[case] = steps
    return out


def path(kind, lr, n=30):
    # The book's ch06/optimizer_compare_naive.py: f(x, y) = x²/20 + y² from (-7, 2).
    update = MAKERS[kind](lr=lr)
    p = {'x': np.array(-7.0), 'y': np.array(2.0)}
    s = {}
    for _ in range(n):
        update(p, {'x': p['x'] / 10.0, 'y': 2.0 * p['y']}, s)
    return [float(p['x']), float(p['y'])]


PATHS = {'sgd': 0.95, 'momentum': 0.1, 'nesterov': 0.1, 'adagrad': 1.5, 'rmsprop': 0.3, 'adam': 0.3}

print(json.dumps({
    'float64': small_steps(np.float64),
    'float32': small_steps(np.float32),
    'paths': {k: {'lr': lr, 'end': path(k, lr)} for k, lr in PATHS.items()},
}, indent=1))
