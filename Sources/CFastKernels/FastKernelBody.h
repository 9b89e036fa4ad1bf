// The fast kernel, written once for any vector width. Each path's file defines, then includes this file:
//
//   LANES          doubles in one vector (2, 4 or 8)
//   TARGET         the function attribute that enables the path's instructions
//   SUFFIX(name)   the name of a function of this path (name ## _avx2)
//   HAS_FMA        1 when a·b + c may be one fused operation
//
// Every function is static (one copy per path's file) or has the path's suffix, and carries TARGET, so the
// compiler emits the path's instructions for all of it. Vectors are clang's ext_vector_type.

#include <math.h>
#include <stdint.h>
#include <string.h>

// Only the FUSED operations below are fused: the compiler may not contract other a·b + c on its own, which it would
// do at some optimisation levels and not others, so a path gives the same bits in debug and release builds.
#pragma clang fp contract(off)

typedef double vd __attribute__((ext_vector_type(LANES)));
typedef int64_t vi __attribute__((ext_vector_type(LANES)));

#define INLINE static inline __attribute__((always_inline)) TARGET

/// How far ahead of the block being summed its rows are prefetched, in blocks of LANES rows.
#define PREFETCH_BLOCKS 8

#if HAS_FMA
#define FUSED(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#define FUSED1(a, b, c) __builtin_fma((a), (b), (c))
#else
#define FUSED(a, b, c) ((a) * (b) + (c))
#define FUSED1(a, b, c) ((a) * (b) + (c))
#endif

INLINE vd splat(double value) {
    vd vector = value;
    return vector;
}

INLINE vd load(const double *source) {
    vd vector;
    memcpy(&vector, source, sizeof vector);
    return vector;
}

INLINE void store(double *target, vd vector) { memcpy(target, &vector, sizeof vector); }

/// `mask ? a : b` lane by lane; `mask` lanes are all ones or all zeros (what a comparison gives).
INLINE vd choose(vi mask, vd a, vd b) { return (vd)((mask & (vi)a) | (~mask & (vi)b)); }

/// Lanes added left to right.
INLINE double sum(vd vector) {
    double total = vector[0];
    for (int lane = 1; lane < LANES; lane++) total += vector[lane];
    return total;
}

INLINE double product(vd vector) {
    double total = vector[0];
    for (int lane = 1; lane < LANES; lane++) total *= vector[lane];
    return total;
}

/// 2^k for integral k in [−1022, 1023], from the bits: k + 1023 is the biased exponent.
INLINE vd power2(vd k) {
    // Adding 1.5·2^52 puts k + 1023 in the low bits of the mantissa; shifting by 52 moves them to the exponent
    // and drops the rest.
    vd shifted = k + splat(0x1.8p52 + 1023.0);
    return (vd)((vi)shifted << 52);
}

/// e^x, lane by lane, for any x: within 2 ulp of a correctly rounded exp (tested against libm over
/// [−745, 710], with subnormal results, ±inf and NaN).
///
/// x = n·ln2 + r with n = round(x/ln2) and |r| ≤ ln2/2 (ln2 in two parts, the first exact in n·ln2hi), e^r by
/// its Taylor polynomial of degree 13 (the remainder is below 2^−57 there) in Horner's form, then the scaling by
/// 2^n in two halves, so that 2^n itself never leaves the normal range: the first product is exact and the
/// second rounds once, also into the subnormals or to 0 or infinity.
INLINE vd fast_exp(vd x) {
    // Beyond these, e^x is 0 or infinite whatever n is; clamping keeps n small. NaN passes (comparisons fail)
    // and stays NaN through the arithmetic.
    vd clamped = choose((vi)(x < splat(-746.0)), splat(-746.0), x);
    clamped = choose((vi)(clamped > splat(710.0)), splat(710.0), clamped);
    const vd shifter = splat(0x1.8p52);
    vd n = FUSED(clamped, splat(0x1.71547652b82fep0), shifter) - shifter;
    vd r = FUSED(-n, splat(0x1.62e42fee00000p-1), clamped);
    r = FUSED(-n, splat(0x1.a39ef35793c76p-33), r);
    // 1/k! for k = 13 down to 1, each correctly rounded.
    vd p = splat(0x1.6124613a86d09p-33);
    p = FUSED(p, r, splat(0x1.1eed8eff8d898p-29));
    p = FUSED(p, r, splat(0x1.ae64567f544e4p-26));
    p = FUSED(p, r, splat(0x1.27e4fb7789f5cp-22));
    p = FUSED(p, r, splat(0x1.71de3a556c734p-19));
    p = FUSED(p, r, splat(0x1.a01a01a01a01ap-16));
    p = FUSED(p, r, splat(0x1.a01a01a01a01ap-13));
    p = FUSED(p, r, splat(0x1.6c16c16c16c17p-10));
    p = FUSED(p, r, splat(0x1.1111111111111p-7));
    p = FUSED(p, r, splat(0x1.5555555555555p-5));
    p = FUSED(p, r, splat(0x1.5555555555555p-3));
    p = FUSED(p, r, splat(0x1.0p-1));
    p = FUSED(p, r, splat(1.0));
    vd e = FUSED(p, r, splat(1.0));
    // n in [−1077, 1024] → halves in [−539, 512]; round(n/2) by the same shift as above.
    vd half = (n * splat(0.5) + shifter) - shifter;
    return e * power2(half) * power2(n - half);
}

