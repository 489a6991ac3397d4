import StrataCore

extension SegmentProfile {
    /// ``segmentStatistics(_:segmentOfRow:sizes:)`` with every column's rows already in ascending
    /// order of value (a ``Baseline``'s ``ColumnOrder``): the same values, bit for bit.
    ///
    /// Walking a column's order, the rows of each segment come by ascending value, so counting
    /// them finds each segment's middle value(s) in one pass: `O(n)` a column for all segments,
    /// against a selection per segment that copied and partitioned its values. The column's
    /// longest run of equal values (the zeros of a count that most customers leave at 0) is not
    /// walked: the rows below it are counted upwards, those above it downwards from the top, and
    /// a middle rank that neither walk met lies in the run, so its value is the run's.
    /// Means add each segment's values in row order, as the grouped path does. Columns are
    /// split over the cores (with few columns too: the walk is the work).
    static func orderedStatistics(_ data: Matrix, columnOrder: ColumnOrder, segmentOfRow: [Int32], sizes: [Int]) -> [[Statistic]] {
        let n = data.rows, d = data.columns, segmentCount = sizes.count
        var statistics = [Statistic](repeating: Statistic(mean: 0, median: 0, std: nil), count: d * segmentCount)
        let chunks = Swift.min(d, Swift.max(1, Parallel.threadCount)), ties = columnOrder.longestTie
        data.storage.withUnsafeBufferPointer { values in
            statistics.withUnsafeMutableBufferPointer { out in
                columnOrder.rows.withUnsafeBufferPointer { sorted in
                    segmentOfRow.withUnsafeBufferPointer { segmentOf in
                        let x = SendablePointer(UnsafeMutablePointer(mutating: values.baseAddress!))
                        let rowsByValue = SendablePointer(UnsafeMutablePointer(mutating: sorted.baseAddress!))
                        let segments = SendablePointer(UnsafeMutablePointer(mutating: segmentOf.baseAddress!))
                        let target = SendablePointer(out.baseAddress!)
                        Parallel.perform(iterations: chunks) { chunk in
                            let columns = Parallel.chunkRange(chunk, of: chunks, count: d)
                            let width = columns.count
                            let sums = UnsafeMutablePointer<Double>.allocate(capacity: segmentCount * width)
                            // Per segment: rows met walking up, the ranks of its lower and upper
                            // middle values (equal for an odd size), rows met walking down.
                            let tally = UnsafeMutablePointer<Int32>.allocate(capacity: 4 * segmentCount)
                            let middle = UnsafeMutablePointer<Float>.allocate(capacity: 2 * segmentCount)
                            defer { sums.deallocate(); tally.deallocate(); middle.deallocate() }
                            sums.initialize(repeating: 0, count: segmentCount * width)
                            for row in 0..<n {
                                let sum = sums + Int(segments[row]) * width, source = x.base + row * d + columns.lowerBound
                                for c in 0..<width { sum[c] += Double(source[c]) }
                            }
                            for (c, column) in columns.enumerated() {
                                for s in 0..<segmentCount {
                                    tally[4 * s] = 0
                                    tally[4 * s + 1] = Int32((sizes[s] - 1) / 2)
                                    tally[4 * s + 2] = Int32(sizes[s] / 2)
                                    tally[4 * s + 3] = 0
                                }
                                let rows = rowsByValue.base + column * n, tie = ties[column]
                                for i in 0..<tie.lowerBound {
                                    let row = Int(rows[i]), s = Int(segments[row]), t = tally + 4 * s
                                    let rank = t[0]
                                    t[0] = rank &+ 1
                                    if rank == t[1] { middle[2 * s] = x[row * d + column] }
                                    if rank == t[2] { middle[2 * s + 1] = x[row * d + column] }
                                }
                                for i in stride(from: n - 1, through: tie.upperBound, by: -1) {
                                    let row = Int(rows[i]), s = Int(segments[row]), t = tally + 4 * s
                                    let fromTop = t[3]
                                    t[3] = fromTop &+ 1
                                    let rank = Int32(truncatingIfNeeded: sizes[s]) &- 1 &- fromTop
                                    if rank == t[1] { middle[2 * s] = x[row * d + column] }
                                    if rank == t[2] { middle[2 * s + 1] = x[row * d + column] }
                                }
                                let tied = x[Int(rows[tie.lowerBound]) * d + column]
                                for s in 0..<segmentCount {
                                    let t = tally + 4 * s, above = Int32(sizes[s]) &- t[3]
                                    if t[1] >= t[0] && t[1] < above { middle[2 * s] = tied }
                                    if t[2] >= t[0] && t[2] < above { middle[2 * s + 1] = tied }
                                    let upper = Double(middle[2 * s + 1])
                                    let median = sizes[s] % 2 == 1 ? upper : (Double(middle[2 * s]) + upper) / 2
                                    target[s * d + column] = Statistic(mean: sums[s * width + c] / Double(sizes[s]),
                                                                       median: unsignedZero(median), std: nil)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<segmentCount).map { s in Array(statistics[(s * d)..<(s * d + d)]) }
    }

    /// Median over all rows: the middle of each column's order.
    static func orderedMedians(_ data: Matrix, columnOrder: ColumnOrder) -> [Double] {
        let n = data.rows, d = data.columns, rows = columnOrder.rows
        return (0..<d).map { c in
            let upper = Double(data[Int(rows[c * n + n / 2]), c])
            return unsignedZero(n % 2 == 1 ? upper : (Double(data[Int(rows[c * n + (n - 1) / 2]), c]) + upper) / 2)
        }
    }
}
