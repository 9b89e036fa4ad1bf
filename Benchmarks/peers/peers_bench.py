#!/usr/bin/env python3
"""descent beside its peers, the same logistic model in each: FastAPI + NumPy (fastapi_app.py) and MLServer 1.7 with
its sklearn runtime. Run by `scripts/bench` (BENCH_ONLY=peers) with the peers' venv python (it needs scikit-learn).

  setup   --base URL --model NAME --dir DIR --mlserver-ports HTTP,GRPC,METRICS
          reads the model's w and b from descent (GET /models/NAME), writes DIR/weights.json for FastAPI and an
          MLServer repository DIR/mlserver/ (settings.json, NAME/model-settings.json, NAME/model.joblib: a
          LogisticRegression whose coef_ and intercept_ are descent's w and b), checks that scikit-learn's
          predict_proba equals sigmoid(x @ w + b) to 1e-12 on 1,000 rows, and writes the wrk scripts of one row
          for the four endpoints (DIR/*.lua).
  verify  --descent URL --fastapi URL --mlserver URL --model NAME
          sends the same rows (one, and 1,000) to descent /predict, descent V2 infer, FastAPI /predict and MLServer V2
          infer, and checks every probability against NumPy's sigmoid(x @ w + b) (max |difference| ≤ 1e-12).
  batch   the same URLs, --rows 10000 --reps 5: rows per second of one JSON request of ROWS rows (JSON answer) to each,
          the median of REPS after a warm-up.

Prints JSON lines for bench_table.py.
"""
import argparse
import http.client
import json
import os
import statistics
import sys
import time
from urllib.parse import urlparse

import numpy as np

TOLERANCE = 1e-12


def fail(message):
    print(f"peers_bench: {message}", file=sys.stderr)
    raise SystemExit(1)


def connect(base):
    url = urlparse(base)
    return http.client.HTTPConnection(url.hostname, url.port, timeout=300)


def post(connection, path, body):
    connection.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        fail(f"POST {path} answered {response.status}: {data[:300]!r}")
    return data


def sigmoid(x, w, b):
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def one_row(features):
    np.random.seed(7)  # the row scripts/bench's serving step sends
    return np.random.rand(features)


def rows(n, features):
    return np.random.RandomState(11).rand(n, features)


# The request bodies, one per endpoint, and how to read the probabilities out of each answer.
def bodies(model, x):
    flat = x.reshape(-1).tolist()
    v2 = {"name": "x", "shape": list(x.shape), "datatype": "FP64", "data": flat}
    return {
        "descent /predict": (f"/predict", {"model": model, "x": x.tolist()}),
        "FastAPI /predict": ("/predict", {"x": x.tolist()}),
        "descent V2 infer": (f"/v2/models/{model}/infer", {"inputs": [v2]}),
        "MLServer V2 infer": (f"/v2/models/{model}/infer", {"inputs": [v2], "outputs": [{"name": "predict_proba"}]}),
    }


def probabilities(who, data, n):
    answer = json.loads(data)
    if who.endswith("/predict"):
        return np.asarray(answer["probabilities"], dtype=np.float64)
    if who.startswith("descent"):
        output = next(o for o in answer["outputs"] if o["name"] == "probabilities")
        return np.asarray(output["data"], dtype=np.float64).reshape(n)
    output = next(o for o in answer["outputs"] if o["name"] == "predict_proba")
    return np.asarray(output["data"], dtype=np.float64).reshape(n, 2)[:, 1]


def servers(args):
    return {"descent /predict": args.descent, "FastAPI /predict": args.fastapi,
            "descent V2 infer": args.descent, "MLServer V2 infer": args.mlserver}


def load_weights(args):
    with open(os.path.join(args.dir, "weights.json")) as f:
        model = json.load(f)
    return np.asarray(model["w"], dtype=np.float64), float(model["b"])


