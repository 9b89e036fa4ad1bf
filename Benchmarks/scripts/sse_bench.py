#!/usr/bin/env python3
"""What live event streams cost (issue 14, Performance), side by side in one run. JSON lines for bench_table.py.

1. Training ms/epoch of one job with no SSE subscriber, then with --subscribers (default 100) reading its
   GET /jobs/{id}/events, alternated (--rounds times none, subscribers): the median of each and the ratio. ms/epoch is
   the job's own (finished_at - started_at) / epochs. The streams connect while the job waits in the queue behind a
   blocker job (one worker), so its epochs all run with every stream open and none pays for connecting them. Beside
   it, the server's own CPU time (user + system, /proc/PID/stat) per epoch of the two jobs: what the streams cost
   the server, without the readers' share of the same 2 cores. Two settings: the defaults (a snapshot every 10 epochs, progress
   at most every 250 ms), and a stress setting (a snapshot every epoch, progress every 50 ms: each subscriber gets
   every epoch's weights). The subscribers are read by one thread with select(2), so that the readers themselves take
   as little as possible of the 2 cores the training shares with them.
2. POST /predict requests/s under wrk with no stream open, then with --idle (default 1,000) idle streams open (on a
   long job with interval_ms=600000: after the first batch they only wait), then without them again; the ratio.
   A job trains on one worker throughout, so both phases share the same background load.

Loopback only. Run:  Benchmarks/scripts/sse_bench.py --binary .build/release/descent [--seconds 10]
"""
import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime


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
        return response.status, json.loads(response.read() or b"null")


def open_stream(port, path):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    return s


def drain_all(socks, stop):
    """Reads every socket until `stop` is set or all have closed, in one thread."""
    import selectors
    selector = selectors.DefaultSelector()
    for sock in socks:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    open_count = len(socks)
    while open_count and not stop.is_set():
        for key, _ in selector.select(timeout=0.2):
            try:
                data = key.fileobj.recv(1 << 20)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                open_count -= 1
    selector.close()


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def wait_finished(base, job_id):
    while True:
        _, current = call(base, "GET", f"/jobs/{job_id}")
        if current["status"] in ("succeeded", "failed", "cancelled"):
            return current
        time.sleep(0.1)


def cpu_seconds(pid):
    """The process's user + system CPU time so far (clock ticks of /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def train_ms_per_epoch(base, port, job_body, subscribers, query, blocker_body, pid):
    """The job's ms/epoch with `subscribers` streams on it from before its first epoch: a blocker job holds the one
    worker while the measured job waits in the queue and the streams connect, so the measured epochs include no
    connection set-up. Returns (ms per epoch, the server's CPU ms per epoch of both jobs), or None when the job had
    already started once the streams were open (not counted)."""
    cpu_before = cpu_seconds(pid)
    _, blocker = call(base, "POST", "/train", blocker_body)
    _, job = call(base, "POST", "/train", job_body)
    stop = threading.Event()
    socks = [open_stream(port, f"/jobs/{job['id']}/events{query}") for _ in range(subscribers)]
    reader = threading.Thread(target=drain_all, args=(socks, stop), daemon=True)
    reader.start()
    _, queued = call(base, "GET", f"/jobs/{job['id']}")
    wait_finished(base, blocker["id"])
    current = wait_finished(base, job["id"])
    cpu = cpu_seconds(pid) - cpu_before
    stop.set()
    reader.join()
    for sock in socks:
        sock.close()
    if queued["status"] != "queued":
        return None
    seconds = parse_time(current["finished_at"]) - parse_time(current["started_at"])
    return seconds * 1000 / job_body["epochs"], cpu * 1000 / (job_body["epochs"] + blocker_body["epochs"])


def wrk_predict(base, seconds, script):
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "-s", script, base + "/predict"]
    text = subprocess.run(command, capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    return (float(rps.group(1)) if rps else None), (int(errors.group(1)) if errors else 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--features", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.idle + 256)), hard))

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([args.binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
                               "--log-level", "warning", "--access-log", "false"])
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health/live", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        # 1. Training with and without subscribers, alternated, in two settings.
        settings = [("defaults", 10, ""), ("stress", 1, "?interval_ms=50")]
        for setting, snapshot_every, query in settings:
            body = {"generate": {"samples": args.samples, "features": args.features}, "epochs": args.epochs,
                    "snapshot_every": snapshot_every, "seed": 3}
            blocker = dict(body, epochs=max(1, args.epochs // 4), snapshot_every=0)
            train_ms_per_epoch(base, port, body, 0, query, blocker, server.pid)  # warm-up
            runs = {0: [], args.subscribers: []}
            cpu = {0: [], args.subscribers: []}
            skipped = 0
            for _ in range(args.rounds):
                for count in (0, args.subscribers):
                    measured = train_ms_per_epoch(base, port, body, count, query, blocker, server.pid)
                    if measured is None:
                        skipped += 1
                    else:
                        runs[count].append(measured[0])
                        cpu[count].append(measured[1])
            if not runs[0] or not runs[args.subscribers]:
                raise SystemExit("sse_bench: every run started before its streams were open; raise --epochs")
            none, some = statistics.median(runs[0]), statistics.median(runs[args.subscribers])
            emit(bench="sse_training", setting=setting,
                 what=f"training ms/epoch, n={args.samples} d={args.features}, a snapshot every "
                      + ("epoch, interval_ms=50" if snapshot_every == 1 else f"{snapshot_every} epochs, interval_ms=250"),
                 none_ms=round(none, 3), subscribers=args.subscribers, with_ms=round(some, 3), ratio=round(some / none, 4),
                 runs={str(k): [round(v, 3) for v in vs] for k, vs in runs.items()}, skipped=skipped,
                 none_cpu_ms=round(statistics.median(cpu[0]), 3), with_cpu_ms=round(statistics.median(cpu[args.subscribers]), 3),
                 cpu_ratio=round(statistics.median(cpu[args.subscribers]) / statistics.median(cpu[0]), 4))

        # 2. /predict with and without idle streams, a job training throughout.
        call(base, "POST", "/train", {"generate": {"samples": 16, "features": 2}, "epochs": 10, "name": "ready", "wait": True})
        # Long enough to train through all three wrk runs (64x more rows than the notebook: it must not finish first).
        _, long_job = call(base, "POST", "/train", {"generate": {"samples": 4096, "features": 2}, "epochs": 10_000_000,
                                                     "snapshot_every": 0})
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sse_predict.lua")
        with open(script, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    'wrk.body = \'{"model": "ready", "x": [0.3, 0.7]}\'\n')
        before, errors_before = wrk_predict(base, args.seconds, script)
        socks = [open_stream(port, f"/jobs/{long_job['id']}/events?interval_ms=600000") for _ in range(args.idle)]
        time.sleep(1)
        during, errors_during = wrk_predict(base, args.seconds, script)
        for sock in socks:
            sock.close()
        time.sleep(1)
        after, errors_after = wrk_predict(base, args.seconds, script)
        try:
            cancel_status, _ = call(base, "DELETE", f"/jobs/{long_job['id']}")
        except urllib.error.HTTPError as error:
            cancel_status = error.code
        if cancel_status != 202:
            raise SystemExit(f"sse_bench: the long job ended before the /predict runs did (DELETE answered {cancel_status})")
        os.remove(script)
        baseline = statistics.mean([before, after])
        emit(bench="sse_predict", what="POST /predict requests/s, one row", none_rps=round(baseline, 1), idle=args.idle,
             with_rps=round(during, 1), ratio=round(during / baseline, 4), before_rps=before, after_rps=after,
             non_2xx=errors_before + errors_during + errors_after)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
