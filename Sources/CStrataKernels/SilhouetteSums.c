#include "CStrataKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// Multiply-adds written `a * b + acc` fuse where the target has FMA (as in Kernels.c).
#pragma clang fp contract(on)

typedef float f16 __attribute__((ext_vector_type(16)));
typedef double d16 __attribute__((ext_vector_type(16)));
typedef float f16u __attribute__((ext_vector_type(16), aligned(4), may_alias));
typedef double d16u __attribute__((ext_vector_type(16), aligned(8), may_alias));

#define QUERY_SUMS_ARGS const float *candidates, long d, const long *starts, long k, const float *queries, double *sums

// The kernel for one level: `root` is its square root, `attributes` its target. The body is
// inlined with `d` a constant for 2 and 3 features (the usual embeddings), so the feature loop
// unrolls and the queries stay in registers. Each lane's Float partial sum takes at most 16
// terms (two accumulators of 8, so consecutive roots do not wait on one addition chain) before
// it is added in Double, in a fixed order.
#define DEFINE_QUERY_SUMS(name, attributes, root)                                                  \
    attributes static inline __attribute__((always_inline)) void name##_body(QUERY_SUMS_ARGS) {    \
        for (long c = 0; c < k; c++) {                                                             \
            d16 total = 0;                                                                         \
            long j = starts[c], end = starts[c + 1];                                               \
            while (j < end) {                                                                      \
                long tileEnd = j + 16 < end ? j + 16 : end;                                        \
                f16 even = 0, odd = 0;                                                             \
                for (; j < tileEnd; j += 2) {                                                      \
                    /* An odd tile's last candidate pairs with itself; its copy is dropped. */     \
                    const float *p = candidates + j * d, *q = j + 1 < tileEnd ? p + d : p;         \
                    f16 a = 0, b = 0;                                                              \
                    for (long f = 0; f < d; f++) {                                                 \
                        f16 query = *(const f16u *)(queries + f * 16);                             \
                        f16 da = query - (f16)p[f], db = query - (f16)q[f];                        \
                        a = da * da + a;                                                           \
                        b = db * db + b;                                                           \
                    }                                                                              \
                    even += root(a);                                                               \
                    if (j + 1 < tileEnd) odd += root(b);                                           \
                }                                                                                  \
                j = tileEnd;                                                                       \
                total += __builtin_convertvector(even + odd, d16);                                 \
            }                                                                                      \
            *(d16u *)(sums + c * 16) = total;                                                      \
        }                                                                                          \
    }                                                                                              \
    attributes static void name(QUERY_SUMS_ARGS) {                                                 \
        switch (d) {                                                                               \
        case 2: name##_body(candidates, 2, starts, k, queries, sums); return;                       \
        case 3: name##_body(candidates, 3, starts, k, queries, sums); return;                       \
        default: name##_body(candidates, d, starts, k, queries, sums);                             \
        }                                                                                          \
    }

#if defined(__x86_64__)
#define AVX512 __attribute__((target("avx512f,avx2,fma")))
// The hardware's 14-bit reciprocal square root, then one Newton step on the root itself
// (s + y/2 · (x − s²)), which squares the error: within about an ulp of the correctly rounded
// root, at a third of `vsqrtps`'s cost. Zero (a duplicate point) stays zero: the estimate is
// taken of max(x, FLT_MIN), finite.
AVX512 static inline __attribute__((always_inline)) f16 root_avx512(f16 x) {
    f16 y = (f16)_mm512_rsqrt14_ps((__m512)__builtin_elementwise_max(x, (f16)1.17549435e-38f));
    f16 s = x * y;
    return (0.5f * y) * (x - s * s) + s;
}
DEFINE_QUERY_SUMS(query_sums_avx512, AVX512, root_avx512)
DEFINE_QUERY_SUMS(query_sums_avx2, __attribute__((target("avx2,fma"))), __builtin_elementwise_sqrt)
#endif
DEFINE_QUERY_SUMS(query_sums_base, , __builtin_elementwise_sqrt)

void strata_silhouette_query_sums(int level, QUERY_SUMS_ARGS) {
    int top = strata_kernels_level();
    switch (level < 0 || level > top ? top : level) {
#if defined(__x86_64__)
    case 2: query_sums_avx512(candidates, d, starts, k, queries, sums); return;
    case 1: query_sums_avx2(candidates, d, starts, k, queries, sums); return;
#endif
    default: query_sums_base(candidates, d, starts, k, queries, sums);
    }
}
