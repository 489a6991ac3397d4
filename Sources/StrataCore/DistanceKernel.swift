internal import CStrataKernels

/// Blocked squared Euclidean distances by the row-norm identity ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r.
///
/// The inner product is a register-tiled micro-kernel: up to 8 query rows × 32 packed reference
/// rows (16 16-lane accumulators), one fused multiply-add per query row and vector per dimension —
/// the same arithmetic shape as a GEMM, written in C (`CStrataKernels`) once per instruction-set
/// level (AVX-512, AVX2 with FMA, baseline) and chosen at run time (``KernelLevel``), so a build
/// for any x86-64 CPU still runs at the CPU's vector width. Results are approximate (Float32,
/// cancellation when q ≈ r); callers that need exact distances recompute their winners (see
/// `ExactNeighbors`).
///
/// ```swift
/// let panels = DistancePanels(reference)
/// DistanceKernel.squaredDistances(queries: q, queryNorms: qn, rowCount: 128, columns: d,
///                                 panels: pv, panelNorms: pn, panelCount: 8, out: buf, outStride: 256)
/// ```
/// Complexity: `rowCount × panelCount × 32 × columns` multiply-adds.
public enum DistanceKernel {
    /// Writes `out[r * outStride + p * 32 + lane]` = approximate squared distance between query
    /// row `r` and lane `lane` of panel `p` (`+infinity` for padding lanes).
    ///
    /// - Parameters:
    ///   - queries: `rowCount` rows of `columns` values, row-major and contiguous.
    ///   - queryNorms: the `rowCount` squared norms of the query rows.
    ///   - rowCount: how many query rows.
    ///   - d: the columns of every row (queries and panels alike).
    ///   - panels: the first panel to use, laid out as ``DistancePanels/values``.
    ///   - panelNorms: the norms of that panel, laid out as ``DistancePanels/norms``.
    ///   - panelCount: how many consecutive panels (32 rows each) to compare with.
    ///   - out: where the distances go, `rowCount` rows of at least `panelCount × 32` values.
    ///   - outStride: the distance between two rows of `out`, in values.
    ///   - level: the instruction-set variant to run (the best one by default).
    public static func squaredDistances(queries: UnsafePointer<Float>, queryNorms: UnsafePointer<Float>,
                                        rowCount: Int, columns d: Int,
                                        panels: UnsafePointer<Float>, panelNorms: UnsafePointer<Float>,
                                        panelCount: Int,
                                        out: UnsafeMutablePointer<Float>, outStride: Int,
                                        level: KernelLevel? = nil) {
        strata_panel_squared_distances(Int32(level?.rawValue ?? -1), queries, queryNorms, rowCount, d, panels, panelNorms, panelCount, out, outStride)
    }
}
