import Foundation
import StrataTracking

/// What may be shown of a user — to admins over the API and by `strata users list` — with no
/// credential, not even its hash. Encodes as `{"name", "role", "experiments", "access_key_id",
/// "created_at", "updated_at"}`.
public struct UserSummary: Sendable, Hashable, Codable {
    public var name: String
    public var role: UserRole
    /// Granted experiments of a viewer; nil (absent) for editors and admins, who read all.
    public var experiments: [String]?
    public var accessKeyID: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(_ user: UserRecord) {
        name = user.name; role = user.role; experiments = user.experiments; accessKeyID = user.accessKeyID
        createdAt = user.createdAt; updatedAt = user.updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case name, role, experiments
        case accessKeyID = "access_key_id", createdAt = "created_at", updatedAt = "updated_at"
    }
}
