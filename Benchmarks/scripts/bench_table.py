#!/usr/bin/env python3
"""Prints scripts/bench's markdown table from machine.json and results.jsonl (descent-bench + numpy_bench lines)."""
import json
import math
import sys


def fmt(value, digits=3):
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}g}" if magnitude < 1 else f"{value:.2f}"


def spread(line, key):
    return f"{fmt(line[key + '_min'])}–{fmt(line[key + '_max'])}"


def csv(p, find, first):
    """3b. CSV ingestion (scripts/bench's 'csv' step): CSVReader beside pandas.read_csv and the same numbers as JSON."""
    body, reader, as_json, pandas = first("csv_body"), first("csv_ingest"), first("csv_ingest_json"), find("py_csv_ingest")
    notes = find("note", what="csv")
    if not (reader or pandas or notes):
        return
    p("**3b. /train CSV ingestion** — a header, d features and a 0/1 label per row, written by pandas.DataFrame.to_csv"
      + (f", n = {body['n']:,}, d = {body['d']}, {body['bytes'] / 1e6:.1f} MB" if body else ""))
    p("")
    p("| reader | MB/s | ms | min–max | CPU ms | this ÷ descent CSV, wall time | CPU time |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    csv_ms = reader["ms_median"] if reader and "ms_median" in reader else None
    csv_cpu = reader.get("cpu_ms_median") if reader else None
    if csv_ms:
        extra = f", peak extra memory {fmt(reader['peak_extra_bytes'] / 1e6)} MB" if "peak_extra_bytes" in reader else ""
        p(f"| descent: `CSVReader` ({reader['reader'].split('(')[1].split(')')[0]}) + `trainingColumns`{extra} | "
          f"**{fmt(reader['mb_per_s'])}** | {fmt(csv_ms)} | {spread(reader, 'ms')} | {fmt(csv_cpu)} | 1 | 1 |")
    rows = []
    for line in pandas:
        rows.append((line, f"pandas {line.get('pandas', '')} `{line['reader']}`, the same bytes from memory"))
    if as_json:
        rows.append((as_json, "descent: `JSONParser.parse` + `NDArrayDecoder`, the same numbers as a JSON body "
                     f"({as_json['bytes'] / 1e6:.1f} MB)"))
    for line, who in rows:
        if "ms_median" in line:
            ratio = f"**{line['ms_median'] / csv_ms:.2f}×**" if csv_ms else "—"
            cpu = line.get("cpu_ms_median")
            cpu_ratio = f"**{cpu / csv_cpu:.2f}×**" if cpu and csv_cpu else "—"
            p(f"| {who} | {fmt(line['mb_per_s'])} | {fmt(line['ms_median'])} | {spread(line, 'ms')} | {fmt(cpu)} | "
              f"{ratio} | {cpu_ratio} |")
    for n in notes:
        p(f"| not measured: {n['text']} | | | | | | |")
    p("")
    p("Target (issue #16): descent's CSV ingestion ≥ 2× pandas.read_csv's rate on the same file. Each reader runs on one "
      "thread; CPU time (of that thread) compares them fairly on a shared machine, wall time also counts other load.")
    p("")


def models(p, find, first):
    """3c. Models (scripts/bench's 'models' step): softmax gd against NumPy, the digits fit against scikit-learn."""
    ours, numpy_ = first("softmax_train"), first("numpy_softmax_train")
    fit, sk = first("digits_fit"), first("sklearn_digits_fit")
    notes = find("note", what="models") + [n for n in find("note") if n["what"].startswith(("descent-bench softmax",
                                                                                            "descent-bench digits",
                                                                                            "models_bench"))]
    if not (ours or numpy_ or fit or sk or notes):
        return
    line = ours or numpy_
    if line:
        p(f"**3c. Softmax training** — full-batch gd, n = {line['n']:,}, d = {line['d']}, k = {line['k']}, float64, "
          f"{line['epochs']} epochs × {line['reps']} repetitions, the same seeded data on both sides")
        p("")
        p("| | ms per epoch | min–max | NumPy ÷ this | last epoch's loss |")
        p("|---|---:|---:|---:|---:|")
        if ours:
            ratio = f"**{numpy_['ms_per_epoch_median'] / ours['ms_per_epoch_median']:.2f}×**" if numpy_ else "—"
            p(f"| descent `ModelTrainer`, softmax `gd`, {ours['threads']} threads | **{fmt(ours['ms_per_epoch_median'])}** | "
              f"{spread(ours, 'ms_per_epoch')} | {ratio} | {ours['last_epoch_loss']!r} |")
        if numpy_:
            p(f"| NumPy {numpy_['numpy']} loop (`x @ W + b`, stable softmax, `x.T @ (p − Y) / n`), BLAS threads "
              f"{numpy_.get('blas_threads')} | {fmt(numpy_['ms_per_epoch_median'])} | {spread(numpy_, 'ms_per_epoch')} | 1 | "
              f"{numpy_['last_epoch_loss']!r} |")
        p("")
        p("Target (issue #16): descent ≥ 3× NumPy. Both timed from the end of epoch 1 to the end of the last.")
        p("")
    if fit or sk:
        any_ = fit or sk
        p(f"**3c. Digits fit** — the model fixture's stratified split ({any_['n_train']:,} training rows, "
          f"{any_['n_test']} held out, d = {any_['d']}, 10 classes), fit time and held-out accuracy, one thread each")
        p("")
        p("| fit | ms | min–max | this ÷ descent | held-out accuracy | wrong |")
        p("|---|---:|---:|---:|---:|---:|")
        if fit:
            p(f"| descent: standardize + softmax, adam, batch 32, lr 0.01, {fit['epochs']} epochs, l2 = 1/n_train | "
              f"**{fmt(fit['fit_ms_median'])}** | {spread(fit, 'fit_ms')} | 1 | {fit['test_accuracy']:.4f} | {fit['test_wrong']} |")
        sweep = first("digits_fit_sweep")
        if sweep and sk:
            reached = [i for i, wrong in enumerate(sweep["test_wrong"]) if wrong <= sk["test_wrong"]]
            if reached:
                i = reached[0]
                ms = sweep["fit_ms_median"][i]
                p(f"| descent, the same fit stopped at the fewest epochs of the sweep that reach scikit-learn's accuracy: "
                  f"**{sweep['epochs'][i]}** | {fmt(ms)} | — | {ms / fit['fit_ms_median']:.2f}× | "
                  f"{(sk['n_test'] - sweep['test_wrong'][i]) / sk['n_test']:.4f} | {sweep['test_wrong'][i]} |")
        if sk:
            ratio = f"**{sk['fit_ms_median'] / fit['fit_ms_median']:.2f}×**" if fit else "—"
            p(f"| scikit-learn {sk['sklearn']}: StandardScaler + LogisticRegression (lbfgs, C = 1, {sk['n_iter']} "
              f"iterations) | {fmt(sk['fit_ms_median'])} | {spread(sk, 'fit_ms')} | {ratio} | {sk['test_accuracy']:.4f} | "
              f"{sk['test_wrong']} |")
        p("")
        if sweep:
            p("Held-out rows wrong after e epochs (the same seed, so the first e epochs of the full run): " + ", ".join(
                f"{e}: {w}" for e, w in zip(sweep["epochs"], sweep["test_wrong"])) + f" (scikit-learn: "
              f"{sk['test_wrong'] if sk else '?'}); the fit time of each point is a median of {sweep['reps']}.")
            p("")
    for n in notes:
        p(f"Not measured: {n['text']}")
        p("")


def storage(p, find, first):
    """5. The durable store (storage_bench.py): --data-dir against memory, checkpoints against none, restart."""
    predict, train, restart = find("storage_predict"), find("storage_train"), first("storage_restart")
    if not (predict or train or restart):
        return
    p("")
    p("**5. Durable store** — `descent serve --data-dir` (SQLite) beside the in-memory default, same binary, same run")
    p("")
    p("| what | store / setting | figure | min–max | target |")
    p("|---|---|---:|---:|---|")
    for store in ("memory", "sqlite"):
        rounds = [l for l in predict if l["store"] == store]
        if rounds:
            rps = [l["requests_per_s"] for l in rounds]
            p(f"| POST /predict requests/s ({rounds[0]['tool']}, {len(rounds)} rounds, alternating) | "
              f"{'in memory' if store == 'memory' else '--data-dir'} | **{fmt(sorted(rps)[len(rps) // 2])}** | "
              f"{fmt(min(rps))}–{fmt(max(rps))} | |")
    ratio = first("storage_predict_ratio")
    if ratio:
        p(f"| /predict --data-dir ÷ in memory | | **{ratio['ratio']:.3f}** | | ≥ 0.95 |")
    for l in train:
        setting = f"--checkpoint-seconds {l['checkpoint_seconds']:g}" + (" (none)" if l["checkpoint_seconds"] == 0 else "")
        p(f"| training ms/epoch, n = {l['n']:,}, d = {l['d']} ({l['epochs']} − {l['baseline_epochs']} epochs × "
          f"{l['reps']}) | {setting} | **{fmt(l['ms_per_epoch_median'])}** | {spread(l, 'ms_per_epoch')} | |")
    ratio = first("storage_train_ratio")
    if ratio:
        p(f"| training, checkpoints every second ÷ none | | **{ratio['ratio']:.3f}** | | ≤ 1.02 |")
    if restart:
        what = f"{restart['models']:,} models, {restart['finished_jobs']:,} finished jobs, {restart['store_mib']} MiB"
        p(f"| restart to first GET /health 200 ({restart['reps']} restarts) | {what} | "
          f"**{fmt(restart['health_ms_median'])} ms** | {spread(restart, 'health_ms')} ms | < 1,000 ms |")
        p(f"| restart to GET /models listing all | {what} | **{fmt(restart['models_listed_ms_median'])} ms** | "
          f"{spread(restart, 'models_listed_ms')} ms | < 1,000 ms |")
        p(f"| VmRSS after the restart and listing | {what} | **{fmt(restart['rss_mib_median'])} MiB** | "
          f"{spread(restart, 'rss_mib')} MiB | |")
        p("")
        p(f"The store was seeded over HTTP with {restart['models']:,} tiny `\"wait\": true` trains in "
          f"{restart['seed_seconds']:.1f} s (8 connections).")


def replicas(p, find, first):
    """7. Replicas on PostgreSQL (replicas_bench.py): --database-url against memory, A's 201 to B serving, claims."""
    predict, visibility, claims = find("replicas_predict"), first("replicas_visibility"), first("replicas_claims_overhead")
    if not (predict or visibility or claims):
        return
    p("")
    p("**9. Replicas on PostgreSQL** — `descent serve --database-url` beside the in-memory default, same binary, same run")
    p("")
    p("| what | store / setting | figure | min–max | goal |")
    p("|---|---|---:|---:|---|")
    for store in ("memory", "postgres"):
        rounds = [l for l in predict if l["store"] == store]
        if rounds:
            rps = [l["requests_per_s"] for l in rounds]
            p(f"| POST /predict requests/s ({rounds[0]['tool']}, {len(rounds)} rounds, alternating) | "
              f"{'in memory' if store == 'memory' else '--database-url'} | **{fmt(sorted(rps)[len(rps) // 2])}** | "
              f"{fmt(min(rps))}–{fmt(max(rps))} | |")
    ratio = first("replicas_predict_ratio")
    if ratio:
        p(f"| /predict --database-url ÷ in memory | | **{ratio['ratio']:.3f}** | | ≥ 0.95 |")
    if visibility:
        p(f"| 201 on A → model served by B ({visibility['models']} models), median | LISTEN/NOTIFY + reload | "
          f"**{fmt(visibility['median_ms'])} ms** | | |")
        p(f"| 201 on A → model served by B, p99 | | **{fmt(visibility['p99_ms'])} ms** | max {fmt(visibility['max_ms'])} ms | < 50 ms |")
    if claims:
        p(f"| empty job, submit to finished, ms per job ({claims['jobs']} jobs, 1 worker) | in memory | "
          f"**{fmt(claims['memory_ms_per_job'])}** | | |")
        p(f"| same | --database-url (claim, lease, commits) | **{fmt(claims['postgres_ms_per_job'])}** | | |")
        p(f"| claim overhead per job | | **{fmt(claims['overhead_ms_per_job'])} ms** | | |")


def robust(p, first):
    """6. What heavy and hostile clients cost the others (robust_bench.py)."""
    idle, large = first("idle_connections"), first("large_answer")
    if not idle and not large:
        return
    p("")
    p("**6. Heavy and hostile clients** — `descent serve` (release), wrk on the same machine")
    p("")
    if idle:
        p(f"| POST /predict | requests/s | p99 |")
        p("|---|---:|---:|")
        p(f"| no idle connection | {fmt(idle['rps_none'])} | {fmt(idle['p99_none_ms'])} ms |")
        p(f"| {idle['idle']:,} idle connections open | **{fmt(idle['rps_idle'])}** | **{fmt(idle['p99_idle_ms'])} ms** |")
        p(f"| none again | {fmt(idle['rps_none_again'])} | {fmt(idle['p99_none_again_ms'])} ms |")
        if idle.get("ratio"):
            p("")
            p(f"With {idle['idle']:,} idle connections ÷ the slower run without: **{idle['ratio']:.2f}**.")
    if large:
        p("")
        p(f"A {large['bytes'] / 1e6:.0f} MB answer (`GET /jobs/{{id}}`, 5,000,000 history numbers) took **{fmt(large['seconds'])} s**; "
          f"`GET /health` meanwhile: {fmt(large['health_rps_during'])} requests/s, p99 **{fmt(large['health_p99_during_ms'])} ms** "
          f"(alone: {fmt(large['health_rps_alone'])} requests/s, p99 {fmt(large['health_p99_alone_ms'])} ms).")


def ingestion(p, find, body, ingest, pys):
    """3. /train JSON ingestion (descent-bench ingest beside Python's decoders)."""
    p(f"**3. /train JSON ingestion** — body {{\"x\": n×d nested, \"y\": n, \"epochs\": 1}} written by Python's json.dumps"
      + (f", n = {body['n']:,}, d = {body['d']}, {body['bytes'] / 1e6:.1f} MB" if body else ""))
    p("")
    p("| decoder | MB/s | ms | min–max | peak extra memory | ÷ decoded matrix | descent ÷ this |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    swift_mbps = ingest.get("mb_per_s") if ingest else None
    if ingest and "not_measured" not in ingest:
        p(f"| descent: `JSONParser.parse` + `NDArrayDecoder` (x, y) | **{fmt(ingest['mb_per_s'])}** | "
          f"{fmt(ingest['ms_median'])} | {spread(ingest, 'ms')} | {fmt(ingest['peak_extra_bytes'] / 1e6)} MB | "
          f"{ingest['peak_extra_bytes'] / ingest['matrix_bytes']:.2f}× | 1 |")
    elif ingest:
        p(f"| descent | not measured: {ingest['not_measured']} | | | | | |")
    for l in find("ingest_foundation") + pys:
        if "not_measured" in l:
            p(f"| {l['decoder']} | not measured: {l['not_measured']} | | | | | |")
            continue
        mem = l.get("peak_extra_bytes")
        mem_text = fmt(mem / 1e6) + " MB" if mem is not None else "—"
        mem_ratio = "%.2f×" % (mem / l["matrix_bytes"]) if mem is not None else "—"
        speed = "**%.2f×**" % (swift_mbps / l["mb_per_s"]) if swift_mbps else "—"
        who = "Swift" if l["bench"] == "ingest_foundation" else "Python"
        p(f"| {who} {l['decoder']} | {fmt(l['mb_per_s'])} | {fmt(l['ms_median'])} | {spread(l, 'ms')} | "
          f"{mem_text} | {mem_ratio} | {speed} |")
    p("")
    p("Targets: descent ≥ 2× Python json + numpy.asarray; peak extra memory < 3× the decoded matrix "
      "(n·d·8 bytes; peak measured as VmHWM growth over the first decode in a fresh process).")
    p("")


def sse(p, find, first):
    """7. What live event streams cost (sse_bench.py)."""
    trainings, predict = find("sse_training"), first("sse_predict")
    if not trainings and not predict:
        return
    p("")
    p("**7. Live event streams (SSE)** — `descent serve`, one worker, on the same machine")
    p("")
    p("| measured | none | with streams | ratio |")
    p("|---|---:|---:|---:|")
    for training in trainings:
        runs = training.get("runs", {})
        spread = {k: f" ({fmt(min(v))}–{fmt(max(v))}, {len(v)} runs)" if v else "" for k, v in runs.items()}
        p(f"| {training['what']} | {fmt(training['none_ms'])} ms{spread.get('0', '')} | {fmt(training['with_ms'])} ms"
          f"{spread.get(str(training['subscribers']), '')} ({training['subscribers']} subscribers) | **{training['ratio']:.3f}** |")
        if "cpu_ratio" in training:
            p(f"| the same, the server's CPU ms per epoch | {fmt(training['none_cpu_ms'])} | {fmt(training['with_cpu_ms'])} | "
              f"**{training['cpu_ratio']:.3f}** |")
    if predict:
        p(f"| {predict['what']} (non-2xx: {predict['non_2xx']}) | {fmt(predict['none_rps'])} | {fmt(predict['with_rps'])} "
          f"({predict['idle']:,} idle streams) | **{predict['ratio']:.3f}** |")


def access(p, find):
    predicts = [l for l in find("access_predict") if l.get("requests_per_s")]
    ingests = find("gzip_ingest")
    if not predicts and not ingests:
        return
    p("")
    p("**8. Access and transport** — POST /predict (1 row, d = 32, keep-alive, `wrk -t2 -c32`) plain vs an API key "
      "checked per request vs TLS, alternated; a /train body plain vs gzip")
    p("")
    if predicts:
        modes = list(dict.fromkeys(l["mode"] for l in predicts))
        mean = {m: sum(l["requests_per_s"] for l in predicts if l["mode"] == m) / len([l for l in predicts if l["mode"] == m]) for m in modes}
        p99 = {m: max(l["p99_ms"] or 0 for l in predicts if l["mode"] == m) for m in modes}
        base = mean.get("plain HTTP")
        p("| /predict | mean requests/s | worst p99 | ÷ plain | rounds |")
        p("|---|---:|---:|---:|---:|")
        for m in modes:
            ratio = f"**{mean[m] / base:.2f}**" if base else ""
            p(f"| {m} | **{fmt(mean[m])}** | {fmt(p99[m])} ms | {ratio} | {len([l for l in predicts if l['mode'] == m])} |")
    if ingests:
        p("")
        p("| /train body | sent | inflated | median s | min–max | MB/s of JSON ingested |")
        p("|---|---:|---:|---:|---:|---:|")
        for l in ingests:
            p(f"| {l['mode']} | {l['sent_bytes'] / 1e6:.1f} MB | {l['body_bytes'] / 1e6:.1f} MB | {fmt(l['seconds'])} | "
              f"{fmt(l['seconds_min'])}–{fmt(l['seconds_max'])} | **{fmt(l['mb_per_s'])}** |")
        plain = next((l for l in ingests if l["mode"] == "plain"), None)
        zipped = next((l for l in ingests if l["mode"] == "gzip"), None)
        if plain and zipped:
            p("")
            p(f"gzip ÷ plain MB/s = **{zipped['mb_per_s'] / plain['mb_per_s']:.2f}** (loopback: the network costs nothing, so this is the inflate cost).")
    for n in find("note", what="access"):
        p(f"Not measured: {n['text']}")


def footprint(p, first):
    """11. Start-up and resident memory (footprint_bench.py)."""
    started, rss = first("footprint_start"), first("footprint_rss")
    if not started and not rss:
        return
    p("")
    p("**11. Footprint** — `descent serve` on its in-memory default")
    p("")
    p("| measured | value | goal (issue 19) |")
    p("|---|---:|---|")
    if started:
        p(f"| {started['what']}, median of {started['starts']} (min–max) | **{fmt(started['median_ms'])} ms** "
          f"({fmt(started['min_ms'])}–{fmt(started['max_ms'])}) | < 50 ms |")
    if rss:
        p(f"| VmRSS right after start | **{fmt(rss['idle_mib'])} MiB** | < 20 MB |")
        p(f"| VmRSS after {rss['load_seconds']} s of `/predict` under wrk | **{fmt(rss['after_load_mib'])} MiB** | |")
        p("")
        p("Largest resident mappings right after start: "
          + ", ".join(f"{name} {fmt(mib)} MiB" for name, mib in rss["idle_largest"]) + ".")


def peers(p, find, first):
    """10. descent beside FastAPI + NumPy and MLServer 1.7 (sklearn runtime), the same model (Benchmarks/peers/)."""
    serves, batches, check = find("peers_serve"), find("peers_batch"), first("peers_check")
    loads = {l["when"]: l["load"] for l in find("peers_load")}
    if not (serves or batches or check or find("note", what="peers")):
        return
    p("")
    p("**10. Peers** — the same logistic model (d = 32, trained by descent; FastAPI + NumPy and MLServer load its w and b) "
      "in descent (release), FastAPI + NumPy (uvicorn, 2 workers) and MLServer 1.7 with its sklearn runtime, all up at once "
      "on 127.0.0.1; wrk and the clients on the same cores" +
      (f"; load average {loads['before']} before, {loads.get('after', '?')} after" if "before" in loads else ""))
    if check:
        diffs = ", ".join(f"{k} {v:.1e}" for k, v in check.items() if k not in ("bench", "tolerance"))
        p("")
        p(f"Same probabilities, checked before timing (max |p − NumPy's sigmoid(x·w + b)| over 1 and 1,000 rows): {diffs}.")
    if serves:
        p("")
        p("| one row (d = 32) | requests/s | p50 | p90 | p99 | non-2xx | load |")
        p("|---|---:|---:|---:|---:|---:|---|")
        for l in serves:
            if "not_measured" in l:
                p(f"| {l['endpoint']} | not measured: {l['not_measured']} | | | | | |")
                continue
            p(f"| {l['endpoint']} | **{fmt(l['requests_per_s'])}** | {fmt(l['p50_ms'])} ms | {fmt(l['p90_ms'])} ms | "
              f"**{fmt(l['p99_ms'])} ms** | {l['non_2xx']} | `{l['tool']}` |")

        def rps(prefix):
            return next((l["requests_per_s"] for l in serves if l["endpoint"].startswith(prefix) and "requests_per_s" in l), None)
        predict, fastapi, v2, mlserver = rps("descent POST /predict"), rps("FastAPI"), rps("descent POST /v2"), rps("MLServer")
        health = rps("descent GET /health")
        ratios = []
        if predict and fastapi:
            ratios.append(f"descent /predict ÷ FastAPI = **{predict / fastapi:.2f}×** (goal ≥ 3×)")
        if health and fastapi:
            ratios.append(f"descent GET /health ÷ FastAPI /predict = {health / fastapi:.2f}× (the ceiling of any descent route)")
        if health and predict:
            ratios.append(f"descent /predict ÷ its /health = {predict / health:.2f}")
        if v2 and mlserver:
            ratios.append(f"descent V2 infer ÷ MLServer V2 infer = **{v2 / mlserver:.1f}×** (goal ≥ 15×)")
        if predict and mlserver:
            ratios.append(f"descent /predict ÷ MLServer = {predict / mlserver:.1f}×")
        if ratios:
            p("")
            p("Requests/s: " + "; ".join(ratios) + ".")
    if batches:
        p("")
        p("| 10,000 rows × 32 in one request, JSON in and out | body | ms | min–max | rows/s | descent ÷ this |")
        p("|---|---:|---:|---:|---:|---:|")
        best = next((l["rows_per_s"] for l in batches if l["server"] == "descent /predict"), None)
        for l in batches:
            ratio = f"{best / l['rows_per_s']:.2f}×" if best and l["server"] != "descent /predict" else ""
            p(f"| {l['server']} | {l['body_bytes'] / 1e6:.1f} MB | {fmt(l['ms'])} | {fmt(l['ms_min'])}–{fmt(l['ms_max'])} | "
              f"**{fmt(l['rows_per_s'])}** | {ratio} |")
        p("")
        p("descent ÷ this: descent /predict's rows/s over the row's; goal ≥ 5× FastAPI.")
    for n in find("note", what="peers"):
        p(f"Not measured: {n['text']}")



def training(p, find, first, threads, d, primary):
    """1. Training at width d: descent exact (a) and fast (f) against NumPy (b) and the streaming floor (c)."""
    def train(t, precision):
        found = [l for l in find("train", threads=t, d=d) if l.get("precision", "exact") == precision]
        return found[0] if found else None

    def floor_of(line):
        # The floor is timed inside each training run, just before each repetition, so a/c compares like with like.
        return dict(line, **{k.replace("floor_ms", "ms"): v for k, v in line.items() if k.startswith("floor_ms")}) if line else None

    a, f = train(threads, "exact"), train(threads, "fast")
    a1 = train(1, "exact") if threads != 1 else None
    f1 = train(1, "fast") if threads != 1 else None
    b = first("numpy_train", variant="dz=a-y", d=d)
    b0 = first("numpy_train", variant="original", d=d)
    c, cf, c1 = floor_of(a), floor_of(f), floor_of(a1)
    cn = first("numpy_stream", d=d)
    head = a or f
    if not head:
        return
    p(f"**1{'' if primary else 'b'}. Training** — n = {head['n']:,}, d = {d}, float64, {head['epochs']} epochs × {head['reps']} repetitions"
      + ("" if primary else " (the arithmetic weighs more per byte of x)"))
    p("")
    p("| | what | threads | ms per epoch | min–max | GB/s of x |")
    p("|---|---|---:|---:|---:|---:|")
    gb = head["n"] * d * 8 / 1e9

    def row(tag, what, t, line, key="ms_per_epoch"):
        if line:
            p(f"| {tag} | {what} | {t} | **{fmt(line[key + '_median'])}** | {spread(line, key)} | "
              f"{fmt(gb / line[key + '_median'] * 1e3)} |")

    vector = f" on {f['vector']}" if f and f.get("vector") else ""
    row("a", "descent engine, `GradientDescent.train`, exact (NumPy's bits)", threads, a)
    row("f", f"descent engine, `\"precision\": \"fast\"`{vector}", threads, f)
    row("a₁", "descent engine, exact, one thread", 1, a1)
    row("f₁", "descent engine, fast, one thread", 1, f1)
    row("b", "NumPy notebook loop (`dz = a − y`)", "BLAS", b)
    row("b₀", "NumPy, the notebook's own `da·(a − a²)` chain", "BLAS", b0)
    if a and a.get("cached_n"):
        row("a꜀", f"descent engine, exact, with x resident in cache (n = {a['cached_n']:,}, "
            f"{a['cached_n'] * d * 8 / 1048576:g} MiB), time per row × {a['n']:,}: the arithmetic alone",
            threads, a, "cached_ms_per_epoch")
    if f and f.get("cached_n"):
        row("f꜀", "the same, fast", threads, f, "cached_ms_per_epoch")
    if primary and a1 and a1.get("cached_n"):
        row("a꜀₁", "the same, exact, one thread", 1, a1, "cached_ms_per_epoch")
    row("c", "streaming read of x (SIMD sum), the floor, timed before each repetition of a", threads, c, "ms")
    row("c_f", "the same, timed before each repetition of f", threads, cf, "ms")
    row("c₁", "streaming read of x, one thread, timed before each repetition of a₁", 1, c1, "ms")
    row("", "NumPy `x.sum()` (reference)", 1, cn, "ms")
    p("")
    ratios = []
    if a and b:
        ratios.append(f"a/b = **{a['ms_per_epoch_median'] / b['ms_per_epoch_median']:.3f}** "
                      f"(exact is {b['ms_per_epoch_median'] / a['ms_per_epoch_median']:.1f}× faster than NumPy; target ≥ 3×)")
    if f and b:
        ratios.append(f"f/b = **{f['ms_per_epoch_median'] / b['ms_per_epoch_median']:.3f}** "
                      f"(fast is {b['ms_per_epoch_median'] / f['ms_per_epoch_median']:.1f}× faster than NumPy)")
    if a and c:
        ratios.append(f"a/c = **{a['ms_per_epoch_median'] / c['ms_median']:.2f}** (target ≤ 1.3)")
    if f and cf:
        ratios.append(f"f/c_f = **{f['ms_per_epoch_median'] / cf['ms_median']:.2f}** (target ≤ 1.15)")
    if a and f:
        ratios.append(f"a/f = {a['ms_per_epoch_median'] / f['ms_per_epoch_median']:.2f} (fast over exact)")
    if a and c and a.get("cached_n"):
        ratios.append(f"a꜀/c = {a['cached_ms_per_epoch_median'] / c['ms_median']:.2f} (the arithmetic alone against the floor)")
    if f and cf and f.get("cached_n"):
        ratios.append(f"f꜀/c_f = {f['cached_ms_per_epoch_median'] / cf['ms_median']:.2f}")
    if a1 and c1:
        ratios.append(f"a₁/c₁ = {a1['ms_per_epoch_median'] / c1['ms_median']:.2f}")
    if primary and a1 and c1 and a1.get("cached_n"):
        ratios.append(f"a꜀₁/c₁ = {a1['cached_ms_per_epoch_median'] / c1['ms_median']:.2f}")
    if a1 and a:
        ratios.append(f"speed-up on {threads} threads a₁/a = {a1['ms_per_epoch_median'] / a['ms_per_epoch_median']:.2f}")
    if f1 and f:
        ratios.append(f"f₁/f = {f1['ms_per_epoch_median'] / f['ms_per_epoch_median']:.2f}")
    p("Ratios: " + "; ".join(ratios) + ".")
    if a and b and math.isfinite(b["last_epoch_loss"]):
        agree = abs(a["last_epoch_loss"] - b["last_epoch_loss"]) / abs(b["last_epoch_loss"])
        p(f"Same data, same result: last-epoch loss descent {a['last_epoch_loss']:.15g}, NumPy {b['last_epoch_loss']:.15g} "
          f"(relative difference {agree:.1e}).")
    elif a and b:
        p(f"Last-epoch loss: descent {a['last_epoch_loss']:.15g}; NumPy's is {b['last_epoch_loss']} (the notebook's formula takes "
          f"log(1 − a) of a σ that rounded to 1; descent sums the same loss as softplus, which stays finite).")
    if a and f:
        agree = abs(f["last_epoch_loss"] - a["last_epoch_loss"]) / abs(a["last_epoch_loss"])
        p(f"Fast against exact: last-epoch loss {f['last_epoch_loss']:.17g} vs {a['last_epoch_loss']:.17g} "
          f"(relative difference {agree:.1e}; target ≤ 1e-12).")
    if a and a.get("train_peak_extra_bytes") is not None:
        p(f"Training memory: x is {a['x_bytes'] / 1e6:,.0f} MB, held once; the {a['reps']} runs of {a['epochs']} epochs added "
          f"{a['train_peak_extra_bytes'] / 1e6:.2f} MB of peak resident memory on top of it (no copy per epoch).")
    p("")


def main():
    machine = json.load(open(sys.argv[1]))
    lines = [json.loads(text) for text in open(sys.argv[2]) if text.strip().startswith("{")]

    def find(bench, **match):
        return [l for l in lines if l.get("bench") == bench and all(l.get(k) == v for k, v in match.items())]

    def first(bench, **match):
        found = find(bench, **match)
        return found[0] if found else None

    out = []
    p = out.append
    load_end = first("load_end")
    p(f"### descent benchmark — {machine['date']}{' (quick smoke run)' if machine['quick'] else ''}")
    p("")
    p(f"Machine: {machine['nproc']} cores ({machine['cpu']}), {machine['memory_kib'] / 1048576:.1f} GiB; "
      f"load average {machine['load_start']} at start, {load_end['load'] if load_end else '?'} at end. "
      f"{machine['swift']}; Python {machine['python']}; commit {machine['commit']}. "
      f"Every figure below was measured in this run; times are medians over repetitions (min–max shown).")
    if machine.get("target_cpu"):
        p("")
        p(f"descent-bench was built for one CPU model (`-Xswiftc -target-cpu -Xswiftc {machine['target_cpu']}`), "
          f"not for the portable x86-64 baseline.")
    p("")

    # 1. training: the exact kernel and the fast one at d = 32 (with one-thread runs and the NumPy variants), then the
    # same at the wider d.
    threads = machine["threads"]
    train_ds = sorted({l["d"] for l in find("train")})
    for d in train_ds:
        training(p, find, first, threads, d, primary=(d == min(train_ds)))

    # 2. scaling
    scaling = find("scaling")
    if scaling:
        p(f"**2. Scaling** — ms per epoch on {scaling[0]['threads']} threads; ns per element = time ÷ (n·d); "
          f"flat ns/element means cost linear in n·d")
        p("")
        p("| sweep | n | d | n·d | epochs × reps | ms per epoch | min–max | ns per element |")
        p("|---|---:|---:|---:|---:|---:|---:|---:|")
        for l in scaling:
            p(f"| {l['sweep']} | {l['n']:,} | {l['d']} | {l['n'] * l['d']:,} | {l['epochs']} × {l['reps']} | "
              f"{fmt(l['ms_per_epoch_median'])} | {spread(l, 'ms_per_epoch')} | **{fmt(l['ns_per_element'])}** |")
        sweep = [l for l in scaling if l["sweep"] == "d"]
        if len(sweep) >= 3:
            # ms per epoch = n·(α + β·d): least squares of per-row time against d.
            xs = [l["d"] for l in sweep]
            ys = [l["ms_per_epoch_median"] * 1e6 / l["n"] for l in sweep]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            beta = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
            alpha = my - beta * mx
            p("")
            p(f"Fit over the d sweep, time per epoch = n·(α + β·d): α = **{alpha:.1f} ns per row** (σ, exp, loss "
              f"and bookkeeping), β = **{beta:.2f} ns per element** (the dot product and the gradient update).")
        p("")

    # 3. ingestion
    body = first("body")
    ingest = first("ingest")
    pys = find("py_ingest")
    if body or ingest or pys:
        ingestion(p, find, body, ingest, pys)

    # 3b. CSV ingestion
    csv(p, find, first)

    # 3c. models
    models(p, find, first)

    # 4. serving
    serves = find("serve")
    notes = find("note", what="serving")
    p("**4. Serving** — `descent serve` (release) on 127.0.0.1, wrk on the same machine (it competes for the same cores)")
    p("")
    if serves:
        p("| endpoint | requests/s | p50 | p90 | p99 | non-2xx | load |")
        p("|---|---:|---:|---:|---:|---:|---|")
        for l in serves:
            if "not_measured" in l:
                p(f"| {l['endpoint']} | not measured: {l['not_measured']} | | | | | |")
                continue
            p(f"| {l['endpoint']} | **{fmt(l['requests_per_s'])}** | {fmt(l['p50_ms'])} ms | {fmt(l['p90_ms'])} ms | "
              f"**{fmt(l['p99_ms'])} ms** | {l['non_2xx']} | `{l['tool']}` |")
        def mean_rps(prefix):
            values = [l["requests_per_s"] for l in serves if l["endpoint"].startswith(prefix) and "requests_per_s" in l]
            return sum(values) / len(values) if values else None
        health, predict = mean_rps("GET /health"), mean_rps("POST /predict (1 row")
        if health and predict:
            p("")
            p(f"/predict ÷ /health requests/s = **{predict / health:.2f}** (target ≥ 0.60; /predict's mean over its rounds).")
        v2 = mean_rps("POST /v2/")
        if predict and v2:
            p(f"V2 infer ÷ /predict requests/s = **{v2 / predict:.2f}** (target ≥ 0.90; the means of the alternated rounds).")
    rows = find("v2_rows")
    if rows:
        p("")
        p("| V2 infer of 10,000 × 32 | body | ms | min–max | rows/s |")
        p("|---|---:|---:|---:|---:|")
        for l in rows:
            p(f"| {l['mode']} tensors | {l['body_bytes'] / 1e6:.1f} MB | {fmt(l['ms'])} | {fmt(l['ms_min'])}–{fmt(l['ms_max'])} | "
              f"**{fmt(l['rows_per_s'])}** |")
    for n in notes:
        p(f"Not measured: {n['text']}")

    # 5. observability
    bursts = find("observability_burst")
    observed = find("observability")
    scrapes = find("scrape")
    if bursts or observed or scrapes or find("note", what="observability"):
        p("")
        p("**5. Observability** — POST /predict with metrics and JSON access logs on vs "
          "`--metrics false --access-log false`, the log going to a pipe (read by another process, as under a container "
          "runtime) or appended to a file: the servers up at once, wrk on one at a time in bursts, each `on` server "
          "paired with `off` and the pairs ordered on, off, off, on, …; GET /metrics with every model trained and "
          "predicted once")
        p("")
    if bursts:
        p("| session, pair | log to | on: requests/s | off: requests/s | on ÷ off | on: server CPU/request | off: server CPU/request |")
        p("|---|---|---:|---:|---:|---:|---:|")
        # Results from before the destinations were told apart had one `on` server, logging to a file.
        tested = [l for l in bursts if not l["control"]]
        pair_of = lambda l: (l["session"], l["pair"], l.get("log_to", "file"))  # noqa: E731
        for key in sorted({pair_of(l) for l in tested}, key=lambda k: (k[0], k[1], k[2] != "pipe")):
            on, off = (next((l for l in tested if pair_of(l) == key and l["mode"] == mode), None) for mode in ("on", "off"))
            if on and off:
                p(f"| {key[0]}, {key[1]} | {key[2]} | {fmt(on['requests_per_s'])} | {fmt(off['requests_per_s'])} | "
                  f"{on['requests_per_s'] / off['requests_per_s']:.3f} | {fmt(on['server_cpu_us_per_request'])} µs | "
                  f"{fmt(off['server_cpu_us_per_request'])} µs |")
        p("")
    for l in observed:
        what = ("The control, two servers both without metrics and access logs" if l["control"]
                else f"On ÷ off, the log to a {l.get('log_to', 'file')}")
        p(f"{what}, median over {l['pairs']} pairs of {l['seconds']} s bursts in {l['sessions']} sessions: "
          f"**{l['rps_ratio_median']:.3f}** in requests/s (pairs {l['rps_ratio_min']:.3f}–{l['rps_ratio_max']:.3f}"
          f"{'' if l['control'] else '; target ≥ 0.95'}), "
          f"**{(l['cpu_ratio_median'] - 1) * 100:+.1f}%** in the server's CPU time per request "
          f"(pairs {(l['cpu_ratio_min'] - 1) * 100:+.1f}% to {(l['cpu_ratio_max'] - 1) * 100:+.1f}%)"
          + ("." if l["control"] else f"; {l['access_log_bytes'] / 1e6:.0f} MB of access log written."))
    for l in find("observability_page_cache"):
        p(f"Appending to a file on this machine, no server: **{fmt(l['fresh_us_per_4k'])} µs** per 4 KiB to a new file, "
          f"**{fmt(l['reused_us_per_4k'])} µs** per 4 KiB again after truncating it (pages the kernel used before).")
    for l in scrapes:
        p(f"GET /metrics with {l['models']} models: median **{fmt(l['median_ms'])} ms**, p90 {fmt(l['p90_ms'])} ms, "
          f"max {fmt(l['max_ms'])} ms over {l['reps']} scrapes; {l['bytes']} bytes, {l['series_lines']} sample lines.")
    for n in find("note", what="observability"):
        p(f"Not measured: {n['text']}")
    storage(p, find, first)
    robust(p, first)
    sse(p, find, first)
    access(p, find)
    replicas(p, find, first)
    peers(p, find, first)
    footprint(p, first)
    others = [n for n in find("note") if n.get("what") not in ("serving", "observability", "peers")]
    if others:
        p("")
        p("**Not measured in this run:**")
        for n in others:
            p(f"- {n['text']}")
    print("\n".join(out))


if __name__ == "__main__":
    main()
