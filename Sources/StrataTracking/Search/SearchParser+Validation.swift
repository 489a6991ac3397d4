/// Type checks of a predicate against its key, done while the value positions are known.
extension SearchParser {
    /// The statuses of schema.md, matched case-insensitively and stored in this spelling.
    static let statuses = ["InProgress", "Completed", "Failed", "Stopping", "Stopped"]

    func validated(
        _ predicate: SearchPredicate, values: [(SearchLiteral, SearchToken)], keyToken: SearchToken, opToken: SearchToken
    ) throws(SearchError) -> SearchPredicate {
        var result = predicate
        let numeric: Bool
        switch predicate.key {
        case .metric: numeric = true
        case .attribute(.created): numeric = true
        default: numeric = false
        }
        if numeric, predicate.op.positive == .contains {
            throw error(opToken, "'\(predicate.op.rawValue)' needs a text key; \(predicate.key.spelling) is a number")
        }
        for (literal, token) in values {
            var value = literal
            switch predicate.key {
            case .metric:
                guard case .number = literal else {
                    throw error(token, "\(predicate.key.spelling) is a number; compare it with a number, not \(token.spelling)")
                }
            case .attribute(.created):
                if case .string(let s) = literal {
                    guard let epoch = SearchDate.epochSeconds(s) else {
                        throw error(token, "expected an ISO-8601 date such as \"2025-03-01\" or \"2025-03-01T12:30:00Z\", or epoch seconds")
                    }
                    value = .number(epoch)
                }
            case .attribute(.status):
                let typed = literal.textValue
                let exact = predicate.op == .equal || predicate.op == .notEqual || predicate.op.positive == .in
                if exact {
                    guard let canonical = Self.statuses.first(where: { $0.lowercased() == typed.lowercased() }) else {
                        throw error(token, "unknown status \(token.spelling); expected one of \(Self.statuses.joined(separator: ", "))")
                    }
                    value = .string(canonical)
                }
            default:
                break
            }
            result.values.append(value)
        }
        return result
    }
}
