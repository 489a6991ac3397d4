import Foundation
import StrataAuth

/// The authenticator of a job's own server: the job's key pair, held only in this process's
/// memory, signs in as an editor; every other credential goes to `base` (the store's users).
///
/// ```swift
/// let authenticator = JobKeyAuthenticator(base: strataAuthenticator, job: "xgb-job-2",
///                                         accessKeyID: key.accessKeyID, secretAccessKey: key.secretAccessKey)
/// ```
///
/// Why not a user in the store: adding one would close every open (no-user) `strata serve` on
/// the same store while the job runs. The key dies with the process, so it is short-lived by
/// construction. One SigV4 check per request signed with the job's key.
public struct JobKeyAuthenticator: RequestAuthenticator {
    public let base: any RequestAuthenticator
    public let job: String
    public let accessKeyID: String
    private let secretAccessKey: String
    private let verifier: SigV4Verifier

    public init(base: any RequestAuthenticator, job: String, accessKeyID: String, secretAccessKey: String,
                verifier: SigV4Verifier = SigV4Verifier()) {
        self.base = base; self.job = job; self.accessKeyID = accessKeyID; self.secretAccessKey = secretAccessKey
        self.verifier = verifier
    }

    public func authenticate(_ request: AuthenticationRequest) async throws(AuthenticationFailure) -> Caller {
        if let header = request.header("Authorization")?.trimmingCharacters(in: .whitespaces),
           header.hasPrefix(SigV4Authorization.algorithm) {
            let parsed = try SigV4Authorization(parsing: header)
            if parsed.accessKeyID == accessKeyID {
                try verifier.verify(request, authorization: parsed, secretAccessKey: secretAccessKey)
                return Caller(name: "job-\(job)", role: .editor, experiments: nil)
            }
        }
        return try await base.authenticate(request)
    }
}
