#!/usr/bin/env python3
"""Replicas on PostgreSQL, side by side in one run (issue 11, Performance). Prints JSON lines for bench_table.py.

1. /predict requests/s with `--database-url` against the in-memory default: both servers up at once, wrk (-t2 -c32,
   one row of d = 32) alternating between them for --rounds rounds; goal: within 5% (reads never touch the database).
2. Latency from the 201 of a `"wait": true` training on replica A to the model being served by replica B (LISTEN/
   NOTIFY, then B reloads): B is polled with /predict every 0.5 ms from the moment A answered; --models samples;
   median and p99; goal p99 < 50 ms on loopback.
3. Job claim overhead: --jobs jobs with an empty training (1 sample, 1 feature, 1 epoch) submitted at once to one
   server with one worker, then timed until the last has finished; per job, PostgreSQL (claim, lease, start and end
   commits, announcement) against the in-memory runner.

Starts its own PostgreSQL through scripts/postgres-for-tests (needs PostgreSQL's server binaries). Needs wrk for
step 1 (skipped with a note without it); stdlib only.
Run:  Benchmarks/scripts/replicas_bench.py --binary .build/release/descent [--seconds 10] [--quick]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from storage_bench import Client, Server, emit, fail, wrk_predict  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "postgres-for-tests")


def database(work, name):
    """A new database on the benchmark's PostgreSQL; its URL."""
    base = os.environ["REPLICAS_BENCH_URL"]
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    head, _, query = base.partition("?")
    return head.rsplit("/", 1)[0] + "/" + name + ("?" + query if query else "")


def bench_predict(binary, work, seconds, rounds):
    if shutil.which("wrk") is None:
        emit(bench="note", what="replicas", text="/predict with --database-url not measured: wrk is not installed")
        return
    servers = {"memory": Server(binary, work, "predict-memory"),
               "postgres": Server(binary, work, "predict-postgres", "--database-url", database(work, "predict"))}
    row = [((i * 7919) % 1000) / 1000 for i in range(32)]
    script = os.path.join(work, "predict.lua")
    with open(script, "w") as f:
        f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = '{json.dumps({'model': 'bench', 'x': row})}'\n")
    results = {store: [] for store in servers}
    try:
        for store, server in servers.items():
            server.start()
            status, job = Client(server.port)("POST", "/train", {"generate": {"samples": 1000, "features": 32}, "epochs": 10,
                                                                 "seed": 42, "name": "bench", "wait": True})
            if status != 201:
                fail(f"{store}: POST /train answered {status}: {str(job)[:200]}")
        for r in range(rounds):
            for store in (list(servers) if r % 2 == 0 else list(reversed(servers))):
                result = wrk_predict(servers[store].port, script, seconds)
                results[store].append(result)
                emit(bench="replicas_predict", store=store, round=r + 1, tool=f"wrk -t2 -c32 -d{seconds}s", **result)
    finally:
        for server in servers.values():
            server.stop()
    medians = {store: statistics.median(r["requests_per_s"] for r in rs) for store, rs in results.items()}
    emit(bench="replicas_predict_ratio", rounds=rounds, seconds=seconds, memory_rps_median=medians["memory"],
         postgres_rps_median=medians["postgres"], ratio=round(medians["postgres"] / medians["memory"], 4),
         non_2xx=sum(r["non_2xx"] for rs in results.values() for r in rs))


def bench_visibility(binary, work, models):
    url = database(work, "visibility")
    a = Server(binary, work, "visibility-a", "--database-url", url)
    b = Server(binary, work, "visibility-b", "--database-url", url)
    latencies = []
    try:
        a.start()
        b.start()
        train, poll = Client(a.port), Client(b.port)
        for index in range(models):
            name = f"m{index}"
            status, _ = train("POST", "/train", {"generate": {"samples": 4, "features": 2}, "epochs": 1, "seed": index,
                                                 "name": name, "wait": True})
            answered = time.perf_counter()
            if status != 201:
                fail(f"POST /train on A answered {status}")
            while True:
                status, _ = poll("POST", "/predict", {"model": name, "x": [0.5, 0.1]})
                if status == 200:
                    latencies.append((time.perf_counter() - answered) * 1000)
                    break
                if time.perf_counter() - answered > 30:
                    fail(f"B never served {name}")
                time.sleep(0.0005)
    finally:
        a.stop()
        b.stop()
    latencies.sort()
    emit(bench="replicas_visibility", models=models, median_ms=round(statistics.median(latencies), 2),
         p99_ms=round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 2), max_ms=round(latencies[-1], 2))


def bench_claims(binary, work, jobs):
    per_job = {}
    for store, extra in (("memory", []), ("postgres", ["--database-url", database(work, "claims")])):
        server = Server(binary, work, f"claims-{store}", "--workers", "1", "--max-queued-jobs", str(jobs + 10), *extra)
        try:
            server.start()
            client = Client(server.port)
            t0 = time.perf_counter()
            ids = []
            for index in range(jobs):
                status, job = client("POST", "/train", {"generate": {"samples": 1, "features": 1}, "epochs": 1, "seed": index})
                if status != 202:
                    fail(f"{store}: POST /train answered {status}: {str(job)[:200]}")
                ids.append(job["id"])
            for job_id in ids:
                while client("GET", f"/jobs/{job_id}")[1]["status"] not in ("succeeded", "failed", "cancelled"):
                    time.sleep(0.002)
            per_job[store] = (time.perf_counter() - t0) * 1000 / jobs
        finally:
            server.stop()
        emit(bench="replicas_claims", store=store, jobs=jobs, ms_per_job=round(per_job[store], 3))
    emit(bench="replicas_claims_overhead", jobs=jobs, memory_ms_per_job=round(per_job["memory"], 3),
         postgres_ms_per_job=round(per_job["postgres"], 3), overhead_ms_per_job=round(per_job["postgres"] - per_job["memory"], 3))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--models", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=200)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.rounds, args.models, args.jobs = 2, 1, 30, 30
    work = tempfile.mkdtemp(prefix="descent-replicas-bench.")
    started = subprocess.run([SCRIPT, "start"], capture_output=True, text=True)
    if started.returncode != 0:
        fail("cannot start PostgreSQL: " + started.stderr.strip()[-200:])
    directory, url = started.stdout.split()
    os.environ["REPLICAS_BENCH_URL"] = url
    try:
        bench_predict(args.binary, work, args.seconds, args.rounds)
        bench_visibility(args.binary, work, args.models)
        bench_claims(args.binary, work, args.jobs)
    finally:
        subprocess.run([SCRIPT, "stop", directory], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
