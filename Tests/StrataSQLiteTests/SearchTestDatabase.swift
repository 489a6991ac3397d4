import Foundation
import GRDB
import StrataSQLite
import StrataTracking


/// SplitMix64: a tiny deterministic generator so the data set is the same on every run.
struct SearchTestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    mutating func chance(_ p: Double) -> Bool { unit() < p }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// A parameter value as stored: number_value or string_value.
enum SearchTestParameter: Hashable {
    case number(Double)
    case string(String)
}

/// A metric summary row.
struct SearchTestSummary: Hashable {
    var count: Int
    var min, max, avg, std, last: Double
    var lastStep: Int
    var lastTimestamp: Double

    func value(_ aggregate: SearchMetricAggregate) -> Double {
        switch aggregate {
        case .min: return min
        case .max: return max
        case .avg: return avg
        case .std: return std
        case .last: return last
        case .count: return Double(count)
        }
    }
}

struct SearchTestComponent {
    var id: Int64
    var name: String
    var displayName: String?
    var status: String
    var created: Double
    var parameters: [String: SearchTestParameter] = [:]
    var metrics: [String: SearchTestSummary] = [:]
    var tags: [String: String] = [:]
    var trialIDs: [Int64] = []
}

struct SearchTestTrial {
    var id: Int64
    var name: String
    var experimentID: Int64
    var displayName: String?
    var created: Double
    var tags: [String: String] = [:]
    var componentIDs: [Int64] = []
}

/// An in-memory SQLite database with the schema.md DDL, filled with varied data, and the same
/// data as Swift values from which the tests compute their expectations.
struct SearchTestDatabase {
    let queue: DatabaseQueue
    var experiments: [Int64: String] = [:]
    var trials: [SearchTestTrial] = []
    var components: [SearchTestComponent] = []

    static let injection = "x' OR 1=1 --"

    init(componentCount: Int = 80, seed: UInt64 = 7) throws {
        queue = try DatabaseQueue()
        // The store's own migrations, so these tests run against the schema users get.
        try SQLiteTrackingStore.migrator.migrate(queue)
        var r = SearchTestRandom(state: seed)
        let base = 1_735_689_600.0 // 2025-01-01T00:00:00Z
        experiments = [1: "churn", 2: "upsell", 3: "empty-experiment"]
        for t in 1...8 {
            trials.append(SearchTestTrial(
                id: Int64(t), name: "trial-\(t)", experimentID: t <= 5 ? 1 : 2,
                displayName: r.chance(0.5) ? "Trial \(t)" : nil, created: base + Double(t) * 86_400,
                tags: r.chance(0.6) ? ["owner": r.pick(["ana", "bob"])] : [:]))
        }
        for i in 1...componentCount {
            var c = SearchTestComponent(
                id: Int64(i), name: "component-\(i)",
                displayName: r.chance(0.7) ? r.pick(["Preprocessing", "KMeans run", "DBSCAN \"fast\"", "Eval, final"]) : nil,
                status: r.pick(["InProgress", "Completed", "Completed", "Failed", "Stopping", "Stopped"]),
                created: base + Double(i) * 3_600 + r.unit() * 100)
            if r.chance(0.85) { c.parameters["k"] = r.chance(0.08) ? .string(String(r.int(2...8))) : .number(Double(r.int(2...8))) }
            if r.chance(0.8) { c.parameters["algorithm"] = .string(r.pick(["kmeans", "dbscan", "hdbscan", "KMeans"])) }
            if r.chance(0.5) { c.parameters["n-clusters"] = .number(Double(r.int(1...4))) }
            if r.chance(0.6) { c.parameters["eps"] = .number((r.unit() * 2 - 0.5) * 1e-1) }
            if i % 17 == 0 { c.parameters["algorithm"] = .string(Self.injection) }
            if r.chance(0.85) { c.metrics["silhouette"] = Self.summary(&r, center: r.unit() - 0.2) }
            if r.chance(0.4) { c.metrics["val.loss"] = Self.summary(&r, center: r.unit() * 3) }
            if r.chance(0.6) { c.tags["owner"] = r.pick(["ana", "bob", "carla"]) }
            if r.chance(0.2) { c.tags["note"] = r.pick(["baseline", "it's \"quoted\"", Self.injection, "a,b"]) }
            let linkCount = r.pick([0, 1, 1, 1, 2])
            var linked: Set<Int64> = []
            for _ in 0..<linkCount { linked.insert(Int64(r.int(1...trials.count))) }
            c.trialIDs = linked.sorted()
            for t in c.trialIDs { trials[Int(t) - 1].componentIDs.append(c.id) }
            components.append(c)
        }
        try insertAll()
    }

    static func summary(_ r: inout SearchTestRandom, center: Double) -> SearchTestSummary {
        let count = r.int(1...20)
        let spread = r.unit() * 0.3
        let mn = center - spread, mx = center + spread
        return SearchTestSummary(
            count: count, min: mn, max: mx, avg: center + (r.unit() - 0.5) * spread, std: spread / 2,
            last: mn + r.unit() * (mx - mn), lastStep: count - 1, lastTimestamp: 1_700_000_000 + r.unit() * 1e6)
    }

    private func insertAll() throws {
        try queue.write { db in
            for (id, name) in experiments.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO experiments (id, name, created_at, updated_at) VALUES (?, ?, 0, 0)", arguments: [id, name])
            }
            for t in trials {
                try db.execute(sql: "INSERT INTO trials (id, name, experiment_id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [t.id, t.name, t.experimentID, t.displayName, t.created, t.created])
                for (k, v) in t.tags {
                    try db.execute(sql: "INSERT INTO tags VALUES ('trial', ?, ?, ?)", arguments: [t.id, k, v])
                }
            }
            for c in components {
                try db.execute(sql: "INSERT INTO trial_components (id, name, display_name, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [c.id, c.name, c.displayName, c.status, c.created, c.created])
                for (name, value) in c.parameters {
                    switch value {
                    case .number(let v): try db.execute(sql: "INSERT INTO parameters VALUES (?, ?, ?, NULL)", arguments: [c.id, name, v])
                    case .string(let s): try db.execute(sql: "INSERT INTO parameters VALUES (?, ?, NULL, ?)", arguments: [c.id, name, s])
                    }
                }
                for (name, s) in c.metrics {
                    try db.execute(sql: "INSERT INTO metric_summaries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                   arguments: [c.id, name, s.count, s.min, s.max, s.avg, s.std, s.last, s.lastStep, s.lastTimestamp, s.std * s.std * Double(s.count)])
                }
                for (k, v) in c.tags {
                    try db.execute(sql: "INSERT INTO tags VALUES ('component', ?, ?, ?)", arguments: [c.id, k, v])
                }
                for t in c.trialIDs {
                    try db.execute(sql: "INSERT INTO trial_component_links VALUES (?, ?)", arguments: [t, c.id])
                }
            }
        }
    }

    /// Runs a compiled search and returns the ids in order.
    func ids(_ compiled: CompiledSearch) throws -> [Int64] {
        try queue.read { db in
            try Int64.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.bindings.map(\.databaseValue)))
        }
    }

    /// Runs a compiled leaderboard and returns its table.
    func table(_ compiled: CompiledLeaderboard) throws -> LeaderboardTable {
        let rows: [[SQLBinding]] = try queue.read { db in
            try Row.fetchAll(db, sql: compiled.sql, arguments: StatementArguments(compiled.bindings.map(\.databaseValue))).map { row in
                (0..<row.count).map { i in SQLBinding(row[i] as DatabaseValue) }
            }
        }
        return compiled.table(rows: rows)
    }
}
