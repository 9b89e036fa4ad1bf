// The AVX-512 path: eight doubles with FMA (AVX-512F has both).
#if defined(__x86_64__)
#define LANES 8
#define TARGET __attribute__((target("avx512f")))
#define SUFFIX(name) name##_avx512
#define HAS_FMA 1
#include "FastKernelBody.h"
#include "SoftmaxKernelBody.h"
#endif
