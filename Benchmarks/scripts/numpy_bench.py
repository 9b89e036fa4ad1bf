#!/usr/bin/env python3
"""The Python side of scripts/bench: the notebook's NumPy loop, NumPy's streaming sum, and Python's JSON
ingestion, each printing one JSON object per line (the same shape as descent-bench's lines).

Data: np.random.seed(seed); w = rand(d,1); b = rand(1,1); x = rand(n,d); y = rand(n,1) -- the API's seeded
order, bit-identical to descent's RandomState, so both sides train on the same numbers.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np


def problem(n, d, seed):
    np.random.seed(seed)
    w = np.random.rand(d, 1)
    b = np.random.rand(1, 1)
    x = np.random.rand(n, d)
    y = np.random.rand(n, 1)
    return w, b, x, y


def summary(key, samples):
    return {key + "_median": statistics.median(samples), key + "_min": min(samples), key + "_max": max(samples),
            key + "_samples": samples}


def train_loop(x, y, w, b, epochs, lr, original):
    """The notebook's loop; `original` keeps its da*(a-a**2) chain rule, otherwise dz = a - y (same maths)."""
    batch = x.shape[0]
    loss = None
    for _ in range(epochs):
        z = x @ w + b
        a = 1 / (1 + np.exp(-z))
        loss = -(y * np.log(a) + (1 - y) * np.log(1 - a)).mean()
        if original:
            da = -(y / a - (1 - y) / (1 - a))
            dz = da * (a - a ** 2)
        else:
            dz = a - y
        dw = (x.T @ dz) / batch
        db = dz.sum(axis=0) / batch
        w -= lr * dw
        b -= lr * db
    return loss, w, b


def cmd_train(args):
    w0, b0, x, y = problem(args.n, args.d, args.seed)
    samples = []
    loss = w = b = None
    for _ in range(args.reps):
        w, b = w0.copy(), b0.copy()
        start = time.perf_counter()
        loss, w, b = train_loop(x, y, w, b, args.epochs, 0.01, args.original)
        samples.append((time.perf_counter() - start) * 1e3 / args.epochs)
    out = {"bench": "numpy_train", "variant": "original" if args.original else "dz=a-y", "n": args.n, "d": args.d,
           "epochs": args.epochs, "reps": args.reps, "seed": args.seed}
    out.update(summary("ms_per_epoch", samples))
    out.update({"last_epoch_loss": float(loss), "final_bias": float(b[0, 0]), "numpy": np.__version__})
    print(json.dumps(out), flush=True)


def cmd_stream(args):
    _, _, x, _ = problem(args.n, args.d, args.seed)
    samples = []
    total = 0.0
    for _ in range(args.reps):
        start = time.perf_counter()
        total = float(x.sum())
        samples.append((time.perf_counter() - start) * 1e3)
    out = {"bench": "numpy_stream", "n": args.n, "d": args.d, "reps": args.reps}
    out.update(summary("ms", samples))
    out.update({"gb_per_s": x.nbytes / (statistics.median(samples) * 1e6), "sum": total})
    print(json.dumps(out), flush=True)


def cmd_body(args):
    """Writes a /train body {"x": n×d nested, "y": n, "epochs": 1} the way a Python client would (json.dumps)."""
    _, _, x, y = problem(args.n, args.d, args.seed)
    with open(args.out, "w") as f:
        json.dump({"x": x.tolist(), "y": y.ravel().tolist(), "epochs": 1}, f)
    print(json.dumps({"bench": "body", "n": args.n, "d": args.d, "bytes": os.path.getsize(args.out)}), flush=True)


def resident_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def reset_peak():
    """Resets VmHWM to the current RSS (Linux >= 4.0); False where the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def cmd_ingest(args):
    with open(args.file, "rb") as f:
        body = f.read()
    decoders = [("json", json.loads)]
    try:
        import orjson
        decoders.append(("orjson", orjson.loads))
    except ImportError:
        print(json.dumps({"bench": "py_ingest", "decoder": "orjson", "not_measured": "orjson is not installed"}))
    for name, loads in decoders:
        samples = []
        peak_extra = None
        shape = None
        for rep in range(args.reps):
            fresh = rep == 0 and reset_peak()
            before = resident_kib("VmRSS")
            start = time.perf_counter()
            doc = loads(body)
            x = np.asarray(doc["x"], dtype=np.float64)
            y = np.asarray(doc["y"], dtype=np.float64)
            samples.append(time.perf_counter() - start)
            if fresh:
                peak_extra = (resident_kib("VmHWM") - before) * 1024
            shape = x.shape
            del doc, x, y
        out = {"bench": "py_ingest", "decoder": name + "+numpy.asarray", "bytes": len(body), "n": shape[0], "d": shape[1],
               "reps": args.reps}
        out.update(summary("ms", [s * 1e3 for s in samples]))
        out["mb_per_s"] = len(body) / 1e6 / statistics.median(samples)
        out["peak_extra_bytes"] = peak_extra
        out["matrix_bytes"] = shape[0] * shape[1] * 8
        print(json.dumps(out), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("train", "stream", "body"):
        p = sub.add_parser(name)
        p.add_argument("--n", type=int, default=1_000_000)
        p.add_argument("--d", type=int, default=32)
        p.add_argument("--seed", type=int, default=42)
        p.add_argument("--reps", type=int, default=5)
        if name == "train":
            p.add_argument("--epochs", type=int, default=10)
            p.add_argument("--original", action="store_true", help="the notebook's da*(a-a**2) chain rule")
        if name == "body":
            p.add_argument("--out", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--file", required=True)
    p.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    {"train": cmd_train, "stream": cmd_stream, "body": cmd_body, "ingest": cmd_ingest}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
