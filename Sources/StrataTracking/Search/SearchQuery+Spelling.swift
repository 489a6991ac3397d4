extension SearchQuery {
    /// The query as search-language text that parses back to an equal query: what a remote
    /// store sends for a ``LeaderboardSpec`` built in code.
    ///
    /// ```swift
    /// let query = try SearchQuery.parse(#"params.k in (3, 4) and not status = "Failed" order by metrics.loss desc limit 5"#)
    /// try SearchQuery.parse(query.spelling) == query   // true
    /// ```
    ///
    /// Every sub-expression is parenthesised, so precedence never depends on the reader. O(length).
    public var spelling: String {
        var parts: [String] = []
        if let filter { parts.append(filter.spelling) }
        if !ordering.isEmpty {
            parts.append("order by " + ordering.map { $0.key.spelling + ($0.descending ? " desc" : " asc") }.joined(separator: ", "))
        }
        if let limit { parts.append("limit \(limit)") }
        if let offset { parts.append("offset \(offset)") }
        return parts.joined(separator: " ")
    }
}

extension SearchExpression {
    /// Search-language text of the filter (see ``SearchQuery/spelling``).
    public var spelling: String {
        switch self {
        case .predicate(let predicate): return predicate.spelling
        case .and(let left, let right): return "(\(left.spelling)) and (\(right.spelling))"
        case .or(let left, let right): return "(\(left.spelling)) or (\(right.spelling))"
        case .not(let inner): return "not (\(inner.spelling))"
        }
    }
}

extension SearchPredicate {
    /// Search-language text of one comparison.
    public var spelling: String {
        let key = self.key.spelling
        switch op {
        case .exists, .notExists: return "\(key) \(op.rawValue)"
        case .in, .notIn: return "\(key) \(op.rawValue) (\(values.map(\.spelling).joined(separator: ", ")))"
        default: return "\(key) \(op.rawValue) \(values.first?.spelling ?? "\"\"")"
        }
    }
}

extension SearchLiteral {
    /// A number in its source spelling, a text double-quoted with backslash escapes.
    public var spelling: String {
        switch self {
        case .number(_, let text): return text
        case .string(let text):
            var out = "\""
            for character in text {
                switch character {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\t": out += "\\t"
                case "\r": out += "\\r"
                case "\0": out += "\\0"
                default: out.append(character)
                }
            }
            return out + "\""
        }
    }
}
