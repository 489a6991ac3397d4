/// Turns a ``LeaderboardSpec`` into one SQL query: the search's ordered, limited page of ids
/// (with its sort values) as a derived table, joined to the shown columns and re-sorted by the
/// page's sort values. Columns are read by primary-key probes, so the cost is
/// O(page rows × columns) on top of the search. Without limit/offset (a whole-table export) the
/// component query is one flat join sorted once: O(n × columns + n log n).
struct LeaderboardCompiler {
    let spec: LeaderboardSpec
    let dialect: SQLDialect

    func compile() -> CompiledLeaderboard {
        var b = SQLBuilder(dialect: dialect)
        let keys = spec.resolvedColumns
        var select: [String] = ["page.id"]
        var slots: [CompiledLeaderboard.Slot] = []
        var sqlColumns = 1
        func add(_ expressions: [String], _ slot: CompiledLeaderboard.Slot) {
            select += expressions
            slots.append(slot)
            sqlColumns += expressions.count
        }
        let searchCompiler = SearchCompiler(dialect: dialect, target: spec.target)
        switch spec.target {
        case .components:
            // Joins are bound after the page (their text comes after it); remember them.
            var joins: [(alias: String, table: String, key: String)] = []
            var metricAlias: [String: String] = [:]
            func join(_ table: String, _ key: String) -> String {
                let alias = "c\(joins.count + 1)"
                joins.append((alias, table, key))
                return alias
            }
            for key in keys {
                switch key {
                case .attribute(.name): add(["tc.name"], .text)
                case .attribute(.displayName): add(["tc.display_name"], .text)
                case .attribute(.status): add(["tc.status"], .text)
                case .attribute(.created): add(["tc.created_at"], .date)
                case .attribute(.trial):
                    add(["(SELECT \(listAggregate("t.name")) FROM trial_component_links l CROSS JOIN trials t WHERE t.id = l.trial_id AND l.component_id = tc.id)"], .text)
                case .attribute(.experiment):
                    add(["(SELECT \(listAggregate("e.name")) FROM trial_component_links l CROSS JOIN trials t CROSS JOIN experiments e WHERE t.id = l.trial_id AND e.id = t.experiment_id AND l.component_id = tc.id)"], .text)
                case .parameter(let name):
                    let a = join("parameters", name)
                    add(["\(a).number_value", "\(a).string_value"], .parameter)
                case .metric(let name, let aggregate):
                    let a = metricAlias[name] ?? join("metric_summaries", name)
                    metricAlias[name] = a
                    add(["\(a).\(aggregate.column)"], .number)
                case .tag(let key):
                    let a = join("tags", key)
                    add(["\(a).value"], .text)
                }
            }
            var sql: String
            var ranked: SearchCompiler.Ranked? = nil
            let paged = spec.query.limit != nil || (spec.query.offset ?? 0) > 0
            if paged {
                // Rank and cut the page first, then read the columns of the page's rows only.
                let r = searchCompiler.rankedSelect(spec.query, sortColumns: true, &b)
                ranked = r
                sql = "SELECT " + select.joined(separator: ", ") + " FROM (" + r.sql
                    + b.limitClause(limit: spec.query.limit, offset: spec.query.offset)
                    + ") page JOIN trial_components tc ON tc.id = page.id"
            } else {
                // A whole-table export: one flat join sorted once (no derived page, no self-join).
                select[0] = "tc.id"
                let (orderJoins, terms) = searchCompiler.componentOrdering(spec.query, &b)
                sql = "SELECT " + select.joined(separator: ", ") + " FROM trial_components tc"
                for j in orderJoins { sql += " " + j }
                var tail = ""
                for j in joins { tail += " " + columnJoin(j, &b) }
                sql += tail
                if let filter = spec.query.filter { sql += " WHERE " + searchCompiler.filterSQL(filter, &b) }
                sql += " ORDER BY " + SearchCompiler.orderBy(terms)
                return CompiledLeaderboard(sql: sql, bindings: b.bindings, columns: keys.map(\.spelling), sqlColumnCount: sqlColumns, slots: slots)
            }
            for j in joins { sql += " " + columnJoin(j, &b) }
            sql += " ORDER BY " + ranked!.outerOrder("page.")
            return CompiledLeaderboard(sql: sql, bindings: b.bindings, columns: keys.map(\.spelling), sqlColumnCount: sqlColumns, slots: slots)

        case .trials:
            let links = "FROM trial_component_links l CROSS JOIN "
            for key in keys {
                switch key {
                case .attribute(.name), .attribute(.trial): add(["tr.name"], .text)
                case .attribute(.displayName): add(["tr.display_name"], .text)
                case .attribute(.created): add(["tr.created_at"], .date)
                case .attribute(.experiment): add(["(SELECT e.name FROM experiments e WHERE e.id = tr.experiment_id)"], .text)
                case .attribute(.status):
                    add(["(SELECT \(listAggregate("c.status")) " + links + "trial_components c WHERE c.id = l.component_id AND l.trial_id = tr.id)"], .text)
                case .parameter(let name):
                    var pair: [String] = []
                    for column in ["number_value", "string_value"] {
                        pair.append("(SELECT MAX(p.\(column)) " + links + "parameters p WHERE p.component_id = l.component_id AND l.trial_id = tr.id AND p.name = " + b.bind(name) + ")")
                    }
                    add(pair, .parameter)
                case .metric(let name, let aggregate):
                    // Bound where it is used: the std's subqueries put placeholders before it.
                    func from(_ b: inout SQLBuilder) -> String {
                        links + "metric_summaries m WHERE m.component_id = l.component_id AND l.trial_id = tr.id AND m.name = " + b.bind(name)
                    }
                    switch aggregate {
                    case .min: add(["(SELECT MIN(m.min) \(from(&b)))"], .number)
                    case .max: add(["(SELECT MAX(m.max) \(from(&b)))"], .number)
                    case .count: add(["(SELECT SUM(m.count) \(from(&b)))"], .number)
                    case .avg: add(["(SELECT SUM(m.count * m.avg) / NULLIF(SUM(m.count), 0) \(from(&b)))"], .number)
                    case .std:
                        add([pooledVariance(name, &b)], .variance)
                    case .last:
                        add(["(SELECT m.last \(from(&b)) ORDER BY m.last_timestamp DESC NULLS LAST, m.last_step DESC NULLS LAST LIMIT 1)"], .number)
                    }
                case .tag(let key):
                    let kind = b.bind("trial")
                    add(["(SELECT g.value FROM tags g WHERE g.entity_kind = \(kind) AND g.entity_id = tr.id AND g.key = " + b.bind(key) + ")"], .text)
                }
            }
            let ranked = searchCompiler.rankedSelect(spec.query, sortColumns: true, &b)
            let sql = "SELECT " + select.joined(separator: ", ") + " FROM (" + ranked.sql
                + b.limitClause(limit: spec.query.limit, offset: spec.query.offset)
                + ") page JOIN trials tr ON tr.id = page.id ORDER BY " + ranked.outerOrder("page.")
            return CompiledLeaderboard(sql: sql, bindings: b.bindings, columns: keys.map(\.spelling), sqlColumnCount: sqlColumns, slots: slots)
        }
    }

