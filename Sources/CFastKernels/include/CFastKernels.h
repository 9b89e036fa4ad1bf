#ifndef DESCENT_CFASTKERNELS_H
#define DESCENT_CFASTKERNELS_H

#include <stddef.h>

/// The vector kernels of descent, built for each vector unit and chosen at run time:
///
/// - the opt-in fast training kernel: a vectorised `exp` (range reduction and a polynomial) and the fused per-chunk
///   pass of logistic-regression training;
/// - the softmax model's exact per-row arithmetic, whose bits are the same on every path (no fused operation, each
///   value's terms added in the same order).
///
/// A path is one of the `DESCENT_PATH_*` numbers. Calling a path this CPU does not have is undefined (an illegal
/// instruction): ask `descent_fast_supports` first. The Swift side (Engine's `FastKernel`) does.

/// Plain C vectors of two doubles: NEON on arm64; only on CPUs that are not x86-64.
#define DESCENT_PATH_PORTABLE 0
/// SSE2, two doubles, no FMA: every x86-64 CPU.
#define DESCENT_PATH_SSE2 1
/// AVX2 with FMA, four doubles.
#define DESCENT_PATH_AVX2 2
/// AVX-512F (with its FMA), eight doubles.
#define DESCENT_PATH_AVX512 3

/// 1 when this CPU (and its operating system) can run `path`, else 0.
int descent_fast_supports(int path);

/// `out[i] = e^x[i]` for `i < count`, by `path`'s vector `exp` (at most 2 ulp from libm's, any input).
void descent_fast_exp(int path, const double *x, double *out, size_t count);

/// One chunk of a training epoch in one pass over its `rows` rows of `features` values (row-major `x`) and
/// labels `y`, with weights `w` and bias `b`: for each row `z = x·w + b`, `p = σ(z)`, `dz = p − y`, and
///
/// - `out[j] = Σ x[j]·dz` for `j < features` (the gradient's sum, not yet divided by n),
/// - `out[features] = Σ dz`,
/// - `out[features + 1] = Σ max(z, 0) − y·z + log(1 + e^−|z|)` (the binary cross-entropy's sum).
///
/// `out` holds `features + 2` doubles. The result depends only on the inputs and the path, never on the caller.
void descent_fast_chunk(
    int path, const double *x, const double *y, size_t rows, size_t features, const double *w, double b, double *out);

/// `z[c] = b[c] + Σ_j x[j]·w[j·k + c]` for `c < k`: one row's logits, `w` d×k row-major. Each sum is `b[c]`, then
/// `+ x[j]·w[j·k + c]` for j = 0, 1, … in order, a multiply and an add each: the same bits on every path.
void descent_softmax_logits(int path, const double *x, const double *w, const double *b, size_t d, size_t k, double *z);

/// `g[j·k + c] += x[j]·dz[c]` for `j < d`, `c < k`: one row's term of the weights' gradient, a multiply and an add
/// each: the same bits on every path. `g` must not overlap `x` or `dz`.
void descent_softmax_add_outer(int path, const double *x, const double *dz, size_t d, size_t k, double *g);

#endif
