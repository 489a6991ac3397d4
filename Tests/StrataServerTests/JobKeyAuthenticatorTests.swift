import Foundation
import StrataAuth
import StrataServer
import StrataSQLite
import Testing

/// The job server's authenticator: the job's in-memory key signs in as an editor, anything else
/// goes to the store's own authenticator (here a real one over an SQLite store with no users).
@Suite struct JobKeyAuthenticatorTests {
    let key = (id: CredentialIssuer.newAccessKeyID(), secret: CredentialIssuer.newSecretAccessKey())

    func authenticator() throws -> JobKeyAuthenticator {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-jobkey-\(UUID().uuidString)")
        let store = try openSQLiteTrackingStore(url: "sqlite:\(directory.appendingPathComponent("strata.sqlite").path)")
        let sealer = try SecretSealer(keyFile: directory.appendingPathComponent("strata-secrets.key"))
        return JobKeyAuthenticator(base: StrataAuthenticator(access: store, sealer: sealer, allowsOpenAccess: true),
                                   job: "xgb-job", accessKeyID: key.id, secretAccessKey: key.secret)
    }

    /// A SageMaker request signed as botocore signs it, with `accessKeyID` and `secret`.
    func signed(accessKeyID: String, secret: String) throws -> AuthenticationRequest {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let amzDate = formatter.string(from: Date())
        var request = AuthenticationRequest(method: "POST", path: "/", query: "", headers: [
            ("Host", "127.0.0.1:8080"), ("X-Amz-Date", amzDate), ("X-Amz-Target", "SageMaker.ListTrialComponents"),
            ("Content-Type", "application/x-amz-json-1.1"),
        ], body: Array(#"{"SourceArn": "arn:aws:sagemaker:us-east-1:000000000000:training-job/xgb-job"}"#.utf8))
        let scope = "\(accessKeyID)/\(amzDate.prefix(8))/us-east-1/sagemaker/aws4_request"
        let headers = "SignedHeaders=content-type;host;x-amz-date;x-amz-target"
        let unsigned = try SigV4Authorization(parsing: "AWS4-HMAC-SHA256 Credential=\(scope), \(headers), Signature=\(String(repeating: "0", count: 64))")
        let signature = try SigV4Verifier.signature(request, authorization: unsigned, amzDate: amzDate, secretAccessKey: secret)
        request.headers.append(("Authorization", "AWS4-HMAC-SHA256 Credential=\(scope), \(headers), Signature=\(signature)"))
        return request
    }

    @Test func theJobKeySignsInAsAnEditorOfTheJob() async throws {
        let caller = try await authenticator().authenticate(try signed(accessKeyID: key.id, secret: key.secret))
        #expect(caller == Caller(name: "job-xgb-job", role: .editor, experiments: nil))
    }

    @Test func aWrongSecretIsRefusedAndOtherCredentialsGoToTheStore() async throws {
        let authenticator = try authenticator()
        await #expect(throws: AuthenticationFailure.signatureMismatch) {
            _ = try await authenticator.authenticate(try signed(accessKeyID: key.id, secret: "not-the-secret"))
        }
        // Another key goes to the store's authenticator: with no users on loopback it runs open
        // and lets any signed request in (boto3 always signs).
        #expect(try await authenticator.authenticate(try signed(accessKeyID: "STRAOTHERKEY0000000", secret: key.secret)) == .openAccess)
        let open = try await authenticator.authenticate(AuthenticationRequest(method: "GET", path: "/healthz", query: "", headers: [], body: []))
        #expect(open == .openAccess, "a store with no users on loopback stays open")
    }
}
