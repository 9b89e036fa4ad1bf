#!/usr/bin/env python3
"""Generate the scikit-learn fixtures the Swift EngineTests compare the models' metrics and quality against.

Checked in with scikit-learn 1.9.1, numpy 2.4.6 and pandas 3.1.1 (Python 3.11), all deterministic (fixed seeds and
random_state), so `swift test` needs no Python. Doubles are stored as `repr(float)` strings, which Swift's
`Double(String)` parses back bit-exactly (NaN as "nan").

Writes, under Tests/EngineTests/Fixtures/:
- models.json: metric cases (probabilities, true labels, and what `sklearn.metrics` gives for them) and, per dataset,
  sklearn's `LogisticRegression` (lbfgs, default C=1, after `StandardScaler` fitted on the training rows) held-out
  accuracy, plus the scaler's `mean_`/`scale_` on the training rows.
- datasets/<name>.csv: the bundled breast cancer, iris, wine and digits datasets with a `split` column ("train" or
  "test") from `train_test_split(test_size=0.25, stratify=y, random_state=0)` and the class id in `label`.

zero_division: precision, recall and F1 use sklearn's default (`zero_division="warn"`), which returns 0.0 for a zero
denominator (a class never predicted has precision 0). roc_auc_score returns NaN (with a warning) when y_true holds one
class only. The macro F1 averages over `unique_labels(y_true, y_pred)` (sklearn's default `labels=None`); the confusion
matrix is taken with `labels=range(k)` so it is always k×k.

Usage (from the repository root, in a venv: python3 -m venv /tmp/skvenv &&
/tmp/skvenv/bin/pip install scikit-learn numpy pandas):
    /tmp/skvenv/bin/python scripts/make-model-fixtures.py            # writes the fixtures
    /tmp/skvenv/bin/python scripts/make-model-fixtures.py --check    # fails if the committed fixtures differ
"""

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn import datasets, metrics
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

OUT = Path(__file__).resolve().parent.parent / "Tests" / "EngineTests" / "Fixtures"
EXPECTED = {"sklearn": "1.9.1", "numpy": "2.4.6", "pandas": "3.1.1"}
TEST_SIZE = 0.25
RANDOM_STATE = 0


def num(v):
    """A float64 as the string Swift parses back to the same bits."""
    return repr(float(v))


def nums(values):
    return [num(v) for v in np.asarray(values, dtype=np.float64).ravel(order="C")]


# ---------------------------------------------------------------------------------------------------------------------
# Metrics: binary and multiclass cases, with what sklearn.metrics says about them.

def binary_case(name, y_true, p):
    y_true = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    y_pred = (p >= 0.5).astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        auc = metrics.roc_auc_score(y_true, p) if len(np.unique(y_true)) == 2 else float("nan")
        case = {
            "name": name,
            "y": [int(v) for v in y_true],
            "probabilities": nums(p),
            "loss": num(metrics.log_loss(y_true, p, labels=[0, 1])),
            "accuracy": num(metrics.accuracy_score(y_true, y_pred)),
            "rocAUC": num(auc),
            "precision": num(metrics.precision_score(y_true, y_pred)),
            "recall": num(metrics.recall_score(y_true, y_pred)),
            "f1": num(metrics.f1_score(y_true, y_pred)),
            "confusionMatrix": metrics.confusion_matrix(y_true, y_pred, labels=[0, 1]).tolist(),
        }
    return case


