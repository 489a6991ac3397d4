#include "CStrataKernels.h"

// The products below are written `a * b + acc` in one expression: with contraction on, targets
// with FMA fuse them (the same rounding as Swift's `addProduct`), the baseline keeps a multiply
// and an add instead of a slow software fma call.
#pragma clang fp contract(on)

typedef float f16 __attribute__((ext_vector_type(16)));
typedef int32_t i16 __attribute__((ext_vector_type(16)));
// Unaligned, aliasing view of 16 floats in a row or panel.
typedef int32_t i16u __attribute__((ext_vector_type(16), aligned(4), may_alias));
typedef float f16u __attribute__((ext_vector_type(16), aligned(4), may_alias));

#define INLINE static inline __attribute__((always_inline))

// Macros rather than functions: 16-float values never cross a call boundary, whose ABI would
// differ between the instruction-set levels.
#define load16(p) (*(const f16u *)(p))
#define store16(p, v) (*(f16u *)(p) = (v))
#define splat(x) ((f16)(float)(x))
#define select16(mask, a, b) ((f16)(((i16)(a) & (mask)) | ((i16)(b) & ~(mask))))

// Query rows per register tile, so the 2 × 16-lane accumulators per row fit the register file:
// 8 rows in the 32 zmm of AVX-512, 3 in the 16 ymm of AVX2, 1 in the 16 xmm of SSE2.
INLINE void panel_body(const float *q, const float *qn, long rows, long d, const float *panels,
                       const float *pn, long panelCount, float *out, long stride, const int tile) {
    for (long p = 0; p < panelCount; p++) {
        const float *panel = panels + p * d * 32;
        f16 rnLo = load16(pn + p * 32), rnHi = load16(pn + p * 32 + 16);
        long r = 0;
        for (; r + tile <= rows; r += tile) {
            f16 lo[8], hi[8];
            for (int i = 0; i < tile; i++) { lo[i] = 0; hi[i] = 0; }
            const float *qr = q + r * d;
            for (long c = 0; c < d; c++) {
                f16 vl = load16(panel + c * 32), vh = load16(panel + c * 32 + 16);
                for (int i = 0; i < tile; i++) {
                    f16 a = splat(qr[i * d + c]);
                    lo[i] = a * vl + lo[i];
                    hi[i] = a * vh + hi[i];
                }
            }
            for (int i = 0; i < tile; i++) {
                float *o = out + (r + i) * stride + p * 32;
                f16 n = splat(qn[r + i]);
                store16(o, splat(-2.0f) * lo[i] + (n + rnLo));
                store16(o + 16, splat(-2.0f) * hi[i] + (n + rnHi));
            }
        }
        for (; r < rows; r++) {
            f16 lo = 0, hi = 0;
            for (long c = 0; c < d; c++) {
                f16 a = splat(q[r * d + c]);
                lo = a * load16(panel + c * 32) + lo;
                hi = a * load16(panel + c * 32 + 16) + hi;
            }
            float *o = out + r * stride + p * 32;
            f16 n = splat(qn[r]);
            store16(o, splat(-2.0f) * lo + (n + rnLo));
            store16(o + 16, splat(-2.0f) * hi + (n + rnHi));
        }
    }
}

INLINE void nearest_body(const float *x, long d, const float *prepared, long k, int32_t *labels) {
    f16 best = splat(__builtin_inff());
    i16 label = 0;
    for (long c = 0, g = 0; c < k; c += 4, g++) {
        const float *p = prepared + g * 4 * (d + 1), *norms = p + 4 * d;
        f16 a0 = splat(norms[0]), a1 = splat(norms[1]), a2 = splat(norms[2]), a3 = splat(norms[3]);
        for (long j = 0; j < d; j++) {
            f16 xj = load16(x + j * 16);
            const float *w = p + j * 4;
            a0 = xj * splat(w[0]) + a0;
            a1 = xj * splat(w[1]) + a1;
            a2 = xj * splat(w[2]) + a2;
            a3 = xj * splat(w[3]) + a3;
        }
        // In centre order with strict <, so the first of equal centres wins.
        i16 m = a0 < best; best = select16(m, a0, best); label = (label & ~m) | ((i16)(int32_t)c & m);
        m = a1 < best; best = select16(m, a1, best); label = (label & ~m) | ((i16)(int32_t)(c + 1) & m);
        m = a2 < best; best = select16(m, a2, best); label = (label & ~m) | ((i16)(int32_t)(c + 2) & m);
        m = a3 < best; best = select16(m, a3, best); label = (label & ~m) | ((i16)(int32_t)(c + 3) & m);
    }
    *(i16u *)labels = label;
}

