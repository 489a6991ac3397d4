/// Queries built in code (by the server's compatibility layers) written back in the search
/// language, so that they run through the store's one `search` entry point.
///
/// ```swift
/// let query = SearchQuery(filter: .predicate(SearchPredicate(key: .parameter("k"), op: .equal, values: [.number(4)])),
///                         ordering: [SearchOrdering(key: .attribute(.created), descending: true)], limit: 10)
/// query.text   // params.k = 4 order by created desc limit 10
/// ```
///
/// `SearchQuery.parse(query.text)` gives the query back (linear in its size).
extension SearchQuery {
    public var text: String {
        var parts: [String] = []
        if let filter { parts.append(filter.text) }
        if !ordering.isEmpty {
            parts.append("order by " + ordering.map { $0.key.spelling + ($0.descending ? " desc" : " asc") }.joined(separator: ", "))
        }
        if let limit { parts.append("limit \(limit)") }
        if let offset { parts.append("offset \(offset)") }
        return parts.joined(separator: " ")
    }
}

extension SearchExpression {
    /// Fully parenthesised, so precedence never changes the meaning.
    public var text: String {
        switch self {
        case .predicate(let predicate): return predicate.text
        case .and(let left, let right): return "(\(left.text) and \(right.text))"
        case .or(let left, let right): return "(\(left.text) or \(right.text))"
        case .not(let inner): return "not (\(inner.text))"
        }
    }

    /// `expressions` joined by `and` (nil when empty).
    public static func all(_ expressions: [SearchExpression]) -> SearchExpression? {
        expressions.dropFirst().reduce(expressions.first) { joined, next in joined.map { .and($0, next) } }
    }

    /// `expressions` joined by `or` (nil when empty).
    public static func any(_ expressions: [SearchExpression]) -> SearchExpression? {
        expressions.dropFirst().reduce(expressions.first) { joined, next in joined.map { .or($0, next) } }
    }
}

extension SearchPredicate {
    public var text: String {
        let key = key.spelling
        switch op {
        case .exists, .notExists: return "\(key) \(op.rawValue)"
        case .in, .notIn: return "\(key) \(op.rawValue) (\(values.map(\.text).joined(separator: ", ")))"
        default: return "\(key) \(op.rawValue) \(values.first?.text ?? "''")"
        }
    }
}

extension SearchLiteral {
    /// A number in its spelling, a text quoted with `"` and backslash escapes.
    public var text: String {
        switch self {
        case .number(_, let spelling): return spelling
        case .string(let string):
            return "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
    }
}
