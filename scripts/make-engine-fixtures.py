#!/usr/bin/env python3
"""Generate the JSON fixtures the Swift EngineTests compare against.

Everything is computed with numpy itself (checked in with numpy 2.4.6), deterministically (fixed seeds), so
`swift test` needs no Python. Doubles are stored as `repr(float)` strings ("0.1", "-0.0", "inf", "-inf", "nan"),
which Swift's `Double(String)` parses back bit-exactly.

Usage (from the repository root):
    python3 scripts/make-engine-fixtures.py            # writes Tests/EngineTests/Fixtures/*.json
    python3 scripts/make-engine-fixtures.py --check    # fails if the committed fixtures differ
"""

import json
import math
import random
import sys
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "Tests" / "EngineTests" / "Fixtures"
EXPECTED_NUMPY = "2.4.6"


def num(v):
    """A float64 as the string Swift parses back to the same bits."""
    return repr(float(v))


def nums(array):
    return [num(v) for v in np.asarray(array, dtype=np.float64).ravel(order="C")]


def encode_array(array):
    array = np.asarray(array, dtype=np.float64)
    return {"shape": list(array.shape), "data": nums(array)}


def error_text(call):
    """Run `call`; return (result, None) or (None, str(ValueError))."""
    try:
        return call(), None
    except ValueError as error:
        return None, str(error)


# ---------------------------------------------------------------------------------------------------------------------
# Broadcasting: np.broadcast_shapes wording and the ufunc (nditer) wording.

def random_shape(rng, rank=None):
    rank = rng.randint(0, 5) if rank is None else rank
    return tuple(rng.randint(0, 4) for _ in range(rank))


def related_shapes(rng, count):
    """Shapes derived from one base shape so most of them broadcast; sometimes one axis is spoiled."""
    base = random_shape(rng, rng.randint(0, 5))
    shapes = []
    for _ in range(count):
        keep = rng.randint(0, len(base))
        shape = list(base[len(base) - keep:])
        for axis in range(len(shape)):
            if rng.random() < 0.35:
                shape[axis] = 1
        if shape and rng.random() < 0.2:
            axis = rng.randrange(len(shape))
            shape[axis] = rng.choice([s for s in range(5) if s != shape[axis]])
        shapes.append(tuple(shape))
    return shapes


def ufunc_outcome(shapes):
    """The ufunc wording: `np.add` for pairs, `np.nditer` (the same constructor and message) otherwise."""
    operands = [np.ones(s) for s in shapes]
    if len(shapes) == 2:
        result, error = error_text(lambda: np.add(operands[0], operands[1]).shape)
        return {"shape": list(result)} if error is None else {"error": error}
    _, error = error_text(lambda: np.nditer(operands, flags=["zerosize_ok", "refs_ok"]))
    if error is not None:
        return {"error": error}
    return {"shape": list(np.broadcast_shapes(*shapes))}


def broadcast_cases():
    rng = random.Random(20260101)
    cases = []
    seen = set()
    # Hand-picked cases from the reference first.
    fixed = [
        [(8, 1, 6, 1), (7, 1, 5)], [(2, 1, 4), (3, 1)], [(), (3, 4)], [(3, 4), (3, 2)], [(3,), (4,)],
        [(2, 3, 4), (5, 4)], [(0, 4), (2, 4)], [(0, 4), (1, 4)], [(1, 0), (3, 1)], [(0, 4), (0, 1)],
        [(3, 4), (1,), (3, 2)], [(2, 3), (3, 3), (3, 4)], [(2, 1), (1, 3), (5, 1, 1)], [(1, 2), (3, 1), (4, 1, 1)],
        [(0,), (1,)], [(0,), (2,)], [()], [(), ()], [(3, 1), (1, 4), (3, 5)], [(3, 4), (3, 2), ()],
    ]
    candidates = [list(s) for s in fixed]
    while len(candidates) < 460:
        count = rng.choice([1, 2, 2, 2, 2, 3, 3, 4])
        if rng.random() < 0.3:
            shapes = [random_shape(rng) for _ in range(count)]
        else:
            shapes = related_shapes(rng, count)
        candidates.append(shapes)
    for shapes in candidates:
        key = tuple(tuple(s) for s in shapes)
        if key in seen:
            continue
        seen.add(key)
        result, error = error_text(lambda: np.broadcast_shapes(*shapes))
        case = {
            "shapes": [list(s) for s in shapes],
            "broadcastShapes": {"shape": list(result)} if error is None else {"error": error},
            "ufunc": ufunc_outcome(shapes),
        }
        assert ("error" in case["broadcastShapes"]) == ("error" in case["ufunc"]), shapes
        cases.append(case)
    return cases


