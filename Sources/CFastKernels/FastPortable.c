// The portable path: two doubles in plain C vectors (NEON on arm64, whose FMA is always there); only where the
// CPU is not x86-64.
#if !defined(__x86_64__)
#define LANES 2
#define TARGET
#define SUFFIX(name) name##_portable
#if defined(__aarch64__)
#define HAS_FMA 1
#else
#define HAS_FMA 0
#endif
#include "FastKernelBody.h"
#include "SoftmaxKernelBody.h"
#endif
