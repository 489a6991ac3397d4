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

/// Half precision (IEEE binary16) from Float, rounded to nearest (ties to even), as the
/// hardware conversion rounds: `count` values.
void strata_halves_from_floats(int level, const float *floats, uint16_t *halves, long count);

/// Float from half precision (exact): `count` values.
void strata_floats_from_halves(int level, const uint16_t *halves, float *floats, long count);

/// An s-row symmetric distance matrix in blocks of 16 rows, square, in half precision: with
/// v = 16·⌈s/16⌉, block b (from 16·v·b values) holds v vectors of 16 halves, vector j holding
/// d(j, 16·b + r) in lane r (0 past row s). Given every block's vectors j < 16·(b + 1), fills
/// block `block`'s vectors from 16·(block + 1) on by transposing the tiles of the later blocks.
void strata_half_mirror_block(int level, uint16_t *table, long s, long block);

/// Adds `rows` vectors of 16 halves (one per sample row, from `vectors`) to their rows' cluster
/// sums: vector j goes to cluster `codes[j]` (skipped when negative). Each cluster adds into a
/// Float partial (`partials`, 16 per cluster) that is added into its Double sum (`sums`, 16 per
/// cluster) and cleared after 256 terms (`terms` counts them); the caller adds the remaining
/// partials. The order of additions is fixed, so every level gives the same sums.
void strata_half_cluster_sums(int level, const uint16_t *vectors, long rows, const int32_t *codes,
                              double *sums, float *partials, int32_t *terms);

/// For the 16 rows of a block after `strata_half_cluster_sums` (k clusters, `sizes` their
/// member counts): row r's own cluster is `own[r]` (-1 when the row is not scored). Writes
/// ownSum[r], the total distance to its own cluster, and nearest[r], the smallest mean distance
/// to another cluster (each total is its Double sum plus its Float partial).
void strata_block_cluster_means(int level, const double *sums, const float *partials, long k, const double *sizes,
                                const int32_t *own, double *ownSum, double *nearest);

/// For 16 query points (`queries`: d × 16 floats, feature-major) and candidate points grouped
/// by cluster (`candidates`: row-major, d floats each; cluster c is rows starts[c] ..< starts[c + 1]),
/// writes sums[c·16 + r] = Σ over cluster c of the Euclidean distance from query r (k × 16
/// doubles). Float partial sums of at most 16 terms are added in Double, in a fixed order.
void strata_silhouette_query_sums(int level, const float *candidates, long d, const long *starts, long k,
                                  const float *queries, double *sums);

/// Bit `i % 64` of `bits[i / 64]` is set when `bytes[i]` is `delimiter` or a line feed, for
/// `i < count`; the last word's bits past `count` are 0. Writes `(count + 63) / 64` words and
/// reads no byte past `count`.
void strata_separator_index(int level, const uint8_t *bytes, long count, uint8_t delimiter, uint64_t *bits);

/// How many of `bytes[0 ..< count]` equal `byte` (the CSV reader's quote parity at its cuts).
long strata_count_byte(int level, const uint8_t *bytes, long count, uint8_t byte);

/// The role of a CSV field that is the id column (a feature field's role is its output column,
/// ≥ 0; any other negative role skips the field).
#define STRATA_CSV_ID (-2)

/// Whether ``strata_csv_record`` runs at `level` on this CPU (it needs AVX-512 with byte
/// permutes); where it does not, the CSV reader keeps its Swift paths.
int strata_csv_record_supported(int level);

/// Parses one CSV record of `field_count` fields from `base[start]`: feature fields
/// (`[-]digits[.digits]`, at most 19 significant digits, 32 bytes) into `row[role]`, the id
/// field's text span into `id_span[0 ..< 2]` (quotes stripped), other fields skipped; `roles`
/// NULL means field i is feature i. Field ends come from `separators`, a bit per byte from
/// `origin` (``strata_separator_index``) whose last word is `last_word`. Returns the offset after
/// the record's line feed, or -1 when any field needs the caller's general path (then `row` and
/// `id_span` may be partly written). `base` must stay readable 64 bytes past the record. Only
/// call where ``strata_csv_record_supported`` says so.
long strata_csv_record(const uint8_t *base, long start, const uint64_t *separators, long origin, long last_word,
                       uint8_t delimiter, const int32_t *roles, long field_count, float *row, long *id_span);

/// A software prefetch of the cache line holding `p` (read, keep in all levels). Swift has no
/// prefetch; this inline C function is one (clang marks it as unable to throw, so a sanitizer's
/// instrumentation can wrap the calls around it, which it cannot do to a bare LLVM intrinsic).
static inline void strata_prefetch_read(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