# ---------------------------------------------------------------------------------------------------------------------
# Elementwise, matmul and dot with values.

SPECIALS = [0.0, -0.0, 1.0, -1.0, 0.5, 3.0, math.inf, -math.inf, math.nan]
EXTRA = [2.5, -7.25, 1e308, -1e308, 1e-308, 5e-324, 2.0, -3.0, 0.1]
OPS = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
    "power": np.power, "maximum": np.maximum, "minimum": np.minimum,
}


def values(rng, shape, special_share, pool=SPECIALS + EXTRA, scale=4.0):
    count = int(np.prod(shape, dtype=np.int64))
    out = []
    for _ in range(count):
        if rng.random() < special_share:
            out.append(rng.choice(pool))
        else:
            out.append(round(rng.uniform(-scale, scale), rng.choice([0, 1, 2, 17])))
    return np.array(out, dtype=np.float64).reshape(shape)


def libm_power_agrees(a, b, result):
    """Does numpy's power match C pow (Python's math.pow) on every element? Swift's Foundation.pow is C pow."""
    a, b = np.broadcast_arrays(a, b)
    for x, y, r in zip(a.ravel(), b.ravel(), np.asarray(result).ravel()):
        try:
            expected = math.pow(float(x), float(y))
        except (ValueError, OverflowError):
            continue  # math.pow raises where C returns nan/inf; numpy's IEEE result is checked separately
        if not (expected == r and math.copysign(1, expected) == math.copysign(1, r)) and not (math.isnan(expected) and math.isnan(r)):
            return False
    return True


def run_op(op, a, b):
    with np.errstate(all="ignore"):
        if op == "matmul":
            return np.matmul(a, b)
        if op == "dot":
            return np.dot(a, b)
        return OPS[op](a, b)


