import Foundation
import StrataAuth
import Testing
import _StrataTestSupport

/// Requests signed by the real botocore (Tests/Clients/sign_sigv4_fixture.py) verify; any change
/// to what was signed, a wrong key, or a stale date does not.
@Suite struct SigV4VerifierTests {
    struct Fixture: Decodable {
        struct Signed: Decodable {
            let name, method, path, query: String
            let headers: [[String]]
            let body_base64: String
        }
        let access_key_id, secret_access_key, signed_at: String
        let requests: [Signed]
    }

    static let fixture: Fixture = {
        let url = fixturesDirectory().appendingPathComponent("sigv4/botocore-signed.json")
        return try! JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }()

    static var signedAt: Date { ISO8601DateFormatter().date(from: fixture.signed_at)! }

    static func request(_ name: String) -> AuthenticationRequest {
        let signed = fixture.requests.first { $0.name == name }!
        return AuthenticationRequest(method: signed.method, path: signed.path, query: signed.query,
                                     headers: signed.headers.map { (name: $0[0], value: $0[1]) },
                                     body: Array(Data(base64Encoded: signed.body_base64)!))
    }

    static func verify(_ request: AuthenticationRequest, secret: String = fixture.secret_access_key,
                       at date: Date = signedAt) throws(AuthenticationFailure) {
        let authorization = try SigV4Authorization(parsing: request.header("Authorization") ?? "")
        try SigV4Verifier(now: { date }).verify(request, authorization: authorization, secretAccessKey: secret)
    }

    @Test(arguments: SigV4VerifierTests.fixture.requests.map(\.name))
    func botocoreSignatureVerifies(_ name: String) throws {
        let request = Self.request(name)
        try Self.verify(request)
        #expect(try SigV4Authorization(parsing: request.header("Authorization")!).accessKeyID == Self.fixture.access_key_id)
    }

    @Test(arguments: SigV4VerifierTests.fixture.requests.map(\.name))
    func wrongSecretFails(_ name: String) {
        #expect(throws: AuthenticationFailure.signatureMismatch) {
            try Self.verify(Self.request(name), secret: String(Self.fixture.secret_access_key.reversed()))
        }
    }

    @Test func tamperedBodyFails() {
        var request = Self.request("create-experiment")
        request.body = Array(#"{"ExperimentName": "churn2", "Tags": [{"Key": "team", "Value": "growth"}]}"#.utf8)
        #expect(throws: AuthenticationFailure.signatureMismatch) { try Self.verify(request) }
    }

    @Test func tamperedSignedHeaderFails() {
        var request = Self.request("create-experiment")
        request.headers = request.headers.map { $0.name == "X-Amz-Target" ? (name: $0.name, value: "SageMaker.DeleteExperiment") : $0 }
        #expect(throws: AuthenticationFailure.signatureMismatch) { try Self.verify(request) }
    }

    @Test func tamperedPathAndQueryFail() {
        var request = Self.request("get-with-query")
        request.query = request.query.replacingOccurrences(of: "sort=name", with: "sort=created")
        #expect(throws: AuthenticationFailure.signatureMismatch) { try Self.verify(request) }
        request = Self.request("odd-path")
        request.path = "/a/b/other%20file.txt"
        #expect(throws: AuthenticationFailure.signatureMismatch) { try Self.verify(request) }
    }

    @Test func tamperedDateFails() {
        var request = Self.request("batch-put-metrics")
        request.headers = request.headers.map { $0.name == "X-Amz-Date" ? (name: $0.name, value: "20260314T150927Z") : $0 }
        #expect(throws: AuthenticationFailure.signatureMismatch) { try Self.verify(request) }
    }

    @Test func staleOrFutureDateExpires() {
        let request = Self.request("create-experiment")
        for offset in [16.0 * 60, -16.0 * 60] {
            let error = #expect(throws: AuthenticationFailure.self) {
                try Self.verify(request, at: Self.signedAt.addingTimeInterval(offset))
            }
            #expect(error.map { if case .signatureExpired = $0 { true } else { false } } == true)
        }
        // Within the 15-minute window the signature stands.
        #expect(throws: Never.self) { try Self.verify(request, at: Self.signedAt.addingTimeInterval(14 * 60)) }
    }

    @Test func missingSignedHeaderIsMalformed() {
        var request = Self.request("create-experiment")
        request.headers.removeAll { $0.name == "X-Amz-Target" }
        let error = #expect(throws: AuthenticationFailure.self) { try Self.verify(request) }
        #expect(error.map { if case .malformedAuthorization = $0 { true } else { false } } == true)
    }

    @Test func malformedAuthorizationIsRefused() {
        for header in ["AWS4-HMAC-SHA256 Credential=x", "AWS4-HMAC-SHA256 Credential=K/2026/r/s/aws4_request, SignedHeaders=host, Signature=00",
                       "AWS4-HMAC-SHA256 Credential=K/20260101/r/s/aws4_request, SignedHeaders=x-amz-date, Signature=00"] {
            #expect(throws: AuthenticationFailure.self) { try SigV4Authorization(parsing: header) }
        }
    }
}
