import Foundation
import StrataTracking

/// Turns a SageMaker `SearchExpression` over trials or trial components into a query of
/// Strata's search language, run by the store's one `search`.
///
/// ```
/// {"Filters": [{"Name": "Parameters.k", "Operator": "GreaterThan", "Value": "3"},
///              {"Name": "Metrics.silhouette.Max", "Operator": "GreaterThanOrEqualTo", "Value": "0.4"}]}
/// → (params.k > 3 and metrics.silhouette.max >= 0.4)
/// ```
///
/// Properties: `TrialComponentName`/`TrialName` (name), `DisplayName`, `CreationTime`,
/// `Tags.<key>`; for components also `Status.PrimaryStatus`, `Parents.ExperimentName`,
/// `Parents.TrialName`, `Parameters.<name>`, `Metrics.<name>.<Min|Max|Avg|StdDev|Last|Count>`;
/// for trials `ExperimentName`. Anything else is refused with a ValidationException naming it.
/// Where the language differs: a `NestedFilters` group on `Parents` becomes a conjunction, so
/// its filters may be met by different parents of one component; a numeric text compared with
/// `Equals`/`NotEquals`/`In` on a parameter matches the number and the same text. Linear in the
/// size of the expression.
struct SageMakerSearchTranslator {
    let target: SearchTarget

    enum ValueKind { case text, number, time, parameter }

    func translate(_ expression: SageMakerSearchRequest.Expression) throws -> SearchExpression? {
        var parts: [SearchExpression] = []
        for filter in expression.Filters ?? [] { parts.append(try translate(filter)) }
        for nested in expression.NestedFilters ?? [] {
            guard target == .components, nested.NestedPropertyName == "Parents",
                  nested.Filters.allSatisfy({ $0.Name.hasPrefix("Parents.") }) else {
                throw ServerError(.badRequest, "NestedFilters on \(nested.NestedPropertyName) are not supported here: nest Parents.TrialName and Parents.ExperimentName filters on trial components.",
                                  field: "SearchExpression.NestedFilters")
            }
            if let joined = SearchExpression.all(try nested.Filters.map(translate)) { parts.append(joined) }
        }
        for sub in expression.SubExpressions ?? [] {
            if let translated = try translate(sub) { parts.append(translated) }
        }
        return expression.Operator == "Or" ? .any(parts) : .all(parts)
    }

    func translate(_ filter: SageMakerSearchRequest.Filter) throws -> SearchExpression {
        let (key, kind) = try key(filter.Name, field: "SearchExpression.Filters.Name")
        let value = filter.Value ?? ""
        func predicate(_ op: SearchOperator, _ values: [SearchLiteral]) -> SearchExpression {
            .predicate(SearchPredicate(key: key, op: op, values: values))
        }
        switch filter.Operator ?? "Equals" {
        case "Exists": return predicate(.exists, [])
        case "NotExists": return predicate(.notExists, [])
        case "Contains":
            guard kind == .text || kind == .parameter else {
                throw ServerError(.badRequest, "Contains applies to text properties, not \(filter.Name).", field: "SearchExpression.Filters.Operator")
            }
            return predicate(.contains, [.string(value)])
        case "Equals": return predicate(kind == .parameter && Double(value) != nil ? .in : .equal, try literals(value, kind, filter.Name))
        case "NotEquals": return predicate(kind == .parameter && Double(value) != nil ? .notIn : .notEqual, try literals(value, kind, filter.Name))
        case "In":
            let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return predicate(.in, try items.flatMap { try literals($0, kind, filter.Name) })
        default:
            let ops: [String: SearchOperator] = ["GreaterThan": .greater, "GreaterThanOrEqualTo": .greaterOrEqual,
                                                 "LessThan": .less, "LessThanOrEqualTo": .lessOrEqual]
            guard let op = ops[filter.Operator ?? ""] else {
                throw ServerError(.badRequest, "Unknown operator \(filter.Operator ?? "").", field: "SearchExpression.Filters.Operator")
            }
            // An ordering compares numbers with numeric parameters only.
            let literal = try literals(value, kind == .parameter && Double(value) != nil ? .number : kind, filter.Name)
            return predicate(op, [literal[0]])
        }
    }

