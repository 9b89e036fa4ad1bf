#!/usr/bin/env python3
"""Holds GET /metrics and the JSON logs of a running descent server to operations.md, with real parsers.

metrics BASE_URL openapi.yaml: parses /metrics with prometheus_client's text parser before and after a known
sequence (2 trainings, 1 cancel, predictions of 3 and 1 rows, 1 unknown model, 1 unknown path, a deletion) and checks
that the counters and histogram counts moved by exactly what was done, that every metric of operations.md is
there, that request labels are route templates from openapi.yaml or `unknown`, and that the deleted model left no
series.
logs FILE: every line of a `--log-format json` log parses as a JSON object with timestamp, level and message, and
every access line (one with `route`) carries a `request_id`.
"""
import json
import sys
import time
import urllib.error
import urllib.request

REQUIRED = {
    "http_server_request_duration_seconds": "histogram",
    "http_server_active_requests": "gauge",
    "descent_jobs": "gauge",
    "descent_jobs_finished": "counter",
    "descent_job_resumes": "counter",
    "descent_training_epochs": "counter",
    "descent_training_rows": "counter",
    "descent_models": "gauge",
    "descent_predictions": "counter",
    "descent_prediction_duration_seconds": "histogram",
    "descent_store_write_duration_seconds": "histogram",
}


def call(base, method, path, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def scrape(base):
    from prometheus_client.parser import text_string_to_metric_families

    status, headers, body = call(base, "GET", "/metrics")
    assert status == 200, status
    assert headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), headers.get("Content-Type")
    families = {family.name: family for family in text_string_to_metric_families(body.decode())}
    samples = {}
    for family in families.values():
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return families, samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def metrics(base, document):
    import yaml

    failures = []

    def expect(condition, message):
        if not condition:
            failures.append(message)

    before_families, before = scrape(base)
    name = "metrics-check-%d" % int(time.time() * 1000)
    trained = []
    for seed in (1, 2):
        status, _, body = call(base, "POST", "/train", {"generate": {"samples": 8, "features": 2}, "epochs": 5, "seed": seed, "name": name, "wait": True})
        expect(status == 201, f"POST /train answered {status}")
        trained.append(json.loads(body))
    status, _, body = call(base, "POST", "/train", {"generate": {"samples": 8, "features": 2}, "epochs": 2000, "snapshot_every": 0})
    expect(status == 202, f"POST /train (long) answered {status}")
    job = json.loads(body)["id"]
    call(base, "DELETE", f"/jobs/{job}")
    for _ in range(600):
        if json.loads(call(base, "GET", f"/jobs/{job}")[2])["status"] in ("succeeded", "failed", "cancelled"):
            break
        time.sleep(0.05)
    final = json.loads(call(base, "GET", f"/jobs/{job}")[2])["status"]
    expect(call(base, "POST", "/predict", {"model": name, "x": [[0.5, 0.1], [1, 2], [3, 4]]})[0] == 200, "predict v2")
    expect(call(base, "POST", "/predict", {"model": name, "version": 1, "x": [0.5, 0.1]})[0] == 200, "predict v1")
    expect(call(base, "POST", "/predict", {"model": name + "-none", "x": [0.5, 0.1]})[0] == 404, "predict unknown")
    expect(call(base, "GET", "/no-such/route-for-metrics")[0] == 404, "unknown path")
    expect(call(base, "DELETE", f"/models/{name}?version=1")[0] == 204, "delete v1")
    families, after = scrape(base)

    for family, kind in REQUIRED.items():
        expect(family in families and families[family].type == kind, f"{family} missing or not a {kind}")

    def delta(metric, **labels):
        return value(after, metric, **labels) - value(before, metric, **labels)

    route = lambda r, m, s: dict(http_route=r, http_request_method=m, http_response_status_code=str(s))
    expect(delta("http_server_request_duration_seconds_count", **route("/train", "POST", 201)) == 2, "2 × POST /train 201")
    expect(delta("http_server_request_duration_seconds_count", **route("/train", "POST", 202)) == 1, "1 × POST /train 202")
    expect(delta("http_server_request_duration_seconds_count", **route("/predict", "POST", 200)) == 2, "2 × POST /predict 200")
    expect(delta("http_server_request_duration_seconds_count", **route("/predict", "POST", 404)) == 1, "1 × POST /predict 404")
    expect(delta("http_server_request_duration_seconds_count", **route("unknown", "GET", 404)) == 1, "1 × unknown GET 404")
    expect(delta("http_server_request_duration_seconds_count", **route("/models/{ref}", "DELETE", 204)) == 1, "1 × DELETE 204")
    expect(delta("descent_jobs_finished_total", status="succeeded") == 2, "2 jobs succeeded")
    expect(delta("descent_jobs_finished_total", status=final) == (1 if final != "succeeded" else 3), f"the long job {final}")
    epochs = delta("descent_training_epochs_total")
    expect(epochs >= 10 and delta("descent_training_rows_total") == 8 * epochs, f"epochs {epochs} and rows × 8")
    expect(value(after, "descent_predictions_total", model_name=name, model_version="2") == 3, "3 rows from v2")
    expect(value(after, "descent_prediction_duration_seconds_count", model_name=name) == 2, "2 timed predictions")
    expect(not any(dict(labels).get("model_version") == "1" and dict(labels).get("model_name") == name for (_, labels) in after),
           "the deleted v1 left series")
    expect(not any(dict(labels).get("model_name") == name + "-none" for (_, labels) in after), "a series for an unknown model")
    with open(document) as handle:
        templates = set(yaml.safe_load(handle)["paths"]) | {"unknown"}
    for (metric, labels) in after:
        labels = dict(labels)
        if metric.startswith("http_server_request_duration_seconds"):
            expect(set(labels) - {"le"} == {"http_route", "http_request_method", "http_response_status_code"}, f"labels {labels}")
            expect(labels.get("http_route") in templates, f"route label {labels.get('http_route')!r} is not a template")
    call(base, "DELETE", f"/models/{name}")
    for failure in failures:
        print("FAIL", failure)
    series = len(after)
    print(f"metrics: {len(families)} families, {series} samples parsed by prometheus_client: {len(failures)} failures")
    return not failures


def logs(path):
    failures, count, access = [], 0, 0
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            count += 1
            try:
                record = json.loads(line)
            except ValueError as error:
                failures.append(f"line {number} is not JSON ({error}): {line[:200]!r}")
                continue
            if not isinstance(record, dict) or not {"timestamp", "level", "message"} <= set(record):
                failures.append(f"line {number} lacks timestamp/level/message: {line[:200]!r}")
            elif "route" in record:
                access += 1
                if not record.get("request_id"):
                    failures.append(f"access line {number} has no request_id: {line[:200]!r}")
    for failure in failures[:20]:
        print("FAIL", failure)
    print(f"logs: {count} lines, {access} access lines, all JSON: {len(failures)} failures")
    return count > 0 and access > 0 and not failures


if __name__ == "__main__":
    ok = metrics(sys.argv[2], sys.argv[3]) if sys.argv[1] == "metrics" else logs(sys.argv[2])
    sys.exit(0 if ok else 1)
