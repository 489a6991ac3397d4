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
/// Memory: the whole distance matrix in blocks of 16 rows, in half precision (2·s² bytes:
/// 200 MB at s = 10,000, 8 MB at s = 2,000). Time: building O(s² d / 2) (vectorised, every core;
/// the other half is copied); scoring O(s²) (every core). Block b holds one 16-lane vector per
/// sample row — its 16 rows' distances to that row — so the per-cluster sums of the block's rows
/// are one sequential pass over 32·s bytes, adding each vector to its row's cluster's sum.
/// Scoring streams the whole table, so its cost is memory bandwidth: measured on 50,000
/// customers (a 20-point DBSCAN grid), the square half-precision table took ~0.5× the time of a
/// Float lower triangle whose other half was gathered from 16 × 16 tiles and transposed on each
/// scoring, and of a square Float table.
///
/// Precision: each distance is stored to within a relative 2⁻¹¹ (binary16, after scaling every
/// distance by one power of two so the largest fits; the silhouette does not depend on the
/// scale). Each a(i) and b(i) is then within a relative 2⁻¹¹ of its value from exact distances,
/// so every row's silhouette, and the mean, is within 2⁻¹⁰ (≈ 0.001) of the exact silhouette of
/// the same rows; rounding errors of distances mostly cancel in the means, and measured
/// differences are ~10⁻⁶. That is far inside the sampling error of 10,000 rows.
struct FixedSampleSilhouette: Sendable {
    /// Positions (into the labellings given to ``score(_:)``) of the sampled rows, ascending.
    let positions: [Int]
    /// Rows of the data the sample was drawn from.
    let rowCount: Int
    /// The blocked distance matrix: see `strata_half_mirror_block` for the layout.
    let table: DistanceTable

    /// Half-precision storage of the blocked matrix (binary16 bit patterns): computed in
    /// memory, or a mapped cache file.
    struct DistanceTable: @unchecked Sendable {
        /// Keeps the bytes alive (a `Data`, possibly memory-mapped).
        let owner: Data
        let offset: Int
        func withHalves<R>(_ body: (UnsafePointer<UInt16>) throws -> R) rethrows -> R {
            try owner.withUnsafeBytes { raw in try body((raw.baseAddress! + offset).assumingMemoryBound(to: UInt16.self)) }
        }
    }

    /// Start (in values) of block `b` of the blocked matrix of an s-row sample: each block holds
    /// one 16-value vector per row, s padded to whole blocks.
    @inline(__always)
    static func blockStart(_ b: Int, s: Int) -> Int { b * paddedRows(s) * block }

    /// The sample rows padded to whole blocks.
    @inline(__always)
    static func paddedRows(_ s: Int) -> Int { (s + block - 1) / block * block }

    /// Values (halves) in the blocked matrix of an s-row sample.
    static func tableCount(_ s: Int) -> Int { paddedRows(s) * paddedRows(s) }

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
        table.withHalves { blocked in
            let codeBase = SendablePointer(UnsafeMutablePointer(mutating: codeBuffer.baseAddress!))
            let outBase = SendablePointer(out.baseAddress!)
            let tableBase = SendablePointer(UnsafeMutablePointer(mutating: blocked))
            // Cluster sizes as Double, for the means of all 16 rows of a block at once.
            let sizeValues = clusterSizes.map(Double.init)
            sizeValues.withUnsafeBufferPointer { sizeBuffer in
            let sizeBase = SendablePointer(UnsafeMutablePointer(mutating: sizeBuffer.baseAddress!))
            Parallel.forEachChunk(count: blocks, minimumChunk: 1) { _, range in
                let sums = UnsafeMutablePointer<Double>.allocate(capacity: 16 * k)
                let partials = UnsafeMutablePointer<Float>.allocate(capacity: 16 * k)
                let terms = UnsafeMutablePointer<Int32>.allocate(capacity: k)
                let own = UnsafeMutablePointer<Int32>.allocate(capacity: 16)
                let ownSum = UnsafeMutablePointer<Double>.allocate(capacity: 16)
                let nearest = UnsafeMutablePointer<Double>.allocate(capacity: 16)
                defer { sums.deallocate(); partials.deallocate(); terms.deallocate(); own.deallocate(); ownSum.deallocate(); nearest.deallocate() }
                for b in range {
                    let i0 = b * Self.block, count = Swift.min(Self.block, s - i0)
                    sums.initialize(repeating: 0, count: 16 * k)
                    partials.initialize(repeating: 0, count: 16 * k)
                    terms.initialize(repeating: 0, count: k)
                    // One sequential pass over the sample rows, each vector added to its cluster's
                    // Float partial sum, folded into Double after 256 terms. Members are added in
                    // ascending order, so each cluster's sum is the same whatever the other
                    // clusters' rows are.
                    strata_half_cluster_sums(-1, tableBase.base + Self.blockStart(b, s: s), s, codeBase.base, sums, partials, terms)
                    // The block's 16 rows side by side: lane r is row i0 + r (code -1: not scored).
                    for r in 0..<16 { own[r] = r < count ? codeBase[i0 + r] : -1 }
                    strata_block_cluster_means(-1, sums, partials, k, sizeBase.base, own, ownSum, nearest)
                    for r in 0..<count where own[r] >= 0 {
                        outBase[i0 + r] = Self.silhouette(ownSum: ownSum[r], ownSize: clusterSizes[Int(own[r])], nearest: nearest[r])
                    }
                }
            }
            }
        }
        }
        }
        return (scoredRows.map { positions[$0] }, scoredRows.map { result[$0] })
    }

    /// Rows scored at a time: one 16-lane vector per sample row (see `strata_half_mirror_block`).
    static let block = 16

    /// `(b − a) / max(a, b)` with a = `ownSum` / (`ownSize` − 1) and b = `nearest` (the
    /// smallest mean distance to another cluster); a row alone in its cluster scores 0.
    @inline(__always)
    private static func silhouette(ownSum: Double, ownSize: Int, nearest: Double) -> Double {
        guard ownSize > 1 else { return 0 }
        let a = ownSum / Double(ownSize - 1)
        let denominator = Swift.max(a, nearest)
        return denominator > 0 ? (nearest - a) / denominator : 0
    }
}
