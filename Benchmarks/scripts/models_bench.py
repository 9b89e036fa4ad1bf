#!/usr/bin/env python3
"""The Python side of scripts/bench's 'models' step (issue #16), one JSON object per line like descent-bench's.

  softmax: ms per epoch of full-batch softmax gradient descent in NumPy (float64) on the data `descent-bench softmax`
           trains on: np.random.seed(seed); W = rand(d,k); b = rand(k); x = rand(n,d); y = floor(rand(n)*k).
  digits:  StandardScaler + LogisticRegression(max_iter=10000) (lbfgs, C=1: scripts/make-model-fixtures.py's fit) on
           the digits fixture's training rows; fit time and held-out accuracy.

--blas-threads N limits NumPy's BLAS (OpenBLAS) to N threads: on a busy 2-core machine its spinning worker threads can
make a small lbfgs fit hundreds of times slower, so scripts/bench gives the digits fit one thread, as descent's.
"""
import argparse
import json
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def blas_threads():
    """The threads NumPy's BLAS uses now."""
    return max((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=None)


def summary(key, samples):
    return {key + "_median": statistics.median(samples), key + "_min": min(samples), key + "_max": max(samples),
            key + "_samples": samples}


def softmax_problem(n, d, k, seed):
    np.random.seed(seed)
    w = np.random.rand(d, k)
    b = np.random.rand(k)
    x = np.random.rand(n, d)
    y = np.floor(np.random.rand(n) * k).astype(np.int64)
    return w, b, x, y


def softmax_loop(x, y, w, b, epochs, lr, stamps):
    """Forward z = x @ W + b, stable softmax, cross-entropy, gradient x.T @ (p - Y) / n, update; stamps each epoch."""
    n, k = x.shape[0], w.shape[1]
    onehot = np.zeros((n, k))
    onehot[np.arange(n), y] = 1.0
    loss = None
    for _ in range(epochs):
        z = x @ w + b
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        p = e / e.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(n), y]).mean()
        g = p - onehot
        dw = x.T @ g / n
        db = g.sum(axis=0) / n
        w -= lr * dw
        b -= lr * db
        stamps.append(time.perf_counter())
    return loss


def cmd_softmax(args):
    if args.blas_threads:
        threadpool_limits(args.blas_threads)
    w0, b0, x, y = softmax_problem(args.n, args.d, args.k, args.seed)
    samples = []
    loss = None
    for _ in range(args.reps):
        stamps = []
        loss = softmax_loop(x, y, w0.copy(), b0.copy(), args.epochs, 0.1, stamps)
        # From the end of epoch 1 to the end of the last, as descent-bench softmax (one-hot set-up left out).
        samples.append((stamps[-1] - stamps[0]) * 1e3 / (args.epochs - 1))
    out = {"bench": "numpy_softmax_train", "n": args.n, "d": args.d, "k": args.k, "epochs": args.epochs,
           "reps": args.reps, "seed": args.seed, "blas_threads": blas_threads()}
    out.update(summary("ms_per_epoch", samples))
    out.update({"last_epoch_loss": float(loss), "numpy": np.__version__})
    print(json.dumps(out), flush=True)


def cmd_digits(args):
    import pandas as pd
    import sklearn
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    if args.blas_threads:
        threadpool_limits(args.blas_threads)
    frame = pd.read_csv(args.file)
    features = [c for c in frame.columns if c not in ("label", "split")]
    train = frame[frame["split"] == "train"]
    test = frame[frame["split"] == "test"]
    x_train, y_train = train[features].to_numpy(np.float64), train["label"].to_numpy()
    x_test, y_test = test[features].to_numpy(np.float64), test["label"].to_numpy()
    samples = []
    wrong = None
    for _ in range(args.reps):
        start = time.perf_counter()
        scaler = StandardScaler().fit(x_train)
        model = LogisticRegression(max_iter=10000).fit(scaler.transform(x_train), y_train)
        samples.append((time.perf_counter() - start) * 1e3)
        wrong = int((model.predict(scaler.transform(x_test)) != y_test).sum())
    out = {"bench": "sklearn_digits_fit", "fit": "StandardScaler + LogisticRegression(max_iter=10000), lbfgs, C=1",
           "n_train": len(y_train), "n_test": len(y_test), "d": len(features), "reps": args.reps,
           "blas_threads": blas_threads()}
    out.update(summary("fit_ms", samples))
    out.update({"test_accuracy": (len(y_test) - wrong) / len(y_test), "test_wrong": wrong,
                "n_iter": int(model.n_iter_.max()), "sklearn": sklearn.__version__, "numpy": np.__version__})
    print(json.dumps(out), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    softmax = sub.add_parser("softmax")
    softmax.add_argument("--n", type=int, default=1_000_000)
    softmax.add_argument("--d", type=int, default=32)
    softmax.add_argument("--k", type=int, default=10)
    softmax.add_argument("--epochs", type=int, default=5)
    softmax.add_argument("--reps", type=int, default=3)
    softmax.add_argument("--seed", type=int, default=42)
    digits = sub.add_parser("digits")
    digits.add_argument("--file", required=True)
    digits.add_argument("--reps", type=int, default=5)
    for command in (softmax, digits):
        command.add_argument("--blas-threads", type=int, default=0, help="limit BLAS to this many threads (0: its default)")
    args = parser.parse_args()
    {"softmax": cmd_softmax, "digits": cmd_digits}[args.command](args)


if __name__ == "__main__":
    main()
