/// Which CSV column holds row ids (kept as strings, never parsed as numbers).
///
/// ```swift
/// CSVReader(idColumn: .automatic)        // a column named "id" if the header has one
/// CSVReader(idColumn: "customer_id")     // a named column (string literal works)
/// CSVReader(idColumn: .none)             // no ids: rows are numbered 0, 1, ...
/// ```
public enum IDColumn: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    /// A column named exactly `id`, when present; otherwise no id column.
    case automatic
    /// The column with this name (an error when absent).
    case named(String)
    /// No id column.
    case none

    public init(stringLiteral value: String) { self = .named(value) }
}