def array_case(op, a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    result, error = error_text(lambda: run_op(op, a, b))
    case = {"op": op, "a": encode_array(a), "b": encode_array(b)}
    if error is None:
        case["result"] = encode_array(result)
        if op == "power" and not libm_power_agrees(a, b, result):
            case["libmPowerDiffers"] = True
    else:
        case["error"] = error
    return case


ELEMENTWISE_SHAPES = [
    ((4,), (4,)), ((3, 1), (1, 4)), ((), (2, 3)), ((2, 3), ()), ((), ()), ((0, 3), (1, 3)), ((2,), (3, 2)),
    ((2, 1, 3), (4, 1)), ((1,), (5,)), ((3, 0), (3, 1)), ((17,), (17,)), ((2, 2, 2), (2, 2, 2)),
]
ELEMENTWISE_ERRORS = [((3, 4), (3, 2)), ((3,), (4,)), ((0, 4), (2, 4)), ((2, 3, 4), (5, 4)), ((2, 1), (3, 4, 3)), ((0,), (1, 2))]


def elementwise_cases():
    rng = random.Random(7)
    cases = []
    grid = np.array(SPECIALS + [-3.0, 2.0], dtype=np.float64)
    for op in OPS:
        # Every special value against every other (the tables of the reference, §3).
        cases.append(array_case(op, grid.reshape(-1, 1), grid.reshape(1, -1)))
        for shape_a, shape_b in ELEMENTWISE_SHAPES:
            share = rng.choice([0.0, 0.3, 0.6])
            cases.append(array_case(op, values(rng, shape_a, share), values(rng, shape_b, share)))
        for shape_a, shape_b in ELEMENTWISE_ERRORS:
            cases.append(array_case(op, values(rng, shape_a, 0.2), values(rng, shape_b, 0.2)))
    # Power with positive bases and arbitrary exponents exercises pow itself, not only its special cases.
    for shape in [(6,), (3, 3)]:
        base = np.array([rng.uniform(0.01, 5.0) for _ in range(int(np.prod(shape)))]).reshape(shape)
        exponent = np.array([rng.uniform(-4.0, 4.0) for _ in range(int(np.prod(shape)))]).reshape(shape)
        cases.append(array_case("power", base, exponent))
    return cases


MATMUL_SHAPES = [
    ((2, 3), (3, 4)), ((3,), (3,)), ((3,), (3, 2)), ((2, 3), (3,)), ((5, 2, 3), (3,)), ((3,), (5, 3, 2)),
    ((5, 1, 2, 3), (7, 3, 4)), ((5, 2, 3), (3, 4)), ((5, 3), (4, 3, 2)), ((1, 2, 3), (4, 3, 2)),
    ((2, 0), (0, 3)), ((0, 3), (3, 2)), ((0,), (0,)), ((0, 2, 3), (1, 3, 4)), ((1, 1), (1, 1)),
    ((64, 2), (2, 1)), ((2, 64), (64, 1)), ((1, 100), (100, 1)), ((4, 4), (4, 4)), ((3, 1, 2, 2), (1, 4, 2, 2)),
    ((1, 5), (5, 1)), ((6, 5), (5, 3)),
]
MATMUL_ERRORS = [
    ((3, 4), (3, 2)), ((64, 2), (1, 1)), ((2, 64), (2, 1)), ((3,), (4,)), ((3,), (4, 3)), ((2, 3), (4,)),
    ((2, 3), (2, 3)), ((5, 2, 3), (4, 4, 4)), ((), (3,)), ((3,), ()), ((), ()), ((2, 2), ()), ((), (2, 2)),
    ((5, 2, 3), (4, 3, 4)), ((2, 5, 2, 3), (3, 3, 4)), ((0, 2, 3), (2, 3, 4)),
]
DOT_SHAPES = [
    ((), (3,)), ((2, 3), ()), ((), ()), ((3,), (3,)), ((2, 3), (3, 4)), ((2, 3), (3,)), ((3,), (3, 2)),
    ((5, 2, 3), (7, 3, 4)), ((4, 5, 2, 3), (6, 3, 7)), ((2, 3), (6, 3, 4)), ((5, 2, 3), (3,)), ((3,), (5, 3, 4)),
    ((2, 0), (0, 3)), ((0,), (0,)), ((0, 3), (3, 2)), ((1, 100), (100, 1)), ((64, 2), (2, 1)), ((2, 2, 2), ()),
]
DOT_ERRORS = [
    ((3, 4), (3, 2)), ((3,), (4,)), ((2, 3), (4,)), ((3,), (4, 2)), ((5, 2, 3), (7, 4, 4)), ((3,), (6, 3, 4, 7)),
]


def linear_cases():
    rng = random.Random(11)
    # Specials that keep sums independent of summation order: no huge finite values that could overflow.
    pool = [0.0, -0.0, 1.0, -1.0, 0.5, math.inf, -math.inf, math.nan]
    cases = []
    for op, shapes, errors in [("matmul", MATMUL_SHAPES, MATMUL_ERRORS), ("dot", DOT_SHAPES, DOT_ERRORS)]:
        for index, (shape_a, shape_b) in enumerate(shapes):
            share = 0.0 if index % 3 == 0 else 0.25
            cases.append(array_case(op, values(rng, shape_a, share, pool, 2.0), values(rng, shape_b, share, pool, 2.0)))
        for shape_a, shape_b in shapes[:8]:
            cases.append(array_case(op, values(rng, shape_a, 0.0, pool, 2.0), values(rng, shape_b, 0.0, pool, 2.0)))
        for shape_a, shape_b in errors:
            cases.append(array_case(op, values(rng, shape_a, 0.0), values(rng, shape_b, 0.0)))
    return cases


# ---------------------------------------------------------------------------------------------------------------------
# The notebook run (notebook.md In[17]/In[18]), exactly as written.

def numpy_train(x, y, w, b, epochs, lr, every):
    """LR.train from the notebook, exactly as written, recording what the engine reports.

    Snapshots at epochs every, 2*every, ...: w and b *before* that epoch's update (what the notebook prints) and
    the mean BCE of that epoch's forward pass. The final loss and accuracy are those of the final model.
    """
    w, b = w.copy(), b.copy()
    batch = x.shape[0]

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def bce(target, predicted):
        return -(target * np.log(predicted) + (1 - target) * np.log(1 - predicted))

    snapshots, losses = [], []
    for epoch in range(1, epochs + 1):
        before_w, before_b = w.copy(), b.copy()
        printed = f"{w} {b}" if epoch % every == 0 else None
        z = x @ w + b
        a = sigmoid(z)
        loss = bce(y, a)
        losses.append(num(loss.mean()))
        if epoch % every == 0:
            snapshots.append({
                "epoch": epoch,
                "weights": nums(before_w), "bias": num(before_b[0, 0]), "loss": num(loss.mean()),
                "weightsString": str(before_w), "biasString": str(before_b), "printed": printed,
                "weightsFixed": [f"{v:.8f}" for v in before_w.ravel()], "biasFixed": f"{before_b[0, 0]:.8f}",
            })
        da = -(y / a - (1 - y) / (1 - a))
        dz = da * (a - a ** 2)  # dz = a - y
        dw = (x.T @ dz) / batch
        db = dz.sum(axis=0) / batch
        w -= lr * dw
        b -= lr * db

    final_a = sigmoid(x @ w + b)
    final_loss = bce(y, final_a).mean()
    accuracy = np.mean((final_a >= 0.5) == (y >= 0.5))
    return {
        "samples": x.shape[0], "features": x.shape[1], "epochs": epochs, "learningRate": num(lr), "snapshotEvery": every,
        "x": encode_array(x), "y": nums(y),
        "snapshots": snapshots, "epochLosses": losses,
        "final": {
            "weights": nums(w), "bias": num(b[0, 0]), "loss": num(final_loss), "accuracy": num(accuracy),
            "weightsString": str(w), "biasString": str(b),
            "weightsFixed": [f"{v:.8f}" for v in w.ravel()], "biasFixed": f"{b[0, 0]:.8f}",
        },
    }


def notebook_run():
    """notebook.md In[17]/In[18]: seed 42, LR(2) draws w = rand(2,1), b = rand(1,1), then x = rand(64,2), y = rand(64,1)."""
    np.random.seed(42)
    w = np.random.rand(2, 1)
    b = np.random.rand(1, 1)
    x = np.random.rand(64, 2)
    y = np.random.rand(64, 1)
    run = numpy_train(x, y, w, b, epochs=100, lr=0.01, every=10)
    run.update({"seed": 42, "initialWeights": nums(w), "initialBias": num(b[0, 0])})
    return run


def one_row_run():
    """A single training row (n = 1) with 0/1 target, larger learning rate."""
    x = np.array([[0.3, -0.7]])
    y = np.array([[1.0]])
    w = np.array([[0.25], [0.5]])
    b = np.array([[-0.125]])
    run = numpy_train(x, y, w, b, epochs=20, lr=0.5, every=5)
    run.update({"seed": None, "initialWeights": nums(w), "initialBias": num(b[0, 0])})
    return run


def notebook_dot():
    """In[98]: (1,100)·(100,1) from rand(100) twice after seed(42)."""
    np.random.seed(42)
    w1 = np.random.rand(100).reshape(1, -1)
    w2 = np.random.rand(100).reshape(-1, 1)
    return {"seed": 42, "a": encode_array(w1), "b": encode_array(w2), "result": encode_array(np.dot(w1, w2))}


# ---------------------------------------------------------------------------------------------------------------------

def write(name, payload, check):
    text = json.dumps(payload, indent=1, ensure_ascii=True) + "\n"
    path = OUT / name
    if check:
        if not path.exists() or path.read_text() != text:
            sys.exit(f"{path} is out of date; rerun scripts/make-engine-fixtures.py")
        return
    path.write_text(text)


def main():
    check = "--check" in sys.argv[1:]
    if np.__version__ != EXPECTED_NUMPY:
        print(f"warning: numpy {np.__version__}, fixtures were made with {EXPECTED_NUMPY}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    meta = {"numpy": np.__version__}
    broadcast = broadcast_cases()
    arrays = elementwise_cases() + linear_cases()
    write("broadcasting.json", {**meta, "cases": broadcast}, check)
    write("arrays.json", {**meta, "cases": arrays}, check)
    write("notebook.json", {**meta, "run": notebook_run(), "oneRow": one_row_run(), "dot": notebook_dot()}, check)
    errors = sum("error" in c["broadcastShapes"] for c in broadcast)
    print(f"broadcasting.json: {len(broadcast)} shape lists ({errors} mismatches, "
          f"{sum(len(c['shapes']) == 2 for c in broadcast)} pairs)")
    for op in ["elementwise", "matmul", "dot"]:
        selected = [c for c in arrays if (c["op"] in OPS) == (op == "elementwise") and (op == "elementwise" or c["op"] == op)]
        print(f"arrays.json {op}: {len(selected)} cases ({sum('error' in c for c in selected)} errors)")
    print(f"arrays.json: power cases where C pow differs from numpy: {sum(c.get('libmPowerDiffers', False) for c in arrays)}")


if __name__ == "__main__":
    main()
