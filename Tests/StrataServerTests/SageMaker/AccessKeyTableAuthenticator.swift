import StrataAuth

/// Test authenticator for in-process server tests: accepts a SigV4 `Authorization` header by
/// its access key id alone (the signature itself is checked by StrataAuth's verifier, which has
/// its own tests); refuses a missing header and an unknown key as the real one does.
struct AccessKeyTableAuthenticator: RequestAuthenticator {
    let callers: [String: Caller]

    func authenticate(_ request: AuthenticationRequest) async throws(AuthenticationFailure) -> Caller {
        guard let header = request.header("Authorization") else { throw .missingCredentials }
        guard header.hasPrefix("AWS4-HMAC-SHA256 "), let credential = header.range(of: "Credential=") else {
            throw .malformedAuthorization("expected AWS4-HMAC-SHA256 Credential=…")
        }
        let keyID = String(header[credential.upperBound...].prefix { $0 != "/" })
        guard let caller = callers[keyID] else { throw .unknownAccessKey(keyID) }
        return caller
    }
}
