import StrataCore

/// Drops columns whose population variance is not above a threshold, scikit-learn's
/// `VarianceThreshold`.
///
/// A column is kept when its variance is strictly greater than `threshold`. With threshold 0,
/// sklearn compares `min(variance, peak-to-peak)` so that a constant column whose variance is a
/// tiny rounding residue is still dropped; Strata does the same. When no column survives, `fit`
/// throws (as sklearn does).
///
/// ```swift
/// let model = try VarianceThreshold(threshold: 0.01).fit(table.matrix)
/// let kept = try model.transform(table)        // FeatureTable with the surviving columns
/// model.selectedColumns                         // indices kept, in order
/// ```
///
/// | scikit-learn | Strata |
/// |---|---|
/// | `threshold` | `threshold` |
/// | `variances_`, `get_support(indices=True)` | `variances`, `selectedColumns` |
///
/// Complexity: O(n·d) in two parallel passes.
public struct VarianceThreshold: Codable, Hashable, Sendable {
    public var threshold: Double

    public init(threshold: Double = 0) { self.threshold = threshold }

    public func fit(_ data: Matrix) throws(StrataError) -> Model {
        guard threshold >= 0, threshold.isFinite else {
            throw .invalidArgument("VarianceThreshold needs a threshold >= 0, got \(threshold)")
        }
        let stats = try ColumnStatistics(data)
        var variances = stats.variance
        if threshold == 0 {
            for c in variances.indices {
                let peakToPeak = Double(stats.maximum[c]) - Double(stats.minimum[c])
                variances[c] = Swift.min(variances[c], peakToPeak)
            }
        }
        let selected = variances.indices.filter { variances[$0] > threshold }
        guard !selected.isEmpty else {
            throw .invalidArgument("no column has a variance above \(threshold); lower the threshold")
        }
        return Model(variances: variances, selectedColumns: selected, inputColumns: data.columns)
    }

    /// A fitted variance threshold.
    public struct Model: FeatureTransform, Codable, Hashable, Sendable {
        /// Per input column: the variance compared with the threshold (sklearn `variances_`).
        public let variances: [Double]
        /// Kept column indices, ascending.
        public let selectedColumns: [Int]
        public let inputColumns: Int

        /// Dropped column indices, ascending.
        public var droppedColumns: [Int] {
            let kept = Set(selectedColumns)
            return (0..<inputColumns).filter { !kept.contains($0) }
        }

        public func transform(_ data: Matrix) throws(StrataError) -> Matrix {
            guard data.columns == inputColumns else {
                throw .dimensionMismatch("VarianceThreshold was fitted on \(inputColumns) columns, got \(data.columns)")
            }
            return data.selectingColumns(selectedColumns)
        }

        public func transform(_ table: FeatureTable) throws(StrataError) -> FeatureTable {
            guard table.columnCount == inputColumns else {
                throw .dimensionMismatch("VarianceThreshold was fitted on \(inputColumns) columns, got \(table.columnCount)")
            }
            return try table.selecting(columnIndices: selectedColumns)
        }
    }
}