def setup(args):
    import joblib
    from sklearn.linear_model import LogisticRegression

    connection = connect(args.base)
    connection.request("GET", f"/models/{args.model}")
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        fail(f"GET /models/{args.model} answered {response.status}: {data[:200]!r}")
    model = json.loads(data)
    w, b = np.asarray(model["w"], dtype=np.float64), float(model["b"])
    os.makedirs(args.dir, exist_ok=True)
    with open(os.path.join(args.dir, "weights.json"), "w") as f:
        json.dump({"w": w.tolist(), "b": b, "model_id": model["id"]}, f)

    # A LogisticRegression that was never fitted on data: its parameters are descent's, set by hand.
    classifier = LogisticRegression()
    classifier.classes_ = np.array([0, 1])
    classifier.coef_ = w.reshape(1, -1).copy()
    classifier.intercept_ = np.array([b])
    classifier.n_features_in_ = w.shape[0]
    x = rows(1000, w.shape[0])
    difference = float(np.max(np.abs(classifier.predict_proba(x)[:, 1] - sigmoid(x, w, b))))
    if not difference <= TOLERANCE:
        fail(f"scikit-learn's predict_proba differs from sigmoid(x @ w + b) by {difference:.3g}")

    http_port, grpc_port, metrics_port = (int(p) for p in args.mlserver_ports.split(","))
    repository = os.path.join(args.dir, "mlserver")
    folder = os.path.join(repository, args.model)
    os.makedirs(folder, exist_ok=True)
    joblib.dump(classifier, os.path.join(folder, "model.joblib"))
    with open(os.path.join(folder, "model-settings.json"), "w") as f:
        json.dump({"name": args.model, "implementation": "mlserver_sklearn.SKLearnModel",
                   "parameters": {"uri": "./model.joblib"}}, f, indent=2)
    with open(os.path.join(repository, "settings.json"), "w") as f:
        json.dump({"host": "127.0.0.1", "http_port": http_port, "grpc_port": grpc_port,
                   "metrics_port": metrics_port, "debug": False}, f, indent=2)

    for who, (path, body) in bodies(args.model, one_row(w.shape[0])[np.newaxis, :]).items():
        if who == "descent /predict":
            body = {"model": args.model, "x": one_row(w.shape[0]).tolist()}  # a 1-D row, as the serving step sends
        name = who.split()[0].lower() + ("-predict" if who.endswith("/predict") else "-v2")
        with open(os.path.join(args.dir, name + ".lua"), "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f"wrk.body = '{json.dumps(body)}'\n")
    print(json.dumps({"bench": "peers_setup", "model_id": model["id"], "features": int(w.shape[0]),
                      "sklearn_max_abs_difference": difference}))


def verify(args):
    w, b = load_weights(args)
    result = {"bench": "peers_check", "tolerance": TOLERANCE}
    for x in (one_row(w.shape[0])[np.newaxis, :], rows(1000, w.shape[0])):
        expected = sigmoid(x, w, b)
        for who, (path, body) in bodies(args.model, x).items():
            got = probabilities(who, post(connect(servers(args)[who]), path, json.dumps(body)), x.shape[0])
            difference = float(np.max(np.abs(got - expected)))
            result[who] = max(result.get(who, 0.0), difference)
            if not difference <= TOLERANCE:
                print(json.dumps(result))
                fail(f"{who} differs from sigmoid(x @ w + b) by {difference:.3g} on {x.shape[0]} rows")
    print(json.dumps(result))


def batch(args):
    w, b = load_weights(args)
    x = rows(args.rows, w.shape[0])
    for who, (path, body) in bodies(args.model, x).items():
        data = json.dumps(body).encode()
        connection = connect(servers(args)[who])
        answer = post(connection, path, data)  # warm-up, and the answer is checked once more
        difference = float(np.max(np.abs(probabilities(who, answer, args.rows) - sigmoid(x, w, b))))
        times = []
        for _ in range(args.reps):
            start = time.perf_counter()
            answer = post(connection, path, data)
            times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(json.dumps({"bench": "peers_batch", "server": who, "rows": args.rows, "features": int(w.shape[0]),
                          "body_bytes": len(data), "answer_bytes": len(answer), "ms": median * 1e3,
                          "ms_min": min(times) * 1e3, "ms_max": max(times) * 1e3, "reps": args.reps,
                          "rows_per_s": args.rows / median, "max_abs_difference": difference}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["setup", "verify", "batch"])
    parser.add_argument("--base")
    parser.add_argument("--descent")
    parser.add_argument("--fastapi")
    parser.add_argument("--mlserver")
    parser.add_argument("--model", default="bench")
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mlserver-ports", default="8080,8081,8082")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    {"setup": setup, "verify": verify, "batch": batch}[args.command](args)


if __name__ == "__main__":
    main()
