import Foundation
import StrataCore

/// Reads a numeric CSV file into a ``FeatureTable``, streaming it in large blocks.
///
/// Bytes are parsed in place (no `String` per cell): RFC 4180 quoting, `\n` or `\r\n` line ends,
/// blank lines skipped, a UTF-8 byte-order mark ignored. The header line is detected (a first line
/// of only numbers is refused), or declared with ``header``. A regular file is read in blocks
/// (each read in slices on all cores) up to its size when opened; a file that changes while it
/// is read is a clear error, never a crash or silently fewer rows. Each block is cut at record
/// boundaries (outside quoted fields, checked after parsing) and the parts are parsed on all
/// cores; the row order is kept. Field ends come from a vector index of
/// delimiters and line ends; numbers are read with Clinger's and Eisel–Lemire's fast paths
/// (correctly rounded to `Double`, then to `Float`). On processors with AVX-512 byte permutes,
/// whole records of plain decimals are parsed by a vector kernel with the same results.
///
/// ```swift
/// let table = try CSVReader(columns: ["recency_days", "monetary"],
///                           idColumn: "customer_id",
///                           missingValues: .impute(.median)).read(URL(fileURLWithPath: "customers.csv"))
/// ```
///
/// - Feature columns: `columns` by name (in that order), or every column except the id column.
///   Columns not chosen may hold any text.
/// - Ids: `idColumn` (default: a column named `id` if present), kept as strings.
/// - Missing cells (empty or pandas' `na_values`: `NA`, `NaN`, `null`, `None`, `N/A`, ...):
///   ``MissingValuePolicy/error`` (default) or imputed per column after reading.
/// - Errors: ``DataError`` naming the file, the 1-based line and the column (number and name).
///
/// To skip parsing on repeated reads of an unchanged file, read through ``CSVTableCache``.
///
/// Complexity: O(bytes) time, memory 4 bytes per cell plus the ids and one block (default 8 MiB).
/// Reference: RFC 4180; pandas `read_csv` for missing markers and blank lines.
public struct CSVReader: Sendable, Hashable {
    /// Feature columns by name, in output order; `nil` takes every column but the id column.
    public var columns: [String]?
    /// The id column.
    public var idColumn: IDColumn
    /// What to do with missing feature cells.
    public var missingValues: MissingValuePolicy
    /// The field separator (one ASCII character).
    public var delimiter: Character
    /// Bytes read per block.
    public var blockSize: Int
    /// Whether the first line is a header.
    public var header: CSVHeader

    public init(columns: [String]? = nil, idColumn: IDColumn = .automatic,
                missingValues: MissingValuePolicy = .error, delimiter: Character = ",",
                blockSize: Int = 8 << 20, header: CSVHeader = .automatic) {
        self.columns = columns
        self.idColumn = idColumn
        self.missingValues = missingValues
        self.delimiter = delimiter
        self.blockSize = blockSize
        self.header = header
    }

    /// The result of a read with what imputation did.
    public struct Result: Sendable {
        /// The table (missing cells already imputed when asked).
        public var table: FeatureTable
        /// Missing cells per feature column.
        public var missingCounts: [Int]
        /// The value written into each column's missing cells (`nil` where none were missing).
        public var imputedValues: [Float?]
    }

    /// Reads a file.
    public func read(_ url: URL) throws(DataError) -> FeatureTable {
        try readWithSummary(url).table
    }

    /// Reads a file and reports missing cells and imputed values.
    public func readWithSummary(_ url: URL) throws(DataError) -> Result {
        try run(CSVByteSource(path: url.path))
    }

    /// Reads from a source opened earlier (tests change the file between opening and reading).
    package func readWithSummary(_ source: CSVByteSource) throws(DataError) -> Result {
        try run(source)
    }

    /// Reads CSV text held in memory; `name` is used in error messages.
    public func read(bytes: [UInt8], name: String = "<memory>") throws(DataError) -> FeatureTable {
        try run(CSVByteSource(bytes: bytes, name: name)).table
    }

    /// Reads CSV text held in memory and reports missing cells and imputed values.
    public func readWithSummary(bytes: [UInt8], name: String = "<memory>") throws(DataError) -> Result {
        try run(CSVByteSource(bytes: bytes, name: name))
    }

