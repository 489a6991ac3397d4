import Foundation
import GRDB
import GRDBSQLite
import StrataTracking

extension SQLiteTrackingStore {
    /// The write primitive: one `BEGIN IMMEDIATE` transaction per batch (see `TrackingStore`).
    public func apply(_ batch: TrackingWriteBatch) async throws {
        try batch.validate()
        if batch.isEmpty {
            _ = try await read { db in try Self.requireID(db, .component, batch.component) }
            return
        }
        try await write { db in try Self.apply(batch, db) }
    }

    /// The same transaction as ``apply(_:)``, on the calling thread (GRDB's synchronous write
    /// waits on SQLite's lock, never on Swift's cooperative pool).
    public func applySynchronously(_ batch: TrackingWriteBatch) throws {
        try batch.validate()
        do {
            if batch.isEmpty {
                _ = try writer.read { db in try Self.requireID(db, .component, batch.component) }
            } else {
                try writer.write { db in try Self.apply(batch, db) }
            }
        } catch {
            throw Self.wrap(error)
        }
    }

    static func apply(_ batch: TrackingWriteBatch, _ db: Database) throws {
        let id = try requireID(db, .component, batch.component)
        let now = now()
        if let change = batch.statusChange {
            try db.execute(sql: """
                UPDATE trial_components SET status = COALESCE(?, status),
                  status_message = CASE WHEN ? THEN ? ELSE status_message END,
                  start_time = COALESCE(?, start_time), end_time = COALESCE(?, end_time) WHERE id = ?
                """, arguments: [change.status?.primary.rawValue, change.status != nil,
                                 nullIfEmpty(change.status?.message), change.startTime, change.endTime, id])
        }
        for name in batch.removedParameters {
            try db.execute(sql: "DELETE FROM parameters WHERE component_id = ? AND name = ?", arguments: [id, name])
        }
        for (direction, names) in [(ArtifactDirection.input, batch.removedInputs), (.output, batch.removedOutputs)] {
            for name in names {
                try db.execute(sql: "DELETE FROM artifacts WHERE component_id = ? AND direction = ? AND name = ?",
                               arguments: [id, direction.rawValue, name])
            }
        }
        if !batch.parameters.isEmpty {
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO parameters (component_id, name, number_value, string_value) VALUES (?, ?, ?, ?)
                ON CONFLICT (component_id, name) DO UPDATE
                SET number_value = excluded.number_value, string_value = excluded.string_value
                """)
            for (name, value) in batch.parameters {
                try upsert.execute(arguments: [id, name, value.numberValue, value.stringValue])
            }
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM parameters WHERE component_id = ?", arguments: [id]) ?? 0
            if count > TrackingLimits.parametersPerComponent {
                throw TrackingError.limitExceeded(what: "parameters on component \"\(batch.component)\"",
                                                  limit: TrackingLimits.parametersPerComponent, actual: count)
            }
        }
        if !batch.artifacts.isEmpty {
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO artifacts (component_id, direction, name, value, media_type, size_bytes, sha256)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (component_id, direction, name) DO UPDATE SET value = excluded.value,
                  media_type = excluded.media_type, size_bytes = excluded.size_bytes, sha256 = excluded.sha256
                """)
            for write in batch.artifacts {
                let artifact = write.artifact
                try upsert.execute(arguments: [id, write.direction.rawValue, write.name, artifact.value,
                                               artifact.mediaType, artifact.sizeBytes, artifact.sha256])
            }
        }
        if !batch.metricPoints.isEmpty { try appendMetricPoints(batch.metricPoints, component: id, db) }
        try db.execute(sql: "UPDATE trial_components SET updated_at = ? WHERE id = ?", arguments: [now, id])
    }

    /// Groups points by metric (keeping arrival order), folds each group into its stored summary
    /// with Welford's update, and inserts the points through one raw prepared statement.
    static func appendMetricPoints(_ points: [MetricPoint], component id: Int64, _ db: Database) throws {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for index in points.indices {
            let name = points[index].name
            if groups[name] == nil { order.append(name); groups[name] = [] }
            groups[name]!.append(index)
        }
        let insert = try RawStatement(db, sql: "INSERT INTO metric_points (component_id, name, step, timestamp, value) VALUES (?, ?, ?, ?, ?)")
        defer { insert.finalize() }
        let upsertSummary = try db.cachedStatement(sql: """
            INSERT INTO metric_summaries (component_id, name, count, min, max, avg, std, last, last_step, last_timestamp, m2)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (component_id, name) DO UPDATE SET count = excluded.count, min = excluded.min, max = excluded.max,
              avg = excluded.avg, std = excluded.std, last = excluded.last, last_step = excluded.last_step,
              last_timestamp = excluded.last_timestamp, m2 = excluded.m2
            """)
        for name in order {
            var summary = try Row.fetchOne(db, sql: "SELECT * FROM metric_summaries WHERE component_id = ? AND name = ?",
                                           arguments: [id, name]).map(metricSummary) ?? MetricSummary()
            try insert.bindPrefix(component: id, name: name)
            for index in groups[name]! {
                let point = points[index]
                summary.add(point.value, step: point.step, timestamp: point.timestamp)
                try insert.insertPoint(step: point.step, timestamp: point.timestamp, value: point.value)
            }
            try upsertSummary.execute(arguments: [id, name, summary.count, summary.minimum, summary.maximum, summary.average,
                                                  summary.standardDeviation, summary.last, summary.lastStep,
                                                  summary.lastTimestamp, summary.m2])
        }
    }
}

/// A prepared statement driven through SQLite's C API, for the metric-point hot loop where
/// building GRDB `StatementArguments` per row would double the cost.
struct RawStatement {
    let handle: OpaquePointer
    let db: Database

    init(_ db: Database, sql: String) throws {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(db.sqliteConnection, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
        }
        handle = statement
        self.db = db
    }

    func finalize() { sqlite3_finalize(handle) }

    /// Component id and metric name stay bound across `sqlite3_reset`.
    func bindPrefix(component: Int64, name: String) throws {
        sqlite3_bind_int64(handle, 1, component)
        let code = sqlite3_bind_text(handle, 2, name, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        if code != SQLITE_OK { throw error(code) }
    }

    func insertPoint(step: Int?, timestamp: Double, value: Double) throws {
        if let step { sqlite3_bind_int64(handle, 3, Int64(step)) } else { sqlite3_bind_null(handle, 3) }
        sqlite3_bind_double(handle, 4, timestamp)
        sqlite3_bind_double(handle, 5, value)
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        if code != SQLITE_DONE { throw error(code) }
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage,
                      sql: "INSERT INTO metric_points …")
    }
}
