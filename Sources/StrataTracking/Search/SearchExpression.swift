/// The filter of a search: predicates joined by `and`, `or`, `not`.
///
/// Precedence, loosest first: `or`, `and`, `not`, then predicates and parentheses — so
/// `a or b and not c` is `a or (b and (not c))`.
public indirect enum SearchExpression: Sendable, Hashable, Codable {
    case predicate(SearchPredicate)
    case and(SearchExpression, SearchExpression)
    case or(SearchExpression, SearchExpression)
    case not(SearchExpression)
}

/// One comparison: a key, an operator and its literal values (none for `exists`, several for
/// `in`).
public struct SearchPredicate: Sendable, Hashable, Codable {
    public var key: SearchKey
    public var op: SearchOperator
    public var values: [SearchLiteral]

    public init(key: SearchKey, op: SearchOperator, values: [SearchLiteral] = []) {
        self.key = key
        self.op = op
        self.values = values
    }
}

/// One `order by` key with its direction.
public struct SearchOrdering: Sendable, Hashable, Codable {
    public var key: SearchKey
    public var descending: Bool

    public init(key: SearchKey, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }
}

extension SearchExpression {
    /// True when every row this expression accepts has a summary row for metric `name`.
    /// Lets the compiler join the `order by` metric instead of left-joining it (index-ordered
    /// scan, early stop at the limit).
    func requiresMetric(_ name: String) -> Bool {
        switch self {
        case .predicate(let p):
            guard case .metric(let n, _) = p.key, n == name else { return false }
            return p.op != .notExists
        case .and(let l, let r): return l.requiresMetric(name) || r.requiresMetric(name)
        case .or(let l, let r): return l.requiresMetric(name) && r.requiresMetric(name)
        case .not: return false
        }
    }
}
