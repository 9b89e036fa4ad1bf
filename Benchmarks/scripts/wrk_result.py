#!/usr/bin/env python3
"""Turns one `wrk --latency` report into a JSON line: requests/s, p50/p99 latency (ms), errors.

Run:  wrk_result.py LABEL WRK_OUTPUT SECONDS [KIND] [SERVER_CPU_SECONDS]
(KIND, the line's "bench", defaults to "serve"; SERVER_CPU_SECONDS, the CPU time the server used during the run, adds
the server's CPU microseconds per request: a cost that the load of other processes on the machine barely moves.)
"""
import json
import re
import sys

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def latency_ms(text):
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(match.group(1)) * UNITS[match.group(2)] if match else None


def parse(text):
    """requests_per_s, p50/p90/p99_ms, requests, non_2xx and socket_errors of one wrk --latency report; None without
    Requests/sec."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if not rps:
        return None
    out = {"requests_per_s": float(rps.group(1))}
    for pct in ("50", "90", "99"):
        m = re.search(r"^\s+%s(?:\.000)?%%\s+(\S+)" % pct, text, re.M)
        out["p%s_ms" % pct] = latency_ms(m.group(1)) if m else None
    total = re.search(r"(\d+) requests in", text)
    out["requests"] = int(total.group(1)) if total else None
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    out["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    errors = re.search(r"Socket errors:(.*)", text)
    out["socket_errors"] = errors.group(1).strip() if errors else ""
    return out


def main():
    label, path, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
    text = open(path).read()
    kind = sys.argv[4] if len(sys.argv) > 4 else "serve"
    out = {"bench": kind, "endpoint": label, "tool": "wrk -t2 -c32 -d%ss --latency" % seconds}
    parsed = parse(text)
    if not parsed:
        out["not_measured"] = "wrk printed no Requests/sec: " + " ".join(text.split())[:200]
        print(json.dumps(out))
        return
    out.update(parsed)
    if len(sys.argv) > 5 and out["requests"]:
        out["server_cpu_us_per_request"] = round(float(sys.argv[5]) * 1e6 / out["requests"], 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