INLINE void block_distances_body(const float *x, long d, const float *point, float *out) {
    f16 acc = 0;
    for (long j = 0; j < d; j++) {
        f16 diff = load16(x + j * 16) - splat(point[j]);
        acc = diff * diff + acc;
    }
    store16(out, acc);
}

#define PANEL_ARGS const float *q, const float *qn, long rows, long d, const float *panels, \
                   const float *pn, long panelCount, float *out, long stride
#define NEAREST_ARGS const float *x, long d, const float *prepared, long k, int32_t *labels
#define BLOCK_ARGS const float *x, long d, const float *point, float *out

#if defined(__x86_64__)
#define AVX512 __attribute__((target("avx512f,avx2,fma")))
#define AVX2 __attribute__((target("avx2,fma")))
AVX512 static void panel_avx512(PANEL_ARGS) { panel_body(q, qn, rows, d, panels, pn, panelCount, out, stride, 8); }
AVX2 static void panel_avx2(PANEL_ARGS) { panel_body(q, qn, rows, d, panels, pn, panelCount, out, stride, 3); }
AVX512 static void nearest_avx512(NEAREST_ARGS) { nearest_body(x, d, prepared, k, labels); }
AVX2 static void nearest_avx2(NEAREST_ARGS) { nearest_body(x, d, prepared, k, labels); }
AVX512 static void block_avx512(BLOCK_ARGS) { block_distances_body(x, d, point, out); }
AVX2 static void block_avx2(BLOCK_ARGS) { block_distances_body(x, d, point, out); }
#define BASE_TILE 1
#else
#define BASE_TILE 4
#endif
static void panel_base(PANEL_ARGS) { panel_body(q, qn, rows, d, panels, pn, panelCount, out, stride, BASE_TILE); }
static void nearest_base(NEAREST_ARGS) { nearest_body(x, d, prepared, k, labels); }
static void block_base(BLOCK_ARGS) { block_distances_body(x, d, point, out); }

static int supported_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return 2;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return 1;
#endif
    return 0;
}

// -1 until first use; racing first calls compute and store the same value.
static int cached_level = -1;

int strata_kernels_level(void) {
    int level = __atomic_load_n(&cached_level, __ATOMIC_RELAXED);
    if (level < 0) {
        level = supported_level();
        __atomic_store_n(&cached_level, level, __ATOMIC_RELAXED);
    }
    return level;
}

// A requested level never exceeds what the CPU runs; negative means the best one.
static int usable(int level) {
    int top = strata_kernels_level();
    return level < 0 || level > top ? top : level;
}

void strata_panel_squared_distances(int level, PANEL_ARGS) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: panel_avx512(q, qn, rows, d, panels, pn, panelCount, out, stride); return;
    case 1: panel_avx2(q, qn, rows, d, panels, pn, panelCount, out, stride); return;
#endif
    default: panel_base(q, qn, rows, d, panels, pn, panelCount, out, stride);
    }
}

void strata_block_nearest(int level, NEAREST_ARGS) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: nearest_avx512(x, d, prepared, k, labels); return;
    case 1: nearest_avx2(x, d, prepared, k, labels); return;
#endif
    default: nearest_base(x, d, prepared, k, labels);
    }
}

void strata_block_squared_distances(int level, BLOCK_ARGS) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: block_avx512(x, d, point, out); return;
    case 1: block_avx2(x, d, point, out); return;
#endif
    default: block_base(x, d, point, out);
    }
}

#if defined(__x86_64__)
#include <immintrin.h>
#endif

