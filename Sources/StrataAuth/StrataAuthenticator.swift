import Foundation
import StrataTracking

/// The server's ``RequestAuthenticator`` over an ``AccessStore``:
/// - `Authorization: Bearer <token>` — the token's SHA-256 is looked up;
/// - `Authorization: Basic base64(name:token)` — MLflow's `MLFLOW_TRACKING_USERNAME`/`PASSWORD`:
///   the password is the token and the user name must be its user's;
/// - `Authorization: AWS4-HMAC-SHA256 …` — the access key's sealed secret is opened and the
///   signature checked by ``SigV4Verifier``;
/// - nothing — ``Caller/openAccess`` while the store has no users and `allowsOpenAccess` (a
///   loopback server), else ``AuthenticationFailure/missingCredentials``.
///
/// ```swift
/// let authenticator = StrataAuthenticator(access: store, sealer: sealer, allowsOpenAccess: configuration.isLoopback)
/// ```
///
/// One indexed store lookup per request (two without credentials on an open server).
public struct StrataAuthenticator: RequestAuthenticator {
    public let access: any AccessStore
    public let sealer: SecretSealer
    public let allowsOpenAccess: Bool
    public let verifier: SigV4Verifier

    public init(access: any AccessStore, sealer: SecretSealer, allowsOpenAccess: Bool, verifier: SigV4Verifier = SigV4Verifier()) {
        self.access = access; self.sealer = sealer; self.allowsOpenAccess = allowsOpenAccess; self.verifier = verifier
    }

    public func authenticate(_ request: AuthenticationRequest) async throws(AuthenticationFailure) -> Caller {
        // Open mode (no users, loopback): credentials cannot be checked against anyone, and
        // clients such as boto3 always sign, so whatever a request carries it is let in.
        if allowsOpenAccess, try await !lookup({ try await access.hasUsers() }) { return .openAccess }
        guard let authorization = request.header("Authorization")?.trimmingCharacters(in: .whitespaces), !authorization.isEmpty else {
            throw .missingCredentials
        }
        if let token = Self.credential(authorization, scheme: "Bearer") {
            return Caller(try await user(token: token))
        }
        if let encoded = Self.credential(authorization, scheme: "Basic") {
            guard let decoded = Data(base64Encoded: encoded).map({ String(decoding: $0, as: UTF8.self) }),
                  let colon = decoded.firstIndex(of: ":") else {
                throw .malformedAuthorization("Basic credentials must be base64 of name:token")
            }
            let user = try await user(token: String(decoded[decoded.index(after: colon)...]))
            guard user.name == decoded[..<colon] else { throw .invalidToken }
            return Caller(user)
        }
        if authorization.hasPrefix(SigV4Authorization.algorithm) {
            let parsed = try SigV4Authorization(parsing: authorization)
            guard let user = try await lookup({ try await access.user(accessKeyID: parsed.accessKeyID) }) else {
                throw .unknownAccessKey(parsed.accessKeyID)
            }
            let secret: String
            do { secret = try sealer.open(user.sealedSecret) } catch { throw .storeUnavailable(error.description) }
            try verifier.verify(request, authorization: parsed, secretAccessKey: secret)
            return Caller(user)
        }
        throw .malformedAuthorization("use Bearer, Basic or AWS4-HMAC-SHA256")
    }

    private func user(token: String) async throws(AuthenticationFailure) -> UserRecord {
        let hash = CredentialIssuer.hash(token: token)
        guard let user = try await lookup({ try await access.user(tokenHash: hash) }),
              CredentialIssuer.constantTimeEquals(user.tokenHash, hash) else { throw .invalidToken }
        return user
    }

    /// The value after `scheme ` (scheme compared case-insensitively), or nil.
    static func credential(_ header: String, scheme: String) -> String? {
        guard header.count > scheme.count, header.prefix(scheme.count).caseInsensitiveCompare(scheme) == .orderedSame,
              header.dropFirst(scheme.count).first == " " else { return nil }
        return header.dropFirst(scheme.count + 1).trimmingCharacters(in: .whitespaces)
    }

    private func lookup<T>(_ body: () async throws -> T) async throws(AuthenticationFailure) -> T {
        do { return try await body() } catch { throw .storeUnavailable(String(describing: error)) }
    }
}
