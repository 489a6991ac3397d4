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
}
