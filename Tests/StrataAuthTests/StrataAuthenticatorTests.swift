import Foundation
import StrataAuth
import StrataSQLite
import StrataTracking
import Testing

/// The authenticator and user administration on a real SQLite store and key file.
@Suite struct StrataAuthenticatorTests {
    struct Setup {
        let store: SQLiteTrackingStore
        let administration: UserAdministration
        func authenticator(open: Bool = true, now: Date = Date()) -> StrataAuthenticator {
            StrataAuthenticator(access: store, sealer: administration.sealer, allowsOpenAccess: open,
                                verifier: SigV4Verifier(now: { now }))
        }
    }

    static func setup() throws -> Setup {
        let directory = try temporaryDirectory()
        let store = try SQLiteTrackingStore(path: directory.appendingPathComponent("strata.sqlite").path)
        let sealer = try SecretSealer(keyFile: SecretSealer.keyFile(storeDirectory: directory, environment: [:]))
        return Setup(store: store, administration: UserAdministration(store: store, sealer: sealer))
    }

    static func request(_ headers: [(name: String, value: String)] = []) -> AuthenticationRequest {
        AuthenticationRequest(method: "GET", path: "/api/v1/whoami", query: "", headers: headers, body: [])
    }

    @Test func openOnlyWithoutUsersAndWhenAllowed() async throws {
        let setup = try Self.setup()
        #expect(try await setup.authenticator().authenticate(Self.request()) == .openAccess)
        // boto3 always signs: with no users a signed request (any key) is let in as well.
        let signed = [("Authorization", "AWS4-HMAC-SHA256 Credential=STRAUNKNOWN/20261206/us-east-1/sagemaker/aws4_request, SignedHeaders=host, Signature=00")]
        #expect(try await setup.authenticator().authenticate(Self.request(signed)) == .openAccess)
        await #expect(throws: AuthenticationFailure.missingCredentials) {
            try await setup.authenticator(open: false).authenticate(Self.request())
        }
        _ = try await setup.administration.add(name: "ana", role: .editor, experiments: nil)
        await #expect(throws: AuthenticationFailure.unknownAccessKey("STRAUNKNOWN")) {
            try await setup.authenticator().authenticate(Self.request(signed))
        }
        await #expect(throws: AuthenticationFailure.missingCredentials) {
            try await setup.authenticator().authenticate(Self.request())
        }
    }

    @Test func bearerAndBasicTokens() async throws {
        let setup = try Self.setup()
        let ana = try await setup.administration.add(name: "ana", role: .viewer, experiments: ["churn"])
        let authenticator = setup.authenticator()
        let caller = try await authenticator.authenticate(Self.request([("Authorization", "Bearer \(ana.token)")]))
        #expect(caller == Caller(name: "ana", role: .viewer, experiments: ["churn"]))
        let basic = Data("ana:\(ana.token)".utf8).base64EncodedString()
        #expect(try await authenticator.authenticate(Self.request([("authorization", "Basic \(basic)")])).name == "ana")
        let wrongName = Data("bob:\(ana.token)".utf8).base64EncodedString()
        await #expect(throws: AuthenticationFailure.invalidToken) {
            try await authenticator.authenticate(Self.request([("Authorization", "Basic \(wrongName)")]))
        }
        await #expect(throws: AuthenticationFailure.invalidToken) {
            try await authenticator.authenticate(Self.request([("Authorization", "Bearer \(ana.token)x")]))
        }
        await #expect(throws: AuthenticationFailure.self) {
            try await authenticator.authenticate(Self.request([("Authorization", "Digest abc")]))
        }
    }

    @Test func storeKeepsNoUsableCredential() async throws {
        let setup = try Self.setup()
        let ana = try await setup.administration.add(name: "ana", role: .admin, experiments: nil)
        let record = try #require(try await setup.store.user(named: "ana"))
        #expect(record.tokenHash == CredentialIssuer.hash(token: ana.token))
        #expect(record.accessKeyID == ana.accessKeyID)
        #expect(!record.sealedSecret.contains(ana.secretAccessKey))
        let file = try Data(contentsOf: URL(fileURLWithPath: setup.store.path!))
        #expect(file.range(of: Data(ana.token.utf8)) == nil)
        #expect(file.range(of: Data(ana.secretAccessKey.utf8)) == nil)
    }

    @Test func sigV4WithIssuedKey() async throws {
        let setup = try Self.setup()
        let ana = try await setup.administration.add(name: "ana", role: .editor, experiments: nil)
        let now = Date()
        let signed = try Self.signed(body: #"{"ExperimentName":"churn"}"#, key: ana.accessKeyID, secret: ana.secretAccessKey, at: now)
        #expect(try await setup.authenticator(now: now).authenticate(signed).name == "ana")
        let stranger = try Self.signed(body: "{}", key: "STRANOTISSUED0000000", secret: ana.secretAccessKey, at: now)
        await #expect(throws: AuthenticationFailure.unknownAccessKey("STRANOTISSUED0000000")) {
            try await setup.authenticator(now: now).authenticate(stranger)
        }
        let forged = try Self.signed(body: "{}", key: ana.accessKeyID, secret: "not-the-secret", at: now)
        await #expect(throws: AuthenticationFailure.signatureMismatch) {
            try await setup.authenticator(now: now).authenticate(forged)
        }
    }

    @Test func rotationAndRemovalRetireCredentials() async throws {
        let setup = try Self.setup()
        let old = try await setup.administration.add(name: "ana", role: .editor, experiments: nil)
        _ = try await setup.administration.add(name: "bob", role: .viewer, experiments: ["a", "b"])
        let new = try await setup.administration.rotate(name: "ana")
        #expect(new.token != old.token && new.accessKeyID != old.accessKeyID && new.secretAccessKey != old.secretAccessKey)
        let authenticator = setup.authenticator()
        await #expect(throws: AuthenticationFailure.invalidToken) {
            try await authenticator.authenticate(Self.request([("Authorization", "Bearer \(old.token)")]))
        }
        #expect(try await authenticator.authenticate(Self.request([("Authorization", "Bearer \(new.token)")])).role == .editor)
        try await setup.administration.remove(name: "ana")
        await #expect(throws: AuthenticationFailure.invalidToken) {
            try await authenticator.authenticate(Self.request([("Authorization", "Bearer \(new.token)")]))
        }
        #expect(try await setup.administration.list().map(\.name) == ["bob"])
    }

    @Test func grantRulesPerRole() async throws {
        let setup = try Self.setup()
        await #expect(throws: TrackingError.self) { try await setup.administration.add(name: "v", role: .viewer, experiments: nil) }
        await #expect(throws: TrackingError.self) { try await setup.administration.add(name: "e", role: .editor, experiments: ["a"]) }
        await #expect(throws: TrackingError.self) { try await setup.administration.add(name: "bad name", role: .admin, experiments: nil) }
        await #expect(throws: TrackingError.self) { try await setup.administration.rotate(name: "nobody") }
        #expect(try await setup.store.hasUsers() == false)
    }

    /// A request signed with the verifier's own computation (its agreement with botocore is
    /// checked in SigV4VerifierTests).
    static func signed(body: String, key: String, secret: String, at date: Date) throws -> AuthenticationRequest {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX"); formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let amzDate = formatter.string(from: date)
        var request = AuthenticationRequest(method: "POST", path: "/", query: "",
                                            headers: [("Host", "127.0.0.1:8080"), ("X-Amz-Date", amzDate),
                                                      ("X-Amz-Target", "SageMaker.CreateExperiment")],
                                            body: Array(body.utf8))
        let scope = "\(key)/\(amzDate.prefix(8))/us-east-1/sagemaker/aws4_request"
        let unsigned = try SigV4Authorization(parsing: "AWS4-HMAC-SHA256 Credential=\(scope), SignedHeaders=host;x-amz-date;x-amz-target, Signature=0")
        let signature = try SigV4Verifier.signature(request, authorization: unsigned, amzDate: amzDate, secretAccessKey: secret)
        request.headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(scope), SignedHeaders=host;x-amz-date;x-amz-target, Signature=\(signature)"))
        return request
    }
}
