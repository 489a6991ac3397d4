/// What ``CSVReader`` does with a missing feature cell (empty, `NA`, `NaN`, `null`, ...).
///
/// ```swift
/// CSVReader(missingValues: .error)              // default: throw naming line and column
/// CSVReader(missingValues: .impute(.median))    // fill with each column's median
/// ```
///
/// Statistics are computed over the non-missing cells of each column after the file is read
/// (one extra pass over the column in memory), like scikit-learn's `SimpleImputer`
/// (`strategy="mean" | "median" | "constant"`; zero is `constant` with `fill_value=0`).
public enum MissingValuePolicy: Sendable, Hashable, Codable {
    /// Throw ``DataError/missingValue(file:line:column:columnName:)`` at the first missing cell.
    case error
    /// Replace missing cells with a per-column statistic or a constant.
    case impute(Imputation)

    /// The value written into a missing cell.
    public enum Imputation: Sendable, Hashable, Codable {
        /// The column's mean over present cells (accumulated in `Double`).
        case mean
        /// The column's median over present cells (numpy's `nanmedian`: middle two averaged).
        case median
        /// Zero.
        case zero
        /// A fixed value.
        case constant(Float)
    }
}
