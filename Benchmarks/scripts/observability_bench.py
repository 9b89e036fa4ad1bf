#!/usr/bin/env python3
"""What metrics and access logs cost POST /predict, side by side in one run (issue 13, Performance). JSON lines for
bench_table.py.

Servers from the same binary: `off` with `--metrics false --access-log false`, and two with metrics and JSON access
logs, which differ in where the log goes: `pipe`, to a pipe read by another process (as under a container runtime or
a service manager, which read the server's standard error), and `file`, appended to a file.

Two kinds of noise are larger than the effect measured here: the machine's speed drifts over seconds (other tenants,
frequency), and two processes started alike can differ by a few percent for the whole of their lives (where their
memory and threads landed). So the servers run in several sessions, each starting all afresh (in random order);
within a session wrk loads one server at a time in short bursts, each `on` server paired with `off` and the pairs
ordered on, off, off, on, ... (ABBA), so that drift falls on both alike. Each pair of bursts gives a ratio; the
median over all pairs of a destination is its result. Beside requests/s, each burst records the server's own CPU
time per request (from /proc/PID/stat). `--control` runs two `off` servers instead: what the method reads when there
is no difference.

Appending to a file costs the kernel more where its free memory is not yet backed by the host (a VM whose free pages
go back to the host): it fills new page-cache pages as the log grows. The run measures that too, with no server:
appending to a new file, and appending the same bytes again after truncating it (the pages used before).

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


class LogSink:
    """Where a server's standard output and error go: the file at `path`, or a pipe that `wc -c` reads (and counts)."""

    def __init__(self, kind, path):
        self.kind, self.path = kind, path
        if kind == "pipe":
            self.reader = subprocess.Popen(["wc", "-c"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
            self.target = self.reader.stdin
        else:
            self.target = open(path, "wb")

    def close(self):
        """Closes this process's end, once the server holds its own."""
        self.target.close()

    def written(self):
        """The bytes the server wrote, once it has exited."""
        if self.kind == "pipe":
            count = self.reader.stdout.read()
            self.reader.wait()
            return int(count.split()[0])
        return os.path.getsize(self.path)


def page_cache_cost(work, megabytes=64, chunk=64 << 10):
    """Microseconds per 4 KiB appended to a new file, and again after truncating it (its pages used before)."""
    path, data, result = os.path.join(work, "append.bin"), b"x" * chunk, []
    with open(path, "wb", buffering=0) as f:
        for _ in range(2):
            f.truncate(0)
            f.seek(0)
            began = time.perf_counter()
            for _ in range((megabytes << 20) // chunk):
                f.write(data)
            result.append((time.perf_counter() - began) * 1e6 / ((megabytes << 20) / 4096))
    os.remove(path)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=".build/release/descent")
    parser.add_argument("--sessions", type=int, default=4, help="times the servers are started afresh")
    parser.add_argument("--pairs", type=int, default=3, help="on/off pairs of bursts for each destination in each session")
    parser.add_argument("--seconds", type=int, default=3, help="length of one burst")
    parser.add_argument("--control", action="store_true", help="compare two servers without metrics and access logs")
    args = parser.parse_args()
    off = ["--metrics", "false", "--access-log", "false"]
    # Each `on` server, named by where its log goes; the control's second `off` server logs to a file.
    destinations = ["file"] if args.control else ["pipe", "file"]
    work = tempfile.mkdtemp(prefix="descent-obs-")
    script = os.path.join(work, "predict.lua")
    with open(script, "w") as f:
        row = [((i * 7) % 10) / 10 for i in range(32)]
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = \'%s\'\n'
                % json.dumps({"model": "bench", "x": row}))
    ratios = {to: [] for to in destinations}
    cpu_ratios = {to: [] for to in destinations}
    log_bytes = {to: 0 for to in destinations}
    try:
        for session in range(args.sessions):
            servers, sinks = {}, {}
            try:
                for name in random.sample(destinations + ["off"], len(destinations) + 1):
                    sinks[name] = LogSink("file" if name == "off" else name, os.path.join(work, f"server-{name}-{session}.log"))
                    servers[name] = start(args.binary, off if args.control or name == "off" else [], sinks[name].target)
                    sinks[name].close()
                for name in servers:
                    burst(*servers[name], 1, script)  # warm-up
                for pair in range(args.pairs):
                    for to in destinations:
                        result = {}
                        for mode in (("on", "off") if pair % 2 == 0 else ("off", "on")):
                            result[mode] = burst(*servers[to if mode == "on" else "off"], args.seconds, script)
                            emit(bench="observability_burst", control=args.control, log_to=to, mode=mode, session=session + 1,
                                 pair=pair + 1, seconds=args.seconds, **result[mode])
                        ratios[to].append(result["on"]["requests_per_s"] / result["off"]["requests_per_s"])
                        cpu_ratios[to].append(result["on"]["server_cpu_us_per_request"] / result["off"]["server_cpu_us_per_request"])
            finally:
                for server, _ in servers.values():
                    server.terminate()
                    server.wait(timeout=60)
            for to in destinations:
                log_bytes[to] += sinks[to].written()
        for to in destinations:
            emit(bench="observability", control=args.control, log_to=to, sessions=args.sessions, pairs=len(ratios[to]),
                 seconds=args.seconds, rps_ratio_median=statistics.median(ratios[to]), rps_ratio_min=min(ratios[to]),
                 rps_ratio_max=max(ratios[to]), cpu_ratio_median=statistics.median(cpu_ratios[to]),
                 cpu_ratio_min=min(cpu_ratios[to]), cpu_ratio_max=max(cpu_ratios[to]), access_log_bytes=log_bytes[to])
        if not args.control:
            fresh, reused = page_cache_cost(work)
            emit(bench="observability_page_cache", fresh_us_per_4k=round(fresh, 2), reused_us_per_4k=round(reused, 2))
    finally:
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
