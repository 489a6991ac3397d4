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
/// Memory: the distance matrix in blocks of 16 rows, each block holding its rows' distances to
/// every earlier row and to each other (the lower triangle padded to whole 16 × 16 tiles,
/// 2·s² bytes: 200 MB at s = 10,000, 8 MB at s = 2,000), plus 16 columns per sample row per
/// thread while scoring. Time: building O(s² d / 2) (vectorised, every core); scoring O(s²)
/// (every core). Block b's distances to the rows before and within it are already laid out
/// column by column (one 16-lane vector per sample row) and are read in place, sequentially;
/// its distances to later rows come from those blocks' 16 × 16 tiles, transposed in
/// registers. The per-cluster sums of a block's 16 rows are then one sequential pass over the
/// sample rows, adding each row's vector to its cluster's sum. (A packed upper triangle read row
/// by row cost more: each block read one short run from every earlier row, a cache miss per row.)
struct FixedSampleSilhouette: Sendable {
    /// Positions (into the labellings given to ``score(_:)``) of the sampled rows, ascending.
    let positions: [Int]
    /// Rows of the data the sample was drawn from.
    let rowCount: Int
    /// The blocked distance matrix: see `strata_block_columns` for the layout.
    let table: DistanceTable

    /// Float storage of the blocked matrix: computed in memory, or a mapped cache file.
    struct DistanceTable: @unchecked Sendable {
        /// Keeps the bytes alive (a `Data`, possibly memory-mapped).
        let owner: Data
        let offset: Int
        func withFloats<R>(_ body: (UnsafePointer<Float>) throws -> R) rethrows -> R {
            try owner.withUnsafeBytes { raw in try body((raw.baseAddress! + offset).assumingMemoryBound(to: Float.self)) }
        }
    }

    /// Start (in floats) of block `b` of the blocked matrix: blocks 0 ..< b hold 16·16·(1 + … + b).
    @inline(__always)
    static func blockStart(_ b: Int) -> Int { 256 * (b * (b + 1) / 2) }

    /// Floats in the blocked matrix of an s-row sample.
    static func tableCount(_ s: Int) -> Int { blockStart((s + block - 1) / block) }

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
        let clusterSizes = sizes
        var result = [Double](repeating: .nan, count: s)
        let blocks = (s + Self.block - 1) / Self.block
        codes.withUnsafeBufferPointer { codeBuffer in
        result.withUnsafeMutableBufferPointer { out in
        table.withFloats { blocked in
            let codeBase = SendablePointer(UnsafeMutablePointer(mutating: codeBuffer.baseAddress!))
            let outBase = SendablePointer(out.baseAddress!)
            let tableBase = SendablePointer(UnsafeMutablePointer(mutating: blocked))
            Parallel.forEachChunk(count: blocks, minimumChunk: 1) { _, range in
                // Columns of the rows after the block; those before and within it are read in place.
                let columns = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, blocks * Self.block * 64), alignment: 64)
                let sums = UnsafeMutablePointer<SIMD16<Double>>.allocate(capacity: k)
                let partials = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: k)
                let terms = UnsafeMutablePointer<Int32>.allocate(capacity: k)
                let rowSums = UnsafeMutablePointer<Double>.allocate(capacity: k)
                defer { columns.deallocate(); sums.deallocate(); partials.deallocate(); terms.deallocate(); rowSums.deallocate() }
                for b in range {
                    let i0 = b * Self.block, count = Swift.min(Self.block, s - i0)
                    strata_block_columns(-1, tableBase.base, s, b, columns.assumingMemoryBound(to: Float.self))
                    sums.initialize(repeating: SIMD16(), count: k)
                    partials.initialize(repeating: SIMD16(), count: k)
                    terms.initialize(repeating: 0, count: k)
                    // One sequential pass over the sample rows, each column added to its cluster's
                    // Float partial sum; a partial is folded into Double after 256 terms. Members
                    // are added in ascending order, so each cluster's sum is the same whatever the
                    // other clusters' rows are.
                    let split = Swift.min(i0 + Self.block, s)
                    Self.accumulate(UnsafeRawPointer(tableBase.base + Self.blockStart(b)), rows: 0..<split, codes: codeBase.base,
                                    sums: sums, partials: partials, terms: terms)
                    Self.accumulate(UnsafeRawPointer(columns), rows: split..<s, codes: codeBase.base,
                                    sums: sums, partials: partials, terms: terms)
                    for c in 0..<k { sums[c] += SIMD16<Double>(partials[c]) }
                    for r in 0..<count where codeBase[i0 + r] >= 0 {
                        for c in 0..<k { rowSums[c] = sums[c][r] }
                        outBase[i0 + r] = Self.silhouette(own: Int(codeBase[i0 + r]), sums: rowSums, sizes: clusterSizes)
                    }
                }
            }
        }
        }
        }
        return (scoredRows.map { positions[$0] }, scoredRows.map { result[$0] })
    }

    /// Rows scored at a time: one 16-lane vector per sample row (see `strata_block_columns`).
    static let block = 16

    /// Adds the columns of `rows` (16 floats each at `columns + 64·j`) to their clusters'
    /// partial sums (`codes[j]`; rows below 0 are not scored), folding a partial into `sums`
    /// after 256 terms.
    @inline(__always)
    private static func accumulate(_ columns: UnsafeRawPointer, rows: Range<Int>, codes: UnsafeMutablePointer<Int32>,
                                   sums: UnsafeMutablePointer<SIMD16<Double>>, partials: UnsafeMutablePointer<SIMD16<Float>>,
                                   terms: UnsafeMutablePointer<Int32>) {
        for j in rows {
            let c = Int(codes[j])
            if c < 0 { continue }
            partials[c] += columns.loadUnaligned(fromByteOffset: j &* 64, as: SIMD16<Float>.self)
            terms[c] &+= 1
            if terms[c] == 256 {
                sums[c] += SIMD16<Double>(partials[c])
                partials[c] = SIMD16()
                terms[c] = 0
            }
        }
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
