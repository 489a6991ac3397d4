import Foundation

/// A user as an ``AccessStore`` keeps it: never a usable secret. The bearer token is kept as a
/// hash; the SigV4 secret key must stay usable for HMAC, so it is kept sealed (encrypted with a
/// key held outside the database, see `StrataAuth`).
public struct UserRecord: Sendable, Hashable, Codable {
    /// Unique, same pattern as entity names.
    public var name: String
    public var role: UserRole
    /// Experiments a viewer may read; `nil` means every experiment (editors and admins).
    public var experiments: [String]?
    /// Hex SHA-256 of the bearer token.
    public var tokenHash: String
    /// AWS-style access key id (`AKIA…`-like), public, unique.
    public var accessKeyID: String
    /// The SigV4 secret access key, sealed (base64 of nonce + ciphertext + tag).
    public var sealedSecret: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(name: String, role: UserRole, experiments: [String]?, tokenHash: String, accessKeyID: String,
                sealedSecret: String, createdAt: Date = Date(), updatedAt: Date = Date()) {
        self.name = name; self.role = role; self.experiments = experiments; self.tokenHash = tokenHash
        self.accessKeyID = accessKeyID; self.sealedSecret = sealedSecret; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}
