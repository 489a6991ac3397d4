import Foundation
import StrataTracking

/// `Search` over experiments. Strata's search language targets trials and components only, so
/// this filter is the one place a SageMaker expression is evaluated here, on the (few)
/// experiments' own fields: `ExperimentName`, `DisplayName`, `Description`, `CreationTime`,
/// `LastModifiedTime`, `Tags.<key>`. Compiled once (unknown properties and bad values are
/// refused before any experiment is read), then O(size of the expression) per experiment.
struct SageMakerExperimentFilter {
    typealias Predicate = @Sendable (Experiment) -> Bool

    enum Value { case text(String?), time(Date) }

    static func compile(_ expression: SageMakerSearchRequest.Expression?) throws -> Predicate {
        guard let expression else { return { _ in true } }
        if !(expression.NestedFilters ?? []).isEmpty {
            throw ServerError(.badRequest, "Experiments have no nested properties to filter.", field: "SearchExpression.NestedFilters")
        }
        let parts = try (expression.Filters ?? []).map { try compile($0) } + (expression.SubExpressions ?? []).map { try compile($0) }
        if expression.Operator == "Or" { return { experiment in parts.contains { $0(experiment) } } }
        return { experiment in parts.allSatisfy { $0(experiment) } }
    }

    static func property(_ name: String) throws -> @Sendable (Experiment) -> Value {
        switch name {
        case "ExperimentName", "Name": return { .text($0.name) }
        case "DisplayName": return { .text($0.displayName ?? $0.name) }
        case "Description": return { .text($0.description) }
        case "CreationTime": return { .time($0.createdAt) }
        case "LastModifiedTime": return { .time($0.updatedAt) }
        default:
            if name.hasPrefix("Tags."), name.count > 5 {
                let key = String(name.dropFirst(5))
                return { .text($0.tags[key]) }
            }
            throw ServerError(.badRequest, "Searching experiments by \(name) is not supported by this server; use ExperimentName, DisplayName, Description, CreationTime, LastModifiedTime or Tags.<key>.",
                              field: "SearchExpression.Filters.Name")
        }
    }

    static func compile(_ filter: SageMakerSearchRequest.Filter) throws -> Predicate {
        let read = try property(filter.Name)
        let op = filter.Operator ?? "Equals"
        let operand = filter.Value ?? ""
        let isTime = filter.Name == "CreationTime" || filter.Name == "LastModifiedTime"
        let time = isTime && !["Exists", "NotExists"].contains(op) ? SageMakerTime.parse(operand) : nil
        if isTime && time == nil && !["Exists", "NotExists"].contains(op) {
            throw ServerError(.badRequest, "Filter \(filter.Name) compares times: give epoch seconds or ISO-8601, not \"\(operand)\".",
                              field: "SearchExpression.Filters.Value")
        }
        let list = Set(operand.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return { experiment in
            switch read(experiment) {
            case .text(let text):
                guard let text else { return op == "NotExists" }
                switch op {
                case "Exists": return true
                case "NotExists": return false
                case "Equals": return text == operand
                case "NotEquals": return text != operand
                case "Contains": return text.contains(operand)
                case "In": return list.contains(text)
                case "GreaterThan": return text > operand
                case "GreaterThanOrEqualTo": return text >= operand
                case "LessThan": return text < operand
                default: return text <= operand
                }
            case .time(let date):
                guard let time else { return op == "Exists" }
                switch op {
                case "Equals", "In": return date == time
                case "NotEquals": return date != time
                case "GreaterThan": return date > time
                case "GreaterThanOrEqualTo": return date >= time
                case "LessThan": return date < time
                case "LessThanOrEqualTo": return date <= time
                default: return false
                }
            }
        }
    }

    /// `SortBy` for experiments (default: newest first).
    static func sort(_ experiments: [Experiment], by sortBy: String?, order: String?) throws -> [Experiment] {
        let descending = order.map { $0 == "Descending" } ?? true
        let read = try property(sortBy ?? "CreationTime")
        func before(_ a: Experiment, _ b: Experiment) -> Bool {
            switch (read(a), read(b)) {
            case (.time(let x), .time(let y)) where x != y: return descending ? x > y : x < y
            case (.text(let x?), .text(let y?)) where x != y: return descending ? x > y : x < y
            case (.text(.some), .text(.none)): return true
            case (.text(.none), .text(.some)): return false
            default: return a.name < b.name
            }
        }
        return experiments.sorted(by: before)
    }
}
