// The SSE2 path: two doubles, no FMA; every x86-64 CPU has it.
#if defined(__x86_64__)
#define LANES 2
#define TARGET __attribute__((target("sse2")))
#define SUFFIX(name) name##_sse2
#define HAS_FMA 0
#include "FastKernelBody.h"
#include "SoftmaxKernelBody.h"
#endif
