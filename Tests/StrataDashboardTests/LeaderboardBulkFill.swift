import Foundation
import GRDB
import StrataSQLite
import StrataTracking

/// Writes an experiment of `count` trials, each holding one clustering component with three
/// parameters and three metric summaries, into a SQLite store in one transaction — the size at
/// which the leaderboard's speed matters (100,000 components).
///
/// Why not the store's write API: one `BEGIN IMMEDIATE` transaction per create, associate and
/// batch makes 400,000 transactions, about a minute on a CI machine. The rows go into the store's
/// own tables, created by its own migrations, with the values its write path would store
/// (summaries folded by `MetricSummary.add`, the same status spelling); a test reads a sample back
/// through `SQLiteTrackingStore` to prove the rows are what the store itself understands.
struct LeaderboardBulkFill: Sendable {
    var experiment = "leaderboard-100k"
    var count = 100_000
    var seed: UInt64 = 11

    static let methods = ["kmeans", "dbscan", "hdbscan"]

    /// The trial called number `index` and its component.
    func trialName(_ index: Int) -> String { "\(experiment)-\(String(format: "%06ld", index))" }
    func componentName(_ index: Int) -> String { trialName(index) + "-cluster" }

    /// Parameters and metric values of row `index`: a pure function of (seed, index), so a test
    /// can recompute what any row should hold.
    func row(_ index: Int) -> (method: String, clusters: Int, minSamples: Int, silhouette: Double, daviesBouldin: Double, seconds: Double) {
        var state = seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &+ 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) / Double(1 << 53)
        }
        let method = Self.methods[Int(next() * 3) % 3]
        return (method, 3 + Int(next() * 28), 3 + Int(next() * 48),
                (next() * 1.2 - 0.2).rounded(toPlaces: 6), (0.3 + next() * 2.5).rounded(toPlaces: 6), (0.05 + next() * 20).rounded(toPlaces: 3))
    }

    /// Creates the experiment through the store's API, then inserts every trial, component, link,
    /// parameter, metric point and metric summary in one write transaction.
    func write(into store: SQLiteTrackingStore) async throws {
        _ = try await store.loadOrCreateExperiment(experiment, displayName: "Leaderboard at 100,000 components",
                                                   description: "Generated rows for the dashboard's leaderboard speed check.")
        let fill = self
        try await store.writer.write { db in
            guard let experimentID = try Int64.fetchOne(db, sql: "SELECT id FROM experiments WHERE name = ?", arguments: [fill.experiment]) else {
                throw TrackingError.notFound(kind: .experiment, name: fill.experiment)
            }
            let start = Date().timeIntervalSince1970 - Double(fill.count)
            let trial = try db.makeStatement(sql: "INSERT INTO trials (name, experiment_id, display_name, metadata, created_at, updated_at) VALUES (?, ?, NULL, NULL, ?, ?)")
            let component = try db.makeStatement(sql: """
                INSERT INTO trial_components (name, display_name, status, status_message, start_time, end_time, source_job, created_at, updated_at)
                VALUES (?, NULL, ?, NULL, ?, ?, NULL, ?, ?)
                """)
            let link = try db.makeStatement(sql: "INSERT INTO trial_component_links (trial_id, component_id) VALUES (?, ?)")
            let parameter = try db.makeStatement(sql: "INSERT INTO parameters (component_id, name, number_value, string_value) VALUES (?, ?, ?, ?)")
            let summary = try db.makeStatement(sql: """
                INSERT INTO metric_summaries (component_id, name, count, min, max, avg, std, last, last_step, last_timestamp, m2)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let point = try db.makeStatement(sql: "INSERT INTO metric_points (component_id, name, step, timestamp, value) VALUES (?, ?, NULL, ?, ?)")
            let completed = TrialComponentStatus.Primary.completed.rawValue
            for index in 0..<fill.count {
                let values = fill.row(index)
                let created = start + Double(index)
                try trial.execute(arguments: [fill.trialName(index), experimentID, created, created])
                let trialID = db.lastInsertedRowID
                try component.execute(arguments: [fill.componentName(index), completed, created, created + values.seconds, created, created + values.seconds])
                let componentID = db.lastInsertedRowID
                try link.execute(arguments: [trialID, componentID])
                try parameter.execute(arguments: [componentID, "method", nil, values.method])
                try parameter.execute(arguments: [componentID, "n_clusters", Double(values.clusters), nil])
                try parameter.execute(arguments: [componentID, "min_samples", Double(values.minSamples), nil])
                for (name, value) in [("silhouette", values.silhouette), ("davies_bouldin", values.daviesBouldin), ("seconds", values.seconds)] {
                    var folded = MetricSummary()
                    folded.add(value, step: nil, timestamp: created + values.seconds)
                    try point.execute(arguments: [componentID, name, created + values.seconds, value])
                    try summary.execute(arguments: [componentID, name, folded.count, folded.minimum, folded.maximum, folded.average,
                                                    folded.standardDeviation, folded.last, folded.lastStep, folded.lastTimestamp, folded.m2])
                }
            }
        }
    }
}

private extension Double {
    func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
