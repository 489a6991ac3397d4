/// What a leaderboard shows: components (or trials) as rows; chosen attribute, parameter,
/// metric-summary and tag columns; an optional search filter; ordering by any key; paging.
///
/// ```swift
/// let spec = try LeaderboardSpec(
///     columns: ["params.algorithm", "params.k", "metrics.silhouette.max", "metrics.silhouette.last"],
///     search: #"experiment = "customers" order by metrics.silhouette.max desc"#,
///     limit: 20)
/// let compiled = spec.compile(dialect: .sqlite)   // ONE SQL query returning the rows
/// ```
/// The `name` column always comes first. For trial leaderboards a column aggregates the trial's
/// components (see Guides/Search.md): `min` → smallest, `max` → largest, `count` → total,
/// `avg` → count-weighted mean, `std` → pooled population std, `last` → latest point; a
/// parameter shows the largest value among the components carrying it.
public struct LeaderboardSpec: Sendable, Hashable, Codable {
    public var target: SearchTarget
    /// Columns after `name` (duplicates and `name` itself are dropped).
    public var columns: [SearchKey]
    /// Filter, ordering, limit and offset; ordering may use any key, shown or not.
    public var query: SearchQuery

    public init(target: SearchTarget = .components, columns: [SearchKey], query: SearchQuery = SearchQuery()) {
        self.target = target
        self.columns = columns
        self.query = query
    }

    /// Builds a spec from texts: `columns` as keys (`"params.k"`, `"metrics.loss.min"`),
    /// `search` in the search language (may hold `order by`/`limit`), `limit`/`offset` override
    /// the search's own.
    public init(
        target: SearchTarget = .components, columns: [String], search: String = "",
        limit: Int? = nil, offset: Int? = nil
    ) throws(SearchError) {
        var keys: [SearchKey] = []
        for c in columns { keys.append(try SearchKey.parse(c)) }
        var query = try SearchQuery.parse(search)
        if let limit { query.limit = limit }
        if let offset { query.offset = offset }
        self.init(target: target, columns: keys, query: query)
    }

    /// The shown columns: `name` first, then ``columns`` without duplicates.
    public var resolvedColumns: [SearchKey] {
        var seen: Set<SearchKey> = [.attribute(.name)]
        var out: [SearchKey] = [.attribute(.name)]
        for c in columns {
            let key: SearchKey = (target == .trials && c == .attribute(.trial)) ? .attribute(.name) : c
            if seen.insert(key).inserted { out.append(key) }
        }
        return out
    }

    /// Compiles to one SQL query; see ``CompiledLeaderboard``.
    public func compile(dialect: SQLDialect = .sqlite) -> CompiledLeaderboard {
        LeaderboardCompiler(spec: self, dialect: dialect).compile()
    }
}
