internal import CStrataKernels
import Foundation
import StrataCore

/// The silhouette of many labellings scored on one fixed sample of rows: the sample's pairwise
/// distances are computed once, so each labelling then costs O(s²) additions instead of
/// O(s² d) distance work.
///
/// Used wherever attempts over the same data are compared: the shared-space silhouette of
/// every run (10,000 rows, kept in the step cache so a sweep computes the distances once per
/// scaled space) and the DBSCAN candidates of ``EpsilonSuggestion`` (2,000 rows). Every
/// labelling is judged on the same rows, so a comparison does not depend on which rows a
/// per-labelling sample drew.
///
/// Semantics as ``Silhouette`` (scikit-learn's `silhouette_samples`) on the sampled rows with
/// noise excluded: rows labelled -1 are left out, a row whose cluster has no other member in the
/// sample scores 0, and the score is undefined (nil) with fewer than two clusters among the
/// scored rows or with every scored row its own cluster. Below `sampleSize` rows every row is
/// sampled and the score is the exact silhouette.
///
/// Memory: the upper triangle of the distance matrix, 2·s(s−1) bytes (200 MB at s = 10,000,
/// 8 MB at s = 2,000), plus 16 materialised rows per thread while scoring. Time: building
/// O(s² d / 2) (vectorised, every core); scoring O(s²) (every core): each block of 16 rows is
/// laid out column by column from the triangle (one 16-lane vector per sample row; the
/// triangle's rows are transposed in registers), so the per-cluster sums of all 16 rows are
/// vector additions over the scored rows grouped by cluster, not one gather per row and member.
struct FixedSampleSilhouette: Sendable {
    /// Positions (into the labellings given to ``score(_:)``) of the sampled rows, ascending.
    let positions: [Int]
    /// Rows of the data the sample was drawn from.
    let rowCount: Int
    /// Row i of the packed upper triangle holds d(i, j) for j in i+1..<s, from `rowStart(i)`.
    let table: DistanceTable

