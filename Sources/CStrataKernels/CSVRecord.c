#include "CStrataKernels.h"

#include <string.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

// The CSV reader's whole-record fast path for CPUs with AVX-512 byte permutes (VBMI): each number
// field is read in one 32-byte vector (digit test, point removed by a permute, digits combined by
// multiply-adds), so a long fraction costs no more branches than a short one. Short fields take a
// few word operations instead. Every value is the Float nearest to the correctly rounded Double, as
// the Swift path computes it; anything it cannot settle makes the record return -1 and the caller's
// Swift paths parse it again.

#if defined(__x86_64__)
#define VBMI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vbmi,bmi,bmi2,lzcnt,popcnt")))
#define INLINE static inline __attribute__((always_inline))

// The Doubles nearest to 10^-k, and the exact 10^k, for k ≤ 22.
static const double negative_powers[23] = {
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11,
    1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22};
static const double powers[23] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

INLINE uint64_t load_word(const uint8_t *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

// The value of the word's first `count` digits (1 ... 8).
INLINE uint64_t digits_value(uint64_t w, long count) {
    uint64_t v = (w - 0x3030303030303030ULL) << (64 - 8 * count);
    v = v * 10 + (v >> 8);
    uint64_t pairs = v & 0x00FF00FF00FF00FFULL;
    uint64_t fours = ((pairs * ((100ULL << 16) | 1)) >> 16) & 0x0000FFFF0000FFFFULL;
    return (fours * ((10000ULL << 32) | 1)) >> 32;
}

// m × 10^-k (m > 0, k ≤ 22) rounded to Float through the correctly rounded Double; 0 when the
// fast routes cannot tell it. One multiply puts the Double within 3.5 ulps of the correctly
// rounded one: both round to the same Float unless a Float rounding midpoint lies within 8 ulps.
// Then Clinger's exact divide decides when m < 10^15 (< 2^53).
INLINE int to_float(uint64_t m, long k, float *out) {
    double v = (double)m * negative_powers[k];
    uint64_t bits;
    memcpy(&bits, &v, 8);
    if ((bits & 0x1FFFFFFFULL) - ((1ULL << 28) - 8) > 16) { *out = (float)v; return 1; }
    if (m < 1000000000000000ULL) { *out = (float)((double)m / powers[k]); return 1; }
    return 0;
}

// `[s, s + len)` (len ≤ 8) as digits[.digits]; the bytes after it up to 8 are readable. One mask
// of the non-digit bytes both finds the point and checks every other byte.
VBMI INLINE int short_number(const uint8_t *s, long len, float *out) {
    uint64_t head = load_word(s);
    uint64_t low = head & 0x7F7F7F7F7F7F7F7FULL;
    uint64_t above = low + 0x4646464646464646ULL;
    uint64_t below = ~((low | 0x8080808080808080ULL) - 0x3030303030303030ULL);
    // Per byte of the field, the high bit when it is not a digit (no carries between bytes: the
    // high bit is set for >= 0x3A, and for < 0x30 after the complement).
    uint64_t other = (head | above | below) & 0x8080808080808080ULL & _bzhi_u64(~0ULL, (unsigned)(8 * len));
    if (other == 0) {
        if (len == 0) return 0;
        // Below 10^8: exact in Double, so one rounding to Float either way.
        *out = (float)(int64_t)digits_value(head, len);
        return 1;
    }
    // One non-digit, the point, and at least one digit.
    if ((other & (other - 1)) || len == 1) return 0;
    long point = __builtin_ctzll(other) >> 3;
    if (s[point] != '.') return 0;
    // Drop the point's byte: the digits after it move down one byte.
    uint64_t keep = _bzhi_u64(~0ULL, (unsigned)(8 * point));
    uint64_t m = digits_value((head & keep) | ((head >> 8) & ~keep), len - 1);
    if (m == 0) { *out = 0; return 1; }
    return to_float(m, len - 1 - point, out);
}

// `[s, s + len)` (1 ≤ len ≤ 32) as digits[.digits], at most 19 significant digits, in one vector;
// the 32 bytes from `s` are readable.
VBMI INLINE int long_number(const uint8_t *s, long len, float *out) {
    __m256i d = _mm256_sub_epi8(_mm256_loadu_si256((const __m256i *)s), _mm256_set1_epi8('0'));
    uint32_t live = (uint32_t)_bzhi_u64(0xFFFFFFFFu, (unsigned)len);
    uint32_t other = ~(uint32_t)_mm256_cmple_epu8_mask(d, _mm256_set1_epi8(9)) & live;
    // At most one non-digit, the point.
    if (other & (other - 1)) return 0;
    long point = other ? __builtin_ctz(other) : len;
    if (other && s[point] != '.') return 0;
    long n = len - (other != 0);
    if (n == 0) return 0;
    // Right-align the n digits (leading zero bytes before them): output byte i takes digit
    // j = i - (32 - n), which sits at byte j, or j + 1 past the point.
    const __m256i iota = _mm256_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                          16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31);
    __m256i j = _mm256_add_epi8(iota, _mm256_set1_epi8((char)(n - 32)));
    __mmask32 past = _mm256_cmpge_epi8_mask(j, _mm256_set1_epi8((char)point));
    __m256i from = _mm256_mask_sub_epi8(j, past, j, _mm256_set1_epi8(-1));
    __m256i r = _mm256_maskz_permutexvar_epi8((__mmask32)(0xFFFFFFFFULL << (32 - n)), from, d);
    // Pairs, fours, eights: four 8-digit groups, the most significant first in each lane pair.
    __m256i t = _mm256_maddubs_epi16(r, _mm256_set1_epi16(0x010A));
    t = _mm256_madd_epi16(t, _mm256_set1_epi32(0x00010064));
    t = _mm256_packus_epi32(t, t);
    t = _mm256_madd_epi16(t, _mm256_set1_epi32(0x00012710));
    uint64_t a = (uint64_t)_mm_cvtsi128_si64(_mm256_castsi256_si128(t));
    uint64_t b = (uint64_t)_mm_cvtsi128_si64(_mm256_extracti128_si256(t, 1));
    // Below 10^19: at most 19 significant digits, exact in 64 bits.
    if ((uint32_t)a != 0 || (a >> 32) >= 1000) return 0;
    uint64_t m = (a >> 32) * 10000000000000000ULL + (uint32_t)b * 100000000ULL + (b >> 32);
    long k = other ? n - point : 0;
    if (m == 0) { *out = 0; return 1; }
    if (k > 22) return 0;
    return to_float(m, k, out);
}

