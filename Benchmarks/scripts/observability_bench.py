#!/usr/bin/env python3
"""What metrics and access logs cost POST /predict, side by side in one run (issue 13, Performance). JSON lines for
bench_table.py.

Two servers from the same binary: `on` with metrics and JSON access logs (written to a file, as an operator's would
be), `off` with `--metrics false --access-log false`. Two kinds of noise are larger than the effect measured here:
the machine's speed drifts over seconds (other tenants, frequency), and two processes started alike can differ by a
few percent for the whole of their lives (where their memory and threads landed). So the servers run in several
sessions, each starting both afresh (in random order); within a session wrk loads one server at a time in short
bursts ordered on, off, off, on, ... (ABBA), so that drift falls on both alike. Each pair of bursts gives a ratio;
the median over all pairs is the result. Beside requests/s, each burst records the server's own CPU time per request
(from /proc/PID/stat). `--control` runs two `off` servers instead: what the method reads when there is no difference.

Loopback only. Run:  Benchmarks/scripts/observability_bench.py --binary .build/release/descent [--sessions 4]
                     [--pairs 3] [--seconds 3] [--control]
"""
import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_result import parse  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def emit(**line):
    print(json.dumps(line), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(base, method, path, body=None, timeout=600):
    request = urllib.request.Request(base + path, data=None if body is None else json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status, response.read()


def cpu_seconds(pid):
    """The user and system time PID has used (fields 14 and 15 of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def start(binary, flags, log):
    port = free_port()
    server = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-format", "json"] + flags,
                              stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            call(base, "GET", "/health/ready", timeout=1)
            break
        except OSError:
            time.sleep(0.05)
    status, _ = call(base, "POST", "/train", {"generate": {"samples": 1000, "features": 32}, "epochs": 10, "seed": 42,
                                              "name": "bench", "wait": True})
    if status != 201:
        raise SystemExit(f"descent-bench: POST /train answered {status}")
    return server, base


def burst(server, base, seconds, script):
    before = cpu_seconds(server.pid)
    text = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", script, base + "/predict"],
                          capture_output=True, text=True).stdout
    cpu = cpu_seconds(server.pid) - before
    result = parse(text)
    if not result or not result["requests"]:
        raise SystemExit("descent-bench: wrk printed no Requests/sec: " + " ".join(text.split())[:200])
    return {"requests_per_s": result["requests_per_s"], "requests": result["requests"],
            "server_cpu_us_per_request": round(cpu * 1e6 / result["requests"], 2),
            "p99_ms": result["p99_ms"], "non_2xx": result["non_2xx"]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/descent")
    parser.add_argument("--sessions", type=int, default=4, help="times both servers are started afresh")
    parser.add_argument("--pairs", type=int, default=3, help="on/off pairs of bursts in each session")
    parser.add_argument("--seconds", type=int, default=3, help="length of one burst")
    parser.add_argument("--control", action="store_true", help="compare two servers without metrics and access logs")
    args = parser.parse_args()
    off = ["--metrics", "false", "--access-log", "false"]
    flags = {"on": off if args.control else [], "off": off}
    work = tempfile.mkdtemp(prefix="descent-obs-")
    script = os.path.join(work, "predict.lua")
    with open(script, "w") as f:
        row = [((i * 7) % 10) / 10 for i in range(32)]
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = \'%s\'\n'
                % json.dumps({"model": "bench", "x": row}))
    ratios, cpu_ratios, log_bytes = [], [], 0
    try:
        for session in range(args.sessions):
            servers = {}
            try:
                for mode in random.sample(["on", "off"], 2):
                    log = open(os.path.join(work, f"server-{mode}-{session}.log"), "wb")
                    servers[mode] = start(args.binary, flags[mode], log)
                for mode in ("on", "off"):
                    burst(*servers[mode], 1, script)  # warm-up
                for pair in range(args.pairs):
                    result = {}
                    for mode in (("on", "off") if pair % 2 == 0 else ("off", "on")):
                        result[mode] = burst(*servers[mode], args.seconds, script)
                        emit(bench="observability_burst", control=args.control, mode=mode, session=session + 1, pair=pair + 1,
                             seconds=args.seconds, **result[mode])
                    ratios.append(result["on"]["requests_per_s"] / result["off"]["requests_per_s"])
                    cpu_ratios.append(result["on"]["server_cpu_us_per_request"] / result["off"]["server_cpu_us_per_request"])
            finally:
                for server, _ in servers.values():
                    server.terminate()
                    server.wait(timeout=60)
            log_bytes += os.path.getsize(os.path.join(work, f"server-on-{session}.log"))
        emit(bench="observability", control=args.control, sessions=args.sessions, pairs=len(ratios), seconds=args.seconds,
             rps_ratio_median=statistics.median(ratios), rps_ratio_min=min(ratios), rps_ratio_max=max(ratios),
             cpu_ratio_median=statistics.median(cpu_ratios), cpu_ratio_min=min(cpu_ratios), cpu_ratio_max=max(cpu_ratios),
             access_log_bytes=log_bytes)
    finally:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
