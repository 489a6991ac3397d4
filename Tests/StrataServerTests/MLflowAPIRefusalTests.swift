import Foundation
import HummingbirdTesting
import NIOCore
import Testing
import StrataServer

/// What a client can get wrong: every refusal is a 4xx in MLflow's `{"error_code", "message"}`
/// form, and the message names the field.
@Suite struct MLflowAPIRefusalTests {
    struct Reply { var status: Int; var code: String?; var message: String; var json: [String: Any] }

    static func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil,
                     token: String? = "editor-token") async throws -> Reply {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        headers[.contentType] = "application/json"
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]) ?? [:]
        return Reply(status: Int(response.status.code), code: json["error_code"] as? String, message: json["message"] as? String ?? "", json: json)
    }

    @Test func refusalsNameTheFieldAndNeverFail5xx() async throws {
        let server = try MLflowTestServer()
        defer { server.remove() }
        try await server.live { client in
            let api = "/api/2.0/mlflow"
            let created = try await Self.call(client, .post, "\(api)/experiments/create", #"{"name": "segments"}"#)
            #expect(created.json["experiment_id"] as? String == "segments")
            let run = try await Self.call(client, .post, "\(api)/runs/create", #"{"experiment_id": "segments", "start_time": "1700000000000"}"#)
            let runID = try #require((run.json["run"] as? [String: Any]).flatMap { $0["info"] as? [String: Any] }?["run_id"] as? String)

            var reply = try await Self.call(client, .post, "\(api)/runs/create", "{not json")
            #expect(reply.status == 400 && reply.code == "INVALID_PARAMETER_VALUE")
            reply = try await Self.call(client, .post, "\(api)/runs/create", #"{"experiment_id": 5}"#)
            #expect(reply.status == 400 && reply.message.contains("experiment_id"))
            reply = try await Self.call(client, .post, "\(api)/runs/log-batch",
                                        #"{"run_id": "\#(runID)", "metrics": [{"key": "a", "value": "abc", "timestamp": 1}]}"#)
            #expect(reply.status == 400 && reply.message.contains("metrics[0].value"))
            reply = try await Self.call(client, .post, "\(api)/runs/log-metric",
                                        #"{"run_id": "\#(runID)", "key": "a", "value": "NaN", "timestamp": 1}"#)
            #expect(reply.status == 400 && reply.message.contains("value"))
            let long = String(repeating: "x", count: 7000)
            reply = try await Self.call(client, .post, "\(api)/runs/log-parameter", #"{"run_id": "\#(runID)", "key": "p", "value": "\#(long)"}"#)
            #expect(reply.status == 400 && reply.message.contains("field value"))
            let metrics = (0...1000).map { #"{"key": "m", "value": \#($0), "timestamp": 1, "step": \#($0)}"# }.joined(separator: ",")
            reply = try await Self.call(client, .post, "\(api)/runs/log-batch", #"{"run_id": "\#(runID)", "metrics": [\#(metrics)]}"#)
            #expect(reply.status == 400 && reply.message.contains("metrics"))
            #expect(try await server.store.component(named: runID).metrics.isEmpty)
            reply = try await Self.call(client, .post, "\(api)/runs/search", #"{"experiment_ids": ["segments"], "filter": "metrics.a > 1 OR metrics.b < 2"}"#)
            #expect(reply.status == 400 && reply.message.contains("filter"))

            reply = try await Self.call(client, .get, "\(api)/experiments/get-by-name?experiment_name=nope")
            #expect(reply.status == 404 && reply.code == "RESOURCE_DOES_NOT_EXIST")
            reply = try await Self.call(client, .get, "\(api)/runs/get?run_id=\(String(repeating: "0", count: 32))")
            #expect(reply.status == 404 && reply.code == "RESOURCE_DOES_NOT_EXIST")
            reply = try await Self.call(client, .post, "\(api)/experiments/create", #"{"name": "segments"}"#)
            #expect(reply.status == 400 && reply.code == "RESOURCE_ALREADY_EXISTS")
            reply = try await Self.call(client, .get, "/api/3.0/mlflow/server-info")
            #expect(reply.status == 404)

            // Credentials and roles.
            reply = try await Self.call(client, .get, "\(api)/experiments/get?experiment_id=segments", token: nil)
            #expect(reply.status == 401)
            reply = try await Self.call(client, .post, "\(api)/runs/log-parameter", #"{"run_id": "\#(runID)", "key": "p", "value": "1"}"#, token: "viewer-token")
            #expect(reply.status == 403 && reply.code == "PERMISSION_DENIED")
            reply = try await Self.call(client, .get, "\(api)/runs/get?run_id=\(runID)", token: "viewer-token")
            #expect(reply.status == 200)
            _ = try await Self.call(client, .post, "\(api)/experiments/create", #"{"name": "private"}"#)
            reply = try await Self.call(client, .get, "\(api)/experiments/get-by-name?experiment_name=private", token: "viewer-token")
            #expect(reply.status == 403)

            // Artifact names stay inside the run; uploads are size-limited.
            let artifacts = "/api/2.0/mlflow-artifacts/artifacts/segments/\(runID)/artifacts"
            reply = try await Self.call(client, .put, "\(artifacts)/%2e%2e/%2e%2e/escape.txt", "x")
            #expect(reply.status == 400 && reply.code == "INVALID_PARAMETER_VALUE")
            reply = try await Self.call(client, .put, "/api/2.0/mlflow-artifacts/artifacts/other/\(runID)/artifacts/x.txt", "x")
            #expect(reply.status == 404)
            reply = try await Self.call(client, .put, "\(artifacts)/big.bin", String(repeating: "y", count: (1 << 20) + 1))
            #expect(reply.status == 413)
            reply = try await Self.call(client, .get, "/api/2.0/mlflow-artifacts/artifacts?path=segments/\(runID)/artifacts")
            #expect(reply.json["files"] as? [Any] == nil || (reply.json["files"] as? [Any])?.isEmpty == true)
        }
    }
}
