import StrataCore

extension SegmentProfile {
    /// Each column's rows by ascending value, and where each column's longest run of equal
    /// values lies in that order: what a ``Baseline`` keeps so that profiles find medians by
    /// counting (see ``orderedStatistics(_:columnOrder:segmentOfRow:sizes:)``).
    struct ColumnOrder: Sendable {
        /// Column `c`'s row numbers by ascending value at `c * n ..< (c + 1) * n` (rows of equal
        /// value in row order, -0 and +0 equal).
        let rows: [Int32]
        /// Per column, the positions in its order of its longest run of equal values (the
        /// first such run; for counts, usually the zeros).
        let longestTie: [Range<Int>]

        var byteCount: Int { 4 * rows.count + 16 * longestTie.count }

        /// A least-significant-digit radix sort of the values' bit patterns, mapped so that
        /// unsigned order is numeric order: three passes of 11, 11 and 10 bits, a pass skipped
        /// when every value shares its digit (columns of small counts share their high bits).
        /// `O(n)` a column where a comparison sort is `O(n log n)`; columns over the cores.
        /// Memory beyond the result: per core, 8 columns' keys and 16 bytes a row.
        init(_ data: Matrix) {
            let n = data.rows, d = data.columns
            var order = [Int32](repeating: 0, count: n * d)
            var ties = [Range<Int>](repeating: 0..<0, count: d)
            if n > 0 {
                data.storage.withUnsafeBufferPointer { values in
                    order.withUnsafeMutableBufferPointer { out in
                        ties.withUnsafeMutableBufferPointer { tieOut in
                            let x = SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress!))
                            let target = SendablePointer(out.baseAddress!), tie = SendablePointer(tieOut.baseAddress!)
                            // Blocks of up to 8 columns, one block per core when there are few: a
                            // block's keys come from one pass over the rows (a column alone would
                            // read a cache line per value).
                            let width = Swift.min(8, Swift.max(1, (d + Parallel.threadCount - 1) / Parallel.threadCount))
                            let blocks = (d + width - 1) / width
                            Parallel.perform(iterations: blocks) { block in
                                let first = block * width, columns = Swift.min(width, d - first)
                                let blockKeys = UnsafeMutablePointer<UInt32>.allocate(capacity: columns * n)
                                let entries = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
                                let counts = UnsafeMutablePointer<Int>.allocate(capacity: 3 << 11)
                                defer { blockKeys.deallocate(); entries.deallocate(); counts.deallocate() }
                                for i in 0..<n {
                                    let source = x.base + i * d + first
                                    for c in 0..<columns { blockKeys[c * n + i] = SegmentProfile.sortKey(source[c]) }
                                }
                                for c in 0..<columns {
                                    tie[first + c] = SegmentProfile.sortColumn(blockKeys + c * n, count: n, into: target.base + (first + c) * n,
                                                                               entries: entries, counts: counts)
                                }
                            }
                        }
                    }
                }
            }
            rows = order
            longestTie = ties
        }
    }

    /// `value`'s bits mapped so that unsigned order is numeric order: negative values reversed
    /// below the positive ones; -0 read as +0.
    @inline(__always)
    fileprivate static func sortKey(_ value: Float) -> UInt32 {
        var bits = value.bitPattern
        if bits == 0x8000_0000 { bits = 0 }
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    /// Rows `0..<count` by ascending `columnKeys`, written to `out`; returns the positions of
    /// the first longest run of equal keys. Each entry moved is the key and its row in one
    /// word (one write per value and pass). Scratch: `entries` of `2 count`, `counts` of 3 × 2048.
    fileprivate static func sortColumn(_ columnKeys: UnsafePointer<UInt32>, count n: Int, into out: UnsafeMutablePointer<Int32>,
                                       entries: UnsafeMutablePointer<UInt64>, counts: UnsafeMutablePointer<Int>) -> Range<Int> {
        let digits: [(shift: UInt32, mask: UInt32)] = [(0, 0x7FF), (11, 0x7FF), (22, 0x3FF)]
        counts.initialize(repeating: 0, count: 3 << 11)
        for i in 0..<n {
            let key = columnKeys[i]
            entries[i] = UInt64(key) << 32 | UInt64(i)
            counts[Int(key & 0x7FF)] += 1
            counts[1 << 11 + Int((key >> 11) & 0x7FF)] += 1
            counts[2 << 11 + Int(key >> 22)] += 1
        }
        var source = 0, destination = n
        for (p, digit) in digits.enumerated() {
            let histogram = counts + p << 11, shift = UInt64(digit.shift) + 32, mask = UInt64(digit.mask)
            if histogram[Int((entries[source] >> shift) & mask)] == n { continue }
            var start = 0
            for bucket in 0..<(1 << 11) {
                let size = histogram[bucket]
                histogram[bucket] = start
                start += size
            }
            for i in 0..<n {
                let entry = entries[source + i]
                let bucket = Int((entry >> shift) & mask)
                let at = histogram[bucket]
                histogram[bucket] = at + 1
                entries[destination + at] = entry
            }
            swap(&source, &destination)
        }
        for i in 0..<n { out[i] = Int32(truncatingIfNeeded: entries[source + i]) }
        var longest = 0..<1, start = 0
        for i in 1..<Swift.max(n, 1) where entries[source + i] >> 32 != entries[source + i - 1] >> 32 {
            if i - start > longest.count { longest = start..<i }
            start = i
        }
        if n - start > longest.count { longest = start..<n }
        return longest
    }
}
