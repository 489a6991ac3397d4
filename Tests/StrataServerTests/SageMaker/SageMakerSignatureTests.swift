import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import StrataAuth
import Testing
import _StrataTestSupport

/// SigV4 on a real `strata serve`: only requests signed now, with the secret Strata issued, over
/// the body as sent, get through; the rest are 403 with AWS's error codes.
@Suite struct SageMakerSignatureTests {
    struct Reply { var status: Int; var type: String? }

    static func listExperiments(_ server: LiveServer, secret: String?, date: Date = Date(),
                                signedBody: String = "{}", sentBody: String = "{}") async throws -> Reply {
        let ana = server.user("ana")
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: "application/x-amz-json-1.1"),
                                                        (name: "X-Amz-Target", value: "SageMaker.ListExperiments")]
        if let secret {
            headers = try SigV4Signer(accessKeyID: ana.access_key_id, secretAccessKey: secret, region: "us-east-1")
                .headers(method: "POST", path: "/", query: "", host: "127.0.0.1:\(server.port)", headers: headers,
                         body: Array(signedBody.utf8), date: date)
                .filter { $0.name != "Host" }
        }
        var request = URLRequest(url: server.url("/"))
        request.httpMethod = "POST"
        request.httpBody = Data(sentBody.utf8)
        for header in headers { request.setValue(header.value, forHTTPHeaderField: header.name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        return Reply(status: (response as? HTTPURLResponse)?.statusCode ?? 0, type: json?["__type"] as? String)
    }

    @Test func unsignedForgedStaleAndTamperedRequestsAreRefused() async throws {
        let server = try await LiveServer.start(users: [.init(name: "ana", role: "editor")])
        defer { server.stop() }
        let secret = server.user("ana").secret_access_key
        #expect(try await Self.listExperiments(server, secret: secret).status == 200)
        let unsigned = try await Self.listExperiments(server, secret: nil)
        #expect(unsigned.status == 403 && unsigned.type == "MissingAuthenticationTokenException")
        let forged = try await Self.listExperiments(server, secret: secret + "x")
        #expect(forged.status == 403 && forged.type == "InvalidSignatureException")
        let stale = try await Self.listExperiments(server, secret: secret, date: Date().addingTimeInterval(-3600))
        #expect(stale.status == 403 && stale.type == "InvalidSignatureException")
        let tampered = try await Self.listExperiments(server, secret: secret, sentBody: #"{"MaxResults": 1}"#)
        #expect(tampered.status == 403 && tampered.type == "InvalidSignatureException")
    }
}
