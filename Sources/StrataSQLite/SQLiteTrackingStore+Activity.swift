import Foundation
import GRDB
import StrataTracking

extension SQLiteTrackingStore {
    /// Counts and the latest change of one experiment, or of the whole record, in one read.
    /// The whole record costs three counts and three maxima; one experiment walks its
    /// trials' links (O(its components)).
    public func activity(experiment: String?) async throws -> RecordActivity {
        let found: RecordActivity? = try await withReadDatabase { db in
            guard let experiment else {
                let row = try Row.fetchOne(db, sql: """
                    SELECT (SELECT count(*) FROM trials), (SELECT count(*) FROM trial_components),
                      max(coalesce((SELECT max(updated_at) FROM experiments), 0),
                          coalesce((SELECT max(updated_at) FROM trials), 0),
                          coalesce((SELECT max(updated_at) FROM trial_components), 0))
                    """)!
                let latest: Double = row[2]
                return RecordActivity(trials: row[0], components: row[1], lastActivity: latest > 0 ? Date(timeIntervalSince1970: latest) : nil)
            }
            guard let row = try Row.fetchOne(db, sql: """
                SELECT (SELECT count(*) FROM trials t WHERE t.experiment_id = e.id),
                  (SELECT count(DISTINCT l.component_id) FROM trial_component_links l JOIN trials t ON t.id = l.trial_id
                     WHERE t.experiment_id = e.id),
                  max(e.updated_at,
                      coalesce((SELECT max(t.updated_at) FROM trials t WHERE t.experiment_id = e.id), 0),
                      coalesce((SELECT max(c.updated_at) FROM trial_components c
                                JOIN trial_component_links l ON l.component_id = c.id
                                JOIN trials t ON t.id = l.trial_id WHERE t.experiment_id = e.id), 0))
                FROM experiments e WHERE e.name = ?
                """, arguments: [experiment]) else { return nil }
            return RecordActivity(trials: row[0], components: row[1], lastActivity: Date(timeIntervalSince1970: row[2]))
        }
        guard let found else { throw TrackingError.notFound(kind: .experiment, name: experiment ?? "") }
        return found
    }

    /// Metadata values read inside SQLite (`json_extract`), one row per trial: a few
    /// milliseconds for 25,000 trials where listing them whole takes seconds.
    public func trialMetadata(_ keys: [String], experiment: String) async throws -> [(trial: String, values: [String: String])] {
        guard !keys.isEmpty else { return try await trials(experiment: experiment, ListOptions()).map { ($0.name, [:]) } }
        let paths = keys.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let columns = paths.indices.map { _ in "json_extract(t.metadata, ?)" }.joined(separator: ", ")
        let arguments = StatementArguments(paths.map { "$." + $0 }) + [experiment]
        return try await withReadDatabase { db in
            try Row.fetchAll(db, sql: "SELECT t.name, \(columns) FROM trials t JOIN experiments e ON e.id = t.experiment_id WHERE e.name = ? ORDER BY t.id",
                             arguments: arguments).map { row in
                var values: [String: String] = [:]
                for (index, key) in keys.enumerated() {
                    let value: DatabaseValue = row[index + 1]
                    switch value.storage {
                    case .string(let text): values[key] = text
                    case .int64(let number): values[key] = String(number)
                    case .double(let number): values[key] = String(number)
                    default: break
                    }
                }
                return (trial: row[0] as String, values: values)
            }
        }
    }
}
