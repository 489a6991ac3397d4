/// A parsed MLflow filter string: clauses joined by `AND` (MLflow has no `OR`), each
/// `[prefix.]key operator value`.
///
/// ```swift
/// let filter = try MLflowFilter.parse("metrics.rmse < 0.8 and params.`max depth` = '4' and attributes.run_id IN ('a1', 'b2')")
/// ```
/// Prefixes: `metric(s)`, `param(s)`, `tag(s)`, `attribute(s)`/`attr`/`run` (none means an
/// attribute). Keys may be quoted with backticks or double quotes; values are `'…'`/`"…"` texts,
/// numbers, or a parenthesised list for `IN`. Operators: `= != <> < <= > >= LIKE ILIKE IN NOT IN
/// IS NULL IS NOT NULL`. Linear in the filter's length.
struct MLflowFilter: Sendable {
    enum Entity: String, Sendable { case metric, parameter, tag, attribute }

    enum Operator: String, Sendable {
        case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case like = "LIKE", ilike = "ILIKE", `in` = "IN", notIn = "NOT IN", isNull = "IS NULL", isNotNull = "IS NOT NULL"

        var isOrdering: Bool { [.less, .lessOrEqual, .greater, .greaterOrEqual].contains(self) }
    }

    enum Value: Sendable, Hashable {
        case text(String)
        case number(Double, spelled: String)
        case list([String])
        case absent

        var text: String? {
            switch self {
            case .text(let text): return text
            case .number(_, let spelled): return spelled
            default: return nil
            }
        }
    }

    struct Clause: Sendable {
        var entity: Entity
        var key: String
        var op: Operator
        var value: Value
    }

    var clauses: [Clause]

    static func parse(_ text: String) throws(ServerError) -> MLflowFilter {
        var lexer = Lexer(Array(text))
        var clauses: [Clause] = []
        if try lexer.atEnd() { return MLflowFilter(clauses: []) }
        while true {
            clauses.append(try lexer.clause())
            if try lexer.atEnd() { break }
            let word = try lexer.word()
            guard word.uppercased() == "AND" else {
                throw invalid(word.uppercased() == "OR" ? "OR is not supported in MLflow filters; join clauses with AND." : "Expected AND between clauses, found '\(word)'.")
            }
        }
        return MLflowFilter(clauses: clauses)
    }

    static func invalid(_ message: String) -> ServerError {
        MLflowErrors.invalid("Invalid filter: \(message)", field: "filter")
    }

    /// Evaluates a clause on a text value (params, tags, string attributes); a missing value
    /// satisfies only `IS NULL`.
    static func test(_ clause: Clause, text actual: String?) -> Bool {
        switch clause.op {
        case .isNull: return actual == nil
        case .isNotNull: return actual != nil
        default: break
        }
        guard let actual else { return false }
        switch (clause.op, clause.value) {
        case (.in, .list(let values)): return values.contains(actual)
        case (.notIn, .list(let values)): return !values.contains(actual)
        default: break
        }
        guard let expected = clause.value.text else { return false }
        switch clause.op {
        case .equal: return actual == expected
        case .notEqual: return actual != expected
        case .like: return MLflowLikePattern(expected, caseInsensitive: false).matches(actual)
        case .ilike: return MLflowLikePattern(expected, caseInsensitive: true).matches(actual)
        default:
            guard case .number(let bound, _) = clause.value, let number = Double(actual) else { return false }
            return test(clause.op, number, bound)
        }
    }

    static func test(_ op: Operator, _ actual: Double, _ bound: Double) -> Bool {
        switch op {
        case .equal: return actual == bound
        case .notEqual: return actual != bound
        case .less: return actual < bound
        case .lessOrEqual: return actual <= bound
        case .greater: return actual > bound
        case .greaterOrEqual: return actual >= bound
        default: return false
        }
    }

    /// An `order_by` entry: `[prefix.]key [ASC|DESC]`.
    static func parseOrdering(_ text: String) throws(ServerError) -> (entity: Entity, key: String, ascending: Bool) {
        var lexer = Lexer(Array(text))
        let (entity, key) = try lexer.identifier()
        var ascending = true
        if try !lexer.atEnd() {
            switch try lexer.word().uppercased() {
            case "ASC": ascending = true
            case "DESC": ascending = false
            case let other: throw MLflowErrors.invalid("Invalid order_by clause '\(text)': expected ASC or DESC, found '\(other)'.", field: "order_by")
            }
        }
        guard try lexer.atEnd() else { throw MLflowErrors.invalid("Invalid order_by clause '\(text)'.", field: "order_by") }
        return (entity, key, ascending)
    }
}