    /// The column names in a file's header (reads only the first block).
    public static func header(of url: URL, delimiter: Character = ",",
                              header mode: CSVHeader = .automatic) throws(DataError) -> [String] {
        let reader = CSVReader(delimiter: delimiter, blockSize: 1 << 16)
        let source = try CSVByteSource(path: url.path)
        let stream = try CSVBlockStream(source: source, blockSize: reader.blockSize)
        return try stream.readHeader(delimiter: try reader.delimiterByte(), mode: mode).names
    }

    func delimiterByte() throws(DataError) -> UInt8 {
        guard let ascii = delimiter.asciiValue, ascii != CSVRecordParser.quote,
              ascii != CSVRecordParser.newline, ascii != CSVRecordParser.carriageReturn else {
            throw .invalidArgument("the CSV delimiter must be one ASCII character other than a quote or line end, got '\(delimiter)'")
        }
        return ascii
    }

    private func run(_ source: CSVByteSource) throws(DataError) -> Result {
        let delimiterByte = try delimiterByte()
        let stream = try CSVBlockStream(source: source, blockSize: Swift.max(blockSize, 1 << 12))
        let header = try stream.readHeader(delimiter: delimiterByte, mode: self.header)
        let layout = try makeLayout(file: source.name, names: header.names, delimiter: delimiterByte)
        let (values, ids, rowCount) = try stream.readRecords(from: header.next, layout: layout)
        guard rowCount > 0 else { throw .noRows(file: source.name) }
        var matrix = try! Matrix(rows: rowCount, columns: layout.featureCount, values: values)
        var missingCounts = [Int](repeating: 0, count: layout.featureCount)
        var imputed = [Float?](repeating: nil, count: layout.featureCount)
        let names = layout.roles.indices.filter { layout.roles[$0] >= 0 }
            .sorted { layout.roles[$0] < layout.roles[$1] }.map { layout.headerNames[$0] }
        if case .impute(let imputation) = missingValues {
            (missingCounts, imputed) = try Imputer.impute(&matrix, imputation, file: source.name, columnNames: names)
        }
        let table = try! FeatureTable(columnNames: names, ids: ids, matrix: matrix)
        return Result(table: table, missingCounts: missingCounts, imputedValues: imputed)
    }

    /// Resolves names to per-field roles and validates the request against the header.
    func makeLayout(file: String, names: [String], delimiter: UInt8) throws(DataError) -> CSVLayout {
        var position = [String: Int]()
        for (i, name) in names.enumerated() {
            if let first = position[name] {
                throw .duplicateColumn(file: file, name: name, first: first + 1, second: i + 1)
            }
            position[name] = i
        }
        var roles = [Int32](repeating: CSVLayout.skip, count: names.count)
        var idField: Int?
        switch idColumn {
        case .automatic: idField = position["id"]
        case .named(let name):
            guard let i = position[name] else { throw .unknownColumn(file: file, name: name, available: names) }
            idField = i
        case .none: idField = nil
        }
        if let idField { roles[idField] = CSVLayout.id }
        var featureCount = 0
        if let columns {
            guard !columns.isEmpty else { throw .invalidArgument("columns: is empty; name at least one feature column") }
            for name in columns {
                guard let i = position[name] else { throw .unknownColumn(file: file, name: name, available: names) }
                if i == idField {
                    throw .invalidArgument("\(file): column '\(name)' is the id column and cannot also be a feature; choose another id column or idColumn: .none")
                }
                guard roles[i] == CSVLayout.skip else {
                    throw .invalidArgument("columns: names '\(name)' twice")
                }
                roles[i] = Int32(featureCount)
                featureCount += 1
            }
        } else {
            for i in names.indices where roles[i] == CSVLayout.skip {
                roles[i] = Int32(featureCount)
                featureCount += 1
            }
            guard featureCount > 0 else {
                throw .invalidArgument("\(file) has no feature columns besides the id column '\(names[idField ?? 0])'")
            }
        }
        var failOnMissing = true
        if case .impute = missingValues { failOnMissing = false }
        return CSVLayout(file: file, headerNames: names, roles: roles, featureCount: featureCount,
                         delimiter: delimiter, failOnMissing: failOnMissing)
    }
}
