import StrataCore

/// A table of numeric features: named columns, optional row ids, and the values as a `Matrix`.
///
/// The shape every CSV read produces and every preprocessing step can keep: transforms work on
/// ``matrix`` and hand back a table with the same ids and (possibly fewer) column names.
///
/// ```swift
/// let table = try CSVReader(columns: ["recency_days", "monetary"]).read(url)
/// table.matrix.rows        // customers
/// table.columnNames        // ["recency_days", "monetary"]
/// table.id(at: 0)          // "C0000001"
/// ```
///
/// Memory: 4 bytes per cell plus one `String` per id (ids of up to 15 bytes are stored inline).
public struct FeatureTable: Sendable, Hashable, Codable {
    /// The feature column names, one per matrix column.
    public let columnNames: [String]
    /// Row ids as read from the id column, or `nil` when the table has none.
    public let ids: [String]?
    /// The values, one row per record.
    public var matrix: Matrix

    /// A table over a matrix; throws when the names or ids do not match its shape.
    public init(columnNames: [String], ids: [String]? = nil, matrix: Matrix) throws(StrataError) {
        guard columnNames.count == matrix.columns else {
            throw .dimensionMismatch("\(columnNames.count) column names for a matrix with \(matrix.columns) columns")
        }
        if let ids, ids.count != matrix.rows {
            throw .dimensionMismatch("\(ids.count) ids for a matrix with \(matrix.rows) rows")
        }
        self.columnNames = columnNames
        self.ids = ids
        self.matrix = matrix
    }

    /// Number of rows.
    public var rowCount: Int { matrix.rows }
    /// Number of feature columns.
    public var columnCount: Int { matrix.columns }

    /// The id of a row: the id column's value, or the 0-based row number when there is none.
    public func id(at row: Int) -> String { ids?[row] ?? String(row) }

    /// The index of a column by name.
    public func columnIndex(_ name: String) throws(StrataError) -> Int {
        guard let index = columnNames.firstIndex(of: name) else {
            throw .invalidArgument("no column named '\(name)'; the table has \(columnNames.joined(separator: ", "))")
        }
        return index
    }

    /// The values of one column, by name.
    public func column(named name: String) throws(StrataError) -> [Float] {
        matrix.column(try columnIndex(name))
    }

    /// A table with only the named columns, in the given order (ids kept).
    public func selecting(columns names: [String]) throws(StrataError) -> FeatureTable {
        var indices = [Int]()
        for name in names { indices.append(try columnIndex(name)) }
        return try selecting(columnIndices: indices)
    }

    /// A table with only the given columns, in the given order (ids kept).
    public func selecting(columnIndices indices: [Int]) throws(StrataError) -> FeatureTable {
        for i in indices where i < 0 || i >= columnCount {
            throw .invalidArgument("column index \(i) is out of range 0..<\(columnCount)")
        }
        return try FeatureTable(columnNames: indices.map { columnNames[$0] }, ids: ids,
                                matrix: matrix.selectingColumns(indices))
    }

    /// The same rows and names over new values of the same shape (e.g. a transform's output).
    public func replacingMatrix(_ newMatrix: Matrix) throws(StrataError) -> FeatureTable {
        try FeatureTable(columnNames: columnNames, ids: ids, matrix: newMatrix)
    }
}
