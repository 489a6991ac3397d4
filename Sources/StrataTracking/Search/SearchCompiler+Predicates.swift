/// Filter compilation: each predicate becomes a column test or an `EXISTS` subquery correlated
/// with the base row (`tc` for components, `tr` for trials). Key names are bound like values.
extension SearchCompiler {
    func filterSQL(_ expression: SearchExpression, _ b: inout SQLBuilder) -> String {
        switch expression {
        case .predicate(let p): return predicateSQL(p, &b)
        case .and(let l, let r):
            let ls = filterSQL(l, &b)
            return "(" + ls + " AND " + filterSQL(r, &b) + ")"
        case .or(let l, let r):
            let ls = filterSQL(l, &b)
            return "(" + ls + " OR " + filterSQL(r, &b) + ")"
        case .not(let e): return "NOT " + filterSQL(e, &b)
        }
    }

    private func predicateSQL(_ p: SearchPredicate, _ b: inout SQLBuilder) -> String {
        switch target {
        case .components: return componentPredicate(p, &b)
        case .trials: return trialPredicate(p, &b)
        }
    }

    private func componentPredicate(_ p: SearchPredicate, _ b: inout SQLBuilder) -> String {
        switch p.key {
        case .attribute(.name): return columnTest("tc.name", p, numeric: false, &b)
        case .attribute(.displayName): return columnTest("tc.display_name", p, numeric: false, &b)
        case .attribute(.status): return columnTest("tc.status", p, numeric: false, &b)
        case .attribute(.created): return columnTest("tc.created_at", p, numeric: true, &b)
        case .attribute(.experiment):
            if let set = linkedComponents("FROM experiments e JOIN trials t ON t.experiment_id = e.id JOIN trial_component_links l ON l.trial_id = t.id",
                                          column: "e.name", p, &b) { return set }
            return membership(
                "FROM trial_component_links l CROSS JOIN trials t CROSS JOIN experiments e WHERE t.id = l.trial_id AND e.id = t.experiment_id AND l.component_id = tc.id",
                column: "e.name", p, &b)
        case .attribute(.trial):
            if let set = linkedComponents("FROM trials t JOIN trial_component_links l ON l.trial_id = t.id", column: "t.name", p, &b) { return set }
            return membership("FROM trial_component_links l CROSS JOIN trials t WHERE t.id = l.trial_id AND l.component_id = tc.id",
                              column: "t.name", p, &b)
        case .parameter(let name):
            let from = "FROM parameters p WHERE p.component_id = tc.id AND p.name = " + b.bind(name)
            return keyed(from, p, &b) { b in parameterTest(p, &b) }
        case .metric(let name, let aggregate):
            let from = "FROM metric_summaries m WHERE m.component_id = tc.id AND m.name = " + b.bind(name)
            return keyed(from, p, existsColumn: "m." + aggregate.column, &b) { b in
                valueTest("m." + aggregate.column, p.op, p.values.map { .real(Self.number($0)) }, &b)
            }
        case .tag(let key):
            let kind = b.bind("component")
            let from = "FROM tags g WHERE g.entity_kind = \(kind) AND g.entity_id = tc.id AND g.key = " + b.bind(key)
            return keyed(from, p, &b) { b in valueTest("g.value", p.op, p.values.map { .text($0.textValue) }, &b) }
        }
    }

    private func trialPredicate(_ p: SearchPredicate, _ b: inout SQLBuilder) -> String {
        let links = "FROM trial_component_links l CROSS JOIN "
        switch p.key {
        case .attribute(.name), .attribute(.trial): return columnTest("tr.name", p, numeric: false, &b)
        case .attribute(.displayName): return columnTest("tr.display_name", p, numeric: false, &b)
        case .attribute(.created): return columnTest("tr.created_at", p, numeric: true, &b)
        case .attribute(.experiment):
            return membership("FROM experiments e WHERE e.id = tr.experiment_id", column: "e.name", p, &b)
        case .attribute(.status):
            return membership(links + "trial_components c WHERE c.id = l.component_id AND l.trial_id = tr.id",
                              column: "c.status", p, &b)
        case .parameter(let name):
            let from = links + "parameters p WHERE p.component_id = l.component_id AND l.trial_id = tr.id AND p.name = " + b.bind(name)
            return keyed(from, p, &b) { b in parameterTest(p, &b) }
        case .metric(let name, let aggregate):
            let from = links + "metric_summaries m WHERE m.component_id = l.component_id AND l.trial_id = tr.id AND m.name = " + b.bind(name)
            return keyed(from, p, existsColumn: "m." + aggregate.column, &b) { b in
                valueTest("m." + aggregate.column, p.op, p.values.map { .real(Self.number($0)) }, &b)
            }
        case .tag(let key):
            let kind = b.bind("trial")
            let from = "FROM tags g WHERE g.entity_kind = \(kind) AND g.entity_id = tr.id AND g.key = " + b.bind(key)
            return keyed(from, p, &b) { b in valueTest("g.value", p.op, p.values.map { .text($0.textValue) }, &b) }
        }
    }

