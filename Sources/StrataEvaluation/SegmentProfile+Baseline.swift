import StrataCore

extension SegmentProfile {
    /// The whole table's statistics that every segment is compared with. They do not depend on
    /// the labels: compute them once and pass them to every profile of the same data (a sweep
    /// profiles every attempt).
    ///
    /// ```swift
    /// let baseline = try SegmentProfile.Baseline(data: table.matrix)
    /// for labels in attempts {
    ///     let profile = try SegmentProfile(data: table.matrix, columnNames: table.columnNames, labels: labels, baseline: baseline)
    /// }
    /// ```
    ///
    /// It also keeps, for data of at most ``columnOrderLimit`` values, each column's rows in
    /// ascending order of value (4 bytes a value; 40 MB for 1,000,000 × 10), so that every
    /// profile finds all its segments' medians in one pass over each column instead of one
    /// selection per segment and column. Above the limit, profiles select medians as without a
    /// baseline, and the memory stays `O(d)`. Equal (and hashed) by the statistics alone: the
    /// order follows from the data.
    ///
    /// Complexity: `O(n d)` time (a radix sort per column, columns over the cores).
    public struct Baseline: Sendable, Hashable {
        public let rowCount: Int
        public let mean: [Double]
        public let median: [Double]
        public let standardDeviation: [Double]
        /// Each column's rows by ascending value; nil above the limit.
        let columnOrder: ColumnOrder?

        /// The most values (rows × columns) whose order a baseline keeps: 32 Mi, 128 MiB of
        /// row numbers.
        public static let columnOrderLimit = 32 << 20

        public init(data: Matrix) throws(StrataError) {
            try self.init(data: data, columnOrderLimit: Self.columnOrderLimit)
        }

        /// `columnOrderLimit` chooses the path: tests compare both on small data.
        package init(data: Matrix, columnOrderLimit: Int) throws(StrataError) {
            guard data.rows > 0 else { throw .notEnoughSamples("segment profile needs at least one row") }
            try data.validateFinite()
            // Row numbers are Int32: the limit keeps them in range.
            let limit = Swift.min(columnOrderLimit, Int(Int32.max))
            columnOrder = data.rows * data.columns <= limit ? ColumnOrder(data) : nil
            let overall = SegmentProfile.overallStatistics(data, columnOrder: columnOrder)
            rowCount = data.rows
            mean = overall.map(\.mean)
            median = overall.map(\.median)
            standardDeviation = overall.map { $0.std ?? 0 }
        }

        /// Whether profiles with this baseline find medians from the kept column order.
        package var keepsColumnOrder: Bool { columnOrder != nil }

        /// About how many bytes this value holds (for callers that keep it in a bounded cache).
        public var byteCount: Int { 24 * mean.count + (columnOrder?.byteCount ?? 0) }

        public static func == (a: Baseline, b: Baseline) -> Bool {
            a.rowCount == b.rowCount && a.mean == b.mean && a.median == b.median && a.standardDeviation == b.standardDeviation
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(rowCount)
            hasher.combine(mean)
            hasher.combine(median)
            hasher.combine(standardDeviation)
        }
    }
}
