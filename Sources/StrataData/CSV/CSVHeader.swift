/// Whether a CSV file's first line names the columns.
///
/// ```swift
/// CSVReader(header: .automatic)   // default: a first line of only numbers is refused as data
/// CSVReader(header: .present)     // the first line is the header, even "0,1,2" (pandas' unnamed frame)
/// CSVReader(header: .absent)      // no header: columns are named column1, column2, ...
/// ```
///
/// The raw values (`auto`, `yes`, `no`) are what the CLI's `--header` option takes.
public enum CSVHeader: String, Sendable, Hashable, Codable, CaseIterable {
    /// The first line is the header unless every field in it is a number; then the read fails
    /// with ``DataError/missingHeader(file:)`` rather than guess.
    case automatic = "auto"
    /// The first line is the header, whatever it holds.
    case present = "yes"
    /// There is no header; every line is data and columns are named `column1`, `column2`, ...
    /// (1-based, like the column numbers in error messages).
    case absent = "no"

    /// The name given to 0-based column `index` of a file without a header.
    public static func generatedName(_ index: Int) -> String { "column\(index + 1)" }
}
