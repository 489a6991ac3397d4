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

// Start of block b in the blocked layout: blocks 0 ..< b hold 16·16·(1 + … + b) floats.
static inline long block_start(long b) { return 256 * (b * (b + 1) / 2); }

// Columns of block `block` for the sample rows after it, from later blocks' tiles: block J's
// vectors 16·block ... 16·block + 15 hold d(16·block + t, 16·J + r) in lane r, so each 16 × 16
// tile, transposed, gives 16 columns of this block's rows.
static void block_columns_base(const float *blocks, long s, long block, float *columns) {
    long blockCount = (s + 15) / 16;
    for (long J = block + 1; J < blockCount; J++) {
        const float *tile = blocks + block_start(J) + block * 256;
        for (long r = 0; r < 16; r++) {
            for (long t = 0; t < 16; t++) columns[(J * 16 + r) * 16 + t] = tile[t * 16 + r];
        }
    }
}

#if defined(__x86_64__)
// A 16 × 16 transpose as four perfect unshuffles of the 256 values (each rotates the 8-bit
// position r·16 + c right by one bit; four rotations swap r and c).
AVX512 static inline void transpose16(__m512 v[16]) {
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    for (int stage = 0; stage < 4; stage++) {
        __m512 w[16];
        for (int k = 0; k < 8; k++) {
            w[k] = _mm512_permutex2var_ps(v[2 * k], even, v[2 * k + 1]);
            w[k + 8] = _mm512_permutex2var_ps(v[2 * k], odd, v[2 * k + 1]);
        }
        for (int k = 0; k < 16; k++) v[k] = w[k];
    }
}

AVX512 static void block_columns_avx512(const float *blocks, long s, long block, float *columns) {
    long blockCount = (s + 15) / 16;
    for (long J = block + 1; J < blockCount; J++) {
        const float *tile = blocks + block_start(J) + block * 256;
        __m512 v[16];
        for (int t = 0; t < 16; t++) v[t] = _mm512_loadu_ps(tile + t * 16);
        transpose16(v);
        for (int r = 0; r < 16; r++) _mm512_storeu_ps(columns + (J * 16 + r) * 16, v[r]);
    }
}
#endif

void strata_block_columns(int level, const float *blocks, long s, long block, float *columns) {
    switch (usable(level)) {
#if defined(__x86_64__)
    case 2: block_columns_avx512(blocks, s, block, columns); return;
#endif
    default: block_columns_base(blocks, s, block, columns);
    }
}
