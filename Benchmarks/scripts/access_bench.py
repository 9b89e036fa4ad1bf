#!/usr/bin/env python3
"""The cost of access control and transport (issue 15, Performance), side by side in one run. JSON lines for
bench_table.py.

1. POST /predict (one row, d = 32) under wrk (keep-alive, -t2 -c32): plain HTTP, with an API key checked on every
   request (`--api-keys-file`, `Authorization: Bearer`), and over TLS (a self-signed P-256 certificate made with
   the openssl CLI; HTTP/1.1, as wrk speaks). Alternated plain → key → TLS, --rounds times; means and ratios.
2. A ~65 MB /train body (`x` of 100,000 × 32 random numbers): sent plain and gzipped (`Content-Encoding: gzip`),
   --reps times each, alternated; MB/s of ingestion = inflated JSON bytes ÷ the time until the 202.

Loopback only. Run:  Benchmarks/scripts/access_bench.py --binary .build/release/descent [--seconds 10]
"""
import argparse
import gzip
import hashlib
import json
import os
import random
import re
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_result import latency_ms  # noqa: E402

KEY = "dsk_bench_" + "5" * 54


def emit(**line):
    print(json.dumps(line), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, headers=None, timeout=600):
    insecure = ssl.create_default_context()
    insecure.check_hostname = False
    insecure.verify_mode = ssl.CERT_NONE
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=timeout, context=insecure if base.startswith("https") else None) as response:
        return response.status, response.read()


def start(binary, arguments, scheme="http"):
    port = free_port()
    base = f"{scheme}://127.0.0.1:{port}"
    server = subprocess.Popen([binary, "serve", "--port", str(port), "--log-level", "error"] + arguments,
                              stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            call(base, "GET", "/health", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit(f"descent serve {' '.join(arguments)} did not answer")


def stop(server):
    server.terminate()
    server.wait()


def wrk(url, seconds, script):
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", script, url]
    text = subprocess.run(command, capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99(?:\.000)?%\s+(\S+)", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    return (float(rps.group(1)) if rps else None), (latency_ms(p99.group(1)) if p99 else None), (int(non2xx.group(1)) if non2xx else 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/descent")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="descent-access-bench-")
    keys = os.path.join(work, "keys")
    with open(keys, "w") as f:
        f.write(f"bench write {hashlib.sha256(KEY.encode()).hexdigest()}\n")
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost"], check=True, capture_output=True)
    row = [((i * 7) % 10) / 10 for i in range(32)]
    modes = {
        "plain HTTP": ([], "http", None),
        "API key (Bearer)": (["--api-keys-file", keys], "http", KEY),
        "TLS (HTTPS/1.1)": (["--tls-cert", cert, "--tls-key", key], "https", None),
    }
    train = {"generate": {"samples": 1000, "features": 32}, "epochs": 10, "seed": 42, "name": "bench", "wait": True}
    for round_ in range(1, args.rounds + 1):
        for mode, (arguments, scheme, token) in modes.items():
            server, base = start(args.binary, arguments, scheme)
            try:
                auth = {"Authorization": f"Bearer {token}"} if token else {}
                call(base, "POST", "/train", json.dumps(train).encode(), {"Content-Type": "application/json", **auth})
                script = os.path.join(work, "predict.lua")
                with open(script, "w") as f:
                    f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n')
                    if token:
                        f.write(f'wrk.headers["Authorization"] = "Bearer {token}"\n')
                    f.write("wrk.body = '%s'\n" % json.dumps({"model": "bench", "x": row}))
                rps, p99, non2xx = wrk(f"{base}/predict", args.seconds, script)
                emit(bench="access_predict", mode=mode, round=round_, requests_per_s=rps, p99_ms=p99, non_2xx=non2xx,
                     tool=f"wrk -t2 -c32 -d{args.seconds}s")
            finally:
                stop(server)

    # 2. a ~65 MB /train body, plain vs gzip
    rng = random.Random(7)
    x = [[rng.random() for _ in range(32)] for _ in range(args.rows)]
    y = [int(sum(r) > 16) for r in x]
    body = json.dumps({"x": x, "y": y, "epochs": 1}).encode()
    zipped = gzip.compress(body, compresslevel=6)
    server, base = start(args.binary, ["--max-body-bytes", str(len(body) + 1024)])
    try:
        times = {"plain": [], "gzip": []}
        for _ in range(args.reps):
            for mode in ("plain", "gzip"):
                headers = {"Content-Type": "application/json"}
                data = body
                if mode == "gzip":
                    headers["Content-Encoding"] = "gzip"
                    data = zipped
                started = time.perf_counter()
                status, answer = call(base, "POST", "/train", data, headers)
                elapsed = time.perf_counter() - started
                if status != 202:
                    raise SystemExit(f"/train answered {status}: {answer[:200]!r}")
                times[mode].append(elapsed)
        for mode, values in times.items():
            median = statistics.median(values)
            emit(bench="gzip_ingest", mode=mode, body_bytes=len(body), sent_bytes=len(zipped) if mode == "gzip" else len(body),
                 seconds=median, seconds_min=min(values), seconds_max=max(values), mb_per_s=len(body) / 1e6 / median, reps=args.reps)
    finally:
        stop(server)


if __name__ == "__main__":
    main()
