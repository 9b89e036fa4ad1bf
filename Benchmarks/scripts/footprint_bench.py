#!/usr/bin/env python3
"""descent's footprint (issue 19, item 5): start-up time and resident memory. JSON lines for bench_table.py.

1. Start-up: time from exec to the first 200 on GET /health/ready, --starts times (median, min, max), the in-memory
   default (`descent serve` with no flags but the address).
2. Resident memory (VmRSS) right after start, and after --load-seconds of POST /predict under wrk (-t2 -c32) and a
   second of rest; where it goes: the largest mappings of /proc/PID/smaps by resident size (the heap, the Swift
   runtime and Foundation's libraries, thread stacks), so that a goal missed says what dominates.

Loopback only. Run:  Benchmarks/scripts/footprint_bench.py --binary .build/release/descent [--load-seconds 60]
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.request


def emit(**line):
    print(json.dumps(line), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(binary, port):
    """Starts descent; returns (process, seconds from exec to the first 200 on /health/ready)."""
    began = time.perf_counter()
    process = subprocess.Popen([binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return process, time.perf_counter() - began
        except OSError:
            pass
        if process.poll() is not None:
            raise SystemExit(f"footprint_bench: descent exited with {process.returncode} before answering")
        time.sleep(0.0005)


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024


def largest_mappings(pid, count=6):
    """The mappings with the most resident memory, as (name, MiB), anonymous ones named by their kind."""
    sizes, name = {}, None
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                parts = line.split()
                name = os.path.basename(parts[5]) if len(parts) > 5 else "[anonymous: heap arenas and thread stacks]"
            elif line.startswith("Rss:") and name is not None:
                sizes[name] = sizes.get(name, 0) + int(line.split()[1])
    top = sorted(sizes.items(), key=lambda item: -item[1])[:count]
    return [[n, round(kib / 1024, 1)] for n, kib in top]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--load-seconds", type=int, default=60)
    args = parser.parse_args()

    times = []
    for _ in range(args.starts):
        process, seconds = start(args.binary, free_port())
        times.append(seconds * 1000)
        stop(process)
    emit(bench="footprint_start", what="exec to the first 200 on GET /health/ready, in-memory default",
         median_ms=round(statistics.median(times), 1), min_ms=round(min(times), 1), max_ms=round(max(times), 1),
         starts=args.starts)

    port = free_port()
    process, _ = start(args.binary, port)
    try:
        time.sleep(1)
        idle = rss_mib(process.pid)
        idle_top = largest_mappings(process.pid)
        base = f"http://127.0.0.1:{port}"
        body = json.dumps({"generate": {"samples": 64, "features": 32}, "epochs": 10, "name": "bench", "wait": True}).encode()
        urllib.request.urlopen(urllib.request.Request(base + "/train", data=body, method="POST",
                                                      headers={"Content-Type": "application/json"}), timeout=60).read()
        row = json.dumps({"model": "bench", "x": [0.5] * 32})
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = \'{row}\'\n')
        try:
            subprocess.run(["wrk", "-t2", "-c32", f"-d{args.load_seconds}s", "-s", script.name, base + "/predict"],
                           capture_output=True, check=True)
        finally:
            os.remove(script.name)
        time.sleep(1)
        loaded = rss_mib(process.pid)
        emit(bench="footprint_rss", what="VmRSS of descent serve (in-memory default)", idle_mib=round(idle, 1),
             after_load_mib=round(loaded, 1), load_seconds=args.load_seconds, idle_largest=idle_top,
             after_load_largest=largest_mappings(process.pid))
    finally:
        stop(process)


if __name__ == "__main__":
    main()
