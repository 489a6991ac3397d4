#include "CStrataKernels.h"
#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// The fixed-sample silhouette's distance table in half precision: a 10,000-row sample's square
// matrix is 200 MB instead of 400, and scoring a labelling is a stream over it, bound by memory
// bandwidth. Conversions are written out in C (not `_Float16`) so the baseline needs no runtime
// library support and rounds exactly as the AVX-512 instructions do.

typedef float f16 __attribute__((ext_vector_type(16)));
typedef double d16 __attribute__((ext_vector_type(16)));
typedef float f16u __attribute__((ext_vector_type(16), aligned(4), may_alias));
typedef double d16u __attribute__((ext_vector_type(16), aligned(8), may_alias));
typedef int64_t l16 __attribute__((ext_vector_type(16)));

static int usable(int level) {
    int top = strata_kernels_level();
    return level < 0 || level > top ? top : level;
}

// Round to nearest, ties to even. Normal results: drop 13 mantissa bits after adding half an
// ulp less one (plus the kept bit's parity, so a tie rounds to even); a carry out of the
// mantissa bumps the exponent, up to infinity. Subnormal results: one Float addition of
// 2^-1 (as bits, exponent 126) lines the value up on the half's subnormal grid and lets the
// FPU do the rounding.
static uint16_t half_from_float(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    uint32_t sign = (bits >> 16) & 0x8000u;
    uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude >= 0x47800000u) {            // ≥ 65536, infinity or NaN
        if (magnitude > 0x7f800000u) return (uint16_t)(sign | 0x7e00u);
        return (uint16_t)(sign | 0x7c00u);
    }
    if (magnitude < 0x38800000u) {             // below 2^-14: subnormal half or zero
        float m, magic;
        const uint32_t magicBits = 126u << 23; // 0.5: its ulp is 2^-24, the half subnormal step
        memcpy(&m, &magnitude, 4);
        memcpy(&magic, &magicBits, 4);
        m += magic;
        uint32_t rounded;
        memcpy(&rounded, &m, 4);
        return (uint16_t)(sign | (rounded - magicBits));
    }
    uint32_t odd = (magnitude >> 13) & 1u;
    magnitude += 0xc8000fffu + odd;           // rebias exponent by (15 − 127) << 23, add half an ulp − 1
    return (uint16_t)(sign | (magnitude >> 13));
}

static float float_from_half(uint16_t half) {
    uint32_t sign = (uint32_t)(half & 0x8000u) << 16;
    uint32_t exponent = (half >> 10) & 0x1fu, mantissa = half & 0x3ffu;
    uint32_t bits;
    if (exponent == 0) {
        float value = (float)mantissa * 0x1p-24f;
        memcpy(&bits, &value, 4);
        bits |= sign;
    } else if (exponent == 31) {
        bits = sign | 0x7f800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    }
    float out;
    memcpy(&out, &bits, 4);
    return out;
}

static void halves_from_floats_base(const float *floats, uint16_t *halves, long count) {
    for (long i = 0; i < count; i++) halves[i] = half_from_float(floats[i]);
}

static void floats_from_halves_base(const uint16_t *halves, float *floats, long count) {
    for (long i = 0; i < count; i++) floats[i] = float_from_half(halves[i]);
}

static void half_mirror_block_base(uint16_t *table, long s, long block) {
    long blockCount = (s + 15) / 16, vectors = 16 * blockCount;
    uint16_t *out = table + 16 * vectors * block;
    for (long J = block + 1; J < blockCount; J++) {
        const uint16_t *tile = table + 16 * vectors * J + block * 256;
        for (long r = 0; r < 16; r++) {
            for (long t = 0; t < 16; t++) out[(J * 16 + r) * 16 + t] = tile[t * 16 + r];
        }
    }
}

// Rows ahead the stream is prefetched: the hardware prefetcher stops at every 4 KiB page of
// the mapped table, so each page's first lines would otherwise wait on memory.
#ifndef PREFETCH_ROWS
#define PREFETCH_ROWS 512
#endif

#define CLUSTER_SUMS_ARGS const uint16_t *vectors, long rows, const int32_t *codes, double *sums, float *partials, int32_t *terms

// One pass in row order; `load` turns 16 halves into 16 floats.
#define CLUSTER_SUMS_BODY(load)                                                   \
    for (long j = 0; j < rows; j++) {                                             \
        if ((j & 1) == 0) __builtin_prefetch(vectors + (j + PREFETCH_ROWS) * 16);  \
        int32_t c = codes[j];                                                     \
        if (c < 0) continue;                                                      \
        f16u *partial = (f16u *)(partials + (long)c * 16);                        \
        *partial = *partial + load(vectors + j * 16);                             \
        if (++terms[c] == 256) {                                                  \
            d16u *sum = (d16u *)(sums + (long)c * 16);                            \
            *sum = *sum + __builtin_convertvector((f16)*partial, d16);            \
            *partial = (f16)0;                                                    \
            terms[c] = 0;                                                         \
        }                                                                         \
    }

