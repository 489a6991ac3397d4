import StrataCore

/// The adjusted Rand index of every pair of many labelings of the same rows: an m × m
/// symmetric matrix, row-major, 1 on the diagonal, whose entry (i, j) equals
/// ``adjustedRandIndex(_:_:)`` of labelings i and j, bit for bit.
///
/// ```swift
/// let ari = try pairwiseAdjustedRandIndex([[0, 0, 1, 1], [1, 1, 0, 0], [0, 1, 0, 1]])
/// // ari[0 * 3 + 1] == 1.0, ari[0 * 3 + 2] == -0.5
/// ```
///
/// A sweep's winner is judged by its agreement with every other attempt, m(m − 1)/2 pairs for
/// m attempts: hundreds of attempts are tens of thousands of pairs. Each labeling is therefore
/// encoded once (dense codes, its rows grouped by code, the sum of its squared cluster sizes),
/// and a pair only needs Σ n_ij² over its contingency table. That sum is counted one cluster of
/// the first labeling at a time, in a table as long as the second labeling's cluster count (it
/// stays in cache), and the table is cleared by revisiting the same rows: no hashing and no
/// sorting per pair. The counts are exact integers, so the result does not depend on the order
/// pairs are visited or on the thread count.
///
/// Complexity: O(m · n log k) to encode, O(m² · n) to count (split over cores); memory
/// O(m · n) 32-bit codes plus the m² results.
public func pairwiseAdjustedRandIndex(_ labelings: [[Int]]) throws(StrataError) -> [Double] {
    let m = labelings.count
    guard let n = labelings.first?.count else { return [] }
    for (i, labeling) in labelings.enumerated() where labeling.count != n {
        throw .dimensionMismatch("adjusted Rand index: labeling \(i) has \(labeling.count) entries and labeling 0 has \(n); they must label the same rows")
    }
    guard n <= Int(Int32.max) else {
        throw .invalidArgument("adjusted Rand index: \(n) rows is more than the \(Int32.max) a pairwise comparison indexes")
    }
    var result = [Double](repeating: 1, count: m * m)
    let pairs = m * (m - 1) / 2
    guard pairs > 0 else { return result }
    let encoded = labelings.map(PairEncoding.init)
    let widest = encoded.map(\.clusterCount).max() ?? 1
    result.withUnsafeMutableBufferPointer { out in
        let matrix = SendablePointer(out.baseAddress!)
        // Each pair costs O(n): chunks of a few pairs keep both cores busy even for small m.
        Parallel.forEachChunk(count: pairs, minimumChunk: Swift.max(1, 65_536 / Swift.max(n, 1))) { _, range in
            var table = [Int32](repeating: 0, count: widest)
            var (i, j) = PairEncoding.pair(range.lowerBound, of: m)
            table.withUnsafeMutableBufferPointer { counts in
                for _ in range {
                    let value = encoded[i].adjustedRandIndex(with: encoded[j], counts: counts.baseAddress!)
                    matrix[i * m + j] = value
                    matrix[j * m + i] = value
                    j += 1
                    if j == m { i += 1; j = i + 1 }
                }
            }
        }
    }
    return result
}

/// One labeling prepared for many pair comparisons.
struct PairEncoding: Sendable {
    /// Dense cluster code of each row.
    let codes: [Int32]
    /// The rows grouped by code: group c is `rows[groupStart[c] ..< groupStart[c + 1]]`.
    let rows: [Int32]
    let groupStart: [Int32]
    /// Σ (cluster size)².
    let squaredSizes: Int
    var clusterCount: Int { groupStart.count - 1 }

    init(_ labels: [Int]) {
        let distinct = Set(labels).sorted()
        var codeOf = [Int: Int32](minimumCapacity: distinct.count)
        for (c, label) in distinct.enumerated() { codeOf[label] = Int32(c) }
        let codes = labels.map { codeOf[$0]! }
        var start = [Int32](repeating: 0, count: distinct.count + 1)
        for c in codes { start[Int(c) + 1] += 1 }
        var squares = 0
        for c in 0..<distinct.count { squares += Int(start[c + 1]) * Int(start[c + 1]); start[c + 1] += start[c] }
        var next = start
        var rows = [Int32](repeating: 0, count: labels.count)
        for (row, c) in codes.enumerated() { rows[Int(next[Int(c)])] = Int32(row); next[Int(c)] += 1 }
        self.codes = codes; self.rows = rows; self.groupStart = start; self.squaredSizes = squares
    }

    /// ``adjustedRandIndex(_:_:)`` of this labeling (truth) and `other` (predicted); `counts`
    /// holds at least `other.clusterCount` zeros and is left zeroed.
    func adjustedRandIndex(with other: PairEncoding, counts: UnsafeMutablePointer<Int32>) -> Double {
        var sumSquares = 0
        rows.withUnsafeBufferPointer { rows in
            groupStart.withUnsafeBufferPointer { start in
                other.codes.withUnsafeBufferPointer { theirs in
                    for c in 0..<(start.count - 1) {
                        let group = Int(start[c])..<Int(start[c + 1])
                        // n_ij² grows by 2·n_ij + 1 with each row added to cell (i, j).
                        for k in group {
                            let cell = Int(theirs[Int(rows[k])])
                            sumSquares &+= 2 &* Int(counts[cell]) &+ 1
                            counts[cell] &+= 1
                        }
                        for k in group { counts[Int(theirs[Int(rows[k])])] = 0 }
                    }
                }
            }
        }
        return StrataEvaluation.adjustedRandIndex(rows: codes.count, sumSquares: sumSquares,
                                                  rowDot: other.squaredSizes, columnDot: squaredSizes)
    }

    /// The (i, j), i < j, of pair number `index` in row-major order of the upper triangle.
    static func pair(_ index: Int, of m: Int) -> (Int, Int) {
        var i = 0, first = 0
        while first + (m - 1 - i) <= index { first += m - 1 - i; i += 1 }
        return (i, i + 1 + (index - first))
    }
}
