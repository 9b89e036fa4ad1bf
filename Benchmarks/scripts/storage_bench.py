#!/usr/bin/env python3
"""The durable store's cost, side by side in one run (issue 10, Performance). Prints JSON lines for bench_table.py.

1. /predict requests/s, `descent serve --data-dir` against the in-memory default: both servers up at once, wrk
   (-t2 -c32, one row of d = 32) alternating between them for --rounds rounds; target: within 5%.
2. Training ms/epoch at n = 1,000,000, d = 32 (generate, snapshot_every 0) on --data-dir with
   `--checkpoint-seconds 1` against `--checkpoint-seconds 0` (no checkpoints without snapshots). A job's time is
   finished_at - started_at; ms/epoch is the difference between a long run (about --train-seconds) and a 2-epoch
   run, divided by the epochs between them, so data generation and set-up cancel. Target: within 2%.
3. Restart with 10,000 models and 1,000 finished jobs in the store (seeded over HTTP with tiny `"wait": true`
   trains; --max-finished-jobs keeps the newest 1,000 jobs): SIGTERM, then time from exec to the first 200 on
   GET /health and to GET /models having listed every model (pages of 1,000), and VmRSS then. Target: < 1 s.

Needs the release binary and wrk (step 1 is skipped with a note without it); stdlib only.
Run:  Benchmarks/scripts/storage_bench.py --binary .build/release/descent [--seconds 10] [--quick]
"""
import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wrk_result import latency_ms  # noqa: E402


def emit(**line):
    print(json.dumps(line), flush=True)


def fail(text):
    print(f"storage_bench: {text}", file=sys.stderr)
    sys.exit(1)


