import Foundation
import GRDB
import StrataTracking

extension SQLiteTrackingStore {
    public func loadOrCreateExperiment(_ name: String, displayName: String?, description: String?,
                                       tags: [String: String], createdBy: String?) async throws -> Experiment {
        try TrackingLimits.validateName(name, kind: .experiment)
        try TrackingLimits.validateDisplayName(displayName)
        try TrackingLimits.validateDescription(description)
        try TrackingLimits.validateTags(tags)
        if let createdBy { try TrackingLimits.validateKey(createdBy, field: "created-by") }
        return try await write { db in
            if try Self.id(db, .experiment, name) == nil {
                let now = Self.now()
                try db.execute(sql: """
                    INSERT INTO experiments (name, display_name, description, created_by, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [name, Self.nullIfEmpty(displayName), Self.nullIfEmpty(description), createdBy, now, now])
                try Self.updateTags(db, .experiment, db.lastInsertedRowID, set: tags)
            }
            return try Self.fetchExperiment(db, name)
        }
    }

    public func experiment(named name: String) async throws -> Experiment {
        try await read { db in try Self.fetchExperiment(db, name) }
    }

    public func experiments(_ options: ListOptions) async throws -> [Experiment] {
        try options.validate()
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM experiments \(Self.orderClause(options, prefix: ""))",
                                        arguments: Self.pageArguments(options))
            return try rows.map { try Self.experiment(db, $0) }
        }
    }

    public func updateExperiment(_ name: String, _ update: EntityUpdate) async throws -> Experiment {
        try TrackingLimits.validateDisplayName(update.displayName)
        try TrackingLimits.validateDescription(update.description)
        return try await write { db in
            let id = try Self.requireID(db, .experiment, name)
            if let displayName = update.displayName {
                try db.execute(sql: "UPDATE experiments SET display_name = ? WHERE id = ?",
                               arguments: [Self.nullIfEmpty(displayName), id])
            }
            if let description = update.description {
                try db.execute(sql: "UPDATE experiments SET description = ? WHERE id = ?",
                               arguments: [Self.nullIfEmpty(description), id])
            }
            try Self.updateTags(db, .experiment, id, set: update.setTags, remove: update.removeTags)
            try db.execute(sql: "UPDATE experiments SET updated_at = ? WHERE id = ?", arguments: [Self.now(), id])
            return try Self.fetchExperiment(db, name)
        }
    }

    public func deleteExperiment(_ name: String, cascade: Bool) async throws {
        try await write { db in
            let id = try Self.requireID(db, .experiment, name)
            let trialIDs = try Int64.fetchAll(db, sql: "SELECT id FROM trials WHERE experiment_id = ?", arguments: [id])
            if !trialIDs.isEmpty && !cascade {
                throw TrackingError.hasChildren(kind: .experiment, name: name, childCount: trialIDs.count)
            }
            for trialID in trialIDs {
                try Self.deleteTags(db, .trial, trialID)
                try db.execute(sql: "DELETE FROM trials WHERE id = ?", arguments: [trialID])
            }
            try Self.deleteTags(db, .experiment, id)
            try db.execute(sql: "DELETE FROM experiments WHERE id = ?", arguments: [id])
        }
    }

    static func fetchExperiment(_ db: Database, _ name: String) throws -> Experiment {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM experiments WHERE name = ?", arguments: [name]) else {
            throw TrackingError.notFound(kind: .experiment, name: name)
        }
        return try experiment(db, row)
    }

    static func experiment(_ db: Database, _ row: Row) throws -> Experiment {
        Experiment(name: row["name"], displayName: row["display_name"], description: row["description"],
                   tags: try tags(db, .experiment, row["id"]), createdBy: row["created_by"],
                   createdAt: date(row["created_at"] as Double), updatedAt: date(row["updated_at"] as Double))
    }
}
