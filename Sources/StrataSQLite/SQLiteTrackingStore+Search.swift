import GRDB
import StrataTracking

extension SQLiteTrackingStore {
    /// Names of the components (or trials) matching a query in the search language, in its order.
    ///
    /// ```swift
    /// let best = try await store.search("metrics.silhouette > 0.4 order by metrics.silhouette desc limit 5")
    /// ```
    /// Throws `SearchError` (with the column of the mistake) for a malformed query.
    public func search(_ query: String, target: SearchTarget = .components) async throws -> [String] {
        let compiled = try SearchCompiler(dialect: .sqlite, target: target).compile(query)
        let table = target == .components ? "trial_components" : "trials"
        return try await withReadDatabase { db in
            let ids = try Int64.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.bindings.map(\.databaseValue)))
            // Names are looked up a page of ids at a time: SQLite binds at most 32,766 values per
            // statement, and a search may match any number of rows. The ids keep the search's order.
            var names: [Int64: String] = [:]
            names.reserveCapacity(ids.count)
            var start = 0
            while start < ids.count {
                let page = ids[start..<min(start + Self.nameLookupPage, ids.count)]
                let placeholders = Array(repeating: "?", count: page.count).joined(separator: ",")
                let rows = try Row.fetchCursor(db, sql: "SELECT id, name FROM \(table) WHERE id IN (\(placeholders))",
                                               arguments: StatementArguments(Array(page)))
                while let row = try rows.next() { names[row[0]] = row[1] }
                start += page.count
            }
            return ids.compactMap { names[$0] }
        }
    }

    /// Ids per name lookup, well under SQLite's limit of 32,766 bound values per statement.
    static let nameLookupPage = 10_000

    /// Runs a leaderboard (one SQL query) and returns its table.
    public func leaderboard(_ spec: LeaderboardSpec) async throws -> LeaderboardTable {
        let compiled = spec.compile(dialect: .sqlite)
        let rows: [[SQLBinding]] = try await withReadDatabase { db in
            try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.bindings.map(\.databaseValue))).map { row in
                (0..<row.count).map { SQLBinding(row[$0] as DatabaseValue) }
            }
        }
        return compiled.table(rows: rows)
    }
}

extension SQLBinding {
    /// The GRDB value bound for this placeholder.
    public var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let v): return v.databaseValue
        case .real(let v): return v.databaseValue
        case .text(let s): return s.databaseValue
        }
    }

    /// A result value read back from SQLite.
    public init(_ value: DatabaseValue) {
        switch value.storage {
        case .null: self = .null
        case .int64(let v): self = .integer(v)
        case .double(let v): self = .real(v)
        case .string(let s): self = .text(s)
        case .blob(let d): self = .text(String(decoding: d, as: UTF8.self))
        }
    }
}

extension SQLiteTrackingStore {
    /// Every parameter name and every metric name in the store, sorted: the default leaderboard
    /// columns when the user names none.
    public func recordedKeyNames() async throws -> (parameters: [String], metrics: [String]) {
        try await withReadDatabase { db in
            (try String.fetchAll(db, sql: "SELECT DISTINCT name FROM parameters ORDER BY name"),
             try String.fetchAll(db, sql: "SELECT DISTINCT name FROM metric_summaries ORDER BY name"))
        }
    }

    /// One query per table over the experiments' links (not a listing of every component).
    public func recordedKeyNames(experiments: [String]) async throws -> (parameters: [String], metrics: [String]) {
        guard !experiments.isEmpty else { return ([], []) }
        let marks = Array(repeating: "?", count: experiments.count).joined(separator: ", ")
        let linked = """
            SELECT l.component_id FROM experiments e JOIN trials t ON t.experiment_id = e.id
              JOIN trial_component_links l ON l.trial_id = t.id WHERE e.name IN (\(marks))
            """
        let arguments = StatementArguments(experiments)
        return try await withReadDatabase { db in
            (try String.fetchAll(db, sql: "SELECT DISTINCT name FROM parameters WHERE component_id IN (\(linked)) ORDER BY name", arguments: arguments),
             try String.fetchAll(db, sql: "SELECT DISTINCT name FROM metric_summaries WHERE component_id IN (\(linked)) ORDER BY name", arguments: arguments))
        }
    }
}

extension SQLiteTrackingStore: SearchableTrackingStore {}
