#!/usr/bin/env python3
"""What hostile or heavy clients cost the others, side by side in one run (issue 18, Performance). JSON lines for
bench_table.py.

1. POST /predict (one row, d = 32) under wrk with no idle connection open, then with --idle connections (default
   2,000) open and silent, then without them again: requests/s and p99 of each, and the ratio.
2. A 100 MB answer (GET /jobs/{id} of a job whose history holds 5,000,000 numbers) while wrk measures GET /health:
   the answer's time, and /health's requests/s and p99 during it against /health alone.

Loopback only. Run:  Benchmarks/scripts/robust_bench.py --binary .build/release/descent [--seconds 10] [--idle 2000]
"""
import argparse
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_result import latency_ms  # noqa: E402


def emit(**line):
    print(json.dumps(line), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, timeout=600):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method=method)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def wrk(url, seconds, script=None):
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency"] + (["-s", script] if script else []) + [url]
    text = subprocess.run(command, capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    p99 = re.search(r"^\s+99(?:\.000)?%\s+(\S+)", text, re.M)
    return (float(rps.group(1)) if rps else None), (latency_ms(p99.group(1)) if p99 else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/descent")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--idle", type=int, default=2000)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, args.idle + 256)), hard))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tempfile.TemporaryFile()
    # Idle connections stay within the default deadlines for the whole measurement (header deadline 15 s).
    server = subprocess.Popen([args.binary, "serve", "--port", str(port), "--log-level", "error",
                               "--header-timeout-seconds", str(args.seconds * 3 + 30)], stderr=log)
    try:
        for _ in range(200):
            try:
                call(base, "GET", "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        call(base, "POST", "/train", {"generate": {"samples": 1000, "features": 32}, "epochs": 10, "seed": 42, "name": "bench", "wait": True})
        row = [((i * 7) % 10) / 10 for i in range(32)]
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = \'%s\'\n'
                     % json.dumps({"model": "bench", "x": row}))
        script.close()

        results = {}
        for phase in ("none", "idle", "none again"):
            sockets = []
            if phase == "idle":
                for _ in range(args.idle):
                    s = socket.create_connection(("127.0.0.1", port))
                    sockets.append(s)
                time.sleep(0.5)
            results[phase] = wrk(base + "/predict", args.seconds, script.name)
            for s in sockets:
                s.close()
            time.sleep(0.5)
        base_rps = min(r for r, _ in (results["none"], results["none again"]) if r) if all(
            results[p][0] for p in ("none", "none again")) else None
        emit(bench="idle_connections", idle=args.idle, rps_none=results["none"][0], p99_none_ms=results["none"][1],
             rps_idle=results["idle"][0], p99_idle_ms=results["idle"][1], rps_none_again=results["none again"][0],
             p99_none_again_ms=results["none again"][1],
             ratio=(results["idle"][0] / base_rps) if base_rps and results["idle"][0] else None)

        # A job whose history is 500 snapshots of 10,000 weights: its JSON is about 100 MB.
        status, body = call(base, "POST", "/train", {"generate": {"samples": 1, "features": 10000}, "epochs": 500,
                                                      "snapshot_every": 1, "seed": 1, "wait": True})
        job = json.loads(body)["id"]
        alone = wrk(base + "/health", args.seconds)
        answer = {}

        def fetch():
            start = time.perf_counter()
            _, data = call(base, "GET", f"/jobs/{job}")
            answer.update(seconds=time.perf_counter() - start, bytes=len(data))

        fetcher = threading.Thread(target=fetch)
        fetcher.start()
        during = wrk(base + "/health", args.seconds)
        fetcher.join()
        emit(bench="large_answer", bytes=answer.get("bytes"), seconds=answer.get("seconds"),
             health_rps_alone=alone[0], health_p99_alone_ms=alone[1], health_rps_during=during[0], health_p99_during_ms=during[1])
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
