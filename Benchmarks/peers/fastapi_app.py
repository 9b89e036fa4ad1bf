#!/usr/bin/env python3
"""The FastAPI + NumPy peer: the same logistic model as descent's, served at POST /predict.

Body {"x": [[...], ...]} (rows of features), answer {"probabilities": [...], "labels": [...]} with
p = 1 / (1 + exp(-(x @ w + b))) and labels p >= 0.5, as descent's /predict answers. The weights come from the JSON
file named by PEERS_WEIGHTS ({"w": [...], "b": ...}, written by peers_bench.py from descent's GET /models/{name}).

The body is read raw and decoded with json.loads (not a pydantic model, which validates every float in Python and is
several times slower on a large batch), so this is the faster way to write such a service, not the slowest.

Run:  PEERS_WEIGHTS=weights.json uvicorn fastapi_app:app --workers 2 --no-access-log --app-dir Benchmarks/peers
"""
import json
import os

import numpy as np
from fastapi import FastAPI, Request, Response

with open(os.environ["PEERS_WEIGHTS"]) as f:
    _model = json.load(f)
W = np.asarray(_model["w"], dtype=np.float64)
B = float(_model["b"])

app = FastAPI()


@app.get("/health")
async def health():
    return {"status": "ok"}


@app.post("/predict")
async def predict(request: Request):
    body = json.loads(await request.body())
    x = np.asarray(body["x"], dtype=np.float64)
    if x.ndim == 1:
        x = x[np.newaxis, :]
    if x.ndim != 2 or x.shape[1] != W.shape[0]:
        return Response(json.dumps({"detail": f"expected rows of {W.shape[0]} features"}), status_code=422,
                        media_type="application/json")
    p = 1.0 / (1.0 + np.exp(-(x @ W + B)))
    answer = {"probabilities": p.tolist(), "labels": (p >= 0.5).astype(np.int64).tolist()}
    return Response(json.dumps(answer), media_type="application/json")
