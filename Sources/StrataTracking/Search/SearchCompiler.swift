/// Compiles a ``SearchQuery`` to parameterised SQL against the tracking schema (schema.md).
///
/// ```swift
/// let compiler = SearchCompiler(dialect: .sqlite, target: .components)
/// let search = try compiler.compile("metrics.silhouette.max > 0.4 order by metrics.silhouette.last desc limit 20")
/// // search.sql: SELECT tc.id AS id FROM trial_components tc JOIN metric_summaries o1 … LIMIT ?
/// // search.bindings: [.text("silhouette"), .text("silhouette"), .real(0.4), .integer(20)]
/// ```
/// The SQL returns one column, `id`, in the requested order (ties broken by ascending id, missing
/// sort values last), honouring `limit`/`offset`. Every literal and every key name is a bound
/// placeholder; only fixed table and column names appear in the text.
///
/// Plan: filters are correlated `EXISTS` probes on the primary keys `(component_id, name)`.
/// When the first sort key is a metric's `last` (or bare `metrics.X`) and the filter requires
/// that metric to exist, it is
/// inner-joined so SQLite can walk `metric_summaries_name(name, last)` in order and stop at the
/// limit (sub-millisecond at 100k components); other sort keys are left-joined and sorted with a
/// top-N sort, O(n log limit).
///
/// Trials: a predicate matches a trial when any of its components matches it (each predicate on
/// its own); a sort key takes, per trial, the best component value in the sort direction —
/// the maximum for `desc`, the minimum for `asc`.
public struct SearchCompiler: Sendable, Hashable {
    public var dialect: SQLDialect
    public var target: SearchTarget

    public init(dialect: SQLDialect = .sqlite, target: SearchTarget = .components) {
        self.dialect = dialect
        self.target = target
    }

    /// Parses and compiles `text` (see ``SearchQuery/parse(_:)``).
    public func compile(_ text: String) throws(SearchError) -> CompiledSearch {
        compile(try SearchQuery.parse(text))
    }

    /// Compiles a parsed query; `limit`/`offset` of the query apply.
    public func compile(_ query: SearchQuery) -> CompiledSearch {
        var b = SQLBuilder(dialect: dialect)
        let ranked = rankedSelect(query, sortColumns: false, &b)
        let sql = ranked.sql + b.limitClause(limit: query.limit, offset: query.offset)
        return CompiledSearch(sql: sql, bindings: b.bindings)
    }

    /// The ordered `SELECT` (without `LIMIT`): `id`, plus sort values `k1…kn` when
    /// `sortColumns` (used by the leaderboard to re-sort its page), and the `ORDER BY` terms
    /// over those output names.
    struct Ranked {
        var sql: String
        /// Sort keys as output column names with direction (`k1` desc, …); `id` ascending
        /// is the implied final tie-breaker.
        var outerKeys: [(name: String, descending: Bool)]

        /// `ORDER BY` terms over the output columns, each prefixed with `qualifier`.
        func outerOrder(_ qualifier: String) -> String {
            (outerKeys.map { SearchCompiler.term(qualifier + $0.name, $0.descending) } + [qualifier + "id"])
                .joined(separator: ", ")
        }
    }

    func rankedSelect(_ query: SearchQuery, sortColumns: Bool, _ b: inout SQLBuilder) -> Ranked {
        switch target {
        case .components: return componentSelect(query, sortColumns: sortColumns, &b)
        case .trials: return trialSelect(query, sortColumns: sortColumns, &b)
        }
    }

    private func componentSelect(_ query: SearchQuery, sortColumns: Bool, _ b: inout SQLBuilder) -> Ranked {
        let (joins, terms) = componentOrdering(query, &b)
        var select = "SELECT tc.id AS id"
        if sortColumns {
            for (i, t) in terms.enumerated() { select += ", \(t.expression) AS k\(i + 1)" }
        }
        var sql = select + " FROM trial_components tc"
        for j in joins { sql += " " + j }
        if let filter = query.filter { sql += " WHERE " + filterSQL(filter, &b) }
        sql += " ORDER BY " + Self.orderBy(terms)
        return Ranked(sql: sql, outerKeys: terms.enumerated().map { ("k\($0.offset + 1)", $0.element.descending) })
    }

    /// `ORDER BY` terms for components, ending with the `tc.id` tie-breaker.
    static func orderBy(_ terms: [(expression: String, descending: Bool)]) -> String {
        (terms.map { term($0.expression, $0.descending) } + ["tc.id"]).joined(separator: ", ")
    }

