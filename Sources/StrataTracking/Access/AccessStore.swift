/// Where the users of a shared store live (beside the record: the SQLite store keeps them in its
/// own tables). Secrets arrive already hashed or sealed; a store never sees a usable credential.
public protocol AccessStore: Sendable {
    /// True once any user exists (the server then refuses every request without credentials).
    func hasUsers() async throws -> Bool
    /// Adds a user; throws ``TrackingError/conflict(_:)`` for a taken name or access key id.
    func addUser(_ user: UserRecord) async throws
    /// Every user, sorted by name.
    func users() async throws -> [UserRecord]
    /// The user called `name`, or nil.
    func user(named name: String) async throws -> UserRecord?
    /// The user whose token hashes to `tokenHash`, or nil.
    func user(tokenHash: String) async throws -> UserRecord?
    /// The user holding the access key id, or nil.
    func user(accessKeyID: String) async throws -> UserRecord?
    /// Replaces a user's credentials (rotation); throws ``TrackingError/invalidValue(field:reason:)`` for an unknown name.
    func replaceCredentials(of name: String, tokenHash: String, accessKeyID: String, sealedSecret: String) async throws
    /// Removes a user; throws ``TrackingError/invalidValue(field:reason:)`` for an unknown name.
    func removeUser(named name: String) async throws
}