static inline void widen16(const uint16_t *h, float *out) {
    for (int lane = 0; lane < 16; lane++) out[lane] = float_from_half(h[lane]);
}
#define load_base(h) ({ float widened[16]; widen16((h), widened); *(const f16u *)widened; })

static void half_cluster_sums_base(CLUSTER_SUMS_ARGS) { CLUSTER_SUMS_BODY(load_base) }

#define BLOCK_MEANS_ARGS const double *sums, const float *partials, long k, const double *sizes, const int32_t *own, \
                         double *ownSum, double *nearest

// Lane r: row r's cluster `own[r]` (-1: none). Each cluster's total is its Double sum plus its
// Float partial; the own cluster's total is kept, every other cluster's mean competes for the
// smallest.
#define BLOCK_MEANS_BODY                                                                      \
    l16 mine;                                                                                 \
    for (int r = 0; r < 16; r++) mine[r] = own[r];                                            \
    d16 keep = 0, best = (d16)__builtin_inf();                                                \
    const l16 infinity = (l16)((d16)__builtin_inf());                                         \
    for (long c = 0; c < k; c++) {                                                            \
        d16 total = *(const d16u *)(sums + c * 16)                                            \
                    + __builtin_convertvector(*(const f16u *)(partials + c * 16), d16);       \
        l16 isOwn = (l16)(mine == (l16)c);                                                         \
        keep = (d16)(((l16)total & isOwn) | ((l16)keep & ~isOwn));                            \
        d16 mean = total / (d16)sizes[c];                                                     \
        mean = (d16)(((l16)mean & ~isOwn) | (infinity & isOwn));                              \
        best = __builtin_elementwise_min(best, mean);                                         \
    }                                                                                         \
    *(d16u *)ownSum = keep;                                                                   \
    *(d16u *)nearest = best;

static void block_means_base(BLOCK_MEANS_ARGS) { BLOCK_MEANS_BODY }

#if defined(__x86_64__)
#define AVX512 __attribute__((target("avx512f,avx2,fma,f16c")))

AVX512 static void halves_from_floats_avx512(const float *floats, uint16_t *halves, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        __m256i h = _mm512_cvtps_ph(_mm512_loadu_ps(floats + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm256_storeu_si256((__m256i *)(halves + i), h);
    }
    for (; i < count; i++) halves[i] = half_from_float(floats[i]);
}

AVX512 static void floats_from_halves_avx512(const uint16_t *halves, float *floats, long count) {
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        _mm512_storeu_ps(floats + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(halves + i))));
    }
    for (; i < count; i++) floats[i] = float_from_half(halves[i]);
}

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

// Halves are widened, transposed as floats and narrowed again: exact both ways.
AVX512 static void half_mirror_block_avx512(uint16_t *table, long s, long block) {
    long blockCount = (s + 15) / 16, vectors = 16 * blockCount;
    uint16_t *out = table + 16 * vectors * block;
    for (long J = block + 1; J < blockCount; J++) {
        const uint16_t *tile = table + 16 * vectors * J + block * 256;
        __m512 v[16];
        for (int t = 0; t < 16; t++) v[t] = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(tile + t * 16)));
        transpose16(v);
        for (int r = 0; r < 16; r++) {
            _mm256_storeu_si256((__m256i *)(out + (J * 16 + r) * 16), _mm512_cvtps_ph(v[r], _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        }
    }
}

// A macro, not a function: a 16-float value never crosses a call boundary (see Kernels.c).
#define load_avx512(h) ((f16)_mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(h))))

AVX512 static void half_cluster_sums_avx512(CLUSTER_SUMS_ARGS) { CLUSTER_SUMS_BODY(load_avx512) }
AVX512 static void block_means_avx512(BLOCK_MEANS_ARGS) { BLOCK_MEANS_BODY }
#endif

// The best level the CPU runs for `name`: `name##_avx512` or `name##_base`.
#if defined(__x86_64__)
#define CHOOSE(level, name, ...)                                         \
    do {                                                                 \
        if (usable(level) == 2) name##_avx512(__VA_ARGS__);              \
        else name##_base(__VA_ARGS__);                                   \
    } while (0)
#else
#define CHOOSE(level, name, ...) name##_base(__VA_ARGS__)
#endif

void strata_halves_from_floats(int level, const float *floats, uint16_t *halves, long count) {
    CHOOSE(level, halves_from_floats, floats, halves, count);
}

void strata_floats_from_halves(int level, const uint16_t *halves, float *floats, long count) {
    CHOOSE(level, floats_from_halves, halves, floats, count);
}

void strata_half_mirror_block(int level, uint16_t *table, long s, long block) {
    CHOOSE(level, half_mirror_block, table, s, block);
}

void strata_half_cluster_sums(int level, CLUSTER_SUMS_ARGS) {
    CHOOSE(level, half_cluster_sums, vectors, rows, codes, sums, partials, terms);
}

void strata_block_cluster_means(int level, BLOCK_MEANS_ARGS) {
    CHOOSE(level, block_means, sums, partials, k, sizes, own, ownSum, nearest);
}
