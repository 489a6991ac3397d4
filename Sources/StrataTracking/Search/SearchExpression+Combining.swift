extension SearchExpression {
    /// `expressions` joined by `and` (nil when empty): how compatibility layers build a filter
    /// from a list of clauses before writing it out with ``SearchQuery/spelling``.
    public static func all(_ expressions: [SearchExpression]) -> SearchExpression? {
        expressions.dropFirst().reduce(expressions.first) { joined, next in joined.map { .and($0, next) } }
    }

    /// `expressions` joined by `or` (nil when empty).
    public static func any(_ expressions: [SearchExpression]) -> SearchExpression? {
        expressions.dropFirst().reduce(expressions.first) { joined, next in joined.map { .or($0, next) } }
    }
}
