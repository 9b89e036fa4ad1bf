// The softmax model's exact per-row arithmetic, written once for any vector width; each path's file includes it
// after FastKernelBody.h (whose LANES, TARGET, SUFFIX, vd, load and store it uses).
//
// Exact means no fused operation and no reordering: each class's value is computed with the same multiplies and
// adds in the same order on every path (`#pragma clang fp contract(off)` in FastKernelBody.h), so the bits do not
// depend on the vector unit. The classes go in blocks of LANES, then 4, then 2, then one, each block's sums kept in
// registers across the features.

typedef double v4 __attribute__((ext_vector_type(4)));
typedef double v2 __attribute__((ext_vector_type(2)));

#define SOFTMAX_BLOCK(type, count)                                                                                     \
    INLINE void SUFFIX(logits_block_##count)(                                                                          \
        const double *restrict x, const double *restrict w, const double *restrict b, size_t d, size_t k,              \
        double *restrict z) {                                                                                          \
        type sum;                                                                                                      \
        memcpy(&sum, b, sizeof sum);                                                                                   \
        for (size_t j = 0; j < d; j++) {                                                                               \
            type weights;                                                                                              \
            memcpy(&weights, w + j * k, sizeof weights);                                                               \
            type value = x[j];                                                                                         \
            sum = sum + value * weights;                                                                               \
        }                                                                                                              \
        memcpy(z, &sum, sizeof sum);                                                                                   \
    }                                                                                                                  \
    INLINE void SUFFIX(outer_block_##count)(                                                                           \
        const double *restrict x, const double *restrict dz, size_t d, size_t k, double *restrict g) {                  \
        type factor;                                                                                                   \
        memcpy(&factor, dz, sizeof factor);                                                                            \
        for (size_t j = 0; j < d; j++) {                                                                               \
            type row;                                                                                                  \
            memcpy(&row, g + j * k, sizeof row);                                                                       \
            type value = x[j];                                                                                         \
            row = row + value * factor;                                                                                \
            memcpy(g + j * k, &row, sizeof row);                                                                       \
        }                                                                                                              \
    }

SOFTMAX_BLOCK(vd, lanes)
#if LANES > 4
SOFTMAX_BLOCK(v4, 4)
#endif
#if LANES > 2
SOFTMAX_BLOCK(v2, 2)
#endif

void SUFFIX(descent_softmax_logits)(const double *x, const double *w, const double *b, size_t d, size_t k, double *z) TARGET;
void SUFFIX(descent_softmax_logits)(const double *x, const double *w, const double *b, size_t d, size_t k, double *z) {
    size_t c = 0;
    for (; k - c >= LANES; c += LANES) SUFFIX(logits_block_lanes)(x, w + c, b + c, d, k, z + c);
#if LANES > 4
    if (k - c >= 4) { SUFFIX(logits_block_4)(x, w + c, b + c, d, k, z + c); c += 4; }
#endif
#if LANES > 2
    if (k - c >= 2) { SUFFIX(logits_block_2)(x, w + c, b + c, d, k, z + c); c += 2; }
#endif
    if (c < k) {
        double sum = b[c];
        for (size_t j = 0; j < d; j++) sum = sum + x[j] * w[j * k + c];
        z[c] = sum;
    }
}

void SUFFIX(descent_softmax_add_outer)(const double *x, const double *dz, size_t d, size_t k, double *g) TARGET;
void SUFFIX(descent_softmax_add_outer)(const double *x, const double *dz, size_t d, size_t k, double *g) {
    size_t c = 0;
    for (; k - c >= LANES; c += LANES) SUFFIX(outer_block_lanes)(x, dz + c, d, k, g + c);
#if LANES > 4
    if (k - c >= 4) { SUFFIX(outer_block_4)(x, dz + c, d, k, g + c); c += 4; }
#endif
#if LANES > 2
    if (k - c >= 2) { SUFFIX(outer_block_2)(x, dz + c, d, k, g + c); c += 2; }
#endif
    if (c < k) {
        for (size_t j = 0; j < d; j++) g[j * k + c] = g[j * k + c] + x[j] * dz[c];
    }
}
