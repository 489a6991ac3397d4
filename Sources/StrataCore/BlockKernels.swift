internal import CStrataKernels

/// Kernels on blocks of 16 rows stored feature-major (one 16-lane vector per feature), the layout
/// k-means keeps its data in. Compiled per instruction-set level like ``DistanceKernel``; `level`
/// picks a variant (the best one by default, see ``KernelLevel``).
///
/// ```swift
/// let labels = BlockKernels.nearest(block: x, columns: d, prepared: centres, clusterCount: k)
/// ```
/// Complexity: `16 × columns × clusterCount` multiply-adds for ``nearest(block:columns:prepared:clusterCount:level:)``,
/// `16 × columns` for ``squaredDistances(block:columns:to:level:)``.
public enum BlockKernels {
    /// Nearest of `clusterCount` centres for each of the 16 rows, ranking by ‖c‖² − 2 x·c; ties go
    /// to the first centre. `prepared` holds groups of four centres: `columns × 4` values −2c
    /// (feature-major) then the four ‖c‖² (+∞ for missing centres of the last group).
    @inline(__always)
    public static func nearest(block: UnsafePointer<SIMD16<Float>>, columns: Int, prepared: UnsafePointer<Float>,
                               clusterCount: Int, level: KernelLevel? = nil) -> SIMD16<Int32> {
        var labels = SIMD16<Int32>()
        withUnsafeMutableBytes(of: &labels) { out in
            strata_block_nearest(Int32(level?.rawValue ?? -1), UnsafeRawPointer(block).assumingMemoryBound(to: Float.self),
                                 columns, prepared, clusterCount, out.baseAddress!.assumingMemoryBound(to: Int32.self))
        }
        return labels
    }

    /// Squared distances from the 16 rows to `point` (`columns` values).
    @inline(__always)
    public static func squaredDistances(block: UnsafePointer<SIMD16<Float>>, columns: Int,
                                        to point: UnsafePointer<Float>, level: KernelLevel? = nil) -> SIMD16<Float> {
        var result = SIMD16<Float>()
        withUnsafeMutableBytes(of: &result) { out in
            strata_block_squared_distances(Int32(level?.rawValue ?? -1), UnsafeRawPointer(block).assumingMemoryBound(to: Float.self),
                                           columns, point, out.baseAddress!.assumingMemoryBound(to: Float.self))
        }
        return result
    }
}