    /// Float storage of the packed triangle: computed in memory, or a mapped cache file.
    struct DistanceTable: @unchecked Sendable {
        /// Keeps the bytes alive (a `Data`, possibly memory-mapped).
        let owner: Data
        let offset: Int
        func withFloats<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
            try owner.withUnsafeBytes { raw in try body((raw.baseAddress! + offset).assumingMemoryBound(to: Float.self)) }
        }
    }

    /// Start of row `i` of the packed triangle of an s-row sample.
    @inline(__always)
    static func rowStart(_ i: Int, _ s: Int) -> Int { i * (2 * s - i - 1) / 2 }

    static func tableCount(_ s: Int) -> Int { s * (s - 1) / 2 }

    /// The seeded sample: `min(sampleSize, rows)` positions drawn without replacement, ascending.
    static func samplePositions(rows n: Int, sampleSize: Int, seed: UInt64) -> [Int] {
        let s = Swift.min(sampleSize, n)
        if s == n { return Array(0..<n) }
        var order = Array(0..<n)
        var generator = SeededGenerator(seed: seed)
        for i in 0..<s {
            order.swapAt(i, i + generator.nextInt(below: n - i))
        }
        return Array(order[0..<s]).sorted()
    }

    init(positions: [Int], rowCount: Int, table: DistanceTable) {
        self.positions = positions; self.rowCount = rowCount; self.table = table
    }

    /// Samples `min(sampleSize, data.rows)` rows of `data` without replacement (seeded) and
    /// computes their pairwise distances.
    init(_ data: Matrix, sampleSize: Int, seed: UInt64) {
        let chosen = Self.samplePositions(rows: data.rows, sampleSize: sampleSize, seed: seed)
        self.init(positions: chosen, rowCount: data.rows, table: Self.distances(data, rows: chosen))
    }

    /// The mean silhouette of the sampled rows under `labels` (one per row of the data the
    /// sample was drawn from), noise excluded; nil when undefined (see the type's notes).
    func score(_ labels: [Int]) -> Double? {
        guard let scored = values(labels) else { return nil }
        // Fixed-order sum: the same on every machine and thread count.
        return scored.values.reduce(0, +) / Double(scored.values.count)
    }

    /// Every scored (sampled, non-noise) row's silhouette value, with the row's position in
    /// `labels`, ascending; nil when the silhouette is undefined.
    func values(_ labels: [Int]) -> (rows: [Int], values: [Double])? {
        let s = positions.count
        // Dense cluster codes for the sampled, non-noise rows.
        var codeOf: [Int: Int32] = [:]
        var codes = [Int32](repeating: -1, count: s)
        for (i, p) in positions.enumerated() where labels[p] >= 0 {
            if let c = codeOf[labels[p]] { codes[i] = c } else { codes[i] = Int32(codeOf.count); codeOf[labels[p]] = Int32(codeOf.count) }
        }
        let k = codeOf.count
        let scoredRows = codes.indices.filter { codes[$0] >= 0 }
        guard k >= 2, k < scoredRows.count else { return nil }
        var sizes = [Int](repeating: 0, count: k)
        for c in codes where c >= 0 { sizes[Int(c)] += 1 }
        // The scored rows grouped by cluster: each row's per-cluster sums become contiguous
        // gathers from its (materialised) row of distances instead of scattered additions.
        var starts = [Int](repeating: 0, count: k + 1)
        for c in 0..<k { starts[c + 1] = starts[c] + sizes[c] }
        var fill = starts
        var grouped = [Int32](repeating: 0, count: scoredRows.count)
        for i in scoredRows { let c = Int(codes[i]); grouped[fill[c]] = Int32(i); fill[c] += 1 }
        let clusterStarts = starts, clusterSizes = sizes
        var result = [Double](repeating: .nan, count: s)
        let blocks = (s + Self.block - 1) / Self.block
        grouped.withUnsafeBufferPointer { groupedBuffer in
        codes.withUnsafeBufferPointer { codeBuffer in
        result.withUnsafeMutableBufferPointer { out in
        table.withFloats { triangle in
            let order = SendablePointer(UnsafeMutablePointer(mutating: groupedBuffer.baseAddress!))
            let codeBase = SendablePointer(UnsafeMutablePointer(mutating: codeBuffer.baseAddress!))
            let outBase = SendablePointer(out.baseAddress!)
            let tableBase = SendablePointer(UnsafeMutablePointer(mutating: triangle))
            Parallel.forEachChunk(count: blocks, minimumChunk: 1) { _, range in
                let columns = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: s)
                let sums = UnsafeMutablePointer<SIMD16<Double>>.allocate(capacity: k)
                let rowSums = UnsafeMutablePointer<Double>.allocate(capacity: k)
                defer { columns.deallocate(); sums.deallocate(); rowSums.deallocate() }
                let lanes = UnsafeMutableRawPointer(columns).assumingMemoryBound(to: Float.self)
                for b in range {
                    let i0 = b * Self.block, count = Swift.min(Self.block, s - i0)
                    strata_triangle_block_columns(-1, tableBase.base, s, i0, count, lanes)
                    for c in 0..<k {
                        sums[c] = Self.sum(columns, order.base + clusterStarts[c], count: clusterSizes[c])
                    }
                    for r in 0..<count where codeBase[i0 + r] >= 0 {
                        for c in 0..<k { rowSums[c] = sums[c][r] }
                        outBase[i0 + r] = Self.silhouette(own: Int(codeBase[i0 + r]), sums: rowSums, sizes: clusterSizes)
                    }
                }
            }
        }
        }
        }
        }
        return (scoredRows.map { positions[$0] }, scoredRows.map { result[$0] })
    }

    /// Rows scored at a time: one 16-lane vector per sample row (see
    /// `strata_triangle_block_columns`, which lays the block out column by column).
    static let block = 16

    /// Σ columns[members[t]] over `count` members, lane by lane: Float partial sums over tiles
    /// of 256 (as the exact silhouette kernel), added in Double, in a fixed order.
    @inline(__always)
    private static func sum(_ columns: UnsafeMutablePointer<SIMD16<Float>>, _ members: UnsafeMutablePointer<Int32>,
                            count: Int) -> SIMD16<Double> {
        var total = SIMD16<Double>()
        var t = 0
        while t < count {
            let end = Swift.min(t + 256, count)
            var partial = SIMD16<Float>()
            while t < end { partial += columns[Int(members[t])]; t += 1 }
            total += SIMD16<Double>(partial)
        }
        return total
    }

    /// `(b − a) / max(a, b)`; a row alone in its cluster scores 0.
    @inline(__always)
    private static func silhouette(own: Int, sums: UnsafeMutablePointer<Double>, sizes: [Int]) -> Double {
        guard sizes[own] > 1 else { return 0 }
        let a = sums[own] / Double(sizes[own] - 1)
        var nearest = Double.infinity
        for c in 0..<sizes.count where c != own { nearest = Swift.min(nearest, sums[c] / Double(sizes[c])) }
        let denominator = Swift.max(a, nearest)
        return denominator > 0 ? (nearest - a) / denominator : 0
    }
}
