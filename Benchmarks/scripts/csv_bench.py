#!/usr/bin/env python3
"""CSV ingestion, the pandas side of scripts/bench's 'csv' step (descent's side is `descent-bench csv-ingest`).

  csv_bench.py body   --n 100000 --d 32 --out body.csv   a /train CSV: f0..f{d-1} uniform in [0,1), label 0/1,
                                                          written by pandas.DataFrame.to_csv (shortest round-trip digits)
  csv_bench.py ingest --file body.csv --reps 5            pandas.read_csv of the body (from memory: no disk in the timing),
                                                          alone and then with x and y taken out as float64 arrays,
                                                          default C engine and default float precision; wall
                                                          time and this thread's CPU time (read_csv's C engine runs
                                                          on the calling thread)

Each prints one JSON object per line, the same shape as descent-bench's lines. Needs numpy and pandas (scripts/bench
builds a venv with Benchmarks/scripts/csv-requirements.txt).
"""
import argparse
import io
import json
import statistics
import time

import numpy as np
import pandas as pd


def summary(key, samples):
    return {key + "_median": statistics.median(samples), key + "_min": min(samples), key + "_max": max(samples),
            key + "_samples": samples}


def cmd_body(args):
    rng = np.random.default_rng(args.seed)
    frame = pd.DataFrame(rng.random((args.n, args.d)), columns=[f"f{i}" for i in range(args.d)])
    frame["label"] = rng.integers(0, 2, args.n)
    frame.to_csv(args.out, index=False)
    size = len(open(args.out, "rb").read())
    print(json.dumps({"bench": "csv_body", "n": args.n, "d": args.d, "bytes": size, "writer": "pandas.DataFrame.to_csv",
                      "pandas": pd.__version__}), flush=True)


def cmd_ingest(args):
    with open(args.file, "rb") as f:
        body = f.read()

    def read_only():
        return pd.read_csv(io.BytesIO(body)).shape

    def read_and_split():
        # What /train needs from the file: x (n, d) and y (n,) as float64 arrays.
        frame = pd.read_csv(io.BytesIO(body))
        x = frame.drop(columns=[args.label]).to_numpy(dtype=np.float64)
        y = frame[args.label].to_numpy(dtype=np.float64)
        assert y.shape == (x.shape[0],)
        return (x.shape[0], x.shape[1] + 1)

    for name, work in (("read_csv (C engine)", read_only),
                       ("read_csv + x, y as float64 arrays (to_numpy)", read_and_split)):
        samples = []
        cpu_samples = []
        shape = None
        for _ in range(args.reps):
            cpu_start = time.thread_time()
            start = time.perf_counter()
            shape = work()
            samples.append(time.perf_counter() - start)
            cpu_samples.append(time.thread_time() - cpu_start)
        out = {"bench": "py_csv_ingest", "reader": name, "pandas": pd.__version__, "bytes": len(body),
               "n": shape[0], "columns": shape[1], "reps": args.reps}
        out.update(summary("ms", [s * 1e3 for s in samples]))
        out.update(summary("cpu_ms", [s * 1e3 for s in cpu_samples]))
        out["mb_per_s"] = len(body) / 1e6 / statistics.median(samples)
        print(json.dumps(out), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("body")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--d", type=int, default=32)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("--file", required=True)
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--label", default="label")
    args = parser.parse_args()
    {"body": cmd_body, "ingest": cmd_ingest}[args.command](args)


if __name__ == "__main__":
    main()
