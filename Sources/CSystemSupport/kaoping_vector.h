#ifndef KAOPING_VECTOR_H
#define KAOPING_VECTOR_H

// What the byte scans that go 32 bytes at a time share: where they are compiled at all (x86-64,
// with a compiler that takes per-function targets), the target they are compiled for, and the
// run-time check that the processor has it. Elsewhere their callers look byte by byte.

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define KAOPING_VECTOR_SCANS 1
#include <immintrin.h>

#define KAOPING_AVX2 __attribute__((target("avx2,bmi")))

static inline int kaoping_avx2_available(void) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi");
}
#endif

#endif
