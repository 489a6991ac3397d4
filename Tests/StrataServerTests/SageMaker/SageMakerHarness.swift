import Foundation
import Hummingbird
import HummingbirdTesting
import StrataAuth
import StrataSQLite
import StrataTracking
@testable import StrataServer

/// A server on a fresh SQLite store with three keys: an editor, a viewer granted the
/// experiment "granted" only, and an admin.
struct SageMakerHarness {
    static let editorKey = "AKIASTRATAEDITOR0001"
    static let viewerKey = "AKIASTRATAVIEWER0001"
    static let region = "eu-west-1"
    static let account = "123456789012"

    let directory: URL
    let store: SQLiteTrackingStore
    let services: ServerServices

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-sagemaker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteTrackingStore(path: directory.appendingPathComponent("strata.sqlite").path)
        let callers = [Self.editorKey: Caller(name: "ana", role: .editor, experiments: nil),
                       Self.viewerKey: Caller(name: "client", role: .viewer, experiments: ["granted"])]
        services = ServerServices(store: store, access: NoUsersAccessStore(),
                                  authenticator: AccessKeyTableAuthenticator(callers: callers),
                                  configuration: ServerConfiguration(port: 0, artifactRoot: directory.appendingPathComponent("artifacts"),
                                                                     awsRegion: Self.region, awsAccountID: Self.account))
    }

    var storePath: String { directory.appendingPathComponent("strata.sqlite").path }

    func application() -> some ApplicationProtocol {
        Application(router: buildRouter(services: services).router,
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func authorization(_ key: String) -> String {
        "AWS4-HMAC-SHA256 Credential=\(key)/20261206/\(region)/sagemaker/aws4_request, SignedHeaders=host;x-amz-date, Signature=00"
    }
}

/// A decoded reply: status and JSON object.
struct SageMakerReply {
    var status: Int
    var json: [String: Any]

    var errorType: String? { json["__type"] as? String }
    var message: String { json["Message"] as? String ?? "" }
}

extension TestClientProtocol {
    /// `POST /` with `X-Amz-Target: SageMaker.<operation>`.
    func sageMaker(_ operation: String?, _ body: String = "{}", key: String? = SageMakerHarness.editorKey) async throws -> SageMakerReply {
        var headers: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
        if let operation { headers[SageMakerAPI.targetHeader] = "SageMaker.\(operation)" }
        if let key { headers[.authorization] = SageMakerHarness.authorization(key) }
        return try await send("/", method: .post, headers: headers, body: body)
    }

    /// A sagemaker-metrics REST-JSON call.
    func metrics(_ path: String, method: HTTPRequest.Method, _ body: String, key: String = SageMakerHarness.editorKey) async throws -> SageMakerReply {
        try await send(path, method: method, headers: [.contentType: "application/json", .authorization: SageMakerHarness.authorization(key)], body: body)
    }

    func send(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: String) async throws -> SageMakerReply {
        try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: body)) { response in
            let data = Data(buffer: response.body)
            let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
            return SageMakerReply(status: Int(response.status.code), json: object)
        }
    }
}
