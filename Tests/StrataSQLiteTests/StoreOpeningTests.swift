import Foundation
import GRDB
import StrataSQLite
import StrataTracking
import Testing

@Suite struct StoreOpeningTests {
    /// The columns of /work/prompts/schema.md, table by table, that the search compiler relies on.
    static let schema: [String: [String]] = [
        "experiments": ["id", "name", "display_name", "description", "created_by", "created_at", "updated_at"],
        "trials": ["id", "name", "experiment_id", "display_name", "metadata", "created_at", "updated_at"],
        "trial_components": ["id", "name", "display_name", "status", "status_message", "start_time", "end_time",
                             "source_job", "created_at", "updated_at"],
        "trial_component_links": ["trial_id", "component_id"],
        "tags": ["entity_kind", "entity_id", "key", "value"],
        "parameters": ["component_id", "name", "number_value", "string_value"],
        "artifacts": ["component_id", "direction", "name", "value", "media_type", "size_bytes", "sha256"],
        "metric_summaries": ["component_id", "name", "count", "min", "max", "avg", "std", "last", "last_step",
                             "last_timestamp", "m2"],
        "metric_points": ["component_id", "name", "step", "timestamp", "value"],
    ]

    @Test func schemaHasEveryColumnAndIndex() throws {
        let store = try SQLiteTrackingStore(path: temporaryStorePath())
        try store.readDatabase { db in
            for (table, columns) in Self.schema {
                let actual = try db.columns(in: table).map(\.name)
                #expect(actual == columns, "columns of \(table)")
            }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            for index in ["metric_points_component_name", "metric_summaries_name", "parameters_name_number",
                          "parameters_name_string", "tags_key_value", "links_component", "trials_experiment",
                          "components_created"] {
                #expect(indexes.contains(index), "index \(index)")
            }
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            #expect(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") == 1)
        }
    }

    @Test func reopeningKeepsDataAndMigrationsRunOnce() async throws {
        let path = temporaryStorePath()
        do {
            let store = try SQLiteTrackingStore(path: path)
            _ = try await store.loadOrCreateExperiment("kept")
        }
        let reopened = try SQLiteTrackingStore(path: path)
        #expect(try await reopened.experiment(named: "kept").name == "kept")
        let applied = try reopened.readDatabase { db in try SQLiteTrackingStore.migrator.appliedIdentifiers(db) }
        // Every registered migration ran (the list only grows: an older store opens in a newer Strata).
        #expect(applied == Set(SQLiteTrackingStore.migrator.migrations))
        #expect(applied.isSuperset(of: ["v1-tracking-schema", "v2-users"]))
    }

    @Test func storeURLs() async throws {
        let directory = URL(fileURLWithPath: temporaryStorePath()).deletingLastPathComponent()
        let path = directory.appendingPathComponent("nested/s.sqlite").path
        let store = try openSQLiteTrackingStore(url: "sqlite:\(path)")
        #expect(store.path == path)
        #expect(store.artifactDirectory.path == directory.appendingPathComponent("nested/artifacts").path)
        #expect(try openSQLiteTrackingStore(url: "sqlite://\(path)").path == path)
        let memory = try openTrackingStore(url: "memory:")
        _ = try await memory.loadOrCreateExperiment("e")
        #expect(try await openTrackingStore(url: "memory:").experiments().isEmpty, "each memory: store is fresh")
        for bad in ["postgres://localhost/strata", "strata.sqlite", ""] {
            #expect(throws: TrackingError.invalidStoreURL(bad)) { _ = try openTrackingStore(url: bad) }
        }
        #expect(defaultTrackingStoreURL == "sqlite:.strata/strata.sqlite")
    }

    @Test func searchHookRunsReadOnlySQL() async throws {
        let store = try SQLiteTrackingStore(path: temporaryStorePath())
        _ = try await store.loadOrCreateComponent("c")
        try await store.apply(TrackingWriteBatch(component: "c", metricPoints: [MetricPoint(name: "m", value: 2, timestamp: 1)]))
        let last = try await store.withReadDatabase { db in
            try Double.fetchOne(db, sql: "SELECT last FROM metric_summaries WHERE name = ?", arguments: ["m"])
        }
        #expect(last == 2)
        await #expect(throws: TrackingError.self) {
            _ = try await store.withReadDatabase { db in try db.execute(sql: "DELETE FROM experiments") }
        }
    }
}
