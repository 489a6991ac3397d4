import StrataCore

extension SegmentProfile {
    /// Mean, median and sample standard deviation (ddof = 1) of one feature over some rows.
    struct Statistic {
        var mean: Double
        var median: Double
        var std: Double
    }

    /// The statistics of every feature in every segment of `order` (labels, in output order).
    ///
    /// Reading a column of a row-major matrix touches one cache line per value; with 50
    /// features and a sweep profiling every attempt, that dominated the profile. Instead the rows
    /// are read once in order, a block of columns at a time, and each value is written to its
    /// segment's run of that column (segments in `order`, rows ascending within a segment, so
    /// the sums are those of the segment's rows in order): each segment's values for a feature
    /// end up adjacent. Memory: one block (`n × 16` Floats) besides the data.
    static func segmentStatistics(_ data: Matrix, labels: [Int], order: [Int]) -> [[Statistic]] {
        let n = data.rows
        // Segment index per label (-1 → its own slot), the start of each segment's run, and
        // each row's position in the runs.
        let maxLabel = labels.max() ?? -1
        var slot = [Int](repeating: -1, count: maxLabel + 2)
        for (index, label) in order.enumerated() { slot[label + 1] = index }
        var starts = [Int](repeating: 0, count: order.count + 1)
        for label in labels { starts[slot[label + 1] + 1] += 1 }
        for s in 0..<order.count { starts[s + 1] += starts[s] }
        var next = starts
        var position = [Int](repeating: 0, count: n)
        for (row, label) in labels.enumerated() {
            let s = slot[label + 1]
            position[row] = next[s]
            next[s] += 1
        }

        var segments = [[Statistic]](repeating: [], count: order.count)
        forEachColumnRun(data, position: position) { _, column in
            for s in 0..<order.count {
                segments[s].append(statistic(UnsafeMutableBufferPointer(rebasing: column[starts[s]..<starts[s + 1]])))
            }
        }
        return segments
    }

    /// The statistics of every feature over all rows: the means and deviations summed in row
    /// order, a block of columns per pass over the rows.
    static func overallStatistics(_ data: Matrix) -> [Statistic] {
        let n = data.rows, d = data.columns
        var means = [Double](), deviations = [Double]()
        data.storage.withUnsafeBufferPointer { values in
            for first in stride(from: 0, to: d, by: blockWidth) {
                let width = min(blockWidth, d - first)
                var sums = [Double](repeating: 0, count: width), squares = [Double](repeating: 0, count: width)
                for row in 0..<n {
                    let base = row * d + first
                    for c in 0..<width { sums[c] += Double(values[base + c]) }
                }
                let blockMeans = sums.map { $0 / Double(n) }
                for row in 0..<n {
                    let base = row * d + first
                    for c in 0..<width {
                        let delta = Double(values[base + c]) - blockMeans[c]
                        squares[c] += delta * delta
                    }
                }
                means += blockMeans
                deviations += squares.map { n > 1 ? ($0 / Double(n - 1)).squareRoot() : 0 }
            }
        }
        var medians = [Double]()
        forEachColumnRun(data, position: Array(0..<n)) { _, column in medians.append(median(column)) }
        return (0..<d).map { Statistic(mean: means[$0], median: medians[$0], std: deviations[$0]) }
    }

    private static let blockWidth = 16

    /// Calls `body(column, run)` for every column in order with the column's values placed at
    /// `position[row]` of a scratch run (which `body` may reorder).
    private static func forEachColumnRun(_ data: Matrix, position: [Int],
                                         _ body: (Int, UnsafeMutableBufferPointer<Float>) -> Void) {
        let n = data.rows, d = data.columns
        var block = [Float](repeating: 0, count: n * min(blockWidth, max(d, 1)))
        data.storage.withUnsafeBufferPointer { values in
            block.withUnsafeMutableBufferPointer { runs in
                for first in stride(from: 0, to: d, by: blockWidth) {
                    let width = min(blockWidth, d - first)
                    for row in 0..<n {
                        let base = row * d + first, target = position[row]
                        for c in 0..<width { runs[c * n + target] = values[base + c] }
                    }
                    for c in 0..<width { body(first + c, UnsafeMutableBufferPointer(rebasing: runs[(c * n)..<(c * n + n)])) }
                }
            }
        }
    }

    /// The statistics of one contiguous run; reorders it (for the median).
    private static func statistic(_ run: UnsafeMutableBufferPointer<Float>) -> Statistic {
        var sum = 0.0
        for value in run { sum += Double(value) }
        let mean = sum / Double(run.count)
        var ss = 0.0
        for value in run {
            let delta = Double(value) - mean
            ss += delta * delta
        }
        return Statistic(mean: mean, median: median(run), std: run.count > 1 ? (ss / Double(run.count - 1)).squareRoot() : 0)
    }
}
