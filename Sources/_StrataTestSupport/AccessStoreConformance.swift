import Foundation
import StrataTracking

/// The ``AccessStore`` contract as executable checks, run unchanged against every store that
/// keeps users (SQLite now, later others), the same way as ``StoreConformance``.
///
/// ```swift
/// @Test(arguments: AccessStoreConformance.checks.map(\.name))
/// func sqlite(_ check: String) async throws {
///     try await AccessStoreConformance.run(check) { try SQLiteTrackingStore(inMemoryWithArtifactDirectory: nil) }
/// }
/// ```
public enum AccessStoreConformance {
    public struct Check: Sendable {
        public let name: String
        public let run: @Sendable (any AccessStore) async throws -> Void
    }

    /// Runs the check called `name` against a fresh store from `makeStore`.
    public static func run(_ name: String, makeStore: () async throws -> any AccessStore) async throws {
        guard let check = checks.first(where: { $0.name == name }) else {
            throw ConformanceFailure("no access-store check named \(name)")
        }
        try await check.run(try await makeStore())
    }

    /// A user record with distinct made-up credentials derived from `name`.
    public static func sampleUser(_ name: String, role: UserRole = .editor, experiments: [String]? = nil) -> UserRecord {
        UserRecord(name: name, role: role, experiments: experiments, tokenHash: "hash-\(name)",
                   accessKeyID: "AKID\(name.uppercased())", sealedSecret: "sealed-\(name)",
                   createdAt: Date(timeIntervalSince1970: 1_700_000_000), updatedAt: Date(timeIntervalSince1970: 1_700_000_000))
    }

    public static var checks: [Check] {
        [
            Check(name: "empty store has no users") { store in
                try require(!(try await store.hasUsers()), "a fresh store reports users")
                try requireEqual(try await store.users().count, 0, "users of a fresh store")
                try require(try await store.user(named: "ana") == nil, "an unknown name was found")
            },
            Check(name: "added user is found by name, token hash and access key") { store in
                let ana = sampleUser("ana", role: .viewer, experiments: ["churn", "segments"])
                try await store.addUser(ana)
                try require(try await store.hasUsers(), "hasUsers after adding one")
                try requireEqual(try await store.user(named: "ana"), ana, "user(named:)")
                try requireEqual(try await store.user(tokenHash: "hash-ana"), ana, "user(tokenHash:)")
                try requireEqual(try await store.user(accessKeyID: "AKIDANA"), ana, "user(accessKeyID:)")
                try require(try await store.user(tokenHash: "hash-bob") == nil, "an unknown token hash matched")
                try require(try await store.user(accessKeyID: "AKIDBOB") == nil, "an unknown access key matched")
            },
            Check(name: "grants nil and empty are kept apart") { store in
                try await store.addUser(sampleUser("all", role: .editor, experiments: nil))
                try await store.addUser(sampleUser("none", role: .viewer, experiments: []))
                try requireEqual(try await store.user(named: "all")?.experiments, nil, "editor grants")
                try requireEqual(try await store.user(named: "none")?.experiments, [], "viewer without grants")
            },
            Check(name: "users are sorted by name") { store in
                for name in ["carla", "ana", "bob"] { try await store.addUser(sampleUser(name)) }
                try requireEqual(try await store.users().map(\.name), ["ana", "bob", "carla"], "order of users()")
            },
            Check(name: "taken name or credentials conflict") { store in
                try await store.addUser(sampleUser("ana"))
                try await requireError("a second ana", { if case .conflict = $0 { true } else { false } }) {
                    var again = sampleUser("bob"); again.name = "ana"
                    try await store.addUser(again)
                }
                try await requireError("a reused access key id", { if case .conflict = $0 { true } else { false } }) {
                    var bob = sampleUser("bob"); bob.accessKeyID = "AKIDANA"
                    try await store.addUser(bob)
                }
                try await requireError("a reused token hash", { if case .conflict = $0 { true } else { false } }) {
                    var bob = sampleUser("bob"); bob.tokenHash = "hash-ana"
                    try await store.addUser(bob)
                }
                try requireEqual(try await store.users().count, 1, "users after refused adds")
            },
            Check(name: "replacing credentials retires the old ones") { store in
                try await store.addUser(sampleUser("ana"))
                try await store.replaceCredentials(of: "ana", tokenHash: "hash-2", accessKeyID: "AKID2", sealedSecret: "sealed-2")
                try require(try await store.user(tokenHash: "hash-ana") == nil, "the old token hash still matches")
                try require(try await store.user(accessKeyID: "AKIDANA") == nil, "the old access key still matches")
                let ana = try await store.user(tokenHash: "hash-2")
                try requireEqual(ana?.name, "ana", "user of the new token")
                try requireEqual(ana?.accessKeyID, "AKID2", "new access key")
                try requireEqual(ana?.sealedSecret, "sealed-2", "new sealed secret")
                try requireEqual(ana?.role, .editor, "role kept")
                try await requireError("replacing an unknown user's credentials", isInvalidValue) {
                    try await store.replaceCredentials(of: "bob", tokenHash: "h", accessKeyID: "A", sealedSecret: "s")
                }
            },
            Check(name: "removed user is gone") { store in
                try await store.addUser(sampleUser("ana"))
                try await store.addUser(sampleUser("bob"))
                try await store.removeUser(named: "ana")
                try requireEqual(try await store.users().map(\.name), ["bob"], "users after removing ana")
                try require(try await store.user(tokenHash: "hash-ana") == nil, "a removed user's token still matches")
                try await requireError("removing twice", isInvalidValue) {
                    try await store.removeUser(named: "ana")
                }
                try await store.removeUser(named: "bob")
                try require(!(try await store.hasUsers()), "hasUsers after removing everyone")
            },
        ]
    }
}
