import Foundation

/// What a search predicate, an `order by` key or a leaderboard column refers to.
///
/// ```swift
/// try SearchKey.parse("metrics.silhouette.max")   // .metric("silhouette", .max)
/// try SearchKey.parse("params.\"n-clusters\"")    // .parameter("n-clusters")
/// try SearchKey.parse("metrics.val.loss")         // .metric("val.loss", .last)
/// ```
/// Dotted names: after `params.`/`tags.` every remaining segment belongs to the name; after
/// `metrics.` the last segment is the aggregate when it is one of `min max avg std last count`,
/// otherwise it is part of the name and the aggregate is `last`.
public enum SearchKey: Sendable, Hashable, Codable {
    case attribute(SearchAttribute)
    case parameter(String)
    case metric(String, SearchMetricAggregate)
    case tag(String)

    /// Canonical spelling, quoting names that are not plain words (`params."n-clusters"`).
    public var spelling: String {
        switch self {
        case .attribute(let a): return a.rawValue
        case .parameter(let n): return "params." + SearchKey.quoteIfNeeded(n)
        case .metric(let n, let a): return "metrics." + SearchKey.quoteIfNeeded(n) + "." + a.rawValue
        case .tag(let n): return "tags." + SearchKey.quoteIfNeeded(n)
        }
    }

    /// Parses a key alone (a leaderboard column or sort key), with the same rules as in a query.
    public static func parse(_ text: String) throws(SearchError) -> SearchKey {
        var parser = try SearchParser(text)
        let key = try parser.parseKey()
        try parser.expectEnd()
        return key
    }

    static func quoteIfNeeded(_ name: String) -> String {
        let plain = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        if plain { return name }
        return "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }
}

/// The built-in attributes of a trial component or trial.
public enum SearchAttribute: String, Sendable, Hashable, Codable, CaseIterable {
    case name
    case displayName = "display_name"
    /// InProgress, Completed, Failed, Stopping, Stopped (matched case-insensitively in queries).
    case status
    /// Creation time; literals are ISO-8601 texts (`"2025-03-01"`, `"2025-03-01T12:00:00Z"`) or
    /// Unix epoch seconds.
    case created
    /// The experiment (name) the component's trials belong to.
    case experiment
    /// The trial (name) a component belongs to; for a trial target, the trial's own name.
    case trial
}

/// The metric summary a `metrics.X.<aggregate>` key reads; `metrics.X` alone means `last`.
public enum SearchMetricAggregate: String, Sendable, Hashable, Codable, CaseIterable {
    case min, max, avg, std, last, count

    /// The metric_summaries column holding this aggregate.
    var column: String { rawValue }
}