    /// The joins (bound in text order) and sort expressions of a component query's `order by`.
    func componentOrdering(_ query: SearchQuery, _ b: inout SQLBuilder) -> (joins: [String], terms: [(expression: String, descending: Bool)]) {
        var joins: [String] = []
        var terms: [(expression: String, descending: Bool)] = []
        for (i, ordering) in query.ordering.enumerated() {
            let alias = "o\(i + 1)"
            let d = ordering.descending
            switch ordering.key {
            case .attribute(let a):
                terms.append((componentAttributeExpression(a, descending: d), d))
            case .metric(let name, let aggregate):
                // Only `last` has an index (metric_summaries_name); for the other aggregates an
                // inner join would fetch every summary row at random, slower than the top-N scan.
                let inner = i == 0 && aggregate == .last && (query.filter?.requiresMetric(name) ?? false)
                joins.append((inner ? "JOIN" : "LEFT JOIN") + " metric_summaries \(alias) ON \(alias).component_id = tc.id AND \(alias).name = " + b.bind(name))
                terms.append(("\(alias).\(aggregate.column)", d))
            case .parameter(let name):
                joins.append("LEFT JOIN parameters \(alias) ON \(alias).component_id = tc.id AND \(alias).name = " + b.bind(name))
                terms.append(("\(alias).number_value", d))
                terms.append(("\(alias).string_value", d))
            case .tag(let key):
                let kind = b.bind("component")
                joins.append("LEFT JOIN tags \(alias) ON \(alias).entity_kind = \(kind) AND \(alias).entity_id = tc.id AND \(alias).key = " + b.bind(key))
                terms.append(("\(alias).value", d))
            }
        }
        return (joins, terms)
    }

    private func trialSelect(_ query: SearchQuery, sortColumns: Bool, _ b: inout SQLBuilder) -> Ranked {
        var columns: [(expression: String, descending: Bool)] = []
        for ordering in query.ordering {
            let d = ordering.descending
            let best = d ? "MAX" : "MIN"
            let links = "FROM trial_component_links l CROSS JOIN "
            switch ordering.key {
            case .attribute(.name), .attribute(.trial): columns.append(("tr.name", d))
            case .attribute(.displayName): columns.append(("tr.display_name", d))
            case .attribute(.created): columns.append(("tr.created_at", d))
            case .attribute(.experiment):
                columns.append(("(SELECT e.name FROM experiments e WHERE e.id = tr.experiment_id)", d))
            case .attribute(.status):
                columns.append(("(SELECT \(best)(c.status) " + links + "trial_components c WHERE c.id = l.component_id AND l.trial_id = tr.id)", d))
            case .metric(let name, let aggregate):
                columns.append(("(SELECT \(best)(m.\(aggregate.column)) " + links
                    + "metric_summaries m WHERE m.component_id = l.component_id AND l.trial_id = tr.id AND m.name = " + b.bind(name) + ")", d))
            case .parameter(let name):
                for column in ["number_value", "string_value"] {
                    columns.append(("(SELECT \(best)(p.\(column)) " + links
                        + "parameters p WHERE p.component_id = l.component_id AND l.trial_id = tr.id AND p.name = " + b.bind(name) + ")", d))
                }
            case .tag(let key):
                let kind = b.bind("trial")
                columns.append(("(SELECT g.value FROM tags g WHERE g.entity_kind = \(kind) AND g.entity_id = tr.id AND g.key = " + b.bind(key) + ")", d))
            }
        }
        var inner = "SELECT tr.id AS id"
        for (i, c) in columns.enumerated() { inner += ", \(c.expression) AS k\(i + 1)" }
        inner += " FROM trials tr"
        if let filter = query.filter { inner += " WHERE " + filterSQL(filter, &b) }
        let ranked = Ranked(sql: "", outerKeys: columns.enumerated().map { ("k\($0.offset + 1)", $0.element.descending) })
        let output = sortColumns ? (["id"] + columns.indices.map { "k\($0 + 1)" }).joined(separator: ", ") : "id"
        let sql = "SELECT \(output) FROM (" + inner + ") ranked ORDER BY " + ranked.outerOrder("")
        return Ranked(sql: sql, outerKeys: ranked.outerKeys)
    }

    /// Component attributes as sort expressions; a component in several trials sorts by its
    /// best trial/experiment name in the sort direction.
    private func componentAttributeExpression(_ a: SearchAttribute, descending: Bool) -> String {
        let best = descending ? "MAX" : "MIN"
        switch a {
        case .name: return "tc.name"
        case .displayName: return "tc.display_name"
        case .status: return "tc.status"
        case .created: return "tc.created_at"
        case .trial:
            return "(SELECT \(best)(t.name) FROM trial_component_links l CROSS JOIN trials t WHERE t.id = l.trial_id AND l.component_id = tc.id)"
        case .experiment:
            return "(SELECT \(best)(e.name) FROM trial_component_links l CROSS JOIN trials t CROSS JOIN experiments e WHERE t.id = l.trial_id AND e.id = t.experiment_id AND l.component_id = tc.id)"
        }
    }

    static func term(_ expression: String, _ descending: Bool) -> String {
        expression + (descending ? " DESC NULLS LAST" : " ASC NULLS LAST")
    }
}
