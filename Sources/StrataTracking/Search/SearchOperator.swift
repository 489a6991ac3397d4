/// The operators of the search language.
///
/// Negated forms (`!=`, `not in`, `not contains`, `not exists`) are operators of their own rather
/// than `not (…)` because they keep "the key must exist" semantics: `params.k != 5` matches a
/// component whose numeric parameter `k` exists and differs from 5, while `not params.k = 5` also
/// matches components without `k`.
public enum SearchOperator: String, Sendable, Hashable, Codable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case contains = "contains"
    case notContains = "not contains"
    case `in` = "in"
    case notIn = "not in"
    case exists = "exists"
    case notExists = "not exists"

    /// Operators whose truth means "no such value" for membership keys (`experiment`, `trial`).
    var isNegative: Bool {
        switch self {
        case .notEqual, .notContains, .notIn, .notExists: return true
        default: return false
        }
    }

    /// The positive operator a negative one negates (`!=` → `=`).
    var positive: SearchOperator {
        switch self {
        case .notEqual: return .equal
        case .notContains: return .contains
        case .notIn: return .in
        case .notExists: return .exists
        default: return self
        }
    }

    var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}
