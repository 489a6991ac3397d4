/// A search text that cannot be parsed or does not make sense, with the place it went wrong.
///
/// `column` is 1-based and counts Unicode characters of the query text, so a CLI can print
/// ``display`` — the query followed by a caret line:
///
/// ```
/// metrics.silhouette.max > and status = "Completed"
///                          ^ expected a value (a number or a quoted string), found 'and'
/// ```
public struct SearchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query text the error refers to.
    public let query: String
    /// 1-based character column of the offending token (one past the end for "unexpected end").
    public let column: Int
    /// What was expected or what is wrong, in words a user can act on.
    public let message: String

    public init(query: String, column: Int, message: String) {
        self.query = query
        self.column = column
        self.message = message
    }

    /// One line: `column 25: expected a value …`.
    public var description: String { "search error at column \(column): \(message)" }

    /// The query line, then a caret under the offending column followed by the message.
    public var display: String {
        // Tabs keep their width on the caret line so the caret stays under the character.
        var caret = ""
        for c in query.prefix(max(0, column - 1)) { caret.append(c == "\t" ? "\t" : " ") }
        return query + "\n" + caret + "^ " + message
    }
}
