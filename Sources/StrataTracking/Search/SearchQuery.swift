/// A parsed search: optional filter, `order by` keys, `limit` and `offset`.
///
/// ```swift
/// let query = try SearchQuery.parse(
///     #"metrics.silhouette.max > 0.4 and (params.algorithm = "dbscan" or tags.owner = "ana") "#
///   + "order by metrics.silhouette.last desc limit 20")
/// let compiled = SearchCompiler(dialect: .sqlite, target: .components).compile(query)
/// // run compiled.sql with compiled.bindings; it returns the matching ids in order
/// ```
/// Grammar (keywords case-insensitive), see Guides/Search.md:
/// ```
/// query     := [expr] ["order" "by" ordering ("," ordering)*] ["limit" INT] ["offset" INT]
/// ordering  := key ["asc" | "desc"]
/// expr      := and ("or" and)*
/// and       := unary ("and" unary)*
/// unary     := "not" unary | "(" expr ")" | predicate
/// predicate := key op value | key ["not"] "in" "(" value ("," value)* ")"
///            | key ["not"] "contains" value | key ["not"] "exists"
/// ```
/// Parsing is linear in the query length.
public struct SearchQuery: Sendable, Hashable, Codable {
    public var filter: SearchExpression?
    public var ordering: [SearchOrdering]
    public var limit: Int?
    public var offset: Int?

    public init(filter: SearchExpression? = nil, ordering: [SearchOrdering] = [], limit: Int? = nil, offset: Int? = nil) {
        self.filter = filter
        self.ordering = ordering
        self.limit = limit
        self.offset = offset
    }

    /// Parses `text`; an empty or blank text is the query that matches everything.
    public static func parse(_ text: String) throws(SearchError) -> SearchQuery {
        var parser = try SearchParser(text)
        return try parser.parseQuery()
    }
}
