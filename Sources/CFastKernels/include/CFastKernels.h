#ifndef DESCENT_CFASTKERNELS_H
#define DESCENT_CFASTKERNELS_H

#include <stddef.h>

/// The fast training kernel of descent: a vectorised `exp` (range reduction and a polynomial) and the fused
/// per-chunk pass of logistic-regression training, for each vector unit, chosen at run time.
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

#endif
