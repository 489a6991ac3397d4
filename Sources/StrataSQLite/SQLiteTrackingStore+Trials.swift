import Foundation
import GRDB
import StrataTracking

extension SQLiteTrackingStore {
    public func loadOrCreateTrial(_ name: String, experiment: String, displayName: String?,
                                  tags: [String: String], metadata: [String: String]) async throws -> Trial {
        try TrackingLimits.validateName(name, kind: .trial)
        try TrackingLimits.validateName(experiment, kind: .experiment)
        try TrackingLimits.validateDisplayName(displayName)
        try TrackingLimits.validateTags(tags)
        try Self.validateMetadata(metadata)
        return try await write { db in
            let experimentID = try Self.requireID(db, .experiment, experiment)
            if try Self.id(db, .trial, name) == nil {
                let now = Self.now()
                try db.execute(sql: """
                    INSERT INTO trials (name, experiment_id, display_name, metadata, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [name, experimentID, Self.nullIfEmpty(displayName),
                                     try Self.encodeMetadata(metadata), now, now])
                try Self.updateTags(db, .trial, db.lastInsertedRowID, set: tags)
            }
            let trial = try Self.fetchTrial(db, name)
            if trial.experimentName != experiment {
                throw TrackingError.conflict("Trial \"\(name)\" already exists in experiment \"\(trial.experimentName)\", "
                    + "not in \"\(experiment)\"; trial names are unique across experiments, choose another name.")
            }
            return trial
        }
    }

    public func trial(named name: String) async throws -> Trial {
        try await read { db in try Self.fetchTrial(db, name) }
    }

    public func trials(experiment: String?, _ options: ListOptions) async throws -> [Trial] {
        try options.validate()
        return try await read { db in
            var sql = "SELECT t.*, e.name AS experiment_name FROM trials t JOIN experiments e ON e.id = t.experiment_id"
            var arguments: StatementArguments = []
            if let experiment {
                let experimentID = try Self.requireID(db, .experiment, experiment)
                sql += " WHERE t.experiment_id = ?"
                arguments += [experimentID]
            }
            sql += " " + Self.orderClause(options, prefix: "t.")
            arguments += Self.pageArguments(options)
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { try Self.trial(db, $0) }
        }
    }

    public func updateTrial(_ name: String, _ update: EntityUpdate) async throws -> Trial {
        try TrackingLimits.validateDisplayName(update.displayName)
        if update.description != nil {
            throw TrackingError.invalidValue(field: "description", reason: "trials have no description; use metadata or tags")
        }
        if let metadata = update.metadata { try Self.validateMetadata(metadata) }
        return try await write { db in
            let id = try Self.requireID(db, .trial, name)
            if let displayName = update.displayName {
                try db.execute(sql: "UPDATE trials SET display_name = ? WHERE id = ?",
                               arguments: [Self.nullIfEmpty(displayName), id])
            }
            if let metadata = update.metadata {
                let stored = try String.fetchOne(db, sql: "SELECT metadata FROM trials WHERE id = ?", arguments: [id])
                let merged = Self.decodeMetadata(stored).merging(metadata) { _, new in new }
                try Self.validateMetadata(merged)
                try db.execute(sql: "UPDATE trials SET metadata = ? WHERE id = ?",
                               arguments: [try Self.encodeMetadata(merged), id])
            }
            try Self.updateTags(db, .trial, id, set: update.setTags, remove: update.removeTags)
            try db.execute(sql: "UPDATE trials SET updated_at = ? WHERE id = ?", arguments: [Self.now(), id])
            return try Self.fetchTrial(db, name)
        }
    }

    public func deleteTrial(_ name: String) async throws {
        try await write { db in
            let id = try Self.requireID(db, .trial, name)
            try Self.deleteTags(db, .trial, id)
            try db.execute(sql: "DELETE FROM trials WHERE id = ?", arguments: [id])
        }
    }

    static func fetchTrial(_ db: Database, _ name: String) throws -> Trial {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT t.*, e.name AS experiment_name FROM trials t JOIN experiments e ON e.id = t.experiment_id
            WHERE t.name = ?
            """, arguments: [name]) else {
            throw TrackingError.notFound(kind: .trial, name: name)
        }
        return try trial(db, row)
    }

    static func trial(_ db: Database, _ row: Row) throws -> Trial {
        Trial(name: row["name"], experimentName: row["experiment_name"], displayName: row["display_name"],
              tags: try tags(db, .trial, row["id"]), metadata: decodeMetadata(row["metadata"]),
              createdAt: date(row["created_at"] as Double), updatedAt: date(row["updated_at"] as Double))
    }
}
