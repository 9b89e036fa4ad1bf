#!/usr/bin/env python3
"""Times `GET /metrics`: makes MODELS models (1 epoch of 8 rows each) with one prediction each so every model has
its series, then scrapes REPS times. Prints one JSON line: median/p90/max ms, bytes and series lines."""
import json
import statistics
import sys
import time
import http.client


def main():
    port, models, reps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(method, path, body=None):
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = conn.getresponse()
        return response.status, response.read()

    for i in range(models):
        name = "m%04d" % i
        status, body = call("POST", "/train", json.dumps(
            {"generate": {"samples": 8, "features": 2}, "epochs": 1, "seed": i + 1, "name": name, "wait": True}))
        if status != 201:
            raise SystemExit("POST /train answered %d: %s" % (status, body[:200]))
        status, body = call("POST", "/predict", json.dumps({"model": name, "x": [0.5, 0.1]}))
        if status != 200:
            raise SystemExit("POST /predict answered %d: %s" % (status, body[:200]))
    times, size, lines = [], 0, 0
    for _ in range(reps):
        start = time.perf_counter()
        status, body = call("GET", "/metrics")
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit("GET /metrics answered %d" % status)
        size = len(body)
        lines = sum(1 for line in body.splitlines() if line and not line.startswith(b"#"))
    times.sort()
    print(json.dumps({
        "bench": "scrape", "models": models, "reps": reps, "median_ms": statistics.median(times),
        "p90_ms": times[int(0.9 * (len(times) - 1))], "max_ms": times[-1], "bytes": size, "series_lines": lines,
    }))


if __name__ == "__main__":
    main()
