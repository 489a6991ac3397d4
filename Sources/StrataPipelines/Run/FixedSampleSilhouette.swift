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
/// O(s² d / 2) (vectorised, every core); scoring O(s²) (every core): each block of rows is
/// materialised from the triangle, then each row's per-cluster sums are gathers over the
/// scored rows grouped by cluster.
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
                let rows = UnsafeMutablePointer<Float>.allocate(capacity: Self.block * s)
                let sums = UnsafeMutablePointer<Double>.allocate(capacity: k)
                defer { rows.deallocate(); sums.deallocate() }
                for b in range {
                    let i0 = b * Self.block, count = Swift.min(Self.block, s - i0)
                    Self.materialise(first: i0, count: count, s: s, table: tableBase.base, into: rows)
                    for r in 0..<count where codeBase[i0 + r] >= 0 {
                        let row = rows + r * s
                        for c in 0..<k {
                            sums[c] = Self.sum(row, order.base + clusterStarts[c], count: clusterSizes[c])
                        }
                        outBase[i0 + r] = Self.silhouette(own: Int(codeBase[i0 + r]), sums: sums, sizes: clusterSizes)
                    }
                }
            }
        }
        }
        }
        }
        return (scoredRows.map { positions[$0] }, scoredRows.map { result[$0] })
    }

    /// Rows materialised at a time (16 rows of 10,000 distances: 640 KB, within the L2 cache, so
    /// each cache line written left of the diagonal takes 16 consecutive distances).
    static let block = 16

    /// Full rows `first..<first+count` of the distance matrix into `rows` (row r at r·s): the
    /// part left of the diagonal is a contiguous slice of each earlier row of the triangle.
    private static func materialise(first i0: Int, count: Int, s: Int, table: UnsafeMutablePointer<Float>, into rows: UnsafeMutablePointer<Float>) {
        for j in 0..<i0 {
            let slice = table + (rowStart(j, s) &+ i0 &- j &- 1)
            var target = rows + j
            for r in 0..<count { target.pointee = slice[r]; target += s }
        }
        for r in 0..<count {
            let i = i0 + r
            let row = rows + r * s
            for j in i0..<i { row[j] = table[rowStart(j, s) + (i - j - 1)] }
            row[i] = 0
            if i + 1 < s { (row + i + 1).update(from: table + rowStart(i, s), count: s - i - 1) }
        }
    }

    /// Σ row[members[t]] over `count` members: Float partial sums over tiles of 256 (as the
    /// exact silhouette kernel), added in Double, in a fixed order.
    @inline(__always)
    private static func sum(_ row: UnsafeMutablePointer<Float>, _ members: UnsafeMutablePointer<Int32>, count: Int) -> Double {
        var total = 0.0
        var t = 0
        while t < count {
            let end = Swift.min(t + 256, count)
            var a0: Float = 0, a1: Float = 0, a2: Float = 0, a3: Float = 0
            while t + 4 <= end {
                a0 += row[Int(members[t])]; a1 += row[Int(members[t + 1])]
                a2 += row[Int(members[t + 2])]; a3 += row[Int(members[t + 3])]
                t += 4
            }
            while t < end { a0 += row[Int(members[t])]; t += 1 }
            total += Double((a0 + a1) + (a2 + a3))
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
