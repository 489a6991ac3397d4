#ifndef CSTRATAKERNELS_H
#define CSTRATAKERNELS_H

#include <stdint.h>

// Strata's hottest vector kernels, compiled once per instruction-set level (AVX-512, AVX2+FMA,
// baseline) and chosen at run time from the CPU's features. Strata's Swift modules call them
// through StrataCore; they are not a public API.

/// The best level this CPU runs: 2 = AVX-512, 1 = AVX2 with FMA, 0 = baseline (SSE2 on x86-64,
/// the native vector unit elsewhere). Each kernel below takes the level to run at; a negative
/// level or one above this is replaced by this one, so no call runs instructions the CPU lacks.
int strata_kernels_level(void);

/// out[r * out_stride + p * 32 + lane] = ‖q_r‖² + ‖panel lane‖² − 2 q_r · (panel lane), for
/// `row_count` contiguous query rows and `panel_count` 32-row panels (dimension-major inside a panel).
void strata_panel_squared_distances(int level, const float *queries, const float *query_norms, long row_count,
                                    long columns, const float *panels, const float *panel_norms,
                                    long panel_count, float *out, long out_stride);

/// Nearest of `cluster_count` prepared centres for one 16-row, feature-major block. `prepared`
/// holds groups of four centres: `columns` × 4 values −2c (feature-major) then the four ‖c‖².
/// Ties go to the first centre. Writes 16 labels.
void strata_block_nearest(int level, const float *block, long columns, const float *prepared, long cluster_count,
                          int32_t *labels);

/// Squared distances from the 16 rows of a feature-major block to `point`. Writes 16 values.
void strata_block_squared_distances(int level, const float *block, long columns, const float *point, float *out);

/// Rows `first ..< first + count` (count ≤ 16) of an s-row distance matrix stored as its packed
/// upper triangle (`table`: row i holds d(i, j) for j > i from i·(2s − i − 1)/2), written
/// column-major into `columns` (s × 16 floats): columns[j·16 + r] = d(first + r, j), 0 on the
/// diagonal and in lanes r ≥ count. The fixed-sample silhouette then sums 16 rows' distances
/// per cluster with one vector addition per sample row.
void strata_triangle_block_columns(int level, const float *table, long s, long first, long count, float *columns);

/// Bit `i % 64` of `bits[i / 64]` is set when `bytes[i]` is `delimiter` or a line feed, for
/// `i < count`; the last word's bits past `count` are 0. Writes `(count + 63) / 64` words and
/// reads no byte past `count`.
void strata_separator_index(int level, const uint8_t *bytes, long count, uint8_t delimiter, uint64_t *bits);

/// How many of `bytes[0 ..< count]` equal `byte` (the CSV reader's quote parity at its cuts).
long strata_count_byte(int level, const uint8_t *bytes, long count, uint8_t byte);

/// A software prefetch of the cache line holding `p` (read, keep in all levels). Swift has no
/// prefetch; this inline C function is one (clang marks it as unable to throw, so a sanitizer's
/// instrumentation can wrap the calls around it, which it cannot do to a bare LLVM intrinsic).
static inline void strata_prefetch_read(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
