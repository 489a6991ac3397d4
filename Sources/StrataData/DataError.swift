/// Errors raised while reading or writing data files.
///
/// Every case names the file and, where one exists, the 1-based line and the column (by name and
/// 1-based number) so a user can open the file and fix it. Preprocessing on matrices throws
/// `StrataError` (shared with the algorithm modules) instead; both print one actionable sentence.
///
/// ```swift
/// do { _ = try CSVReader().read(url) }
/// catch let error as DataError { print(error) }   // "customers.csv line 7, column 3 'spend': ..."
/// ```
public enum DataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be opened, read or written.
    case io(file: String, reason: String)
    /// The file holds no bytes (or only blank lines).
    case emptyFile(file: String)
    /// The first line looks like data (every field is a number) and header detection is on
    /// (``CSVHeader/automatic``): declare the header with ``CSVHeader/present`` or ``CSVHeader/absent``.
    case missingHeader(file: String)
    /// The header names the same column twice (1-based column numbers).
    case duplicateColumn(file: String, name: String, first: Int, second: Int)
    /// A column requested by name is not in the header.
    case unknownColumn(file: String, name: String, available: [String])
    /// The header is present but no data row follows.
    case noRows(file: String)
    /// A row has a different number of fields than the header.
    case raggedRow(file: String, line: Int, expected: Int, found: Int)
    /// A feature cell is not a number.
    case notNumeric(file: String, line: Int, column: Int, columnName: String, value: String)
    /// A feature cell is empty or a missing marker (NA, NaN, null, ...) and imputation is off.
    case missingValue(file: String, line: Int, column: Int, columnName: String)
    /// A quoted field is not closed, or a closing quote is followed by other text.
    case malformedQuote(file: String, line: Int, column: Int)
    /// A column holds only missing cells, so no statistic can be imputed for it.
    case nothingToImpute(file: String, columnName: String)
    /// An option passed to a reader, writer or generator is out of range.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .io(let file, let reason):
            return "\(file): \(reason)"
        case .emptyFile(let file):
            return "\(file) is empty; a CSV file needs a header line and at least one data row"
        case .missingHeader(let file):
            return "\(file) line 1 looks like data, not a header; add a header line naming each column, "
                + "or say how to read it: --header yes (line 1 is the header) or --header no (the file has no header)"
        case .duplicateColumn(let file, let name, let first, let second):
            return "\(file) line 1: column name '\(name)' appears twice (columns \(first) and \(second)); rename one"
        case .unknownColumn(let file, let name, let available):
            let shown = available.prefix(30).map { "'\($0)'" }.joined(separator: ", ")
            return "\(file): no column named '\(name)'; the header has \(shown)\(available.count > 30 ? ", ..." : "")"
        case .noRows(let file):
            return "\(file) has a header but no data rows"
        case .raggedRow(let file, let line, let expected, let found):
            return "\(file) line \(line): expected \(expected) fields like the header, found \(found)"
        case .notNumeric(let file, let line, let column, let name, let value):
            return "\(file) line \(line), column \(column) '\(name)': '\(value)' is not a number; fix the cell or leave the column out with columns:"
        case .missingValue(let file, let line, let column, let name):
            return "\(file) line \(line), column \(column) '\(name)': missing value; fill it or ask for imputation (mean, median, zero, constant)"
        case .malformedQuote(let file, let line, let column):
            return "\(file) line \(line), column \(column): malformed quoted field (unclosed quote or text after the closing quote)"
        case .nothingToImpute(let file, let name):
            return "\(file): column '\(name)' has no values at all, so nothing can be imputed; drop the column or impute a constant"
        case .invalidArgument(let message):
            return message
        }
    }
}
