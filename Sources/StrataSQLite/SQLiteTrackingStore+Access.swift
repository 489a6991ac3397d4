import Foundation
import GRDB
import StrataTracking

/// The users of a shared store live in the same SQLite file as the record (migration `v2-users`).
/// Only hashes and sealed secrets are stored: see ``UserRecord``.
extension SQLiteTrackingStore: AccessStore {
    /// The table of migration `v2-users` (never edited: add a migration instead). `experiments`
    /// is a JSON array of experiment names, NULL for "every experiment".
    static let usersSchema = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
          experiments TEXT, token_hash TEXT NOT NULL UNIQUE, access_key_id TEXT NOT NULL UNIQUE,
          sealed_secret TEXT NOT NULL, created_at REAL NOT NULL, updated_at REAL NOT NULL);
        """

    public func hasUsers() async throws -> Bool {
        try await read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users)") ?? false }
    }

    public func addUser(_ user: UserRecord) async throws {
        let experiments = try Self.encodeGrants(user.experiments)
        try await write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM users WHERE name = ?", arguments: [user.name]) != nil {
                throw TrackingError.conflict("a user named \(user.name) already exists")
            }
            if try Row.fetchOne(db, sql: "SELECT 1 FROM users WHERE access_key_id = ? OR token_hash = ?",
                                arguments: [user.accessKeyID, user.tokenHash]) != nil {
                throw TrackingError.conflict("the credentials of user \(user.name) collide with another user's; issue new ones")
            }
            try db.execute(sql: """
                INSERT INTO users (name, role, experiments, token_hash, access_key_id, sealed_secret, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [user.name, user.role.rawValue, experiments, user.tokenHash, user.accessKeyID,
                                 user.sealedSecret, user.createdAt.timeIntervalSince1970, user.updatedAt.timeIntervalSince1970])
        }
    }

    public func users() async throws -> [UserRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.userRecord)
        }
    }

    public func user(named name: String) async throws -> UserRecord? {
        try await fetchUser(column: "name", value: name)
    }

    public func user(tokenHash: String) async throws -> UserRecord? {
        try await fetchUser(column: "token_hash", value: tokenHash)
    }

    public func user(accessKeyID: String) async throws -> UserRecord? {
        try await fetchUser(column: "access_key_id", value: accessKeyID)
    }

    public func replaceCredentials(of name: String, tokenHash: String, accessKeyID: String, sealedSecret: String) async throws {
        try await write { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM users WHERE (access_key_id = ? OR token_hash = ?) AND name <> ?",
                                arguments: [accessKeyID, tokenHash, name]) != nil {
                throw TrackingError.conflict("the new credentials of user \(name) collide with another user's; issue new ones")
            }
            try db.execute(sql: """
                UPDATE users SET token_hash = ?, access_key_id = ?, sealed_secret = ?, updated_at = ? WHERE name = ?
                """, arguments: [tokenHash, accessKeyID, sealedSecret, Date().timeIntervalSince1970, name])
            if db.changesCount == 0 { throw Self.unknownUser(name) }
        }
    }

    public func removeUser(named name: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM users WHERE name = ?", arguments: [name])
            if db.changesCount == 0 { throw Self.unknownUser(name) }
        }
    }

    // `column` is one of three fixed names chosen above, never user input.
    private func fetchUser(column: String, value: String) async throws -> UserRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE \(column) = ?", arguments: [value]).map(Self.userRecord)
        }
    }

    static func unknownUser(_ name: String) -> TrackingError {
        .invalidValue(field: "user", reason: "no user named \(name)")
    }

    static func encodeGrants(_ experiments: [String]?) throws -> String? {
        guard let experiments else { return nil }
        return String(decoding: try JSONEncoder().encode(experiments), as: UTF8.self)
    }

    static func userRecord(_ row: Row) throws -> UserRecord {
        let roleText: String = row["role"]
        guard let role = UserRole(rawValue: roleText) else {
            throw TrackingError.storage("user \(row["name"] as String) has an unknown role \(roleText)")
        }
        let grants: String? = row["experiments"]
        let experiments = try grants.map { try JSONDecoder().decode([String].self, from: Data($0.utf8)) }
        return UserRecord(name: row["name"], role: role, experiments: experiments, tokenHash: row["token_hash"],
                          accessKeyID: row["access_key_id"], sealedSecret: row["sealed_secret"],
                          createdAt: Date(timeIntervalSince1970: row["created_at"]),
                          updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }
}
