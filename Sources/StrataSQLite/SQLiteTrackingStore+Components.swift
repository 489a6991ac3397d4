import Foundation
import GRDB
import StrataTracking

extension SQLiteTrackingStore {
    public func loadOrCreateComponent(_ name: String, displayName: String?, tags: [String: String],
                                      sourceJob: String?) async throws -> TrialComponent {
        try Self.validateNewComponent(name, displayName: displayName, tags: tags, sourceJob: sourceJob)
        return try await write { db in
            if try Self.id(db, .component, name) == nil {
                try Self.insertComponent(db, name, displayName: displayName, tags: tags, sourceJob: sourceJob)
            }
            return try Self.fetchComponent(db, name)
        }
    }

    public func createComponent(_ name: String, displayName: String?, tags: [String: String],
                                sourceJob: String?) async throws -> TrialComponent {
        try Self.validateNewComponent(name, displayName: displayName, tags: tags, sourceJob: sourceJob)
        return try await write { db in
            // The check and the insert share one BEGIN IMMEDIATE transaction: no other writer between.
            if try Self.id(db, .component, name) != nil { throw TrackingError.alreadyExists(kind: .component, name: name) }
            try Self.insertComponent(db, name, displayName: displayName, tags: tags, sourceJob: sourceJob)
            return try Self.fetchComponent(db, name)
        }
    }

    static func validateNewComponent(_ name: String, displayName: String?, tags: [String: String], sourceJob: String?) throws {
        try TrackingLimits.validateName(name, kind: .component)
        try TrackingLimits.validateDisplayName(displayName)
        try TrackingLimits.validateTags(tags)
        if let sourceJob { try TrackingLimits.validateKey(sourceJob, field: "source job") }
    }

