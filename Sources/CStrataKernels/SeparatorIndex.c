#include "CStrataKernels.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// One bit per byte, so the CSV parser finds every field end with a bit scan instead of a search
// whose result the next field waits on. Compiled per instruction-set level like Kernels.c.

static inline uint64_t separator_bits_scalar(const uint8_t *p, long n, uint8_t delimiter) {
    uint64_t bits = 0;
    for (long i = 0; i < n; i++) bits |= (uint64_t)(p[i] == delimiter || p[i] == '\n') << i;
    return bits;
}

static void index_base(const uint8_t *bytes, long count, uint8_t delimiter, uint64_t *bits) {
    long words = count / 64;
    for (long w = 0; w < words; w++) bits[w] = separator_bits_scalar(bytes + 64 * w, 64, delimiter);
    if (count % 64) bits[words] = separator_bits_scalar(bytes + 64 * words, count % 64, delimiter);
}

static long count_base(const uint8_t *bytes, long count, uint8_t byte) {
    long n = 0;
    for (long i = 0; i < count; i++) n += bytes[i] == byte;
    return n;
}

#if defined(__x86_64__)
__attribute__((target("avx512f,avx512bw,popcnt")))
static long count_avx512(const uint8_t *bytes, long count, uint8_t byte) {
    const __m512i b = _mm512_set1_epi8((char)byte);
    long n = 0, i = 0;
    for (; i + 64 <= count; i += 64)
        n += __builtin_popcountll(_mm512_cmpeq_epi8_mask(_mm512_loadu_si512(bytes + i), b));
    return n + count_base(bytes + i, count - i, byte);
}

__attribute__((target("avx2,popcnt")))
static long count_avx2(const uint8_t *bytes, long count, uint8_t byte) {
    const __m256i b = _mm256_set1_epi8((char)byte);
    long n = 0, i = 0;
    for (; i + 32 <= count; i += 32)
        n += __builtin_popcount((uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(bytes + i)), b)));
    return n + count_base(bytes + i, count - i, byte);
}

__attribute__((target("avx512f,avx512bw")))
static void index_avx512(const uint8_t *bytes, long count, uint8_t delimiter, uint64_t *bits) {
    const __m512i d = _mm512_set1_epi8((char)delimiter), n = _mm512_set1_epi8('\n');
    long words = (count + 63) / 64;
    for (long w = 0; w < words; w++) {
        long left = count - 64 * w;
        // The last word's load is masked: no byte past `count` is read.
        __mmask64 live = left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
        __m512i v = _mm512_maskz_loadu_epi8(live, bytes + 64 * w);
        bits[w] = (_mm512_cmpeq_epi8_mask(v, d) | _mm512_cmpeq_epi8_mask(v, n)) & live;
    }
}

__attribute__((target("avx2")))
static void index_avx2(const uint8_t *bytes, long count, uint8_t delimiter, uint64_t *bits) {
    const __m256i d = _mm256_set1_epi8((char)delimiter), n = _mm256_set1_epi8('\n');
    long words = count / 64;
    for (long w = 0; w < words; w++) {
        __m256i lo = _mm256_loadu_si256((const __m256i *)(bytes + 64 * w));
        __m256i hi = _mm256_loadu_si256((const __m256i *)(bytes + 64 * w + 32));
        uint32_t l = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(lo, d), _mm256_cmpeq_epi8(lo, n)));
        uint32_t h = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(hi, d), _mm256_cmpeq_epi8(hi, n)));
        bits[w] = (uint64_t)h << 32 | l;
    }
    if (count % 64) bits[words] = separator_bits_scalar(bytes + 64 * words, count % 64, delimiter);
}
#endif

void strata_separator_index(int level, const uint8_t *bytes, long count, uint8_t delimiter, uint64_t *bits) {
    if (level < 0 || level > strata_kernels_level()) level = strata_kernels_level();
#if defined(__x86_64__)
    if (level == 2 && __builtin_cpu_supports("avx512bw")) { index_avx512(bytes, count, delimiter, bits); return; }
    if (level >= 1) { index_avx2(bytes, count, delimiter, bits); return; }
#endif
    index_base(bytes, count, delimiter, bits);
}

long strata_count_byte(int level, const uint8_t *bytes, long count, uint8_t byte) {
    if (level < 0 || level > strata_kernels_level()) level = strata_kernels_level();
#if defined(__x86_64__)
    if (level == 2 && __builtin_cpu_supports("avx512bw")) return count_avx512(bytes, count, byte);
    if (level >= 1) return count_avx2(bytes, count, byte);
#endif
    return count_base(bytes, count, byte);
}
