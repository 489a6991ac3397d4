import StrataCore

extension SegmentProfile {
    /// Mean, median and sample standard deviation (ddof = 1) of one feature over some rows.
    /// Segments' deviations are not computed (the profile reports only the overall one).
    struct Statistic {
        var mean: Double
        var median: Double
        var std: Double?
    }

    /// The segments of `labels` in output order (labels ascending, noise last), their sizes and
    /// each row's segment (its index in that order). Counted in an array indexed by label when
    /// the labels are at most a few times the row count (cluster numbers), else through a
    /// dictionary — hashing every row cost as much as the ordered statistics themselves.
    static func group(_ labels: [Int]) -> (order: [Int], sizes: [Int], segmentOfRow: [Int32]) {
        let maxLabel = labels.max() ?? -1
        if maxLabel <= 4 * labels.count + 64 {
            var counts = [Int](repeating: 0, count: maxLabel + 2)
            for label in labels { counts[label + 1] += 1 }
            let order = (0..<(maxLabel + 1)).filter { counts[$0 + 1] > 0 } + (counts[0] > 0 ? [-1] : [])
            var slot = [Int32](repeating: -1, count: maxLabel + 2)
            for (index, label) in order.enumerated() { slot[label + 1] = Int32(index) }
            return (order, order.map { counts[$0 + 1] }, labels.map { slot[$0 + 1] })
        }
        let present = Set(labels)
        let order = present.filter { $0 >= 0 }.sorted() + (present.contains(-1) ? [-1] : [])
        let slot = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, Int32($0)) })
        let segmentOfRow = labels.map { slot[$0]! }
        var sizes = [Int](repeating: 0, count: order.count)
        for s in segmentOfRow { sizes[Int(s)] += 1 }
        return (order, sizes, segmentOfRow)
    }

    /// The statistics of every feature in every segment (`segmentOfRow` and `sizes` as
    /// ``group(_:)`` gives them), by selection.
    ///
    /// Reading a column of a row-major matrix touches one cache line per value; with 50
    /// features and a sweep profiling every attempt, that dominated the profile. Instead the rows
    /// are read once in order, 16 columns at a time, and each row's 16 values are written as one
    /// vector to its place in its segment's run (segments in order, rows ascending within a
    /// segment): one cache line per row, and each segment's rows end up adjacent. Means then
    /// add whole vectors — each lane is one column's sum over the segment's
    /// rows in order, the same additions as a column-by-column loop — and each column is
    /// copied out of the segment's run for its median. Blocks of columns are split over the
    /// cores. Memory per core: `n` vectors of 16 Floats, and one segment's columns.
    static func segmentStatistics(_ data: Matrix, segmentOfRow: [Int32], sizes: [Int]) -> [[Statistic]] {
        let n = data.rows, d = data.columns
        // The start of each segment's run, and each row's position in the runs.
        var starts = [Int](repeating: 0, count: sizes.count + 1)
        for s in sizes.indices { starts[s + 1] = starts[s] + sizes[s] }
        var next = starts
        var position = [Int](repeating: 0, count: n)
        for (row, segment) in segmentOfRow.enumerated() {
            let s = Int(segment)
            position[row] = next[s]
            next[s] += 1
        }

        let segmentCount = sizes.count, runStarts = starts, rowPositions = position
        let largest = (0..<segmentCount).map { starts[$0 + 1] - starts[$0] }.max() ?? 0
        let blocks = (d + blockWidth - 1) / blockWidth
        let perBlock = Parallel.mapChunks(count: blocks, minimumChunk: 1) { range -> [[Statistic]] in
            let runs = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: Swift.max(n, 1))
            let columnCopies = UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(blockWidth * largest, 1))
            defer { runs.deallocate(); columnCopies.deallocate() }
            var columns = [[Statistic]]()
            data.storage.withUnsafeBufferPointer { values in
                guard let x = values.baseAddress else { return }
                for block in range {
                    let first = block * blockWidth, width = Swift.min(blockWidth, d - first)
                    rowPositions.withUnsafeBufferPointer { positions in
                        for row in 0..<n {
                            let source = x + row * d + first
                            var v = SIMD16<Float>()
                            if width == blockWidth { v = UnsafeRawPointer(source).loadUnaligned(as: SIMD16<Float>.self) }
                            else { for c in 0..<width { v[c] = source[c] } }
                            runs[positions[row]] = v
                        }
                    }
                    var blockColumns = [[Statistic]](repeating: [], count: width)
                    for c in 0..<width { blockColumns[c].reserveCapacity(segmentCount) }
                    for s in 0..<segmentCount {
                        let lo = runStarts[s], hi = runStarts[s + 1], m = hi - lo
                        let count = SIMD16<Double>(repeating: Double(m))
                        var sum = SIMD16<Double>()
                        for r in lo..<hi { sum += SIMD16<Double>(runs[r]) }
                        let mean = sum / count
                        for r in lo..<hi {
                            let v = runs[r]
                            for c in 0..<width { columnCopies[c * m + (r - lo)] = v[c] }
                        }
                        for c in 0..<width {
                            let run = UnsafeMutableBufferPointer(start: columnCopies + c * m, count: m)
                            blockColumns[c].append(Statistic(mean: mean[c], median: median(run), std: nil))
                        }
                    }
                    columns += blockColumns
                }
            }
            return columns
        }
        let byColumn = perBlock.flatMap { $0 }
        return (0..<segmentCount).map { s in byColumn.map { $0[s] } }
    }

    /// The statistics of every feature over all rows: the means and deviations summed in row
    /// order, a block of columns per pass over the rows; medians from `columnOrder` when given.
    static func overallStatistics(_ data: Matrix, columnOrder: ColumnOrder?) -> [Statistic] {
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
        if let columnOrder {
            medians = orderedMedians(data, columnOrder: columnOrder)
        } else {
            forEachColumnRun(data, position: Array(0..<n)) { _, column in medians.append(median(column)) }
        }
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
}
