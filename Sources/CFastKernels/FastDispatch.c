// Which path runs: the caller names it; descent_fast_supports says which this CPU has.
#include "CFastKernels.h"

#if defined(__x86_64__)
void descent_fast_exp_sse2(const double *x, double *out, size_t count);
void descent_fast_exp_avx2(const double *x, double *out, size_t count);
void descent_fast_exp_avx512(const double *x, double *out, size_t count);
void descent_fast_chunk_sse2(const double *, const double *, size_t, size_t, const double *, double, double *);
void descent_fast_chunk_avx2(const double *, const double *, size_t, size_t, const double *, double, double *);
void descent_fast_chunk_avx512(const double *, const double *, size_t, size_t, const double *, double, double *);
void descent_softmax_logits_sse2(const double *, const double *, const double *, size_t, size_t, double *);
void descent_softmax_logits_avx2(const double *, const double *, const double *, size_t, size_t, double *);
void descent_softmax_logits_avx512(const double *, const double *, const double *, size_t, size_t, double *);
void descent_softmax_add_outer_sse2(const double *, const double *, size_t, size_t, double *);
void descent_softmax_add_outer_avx2(const double *, const double *, size_t, size_t, double *);
void descent_softmax_add_outer_avx512(const double *, const double *, size_t, size_t, double *);

int descent_fast_supports(int path) {
    __builtin_cpu_init();
    switch (path) {
    case DESCENT_PATH_SSE2: return 1;
    case DESCENT_PATH_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case DESCENT_PATH_AVX512: return __builtin_cpu_supports("avx512f");
    default: return 0;
    }
}

void descent_fast_exp(int path, const double *x, double *out, size_t count) {
    switch (path) {
    case DESCENT_PATH_AVX512: descent_fast_exp_avx512(x, out, count); break;
    case DESCENT_PATH_AVX2: descent_fast_exp_avx2(x, out, count); break;
    default: descent_fast_exp_sse2(x, out, count); break;
    }
}

void descent_fast_chunk(
    int path, const double *x, const double *y, size_t rows, size_t features, const double *w, double b, double *out) {
    switch (path) {
    case DESCENT_PATH_AVX512: descent_fast_chunk_avx512(x, y, rows, features, w, b, out); break;
    case DESCENT_PATH_AVX2: descent_fast_chunk_avx2(x, y, rows, features, w, b, out); break;
    default: descent_fast_chunk_sse2(x, y, rows, features, w, b, out); break;
    }
}

void descent_softmax_logits(int path, const double *x, const double *w, const double *b, size_t d, size_t k, double *z) {
    switch (path) {
    case DESCENT_PATH_AVX512: descent_softmax_logits_avx512(x, w, b, d, k, z); break;
    case DESCENT_PATH_AVX2: descent_softmax_logits_avx2(x, w, b, d, k, z); break;
    default: descent_softmax_logits_sse2(x, w, b, d, k, z); break;
    }
}

void descent_softmax_add_outer(int path, const double *x, const double *dz, size_t d, size_t k, double *g) {
    switch (path) {
    case DESCENT_PATH_AVX512: descent_softmax_add_outer_avx512(x, dz, d, k, g); break;
    case DESCENT_PATH_AVX2: descent_softmax_add_outer_avx2(x, dz, d, k, g); break;
    default: descent_softmax_add_outer_sse2(x, dz, d, k, g); break;
    }
}
#else
void descent_fast_exp_portable(const double *x, double *out, size_t count);
void descent_fast_chunk_portable(const double *, const double *, size_t, size_t, const double *, double, double *);

int descent_fast_supports(int path) { return path == DESCENT_PATH_PORTABLE; }

void descent_fast_exp(int path, const double *x, double *out, size_t count) {
    (void)path;
    descent_fast_exp_portable(x, out, count);
}

void descent_fast_chunk(
    int path, const double *x, const double *y, size_t rows, size_t features, const double *w, double b, double *out) {
    (void)path;
    descent_fast_chunk_portable(x, y, rows, features, w, b, out);
}

void descent_softmax_logits_portable(const double *, const double *, const double *, size_t, size_t, double *);
void descent_softmax_add_outer_portable(const double *, const double *, size_t, size_t, double *);

void descent_softmax_logits(int path, const double *x, const double *w, const double *b, size_t d, size_t k, double *z) {
    (void)path;
    descent_softmax_logits_portable(x, w, b, d, k, z);
}

void descent_softmax_add_outer(int path, const double *x, const double *dz, size_t d, size_t k, double *g) {
    (void)path;
    descent_softmax_add_outer_portable(x, dz, d, k, g);
}
#endif