    static func insertComponent(_ db: Database, _ name: String, displayName: String?, tags: [String: String],
                                sourceJob: String?) throws {
        let now = now()
        try db.execute(sql: """
            INSERT INTO trial_components (name, display_name, status, source_job, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [name, nullIfEmpty(displayName), TrialComponentStatus.Primary.inProgress.rawValue,
                             sourceJob, now, now])
        try updateTags(db, .component, db.lastInsertedRowID, set: tags)
    }

    public func component(named name: String) async throws -> TrialComponent {
        try await read { db in try Self.fetchComponent(db, name) }
    }

    public func components(trial: String?, _ options: ListOptions) async throws -> [TrialComponent] {
        try options.validate()
        return try await read { db in
            var sql = "SELECT c.* FROM trial_components c"
            var arguments: StatementArguments = []
            if let trial {
                let trialID = try Self.requireID(db, .trial, trial)
                sql += " JOIN trial_component_links l ON l.component_id = c.id WHERE l.trial_id = ?"
                arguments += [trialID]
            }
            sql += " " + Self.orderClause(options, prefix: "c.")
            arguments += Self.pageArguments(options)
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try Self.component(db, $0) }
        }
    }

    public func updateComponent(_ name: String, _ update: EntityUpdate) async throws -> TrialComponent {
        try TrackingLimits.validateDisplayName(update.displayName)
        if update.description != nil || update.metadata != nil {
            throw TrackingError.invalidValue(field: "component update",
                                             reason: "trial components have no description or metadata; use parameters or tags")
        }
        return try await write { db in
            let id = try Self.requireID(db, .component, name)
            if let displayName = update.displayName {
                try db.execute(sql: "UPDATE trial_components SET display_name = ? WHERE id = ?",
                               arguments: [Self.nullIfEmpty(displayName), id])
            }
            try Self.updateTags(db, .component, id, set: update.setTags, remove: update.removeTags)
            try db.execute(sql: "UPDATE trial_components SET updated_at = ? WHERE id = ?", arguments: [Self.now(), id])
            return try Self.fetchComponent(db, name)
        }
    }

    public func deleteComponent(_ name: String) async throws {
        try await write { db in
            let id = try Self.requireID(db, .component, name)
            try Self.deleteTags(db, .component, id)
            // Parameters, artifacts, metrics and links go by ON DELETE CASCADE.
            try db.execute(sql: "DELETE FROM trial_components WHERE id = ?", arguments: [id])
        }
        try removeArtifactFiles(component: name)
    }

    /// Removes `<artifactDirectory>/<component>/` once its rows are gone (a name is one plain
    /// path component, so this never reaches outside the artifact directory).
    func removeArtifactFiles(component name: String) throws {
        let directory = artifactDirectory.appendingPathComponent(name, isDirectory: true)
        guard FileManager.default.fileExists(atPath: directory.path) else { return }
        do {
            try FileManager.default.removeItem(at: directory)
        } catch {
            throw TrackingError.storage("component \"\(name)\" was deleted but its artifact files in \(directory.path) "
                                        + "could not be removed: \(error.localizedDescription)")
        }
    }

    public func associate(component: String, trial: String) async throws {
        try await write { db in
            let componentID = try Self.requireID(db, .component, component)
            let trialID = try Self.requireID(db, .trial, trial)
            try db.execute(sql: "INSERT OR IGNORE INTO trial_component_links (trial_id, component_id) VALUES (?, ?)",
                           arguments: [trialID, componentID])
        }
    }

    public func disassociate(component: String, trial: String) async throws {
        try await write { db in
            let componentID = try Self.requireID(db, .component, component)
            let trialID = try Self.requireID(db, .trial, trial)
            try db.execute(sql: "DELETE FROM trial_component_links WHERE trial_id = ? AND component_id = ?",
                           arguments: [trialID, componentID])
        }
    }

    public func metricSeries(component: String, metric: String) async throws -> [MetricPoint] {
        try await read { db in
            let componentID = try Self.requireID(db, .component, component)
            // NULL steps sort first in SQLite; rowid keeps arrival order among equal steps.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT step, timestamp, value FROM metric_points WHERE component_id = ? AND name = ?
                ORDER BY step, rowid
                """, arguments: [componentID, metric])
            var points: [MetricPoint] = []
            while let row = try rows.next() {
                points.append(MetricPoint(name: metric, value: row[2], step: row[0], timestamp: row[1] as Double))
            }
            return points
        }
    }

    static func fetchComponent(_ db: Database, _ name: String) throws -> TrialComponent {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM trial_components WHERE name = ?", arguments: [name]) else {
            throw TrackingError.notFound(kind: .component, name: name)
        }
        return try component(db, row)
    }

    static func component(_ db: Database, _ row: Row) throws -> TrialComponent {
        let id: Int64 = row["id"]
        var parameters: [String: ParameterValue] = [:]
        for parameter in try Row.fetchAll(db, sql: "SELECT name, number_value, string_value FROM parameters WHERE component_id = ?",
                                          arguments: [id]) {
            if let number = parameter[1] as Double? { parameters[parameter[0]] = .number(number) }
            else { parameters[parameter[0]] = .string(parameter[2] ?? "") }
        }
        var inputs: [String: Artifact] = [:]
        var outputs: [String: Artifact] = [:]
        for artifact in try Row.fetchAll(db, sql: """
            SELECT direction, name, value, media_type, size_bytes, sha256 FROM artifacts WHERE component_id = ?
            """, arguments: [id]) {
            let value = Artifact(value: artifact[2], mediaType: artifact[3], sizeBytes: artifact[4], sha256: artifact[5])
            if artifact[0] == ArtifactDirection.input.rawValue { inputs[artifact[1]] = value } else { outputs[artifact[1]] = value }
        }
        var metrics: [String: MetricSummary] = [:]
        for summary in try Row.fetchAll(db, sql: "SELECT * FROM metric_summaries WHERE component_id = ?", arguments: [id]) {
            metrics[summary["name"]] = metricSummary(summary)
        }
        let trials = try String.fetchAll(db, sql: """
            SELECT t.name FROM trial_component_links l JOIN trials t ON t.id = l.trial_id
            WHERE l.component_id = ? ORDER BY t.name
            """, arguments: [id])
        let status = TrialComponentStatus(TrialComponentStatus.Primary(rawValue: row["status"]) ?? .inProgress,
                                          message: row["status_message"])
        return TrialComponent(
            name: row["name"], displayName: row["display_name"], status: status,
            startTime: date(row["start_time"] as Double?), endTime: date(row["end_time"] as Double?),
            parameters: parameters, inputs: inputs, outputs: outputs, metrics: metrics,
            tags: try tags(db, .component, id), sourceJob: row["source_job"], trials: trials,
            createdAt: date(row["created_at"] as Double), updatedAt: date(row["updated_at"] as Double))
    }

    static func metricSummary(_ row: Row) -> MetricSummary {
        MetricSummary(count: row["count"], minimum: row["min"] ?? .nan, maximum: row["max"] ?? .nan,
                      average: row["avg"] ?? .nan, m2: row["m2"] ?? 0, last: row["last"] ?? .nan,
                      lastStep: row["last_step"], lastTimestamp: row["last_timestamp"] ?? -.infinity)
    }
}
