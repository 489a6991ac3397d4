import StrataCore

/// Drops one column of every pair whose absolute Pearson correlation exceeds a threshold
/// (strictly: a pair exactly at the threshold stays, as in the pandas recipe's `> t`).
///
/// Which column goes: always the **later** one (higher index), so the column listed first in
/// the file — usually the more basic measure (e.g. `frequency` before `groceries_count`) — is
/// kept. Two strategies:
/// - ``Strategy/greedy`` (default): walk columns in order; drop a column when it correlates
///   above the threshold with a column already *kept*. A column is only dropped because a kept
///   column stands for it, so in a chain A~B, B~C (A and C uncorrelated) only B goes.
/// - ``Strategy/upperTriangle``: the common pandas recipe
///   `upper = corr.abs().where(np.triu(np.ones(shape), k=1)); drop = [c for c in upper if any(upper[c] > t)]`
///   — drops every column correlated with *any* earlier column, even one itself dropped
///   (in the chain above, B and C both go).
///
/// Constant columns have no correlation (NaN) and are never dropped here; remove them with
/// ``VarianceThreshold``.
///
/// ```swift
/// let model = try CorrelationSelector(threshold: 0.9).fit(table.matrix)
/// let reduced = try model.transform(table)
/// for pair in model.pairs { print(table.columnNames[pair.dropped], "~", table.columnNames[pair.kept], pair.correlation) }
/// ```
/// Complexity: the correlation matrix O(n·d²), then O(d²).
public struct CorrelationSelector: Codable, Hashable, Sendable {
    /// Absolute correlation above which the later column of a pair is dropped.
    public var threshold: Double
    public var strategy: Strategy

    /// How pairs chain; see the type's documentation.
    public enum Strategy: String, Codable, Hashable, Sendable, CaseIterable {
        case greedy
        case upperTriangle
    }

    public init(threshold: Double = 0.9, strategy: Strategy = .greedy) {
        self.threshold = threshold
        self.strategy = strategy
    }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        try fit(correlation: CorrelationMatrix(data))
    }

    /// Selects from an already computed correlation matrix.
    public func fit(correlation: CorrelationMatrix) throws(StrataError) -> Model {
        guard threshold >= 0, threshold <= 1 else {
            throw .invalidArgument("correlation threshold must be between 0 and 1, got \(threshold)")
        }
        let d = correlation.columnCount
        var dropped = [Bool](repeating: false, count: d)
        var pairs = [Pair]()
        for j in 0..<d {
            for i in 0..<j {
                if strategy == .greedy && dropped[i] { continue }
                let r = correlation[i, j]
                if abs(r) > threshold {   // NaN compares false: constant columns never drop
                    dropped[j] = true
                    pairs.append(Pair(kept: i, dropped: j, correlation: r))
                }
            }
        }
        return Model(threshold: threshold, strategy: strategy, correlation: correlation,
                     selectedColumns: (0..<d).filter { !dropped[$0] },
                     droppedColumns: (0..<d).filter { dropped[$0] }, pairs: pairs)
    }

    /// One reason for a drop: `dropped` correlates with the earlier column `kept` beyond the threshold.
    /// (With ``Strategy/upperTriangle``, `kept` may itself be dropped for another pair.)
    public struct Pair: Codable, Hashable, Sendable {
        public let kept: Int
        public let dropped: Int
        public let correlation: Double
    }

    /// A fitted selector.
    public struct Model: FeatureTransform, Codable, Hashable, Sendable {
        public let threshold: Double
        public let strategy: Strategy
        public let correlation: CorrelationMatrix
        /// Kept column indices, ascending.
        public let selectedColumns: [Int]
        /// Dropped column indices, ascending.
        public let droppedColumns: [Int]
        /// Every pair above the threshold that caused (or would have caused) a drop.
        public let pairs: [Pair]

        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            guard data.columns == correlation.columnCount else {
                throw .dimensionMismatch("CorrelationSelector was fitted on \(correlation.columnCount) columns, got \(data.columns)")
            }
            return data.selectingColumns(selectedColumns)
        }

        public func transform(_ table: FeatureTable) throws(StrataError) -> FeatureTable {
            guard table.columnCount == correlation.columnCount else {
                throw .dimensionMismatch("CorrelationSelector was fitted on \(correlation.columnCount) columns, got \(table.columnCount)")
            }
            return try table.selecting(columnIndices: selectedColumns)
        }
    }
}
