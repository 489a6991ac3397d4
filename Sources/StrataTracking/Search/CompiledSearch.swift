/// Parameterised SQL returning one column, `id`, of the matching components (or trials), in
/// order, limited. Run it with ``bindings`` in placeholder order, then load the rows.
///
/// ```swift
/// let c = try SearchCompiler(dialect: .sqlite).compile("metrics.loss < 0.1 order by created desc limit 5")
/// // GRDB: map each SQLBinding to a DatabaseValue (.null, Int64, Double, String), then
/// let ids = try Int64.fetchAll(db, sql: c.sql, arguments: StatementArguments(values))
/// ```
public struct CompiledSearch: Sendable, Hashable {
    public var sql: String
    public var bindings: [SQLBinding]

    public init(sql: String, bindings: [SQLBinding]) {
        self.sql = sql
        self.bindings = bindings
    }
}
