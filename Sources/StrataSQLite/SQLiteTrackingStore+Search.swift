import GRDB
import StrataTracking

extension SQLiteTrackingStore {
    /// Names of the components (or trials) matching a query in the search language, in its order.
    ///
    /// ```swift
    /// let best = try await store.search("metrics.silhouette > 0.4 order by metrics.silhouette desc limit 5")
    /// ```
    /// Throws ``SearchError`` (with the column of the mistake) for a malformed query.
    public func search(_ query: String, target: SearchTarget = .components) async throws -> [String] {
        let compiled = try SearchCompiler(dialect: .sqlite, target: target).compile(query)
        let table = target == .components ? "trial_components" : "trials"
        return try await withReadDatabase { db in
            let ids = try Int64.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.bindings.map(\.databaseValue)))
            guard !ids.isEmpty else { return [] }
            // One lookup for all names; the ids keep the search's order.
            let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ",")
            let pairs = try Row.fetchAll(db, sql: "SELECT id, name FROM \(table) WHERE id IN (\(placeholders))",
                                         arguments: StatementArguments(ids))
            var names: [Int64: String] = [:]
            for row in pairs { names[row["id"]] = row["name"] }
            return ids.compactMap { names[$0] }
        }
    }

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
}
