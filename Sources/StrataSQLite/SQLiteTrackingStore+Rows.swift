import Foundation
import GRDB
import StrataTracking

/// Row lookups and decoding shared by the entity extensions; all run inside a transaction.
extension SQLiteTrackingStore {
    static func now() -> Double { Date().timeIntervalSince1970 }

    static func id(_ db: Database, _ kind: EntityKind, _ name: String) throws -> Int64? {
        let table = switch kind {
        case .experiment: "experiments"
        case .trial: "trials"
        case .component: "trial_components"
        }
        return try Int64.fetchOne(db, sql: "SELECT id FROM \(table) WHERE name = ?", arguments: [name])
    }

    static func requireID(_ db: Database, _ kind: EntityKind, _ name: String) throws -> Int64 {
        guard let id = try id(db, kind, name) else { throw TrackingError.notFound(kind: kind, name: name) }
        return id
    }

    static func orderClause(_ options: ListOptions, prefix: String) -> String {
        let column = switch options.sortBy {
        case .name: "name"
        case .createdAt: "created_at"
        case .updatedAt: "updated_at"
        }
        let direction = options.ascending ? "ASC" : "DESC"
        return "ORDER BY \(prefix)\(column) \(direction), \(prefix)name \(direction) LIMIT ? OFFSET ?"
    }

    static func pageArguments(_ options: ListOptions) -> StatementArguments {
        [options.limit ?? -1, options.offset]
    }

    // MARK: Tags

    static func tags(_ db: Database, _ kind: EntityKind, _ id: Int64) throws -> [String: String] {
        var tags: [String: String] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT key, value FROM tags WHERE entity_kind = ? AND entity_id = ?",
                                       arguments: [kind.rawValue, id])
        while let row = try rows.next() { tags[row[0]] = row[1] }
        return tags
    }

    /// Sets then removes tags, and checks the entity still holds at most 50.
    static func updateTags(_ db: Database, _ kind: EntityKind, _ id: Int64,
                           set: [String: String], remove: Set<String> = []) throws {
        try TrackingLimits.validateTags(set)
        for (key, value) in set {
            try db.execute(sql: """
                INSERT INTO tags (entity_kind, entity_id, key, value) VALUES (?, ?, ?, ?)
                ON CONFLICT (entity_kind, entity_id, key) DO UPDATE SET value = excluded.value
                """, arguments: [kind.rawValue, id, key, value])
        }
        for key in remove {
            try db.execute(sql: "DELETE FROM tags WHERE entity_kind = ? AND entity_id = ? AND key = ?",
                           arguments: [kind.rawValue, id, key])
        }
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tags WHERE entity_kind = ? AND entity_id = ?",
                                     arguments: [kind.rawValue, id]) ?? 0
        if count > TrackingLimits.tagsPerEntity {
            throw TrackingError.limitExceeded(what: "tags on this \(kind)", limit: TrackingLimits.tagsPerEntity, actual: count)
        }
    }

    static func deleteTags(_ db: Database, _ kind: EntityKind, _ id: Int64) throws {
        try db.execute(sql: "DELETE FROM tags WHERE entity_kind = ? AND entity_id = ?", arguments: [kind.rawValue, id])
    }

    /// An empty string clears an optional text column.
    static func nullIfEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }
    static func date(_ seconds: Double?) -> Date? { seconds.map(Date.init(timeIntervalSince1970:)) }

    // MARK: JSON metadata

    static func encodeMetadata(_ metadata: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }

    static func decodeMetadata(_ text: String?) -> [String: String] {
        guard let text, let data = text.data(using: .utf8) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }

    static func validateMetadata(_ metadata: [String: String]) throws {
        if metadata.count > TrackingLimits.tagsPerEntity {
            throw TrackingError.limitExceeded(what: "metadata entries", limit: TrackingLimits.tagsPerEntity,
                                              actual: metadata.count)
        }
        for (key, value) in metadata {
            try TrackingLimits.validateText(key, field: "metadata key", maximum: TrackingLimits.tagKeyLength, allowEmpty: false)
            try TrackingLimits.validateText(value, field: "metadata value \"\(key)\"",
                                            maximum: TrackingLimits.parameterStringLength, allowEmpty: true)
        }
    }
}
