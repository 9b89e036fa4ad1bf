// The AVX2 path: four doubles with FMA.
#if defined(__x86_64__)
#define LANES 4
#define TARGET __attribute__((target("avx2,fma")))
#define SUFFIX(name) name##_avx2
#define HAS_FMA 1
#include "FastKernelBody.h"
#include "SoftmaxKernelBody.h"
#endif