// Whether `[start, end)` (starting with a quote) is "text" with no quote inside.
VBMI INLINE int plain_quoted(const uint8_t *base, long start, long end) {
    if (end - start < 2 || base[end - 1] != '"') return 0;
    const __m512i q = _mm512_set1_epi8('"');
    for (long p = start + 1; p < end - 1; p += 64) {
        long left = end - 1 - p;
        __mmask64 live = left >= 64 ? ~(__mmask64)0 : (((__mmask64)1 << left) - 1);
        if (_mm512_mask_cmpeq_epi8_mask(live, _mm512_maskz_loadu_epi8(live, base + p), q)) return 0;
    }
    return 1;
}

VBMI INLINE long record_body(const uint8_t *base, long start, const uint64_t *separators, long origin,
                             long last_word, uint8_t delimiter, const int32_t *roles, long field_count,
                             float *row, long *id_span, const int dense) {
    long offset = start - origin;
    long w = offset >> 6;
    uint64_t bits = separators[w] & (~0ULL << (offset & 63));
    long p = start;
    long last = field_count - 1;
    for (long field = 0;; field++) {
        while (bits == 0) {
            if (++w > last_word) return -1;
            bits = separators[w];
        }
        long end = origin + (w << 6) + __builtin_ctzll(bits);
        bits &= bits - 1;
        if (base[end] != (field == last ? '\n' : delimiter)) return -1;
        long text_end = field == last && end > p && base[end - 1] == '\r' ? end - 1 : end;
        int32_t role = dense ? (int32_t)field : roles[field];
        if (role >= 0) {
            int negative = base[p] == '-';
            const uint8_t *s = base + p + negative;
            long len = text_end - p - negative;
            float v;
            if (len <= 8) {
                if (!short_number(s, len, &v)) return -1;
            } else if (len > 32 || !long_number(s, len, &v)) {
                return -1;
            }
            row[role] = negative ? -v : v;
        } else if (p < text_end && base[p] == '"') {
            // The separator cannot lie inside quotes that close just before it.
            if (!plain_quoted(base, p, text_end)) return -1;
            if (role == STRATA_CSV_ID) { id_span[0] = p + 1; id_span[1] = text_end - 1; }
        } else if (role == STRATA_CSV_ID) {
            id_span[0] = p;
            id_span[1] = text_end;
        }
        if (field == last) return end + 1;
        p = end + 1;
    }
}

// Every field a feature in file order (no roles to look up), or any layout.
VBMI static long dense_vbmi(const uint8_t *base, long start, const uint64_t *separators, long origin, long last_word,
                            uint8_t delimiter, long field_count, float *row) {
    return record_body(base, start, separators, origin, last_word, delimiter, 0, field_count, row, 0, 1);
}

VBMI static long roles_vbmi(const uint8_t *base, long start, const uint64_t *separators, long origin, long last_word,
                            uint8_t delimiter, const int32_t *roles, long field_count, float *row, long *id_span) {
    return record_body(base, start, separators, origin, last_word, delimiter, roles, field_count, row, id_span, 0);
}

static int vbmi_supported(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
        && __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("bmi2");
}
#endif

int strata_csv_record_supported(int level) {
    if (level < 0 || level > strata_kernels_level()) level = strata_kernels_level();
#if defined(__x86_64__)
    return level == 2 && vbmi_supported();
#else
    return 0;
#endif
}

long strata_csv_record(const uint8_t *base, long start, const uint64_t *separators, long origin, long last_word,
                       uint8_t delimiter, const int32_t *roles, long field_count, float *row, long *id_span) {
#if defined(__x86_64__)
    return roles ? roles_vbmi(base, start, separators, origin, last_word, delimiter, roles, field_count, row, id_span)
                 : dense_vbmi(base, start, separators, origin, last_word, delimiter, field_count, row);
#else
    return -1;
#endif
}
