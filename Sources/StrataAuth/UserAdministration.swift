import Foundation
import StrataTracking

/// Adds, lists, removes and rotates users, issuing their credentials: the token is stored as a
/// hash, the SigV4 secret sealed with ``SecretSealer``; the plaintext is returned once.
///
/// ```swift
/// let admin = UserAdministration(store: store, sealer: sealer)
/// let ana = try await admin.add(name: "ana", role: .viewer, experiments: ["churn"])
/// print(ana.token)   // shown once
/// ```
///
/// Each operation is one or two store calls.
public struct UserAdministration: Sendable {
    public let store: any AccessStore
    public let sealer: SecretSealer

    public init(store: any AccessStore, sealer: SecretSealer) {
        self.store = store; self.sealer = sealer
    }

    /// Adds a user with fresh credentials. A viewer must be granted experiments (`experiments`);
    /// editors and admins read everything and refuse a grant list.
    public func add(name: String, role: UserRole, experiments: [String]?) async throws -> IssuedCredentials {
        try Self.validate(name: name)
        let grants = try Self.grants(role: role, experiments: experiments)
        let issued = issue(name: name, role: role)
        try await store.addUser(UserRecord(name: name, role: role, experiments: grants,
                                           tokenHash: CredentialIssuer.hash(token: issued.token),
                                           accessKeyID: issued.accessKeyID, sealedSecret: try sealer.seal(issued.secretAccessKey)))
        return issued
    }

    /// Every user, sorted by name (no usable secret in a ``UserRecord``).
    public func list() async throws -> [UserRecord] { try await store.users() }

    /// Removes the user; its credentials stop working at once.
    public func remove(name: String) async throws { try await store.removeUser(named: name) }

    /// New token and key pair for the user; the old ones stop working at once.
    public func rotate(name: String) async throws -> IssuedCredentials {
        guard let user = try await store.user(named: name) else {
            throw TrackingError.invalidValue(field: "user", reason: "no user named \(name)")
        }
        let issued = issue(name: name, role: user.role)
        try await store.replaceCredentials(of: name, tokenHash: CredentialIssuer.hash(token: issued.token),
                                           accessKeyID: issued.accessKeyID, sealedSecret: try sealer.seal(issued.secretAccessKey))
        return issued
    }

    private func issue(name: String, role: UserRole) -> IssuedCredentials {
        IssuedCredentials(name: name, role: role, token: CredentialIssuer.newToken(),
                          accessKeyID: CredentialIssuer.newAccessKeyID(), secretAccessKey: CredentialIssuer.newSecretAccessKey())
    }

    /// User names follow the entity-name pattern (letters, digits, inner hyphens; ≤ 120 alphanumerics).
    static func validate(name: String) throws {
        do {
            try TrackingLimits.validateName(name, kind: .experiment)
        } catch {
            throw TrackingError.invalidValue(field: "name", reason: "user name \"\(name)\" must be 1 to 120 letters or digits, optionally joined by hyphens")
        }
    }

    static func grants(role: UserRole, experiments: [String]?) throws -> [String]? {
        switch role {
        case .viewer:
            guard let experiments, !experiments.isEmpty else {
                throw TrackingError.invalidValue(field: "experiments", reason: "a viewer sees only the experiments granted to it; name them (--experiments a,b)")
            }
            for experiment in experiments { try TrackingLimits.validateName(experiment, kind: .experiment) }
            return Array(Set(experiments)).sorted()
        case .editor, .admin:
            if experiments != nil {
                throw TrackingError.invalidValue(field: "experiments", reason: "an \(role.rawValue) reads and writes every experiment; experiment grants are for viewers")
            }
            return nil
        }
    }
}