    // MARK: building blocks

    static func number(_ literal: SearchLiteral) -> Double {
        switch literal {
        case .number(let v, _): return v
        case .string(let s): return Double(s) ?? .nan // unreachable: the parser rejects texts here
        }
    }

    /// A single-valued column of the base row; a missing (NULL) value never satisfies a comparison.
    private func columnTest(_ column: String, _ p: SearchPredicate, numeric: Bool, _ b: inout SQLBuilder) -> String {
        switch p.op {
        case .exists: return column + " IS NOT NULL"
        case .notExists: return column + " IS NULL"
        default:
            let values: [SQLBinding] = p.values.map { numeric ? .real(Self.number($0)) : .text($0.textValue) }
            return valueTest(column, p.op, values, &b)
        }
    }

    /// A key that may be missing (parameter, metric, tag): comparisons require the key to exist.
    private func keyed(
        _ from: String, _ p: SearchPredicate, existsColumn: String? = nil, _ b: inout SQLBuilder,
        test: (inout SQLBuilder) -> String
    ) -> String {
        switch p.op {
        case .exists: return "EXISTS (SELECT 1 " + from + (existsColumn.map { " AND \($0) IS NOT NULL" } ?? "") + ")"
        case .notExists: return "NOT EXISTS (SELECT 1 " + from + (existsColumn.map { " AND \($0) IS NOT NULL" } ?? "") + ")"
        default: return "EXISTS (SELECT 1 " + from + " AND " + test(&b) + ")"
        }
    }

    /// A set of related names (a component's trials or experiments, a trial's component
    /// statuses): positive operators ask "is any …", negative ones "is none …".
    private func membership(_ from: String, column: String, _ p: SearchPredicate, _ b: inout SQLBuilder) -> String {
        switch p.op {
        case .exists: return "EXISTS (SELECT 1 " + from + ")"
        case .notExists: return "NOT EXISTS (SELECT 1 " + from + ")"
        default:
            let negate = p.op.isNegative
            let values: [SQLBinding] = p.values.map { .text($0.textValue) }
            let test = valueTest(column, p.op.positive, values, &b)
            return (negate ? "NOT " : "") + "EXISTS (SELECT 1 " + from + " AND " + test + ")"
        }
    }

    /// A component's trial or experiment compared with values, as membership in the set of
    /// components linked to the matching trials/experiments: `tc.id [NOT] IN (SELECT …)`.
    /// SQLite builds the set once from the indexes on names and links, instead of three probes
    /// per component (an `EXISTS` per row): half the time on an experiment of 100,000
    /// components, and a small experiment is read from its links alone. Nil for `exists`
    /// (left to ``membership(_:column:_:_:)``).
    private func linkedComponents(_ from: String, column: String, _ p: SearchPredicate, _ b: inout SQLBuilder) -> String? {
        guard p.op != .exists, p.op != .notExists else { return nil }
        let values: [SQLBinding] = p.values.map { .text($0.textValue) }
        let test = valueTest(column, p.op.positive, values, &b)
        return "tc.id " + (p.op.isNegative ? "NOT IN" : "IN") + " (SELECT l.component_id " + from + " WHERE " + test + ")"
    }

    /// Parameters are typed by the literal: numbers compare with `number_value`, texts with
    /// `string_value`, so `params.k = 5` never matches the text "5" and vice versa.
    private func parameterTest(_ p: SearchPredicate, _ b: inout SQLBuilder) -> String {
        if p.op.positive == .contains {
            return valueTest("p.string_value", p.op, p.values.map { .text($0.textValue) }, &b)
        }
        var numbers: [SQLBinding] = []
        var texts: [SQLBinding] = []
        for v in p.values {
            switch v {
            case .number(let x, _): numbers.append(.real(x))
            case .string(let s): texts.append(.text(s))
            }
        }
        var parts: [String] = []
        if !numbers.isEmpty { parts.append(valueTest("p.number_value", p.op, numbers, &b)) }
        if !texts.isEmpty { parts.append(valueTest("p.string_value", p.op, texts, &b)) }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
    }

    /// `column <op> value(s)` with every value bound.
    private func valueTest(_ column: String, _ op: SearchOperator, _ values: [SQLBinding], _ b: inout SQLBuilder) -> String {
        func one(_ symbol: String) -> String { column + " " + symbol + " " + b.bind(values[0]) }
        switch op {
        case .equal: return one("=")
        case .notEqual: return one("<>")
        case .less: return one("<")
        case .lessOrEqual: return one("<=")
        case .greater: return one(">")
        case .greaterOrEqual: return one(">=")
        case .contains, .notContains:
            guard case .text(let needle) = values[0] else { return "1 = 0" }
            let test = b.contains(column, needle)
            return op == .contains ? test : "NOT (" + test + ")"
        case .in, .notIn:
            let list = values.map { b.bind($0) }.joined(separator: ", ")
            return column + (op == .in ? " IN (" : " NOT IN (") + list + ")"
        case .exists: return column + " IS NOT NULL"
        case .notExists: return column + " IS NULL"
        }
    }
}
