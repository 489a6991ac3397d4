import StrataCore

/// Grid cells of side just under `epsilon / √d` over some rows of a matrix, each cell packed into
/// one `UInt64` key (mixed radix over the rows' bounding box), for ``DBSCANGrid`` and DBSCAN's
/// dense-cell shortcut: two rows of one cell are always within epsilon of each other.
///
/// ```swift
/// if let keys = GridKeys(data: data, rows: rows, epsilon: 0.5) { let sorted = keys.sortedKeys() }
/// ```
///
/// Complexity: O(m · d) to build, O(m) a radix pass to sort m rows.
struct GridKeys: Sendable {
    let d: Int
    let rows: [Int32]
    let origin: [Double]
    let side: Double
    let strides: [UInt64]

    /// Cells per dimension at most: cell coordinates are stored exactly in Float by the cell tree.
    static let maximumSpan = 1 << 22

    /// nil when the rows span more than ``maximumSpan`` cells in a dimension or 2^62 in all
    /// (e.g. a few rows millions of epsilons away from the rest), or when there are no rows.
    init?(data: Matrix, rows: [Int32], epsilon: Float) {
        let d = data.columns
        guard !rows.isEmpty else { return nil }
        var low = [Double](repeating: .infinity, count: d), high = [Double](repeating: -.infinity, count: d)
        data.storage.withUnsafeBufferPointer { x in
            for r in rows {
                for c in 0..<d {
                    let v = Double(x[Int(r) * d + c])
                    low[c] = Swift.min(low[c], v); high[c] = Swift.max(high[c], v)
                }
            }
        }
        // Just under epsilon/√d: the cell diagonal stays below epsilon even after the rounding of
        // the cell index computation (relative 1e-16 ≪ 1e-7).
        let side = Double(epsilon) / Double(d).squareRoot() * (1 - 1e-7)
        var strides = [UInt64](repeating: 1, count: d)
        var total = 1.0
        for c in (0..<d).reversed() {
            let span = ((high[c] - low[c]) / side).rounded(.down) + 1
            guard span <= Double(GridKeys.maximumSpan) else { return nil }
            strides[c] = UInt64(total)
            total *= span
        }
        guard total < 0x1p62 else { return nil }
        self.d = d
        self.rows = rows
        self.origin = low
        self.side = side
        self.strides = strides
    }

    /// The cell coordinate of value `v` in dimension `c`.
    @inline(__always)
    func cell(_ v: Float, _ c: Int) -> Int32 { Int32(((Double(v) - origin[c]) / side).rounded(.down)) }

    /// `(key, i)` for every `rows[i]`, sorted by key then `i`: the order, and so the cells, do not
    /// depend on the thread count. Equal keys are one cell.
    func sortedKeys(_ data: Matrix) -> [(key: UInt64, index: Int32)] {
        let m = rows.count, d = self.d
        var keyed = [(key: UInt64, index: Int32)](repeating: (0, 0), count: m)
        data.storage.withUnsafeBufferPointer { xb in
            nonisolated(unsafe) let x = xb.baseAddress!
            keyed.withUnsafeMutableBufferPointer { kb in
                let k = SendablePointer(kb.baseAddress!)
                Parallel.forEachChunk(count: m, minimumChunk: 4096) { _, range in
                    for i in range {
                        let row = Int(rows[i])
                        var key: UInt64 = 0
                        for c in 0..<d { key &+= UInt64(cell(x[row * d + c], c)) &* strides[c] }
                        k[i] = (key, Int32(i))
                    }
                }
            }
        }
        return radixSortedByKey(keyed)
    }
}

/// `keyed` (in index order) sorted by key, equal keys in index order: a least-significant-
/// digit radix sort over the keys' significant bits, 11 bits a pass (three passes for keys
/// below 2³³). Stable, so the order is the one a (key, index) comparison sort gives, in
/// O(m) a pass instead of O(m log m) comparisons.
package func radixSortedByKey(_ keyed: [(key: UInt64, index: Int32)]) -> [(key: UInt64, index: Int32)] {
    let m = keyed.count
    let top = keyed.reduce(UInt64(0)) { Swift.max($0, $1.key) }
    let bits = 64 - top.leadingZeroBitCount
    guard m > 1, bits > 0 else { return keyed }
    var source = keyed
    var destination = keyed
    var counts = [Int](repeating: 0, count: 1 << 11)
    var shift = 0
    while shift < bits {
        counts.withUnsafeMutableBufferPointer { count in
            source.withUnsafeBufferPointer { from in
                destination.withUnsafeMutableBufferPointer { to in
                    for i in 0..<count.count { count[i] = 0 }
                    for i in 0..<m { count[Int((from[i].key >> UInt64(shift)) & 0x7FF)] += 1 }
                    var start = 0
                    for b in 0..<count.count { let size = count[b]; count[b] = start; start += size }
                    for i in 0..<m {
                        let bucket = Int((from[i].key >> UInt64(shift)) & 0x7FF)
                        to[count[bucket]] = from[i]
                        count[bucket] += 1
                    }
                }
            }
        }
        swap(&source, &destination)
        shift += 11
    }
    return source
}
