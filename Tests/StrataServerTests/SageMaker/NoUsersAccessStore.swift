import Foundation
import StrataTracking

/// The user table the SageMaker tests do not use (their callers come from
/// ``AccessKeyTableAuthenticator``): empty, and refusing changes.
struct NoUsersAccessStore: AccessStore {
    func hasUsers() async throws -> Bool { true }
    func addUser(_ user: UserRecord) async throws { throw TrackingError.conflict("read-only user table") }
    func users() async throws -> [UserRecord] { [] }
    func user(named name: String) async throws -> UserRecord? { nil }
    func user(tokenHash: String) async throws -> UserRecord? { nil }
    func user(accessKeyID: String) async throws -> UserRecord? { nil }
    func replaceCredentials(of name: String, tokenHash: String, accessKeyID: String, sealedSecret: String) async throws {
        throw TrackingError.conflict("read-only user table")
    }
    func removeUser(named name: String) async throws { throw TrackingError.conflict("read-only user table") }
}