void SUFFIX(descent_fast_exp)(const double *x, double *out, size_t count) TARGET;
void SUFFIX(descent_fast_exp)(const double *x, double *out, size_t count) {
    size_t i = 0;
    for (; i + LANES <= count; i += LANES) store(out + i, fast_exp(load(x + i)));
    if (i < count) {
        vd rest = splat(0);
        for (size_t lane = 0; i + lane < count; lane++) rest[lane] = x[i + lane];
        vd result = fast_exp(rest);
        for (size_t lane = 0; i + lane < count; lane++) out[i + lane] = result[lane];
    }
}

/// z − b of up to LANES consecutive rows (lanes past `count` are 0): each row's dot product with w in vectors,
/// its lanes added, then the last `features % LANES` terms.
INLINE vd dots(const double *rows, size_t features, const double *w, size_t count) {
    vd z = splat(0);
    for (size_t lane = 0; lane < count; lane++) {
        const double *row = rows + lane * features;
        vd first = splat(0);
        vd second = splat(0);
        size_t j = 0;
        for (; j + 2 * LANES <= features; j += 2 * LANES) {
            first = FUSED(load(row + j), load(w + j), first);
            second = FUSED(load(row + j + LANES), load(w + j + LANES), second);
        }
        for (; j + LANES <= features; j += LANES) first = FUSED(load(row + j), load(w + j), first);
        double total = sum(first + second);
        for (; j < features; j++) total = FUSED1(row[j], w[j], total);
        z[lane] = total;
    }
    return z;
}

/// g[j] += Σ x[row][j]·dz[row] over up to LANES consecutive rows, which the dot products just read (so they are in
/// the first-level cache).
INLINE void accumulate(double *g, const double *rows, size_t features, vd dz, size_t count) {
    size_t j = 0;
    for (; j + LANES <= features; j += LANES) {
        vd total = load(g + j);
        for (size_t lane = 0; lane < count; lane++) total = FUSED(load(rows + lane * features + j), splat(dz[lane]), total);
        store(g + j, total);
    }
    for (; j < features; j++) {
        double total = g[j];
        for (size_t lane = 0; lane < count; lane++) total = FUSED1(rows[lane * features + j], dz[lane], total);
        g[j] = total;
    }
}

/// The running sums of one chunk: `Σdz` and the linear part of the loss lane by lane; the log1p terms as a product of
/// factors (1 + e^−|z|) ∈ (1, 2], with one log per 16 blocks (the product of 16·LANES factors stays below 2^128), as
/// in the exact kernel.
typedef struct {
    vd dz;
    vd linear;
    vd factors;
    double logLoss;
    unsigned blocks;
} Sums;

/// One block of `count` ≤ LANES rows from `row`: z, σ, dz and the loss terms for the rows in a vector's lanes, then
/// their gradient terms. Inlined twice: for whole blocks (`count` is LANES, a constant, so the lane loops unroll)
/// and for the chunk's last, partial one.
INLINE void block(
    Sums *sums, const double *x, const double *y, size_t row, size_t rows, size_t features, const double *w, double b, double *g,
    size_t count) {
    const double *block = x + row * features;
    // The rows eight blocks ahead, one request per cache line: the hardware prefetcher alone starts them too late to
    // keep the pass at the memory's pace.
    if (row + PREFETCH_BLOCKS * LANES < rows) {
        const char *ahead = (const char *)(block + PREFETCH_BLOCKS * LANES * features);
        for (size_t byte = 0; byte < LANES * features * sizeof(double); byte += 64) __builtin_prefetch(ahead + byte);
    }
    vd z = dots(block, features, w, count) + splat(b);
    vd target = splat(0);
    if (count == LANES) {
        target = load(y + row);
    } else {
        for (size_t lane = 0; lane < count; lane++) target[lane] = y[row + lane];
    }
    const vi allButSign = 0x7fffffffffffffffLL;
    vd magnitude = (vd)((vi)z & allButSign);
    vd e = fast_exp(-magnitude);
    vd onePlus = splat(1) + e;
    vd reciprocal = splat(1) / onePlus;
    // σ(z) without overflow: 1/(1 + e^−z) for z ≥ 0, e^z/(1 + e^z) below.
    vd probability = choose((vi)(z >= splat(0)), reciprocal, e * reciprocal);
    vd dz = probability - target;
    vd linear = __builtin_elementwise_max(z, splat(0)) - target * z;
    for (size_t lane = count; lane < LANES; lane++) {
        dz[lane] = 0;
        linear[lane] = 0;
        onePlus[lane] = 1;
    }
    sums->dz += dz;
    sums->linear += linear;
    sums->factors *= onePlus;
    if (++sums->blocks == 16) {
        sums->logLoss += log(product(sums->factors));
        sums->factors = splat(1);
        sums->blocks = 0;
    }
    accumulate(g, block, features, dz, count);
}

void SUFFIX(descent_fast_chunk)(
    const double *x, const double *y, size_t rows, size_t features, const double *w, double b, double *out) TARGET;
void SUFFIX(descent_fast_chunk)(
    const double *x, const double *y, size_t rows, size_t features, const double *w, double b, double *out) {
    for (size_t j = 0; j < features; j++) out[j] = 0;
    Sums sums = {splat(0), splat(0), splat(1), 0, 0};
    size_t row = 0;
    for (; row + LANES <= rows; row += LANES) block(&sums, x, y, row, rows, features, w, b, out, LANES);
    if (row < rows) block(&sums, x, y, row, rows, features, w, b, out, rows - row);
    out[features] = sum(sums.dz);
    out[features + 1] = sum(sums.linear) + (sums.logLoss + log(product(sums.factors)));
}