class Client:
    """A keep-alive connection to one server."""

    def __init__(self, port, timeout=600):
        self.port, self.timeout, self.conn = port, timeout, None

    def __call__(self, method, path, body=None):
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                                  headers={"Content-Type": "application/json"} if body is not None else {})
                response = self.conn.getresponse()
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
            except (OSError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seconds_of(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class Server:
    def __init__(self, binary, work, label, *extra):
        self.binary, self.label, self.extra = binary, label, list(extra)
        self.log_path = os.path.join(work, f"{label}.log")
        self.proc = self.port = None

    def start(self, poll=0.005, timeout=60):
        """Starts the process; returns seconds from exec to the first 200 on GET /health."""
        self.port = free_port()
        log = open(self.log_path, "ab")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen([self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port),
                                      "--log-level", "warning", *self.extra], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        while time.perf_counter() - t0 < timeout:
            if self.proc.poll() is not None:
                fail(f"{self.label} server exited with {self.proc.returncode}: {self.tail()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    conn.close()
                    return time.perf_counter() - t0
                conn.close()
            except OSError:
                pass
            time.sleep(poll)
        fail(f"{self.label} server did not answer /health within {timeout} s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def rss_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:")) / 1024

    def tail(self):
        try:
            return " | ".join(open(self.log_path, errors="replace").read().strip().splitlines()[-3:])
        except OSError:
            return ""


def spread(values, key, digits=3):
    return {f"{key}_median": round(statistics.median(values), digits), f"{key}_min": round(min(values), digits),
            f"{key}_max": round(max(values), digits)}


# --- 1. /predict ----------------------------------------------------------------------------------------------------

def wrk_predict(port, body_path, seconds):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", body_path,
                          f"http://127.0.0.1:{port}/predict"], capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not rps:
        fail("wrk printed no Requests/sec: " + " ".join(out.split())[:200])
    p50 = re.search(r"^\s+50(?:\.000)?%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99(?:\.000)?%\s+(\S+)", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return dict(requests_per_s=float(rps.group(1)), p50_ms=latency_ms(p50.group(1)) if p50 else None,
                p99_ms=latency_ms(p99.group(1)) if p99 else None, non_2xx=int(non2xx.group(1)) if non2xx else 0)


def bench_predict(binary, work, seconds, rounds):
    if shutil.which("wrk") is None:
        emit(bench="note", what="storage", text="/predict with --data-dir not measured: wrk is not installed")
        return
    servers = {"memory": Server(binary, work, "predict-memory"),
               "sqlite": Server(binary, work, "predict-sqlite", "--data-dir", os.path.join(work, "predict-data"))}
    row = [((i * 7919) % 1000) / 1000 for i in range(32)]
    script = os.path.join(work, "predict.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = '{json.dumps({'model': 'bench', 'x': row})}'\n")
    try:
        for store, server in servers.items():
            server.start()
            client = Client(server.port)
            status, job = client("POST", "/train", {"generate": {"samples": 1000, "features": 32}, "epochs": 10,
                                                    "seed": 42, "name": "bench", "wait": True})
            if status != 201:
                fail(f"{store}: POST /train answered {status}: {str(job)[:200]}")
            status, answer = client("POST", "/predict", {"model": "bench", "x": row})
            if status != 200:
                fail(f"{store}: POST /predict answered {status}: {str(answer)[:200]}")
        results = {store: [] for store in servers}
        for r in range(rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(servers))
            for store in order:
                result = wrk_predict(servers[store].port, script, seconds)
                results[store].append(result)
                emit(bench="storage_predict", store=store, round=r + 1, tool=f"wrk -t2 -c32 -d{seconds}s", **result)
    finally:
        for server in servers.values():
            server.stop()
    medians = {store: statistics.median(r["requests_per_s"] for r in rs) for store, rs in results.items()}
    emit(bench="storage_predict_ratio", rounds=rounds, seconds=seconds, memory_rps_median=medians["memory"],
         sqlite_rps_median=medians["sqlite"], ratio=round(medians["sqlite"] / medians["memory"], 4),
         non_2xx=sum(r["non_2xx"] for rs in results.values() for r in rs))


# --- 2. training ms/epoch with and without checkpoints -----------------------------------------------------------------

def job_seconds(client, n, d, epochs):
    status, job = client("POST", "/train", {"generate": {"samples": n, "features": d}, "epochs": epochs, "seed": 3,
                                            "snapshot_every": 0, "wait": True})
    if status != 201 or job.get("status") != "succeeded":
        fail(f"training {n}x{d} for {epochs} epochs answered {status}: {str(job)[:200]}")
    return seconds_of(job["finished_at"]) - seconds_of(job["started_at"])


def bench_train(binary, work, n, d, train_seconds, reps):
    configs = {"1": None, "0": None}
    servers = {c: Server(binary, work, f"train-ckpt{c}", "--data-dir", os.path.join(work, f"train-data-{c}"),
                         "--checkpoint-seconds", c, "--workers", "1") for c in configs}
    try:
        for server in servers.values():
            server.start()
        clients = {c: Client(s.port) for c, s in servers.items()}
        probe = job_seconds(clients["0"], n, d, 10)
        big = max(20, int(train_seconds / (probe / 10)))
        small = 2
        per_epoch = {c: [] for c in configs}
        for rep in range(reps):
            for c in (configs if rep % 2 == 0 else list(reversed(list(configs)))):
                t_small = job_seconds(clients[c], n, d, small)
                t_big = job_seconds(clients[c], n, d, big)
                per_epoch[c].append((t_big - t_small) * 1000 / (big - small))
        for c in configs:
            emit(bench="storage_train", checkpoint_seconds=float(c), n=n, d=d, epochs=big, baseline_epochs=small,
                 reps=reps, **spread(per_epoch[c], "ms_per_epoch"))
        with_ckpt, without = statistics.median(per_epoch["1"]), statistics.median(per_epoch["0"])
        emit(bench="storage_train_ratio", n=n, d=d, epochs=big, reps=reps, ms_per_epoch_checkpoint_1s=with_ckpt,
             ms_per_epoch_no_checkpoint=without, ratio=round(with_ckpt / without, 4))
    finally:
        for server in servers.values():
            server.stop()


# --- 3. restart with many models and jobs in the store ---------------------------------------------------------------

def seed_store(port, models, threads=8):
    """`models` tiny wait:true trains over `threads` keep-alive connections; returns seconds taken."""
    errors, counter, lock = [], [0], threading.Lock()

    def worker():
        client = Client(port)
        while True:
            with lock:
                if counter[0] >= models or errors:
                    return
                counter[0] += 1
                i = counter[0]
            status, body = client("POST", "/train", {"generate": {"samples": 8, "features": 2}, "epochs": 1,
                                                     "seed": i, "snapshot_every": 0, "name": f"m{i % 100}",
                                                     "wait": True})
            if status != 201:
                errors.append(f"seeding train {i} answered {status}: {str(body)[:200]}")

    t0 = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        fail(errors[0])
    return time.perf_counter() - t0


def list_count(client, collection):
    count, cursor = 0, None
    while True:
        status, body = client("GET", f"/{collection}?limit=1000" + (f"&cursor={cursor}" if cursor else ""))
        if status != 200:
            fail(f"GET /{collection} answered {status}: {str(body)[:200]}")
        count += len(body[collection])
        cursor = body.get("next")
        if not cursor:
            return count


def bench_restart(binary, work, models, jobs, reps):
    data = os.path.join(work, "restart-data")
    server = Server(binary, work, "restart", "--data-dir", data, "--max-finished-jobs", str(jobs),
                    "--max-queued-jobs", "256")
    server.start()
    seed_seconds = seed_store(server.port, models)
    health, listed, rss = [], [], []
    try:
        for _ in range(reps):
            server.stop()
            t0 = time.perf_counter()
            health.append(server.start(poll=0.002))
            client = Client(server.port)
            found = list_count(client, "models")
            listed.append(time.perf_counter() - t0)
            rss.append(server.rss_mib())
            job_count = list_count(client, "jobs")
            if found != models or job_count != jobs:
                fail(f"after restart the store lists {found} models and {job_count} jobs, seeded {models} "
                     f"and {jobs}")
    finally:
        server.stop()
    size = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data))
    emit(bench="storage_restart", models=models, finished_jobs=jobs, reps=reps, seed_seconds=round(seed_seconds, 2),
         store_mib=round(size / 1048576, 1), **spread([h * 1000 for h in health], "health_ms", 1),
         **spread([l * 1000 for l in listed], "models_listed_ms", 1), **spread(rss, "rss_mib", 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--binary", required=True, help="the release descent binary")
    parser.add_argument("--quick", action="store_true", help="small sizes: 2 s of wrk, n = 100,000, 1,000 models")
    parser.add_argument("--seconds", type=int, default=None, help="wrk seconds per round (default 10, quick 2)")
    parser.add_argument("--rounds", type=int, default=None, help="wrk rounds per store (default 3, quick 1)")
    parser.add_argument("--only", choices=["predict", "train", "restart"], action="append")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        fail(f"no executable {args.binary}")
    quick = args.quick
    seconds = args.seconds or (2 if quick else 10)
    rounds = args.rounds or (1 if quick else 3)
    only = set(args.only or ["predict", "train", "restart"])
    work = tempfile.mkdtemp(prefix="descent-storage-bench-")
    try:
        if "predict" in only:
            print("storage_bench: /predict, memory vs --data-dir ...", file=sys.stderr)
            bench_predict(args.binary, work, seconds, rounds)
        if "train" in only:
            print("storage_bench: training, --checkpoint-seconds 1 vs 0 ...", file=sys.stderr)
            bench_train(args.binary, work, 100_000 if quick else 1_000_000, 32, 2 if quick else 6, 1 if quick else 3)
        if "restart" in only:
            print("storage_bench: restart with a full store ...", file=sys.stderr)
            bench_restart(args.binary, work, 1000 if quick else 10_000, 100 if quick else 1000, 3)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