    /// The literal(s) a filter value stands for: a parameter's numeric text is both the number and the text.
    func literals(_ value: String, _ kind: ValueKind, _ property: String) throws -> [SearchLiteral] {
        switch kind {
        case .text: return [.string(value)]
        case .number:
            guard let number = Double(value), number.isFinite else {
                throw ServerError(.badRequest, "Filter \(property) compares numbers: \"\(value)\" is not one.", field: "SearchExpression.Filters.Value")
            }
            return [.number(number)]
        case .time:
            if let seconds = Double(value), seconds.isFinite { return [.number(seconds)] }
            guard let date = SageMakerTime.parse(value) else {
                throw ServerError(.badRequest, "Filter \(property) compares times: give epoch seconds or ISO-8601, not \"\(value)\".", field: "SearchExpression.Filters.Value")
            }
            return [.number(date.timeIntervalSince1970)]
        case .parameter:
            if let number = Double(value), number.isFinite { return [.number(number), .string(value)] }
            return [.string(value)]
        }
    }

    /// The language's key for a SageMaker property name.
    func key(_ property: String, field: String) throws -> (SearchKey, ValueKind) {
        func rest(after prefix: String) -> String? {
            property.hasPrefix(prefix) && property.count > prefix.count ? String(property.dropFirst(prefix.count)) : nil
        }
        switch property {
        case "Name": return (.attribute(.name), .text)
        case "TrialComponentName" where target == .components: return (.attribute(.name), .text)
        case "TrialName" where target == .trials: return (.attribute(.name), .text)
        case "DisplayName": return (.attribute(.displayName), .text)
        case "CreationTime": return (.attribute(.created), .time)
        case "Status.PrimaryStatus" where target == .components: return (.attribute(.status), .text)
        case "Parents.ExperimentName" where target == .components: return (.attribute(.experiment), .text)
        case "ExperimentName" where target == .trials: return (.attribute(.experiment), .text)
        case "Parents.TrialName" where target == .components: return (.attribute(.trial), .text)
        default: break
        }
        if let tag = rest(after: "Tags.") { return (.tag(tag), .text) }
        if target == .components, let parameter = rest(after: "Parameters.") { return (.parameter(parameter), .parameter) }
        if target == .components, let metric = rest(after: "Metrics.") {
            let stats: [String: SearchMetricAggregate] = ["Min": .min, "Max": .max, "Avg": .avg, "StdDev": .std, "Last": .last, "Count": .count]
            if let dot = metric.lastIndex(of: "."), let stat = stats[String(metric[metric.index(after: dot)...])], dot > metric.startIndex {
                return (.metric(String(metric[..<dot]), stat), .number)
            }
            return (.metric(metric, .last), .number)
        }
        throw ServerError(.badRequest, "Searching \(target == .components ? "trial components" : "trials") by \(property) is not supported by this server; "
            + "use \(target == .components ? "TrialComponentName, DisplayName, CreationTime, Status.PrimaryStatus, Parents.ExperimentName, Parents.TrialName, Parameters.<name>, Metrics.<name>.<stat>, Tags.<key>" : "TrialName, DisplayName, ExperimentName, CreationTime, Tags.<key>").",
            field: field)
    }

    /// `SortBy` and `SortOrder` (default: newest first).
    func ordering(sortBy: String?, sortOrder: String?) throws -> [SearchOrdering] {
        let descending = sortOrder.map { $0 == "Descending" } ?? true
        guard let sortBy else { return [SearchOrdering(key: .attribute(.created), descending: descending)] }
        return [SearchOrdering(key: try key(sortBy, field: "SortBy").0, descending: descending)]
    }
}