def multiclass_case(name, y_true, p):
    y_true = np.asarray(y_true, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    k = p.shape[1]
    y_pred = p.argmax(axis=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        return {
            "name": name,
            "classes": k,
            "y": [int(v) for v in y_true],
            "probabilities": nums(p),
            "loss": num(metrics.log_loss(y_true, p, labels=list(range(k)))),
            "accuracy": num(metrics.accuracy_score(y_true, y_pred)),
            "macroF1": num(metrics.f1_score(y_true, y_pred, average="macro")),
            "confusionMatrix": metrics.confusion_matrix(y_true, y_pred, labels=list(range(k))).tolist(),
        }


def softmax_rows(rng, n, k, sharp=2.0):
    z = rng.normal(size=(n, k)) * sharp
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def metric_cases():
    rng = np.random.RandomState(2024)
    binary = []
    y = rng.randint(0, 2, size=40)
    binary.append(binary_case("random", y, np.clip(0.35 * y + 0.65 * rng.rand(40), 0.001, 0.999)))
    y = rng.randint(0, 2, size=60)
    binary.append(binary_case("ties", y, np.round(0.3 * y + 0.7 * rng.rand(60), 1)))
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1, 0, 1])
    binary.append(binary_case("never-predicts-positive", y, rng.rand(10) * 0.49))
    binary.append(binary_case("one-class", np.ones(8, dtype=np.int64), rng.rand(8)))
    binary.append(binary_case("perfect", np.array([0, 0, 1, 1, 0, 1]), np.array([0.1, 0.2, 0.9, 0.8, 0.3, 0.7])))
    y = rng.randint(0, 2, size=25)
    binary.append(binary_case("all-tied", y, np.full(25, 0.5)))

    multi = []
    y = rng.randint(0, 3, size=50)
    multi.append(multiclass_case("random-3", y, softmax_rows(rng, 50, 3)))
    p = softmax_rows(rng, 30, 3)
    p[:, 2] = 0.0  # class 2 is never predicted
    p /= p.sum(axis=1, keepdims=True)
    multi.append(multiclass_case("never-predicts-2", rng.randint(0, 3, size=30), p))
    p = softmax_rows(rng, 40, 4)
    p[:, 3] = 1e-9  # class 3 neither occurs nor is predicted: the macro F1 leaves it out
    p /= p.sum(axis=1, keepdims=True)
    multi.append(multiclass_case("absent-class-3", rng.randint(0, 3, size=40), p))
    y = rng.randint(0, 5, size=80)
    multi.append(multiclass_case("random-5", y, softmax_rows(rng, 80, 5, sharp=1.0)))
    return binary, multi


# ---------------------------------------------------------------------------------------------------------------------
# Datasets: CSV with a stratified split, and sklearn's held-out accuracy.

LOADERS = {
    "breast_cancer": datasets.load_breast_cancer,
    "iris": datasets.load_iris,
    "wine": datasets.load_wine,
    "digits": datasets.load_digits,
}


def dataset(name):
    x, y = LOADERS[name](return_X_y=True)
    x = np.asarray(x, dtype=np.float64)
    rows = np.arange(len(y))
    train, test = train_test_split(rows, test_size=TEST_SIZE, stratify=y, random_state=RANDOM_STATE)
    train.sort()
    test.sort()
    scaler = StandardScaler().fit(x[train])
    model = LogisticRegression(max_iter=10000).fit(scaler.transform(x[train]), y[train])
    predicted = model.predict(scaler.transform(x[test]))
    wrong = int((predicted != y[test]).sum())
    frame = pd.DataFrame(x, columns=[f"f{j}" for j in range(x.shape[1])])
    split = np.where(np.isin(rows, train), "train", "test")
    lines = [",".join(list(frame.columns) + ["label", "split"])]
    for row in range(len(y)):
        lines.append(",".join([num(v) for v in x[row]] + [str(int(y[row])), split[row]]))
    csv = "\n".join(lines) + "\n"
    info = {
        "name": name,
        "samples": int(len(y)),
        "features": int(x.shape[1]),
        "classes": int(len(np.unique(y))),
        "trainRows": int(len(train)),
        "testRows": int(len(test)),
        "sklearnAccuracy": num(metrics.accuracy_score(y[test], predicted)),
        "sklearnMisclassified": wrong,
        "scalerMean": nums(scaler.mean_),
        "scalerScale": nums(scaler.scale_),
    }
    return csv, info


# ---------------------------------------------------------------------------------------------------------------------

def write(path, text, check):
    if check:
        if not path.exists() or path.read_text() != text:
            sys.exit(f"{path} is out of date; rerun scripts/make-model-fixtures.py")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def main():
    check = "--check" in sys.argv[1:]
    versions = {"sklearn": sklearn.__version__, "numpy": np.__version__, "pandas": pd.__version__}
    for package, expected in EXPECTED.items():
        if versions[package] != expected:
            print(f"warning: {package} {versions[package]}, fixtures were made with {expected}", file=sys.stderr)
    binary, multi = metric_cases()
    infos = []
    for name in LOADERS:
        csv, info = dataset(name)
        write(OUT / "datasets" / f"{name}.csv", csv, check)
        infos.append(info)
        print(f"{name}: {info['samples']}×{info['features']}, {info['classes']} classes, sklearn held-out accuracy "
              f"{float(info['sklearnAccuracy']):.4f} ({info['sklearnMisclassified']} of {info['testRows']} wrong)")
    payload = {**versions, "testSize": TEST_SIZE, "randomState": RANDOM_STATE, "binary": binary, "multiclass": multi,
               "datasets": infos}
    write(OUT / "models.json", json.dumps(payload, indent=1, ensure_ascii=True) + "\n", check)
    print(f"models.json: {len(binary)} binary and {len(multi)} multiclass metric cases")


if __name__ == "__main__":
    main()
