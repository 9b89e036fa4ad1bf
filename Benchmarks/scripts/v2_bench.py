#!/usr/bin/env python3
"""Open Inference Protocol infer of 10,000 rows (d = 32) against a running descent: rows per second with the
binary tensor extension (input and outputs as raw little-endian bytes) and with JSON tensors, side by side.
Prints JSON lines for bench_table.py.

Run:  Benchmarks/scripts/v2_bench.py --base http://127.0.0.1:PORT --model bench [--reps 5]
"""
import argparse
import http.client
import json
import random
import statistics
import struct
import time
from urllib.parse import urlparse


def infer(connection, path, body, headers):
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit(f"v2_bench: {path} answered {response.status}: {data[:200]!r}")
    return data


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    url = urlparse(args.base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    path = f"/v2/models/{args.model}/infer"
    rng = random.Random(7)
    values = [rng.random() for _ in range(args.rows * args.features)]
    shape = [args.rows, args.features]
    header = json.dumps({"inputs": [{"name": "x", "shape": shape, "datatype": "FP64",
                                     "parameters": {"binary_data_size": 8 * len(values)}}],
                         "parameters": {"binary_data_output": True}}).encode()
    binary = header + struct.pack(f"<{len(values)}d", *values)
    plain = json.dumps({"inputs": [{"name": "x", "shape": shape, "datatype": "FP64", "data": values}]}).encode()
    modes = {
        "binary": (binary, {"Inference-Header-Content-Length": str(len(header))}),
        "json": (plain, {"Content-Type": "application/json"}),
    }
    for mode, (body, headers) in modes.items():
        infer(connection, path, body, headers)  # warm-up
        times = []
        for _ in range(args.reps):
            start = time.perf_counter()
            infer(connection, path, body, headers)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(json.dumps({"bench": "v2_rows", "mode": mode, "rows": args.rows, "features": args.features,
                          "body_bytes": len(body), "ms": median * 1e3, "ms_min": min(times) * 1e3,
                          "ms_max": max(times) * 1e3, "rows_per_s": args.rows / median}))


if __name__ == "__main__":
    main()