    /// A trial's population variance of metric `name` over all its components' points, from
    /// each component's stored Welford summary (n, mean, M2) by the parallel combination of
    /// Chan, Golub and LeVeque ("Updating formulae and a pairwise algorithm for computing sample
    /// variances", 1979), k-way form: M2 = Σ M2ᵢ + Σ nᵢ (meanᵢ − mean)². Unlike E[x²] − E[x]²
    /// it does not cancel when the spread is tiny beside the mean (1e9 ± 1). Rows written
    /// before `m2` was stored fall back to nᵢ·stdᵢ².
    private func pooledVariance(_ name: String, _ b: inout SQLBuilder) -> String {
        // Placeholders are positional in SQLite: bind in the order they appear in the text.
        func mean(_ b: inout SQLBuilder) -> String {
            "(SELECT SUM(q.count * q.avg) / NULLIF(SUM(q.count), 0) FROM trial_component_links k CROSS JOIN metric_summaries q "
                + "WHERE q.component_id = k.component_id AND k.trial_id = tr.id AND q.name = " + b.bind(name) + ")"
        }
        let first = mean(&b), second = mean(&b)
        return "(SELECT SUM(COALESCE(m.m2, m.count * m.std * m.std) + m.count * (m.avg - \(first)) * (m.avg - \(second))) "
            + "/ NULLIF(SUM(m.count), 0) FROM trial_component_links l CROSS JOIN metric_summaries m "
            + "WHERE m.component_id = l.component_id AND l.trial_id = tr.id AND m.name = " + b.bind(name) + ")"
    }

    /// `LEFT JOIN` of one component column source, its table key bound.
    private func columnJoin(_ j: (alias: String, table: String, key: String), _ b: inout SQLBuilder) -> String {
        switch j.table {
        case "tags":
            let kind = b.bind("component")
            return "LEFT JOIN tags \(j.alias) ON \(j.alias).entity_kind = \(kind) AND \(j.alias).entity_id = tc.id AND \(j.alias).key = " + b.bind(j.key)
        default:
            return "LEFT JOIN \(j.table) \(j.alias) ON \(j.alias).component_id = tc.id AND \(j.alias).name = " + b.bind(j.key)
        }
    }

    /// Distinct values joined by commas.
    private func listAggregate(_ column: String) -> String {
        switch dialect {
        case .sqlite: return "group_concat(DISTINCT \(column))"
        case .postgresql: return "string_agg(DISTINCT \(column), ',' ORDER BY \(column))"
        }
    }
}
