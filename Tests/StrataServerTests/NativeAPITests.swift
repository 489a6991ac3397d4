import Foundation
import StrataTracking
import Testing

/// The native API's refusals: 400 naming the field, 403 for viewers outside their experiments,
/// never a 5xx for a client mistake.
@Suite struct NativeAPITests {
    @Test func malformedBodiesAreRefusedNamingTheField() async throws {
        try await NativeTestServer.with { server in
            let broken = try await server.request(.POST, "/api/v1/experiments", json: "{\"name\": ")
            #expect(broken.status == 400)
            let wrongType = try await server.request(.PUT, "/api/v1/experiments/e1", json: #"{"tags": {"a": 5}}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.errorField == "tags.a")
            let missing = try await server.request(.POST, "/api/v1/experiments", json: "{}")
            #expect(missing.status == 400 && missing.errorField == "name")
            let badName = try await server.request(.PUT, "/api/v1/experiments/a_b", json: "{}")
            #expect(badName.status == 400)
            let longTag = try await server.request(.PUT, "/api/v1/experiments/e1",
                                                   json: #"{"tags": {"k": "\#(String(repeating: "v", count: 300))"}}"#)
            #expect(longTag.status == 400)
            let badBatch = try await server.request(.POST, "/api/v1/writes",
                                                    json: #"{"component": "c", "metricPoints": [{"name": "m", "value": "x", "timestamp": 1}]}"#)
            #expect(badBatch.status == 400 && badBatch.errorField == "metricPoints[0].value")
            let badLimit = try await server.request(.GET, "/api/v1/experiments?limit=many")
            #expect(badLimit.status == 400 && badLimit.errorField == "limit")
            let noToken = try await server.request(.GET, "/api/v1/experiments", token: nil)
            #expect(noToken.status == 401)
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        let server = try await NativeTestServer.start(maxRequestBodySize: 1_000)
        defer { Task { await server.stop() } }
        let big = try await server.request(.PUT, "/api/v1/experiments/e1",
                                           json: #"{"description": "\#(String(repeating: "d", count: 2_000))"}"#)
        #expect(big.status == 413)
    }

    @Test func viewersSeeOnlyTheirExperiments() async throws {
        try await NativeTestServer.with { server in
            for name in ["shared", "private"] {
                _ = try await server.store.loadOrCreateExperiment(name)
                _ = try await server.store.loadOrCreateTrial("\(name)-t", experiment: name)
                _ = try await server.store.loadOrCreateComponent("\(name)-c")
                try await server.store.associate(component: "\(name)-c", trial: "\(name)-t")
                try await server.store.apply(TrackingWriteBatch(component: "\(name)-c", parameters: ["\(name)-p": 1]))
            }
            let viewer = NativeTestServer.viewerToken
            let experiments = try await server.request(.GET, "/api/v1/experiments", token: viewer)
            #expect((experiments.json["experiments"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["shared"])
            #expect(try await server.request(.GET, "/api/v1/experiments/private", token: viewer).status == 403)
            #expect(try await server.request(.GET, "/api/v1/components/private-c", token: viewer).status == 403)
            #expect(try await server.request(.GET, "/api/v1/components/shared-c", token: viewer).status == 200)
            let components = try await server.request(.GET, "/api/v1/components", token: viewer)
            #expect((components.json["components"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["shared-c"])
            let search = try await server.request(.GET, "/api/v1/search?q=", token: viewer)
            #expect(search.json["names"] as? [String] == ["shared-c"])
            let keys = try await server.request(.GET, "/api/v1/keys", token: viewer)
            #expect(keys.json["parameters"] as? [String] == ["shared-p"])
            let write = try await server.request(.PUT, "/api/v1/experiments/shared", token: viewer, json: "{}")
            #expect(write.status == 403)
            let all = try await server.request(.GET, "/api/v1/search?q=", token: NativeTestServer.editorToken)
            #expect(Set(all.json["names"] as? [String] ?? []) == ["shared-c", "private-c"])
        }
    }

    @Test func searchMistakesAre400WithTheColumn() async throws {
        try await NativeTestServer.with { server in
            let query = "metrics.silhouette > and".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let answer = try await server.request(.GET, "/api/v1/search?q=\(query)")
            #expect(answer.status == 400)
            let detail = (answer.json["error"] as? [String: Any])?["detail"] as? [String: String]
            #expect(detail?["column"] == "22")
        }
    }

    @Test func artifactsUploadHashedAndDownload() async throws {
        try await NativeTestServer.with(maxArtifactSize: 1_000) { server in
            _ = try await server.store.loadOrCreateComponent("c")
            let content = Data("id,label\n0,1\n".utf8)
            var hasher = SHA256Hasher()
            hasher.update(Array(content))
            let digest = hasher.finalize()
            let wrong = try await server.request(.PUT, "/api/v1/components/c/artifacts/labels.csv", body: content,
                                                 headers: [("X-Content-SHA256", String(repeating: "0", count: 64))])
            #expect(wrong.status == 400 && wrong.errorField == "X-Content-SHA256")
            #expect(!FileManager.default.fileExists(atPath: server.artifactRoot.appendingPathComponent("c/labels.csv").path))
            let stored = try await server.request(.PUT, "/api/v1/components/c/artifacts/labels.csv", body: content,
                                                  headers: [("X-Content-SHA256", digest)])
            #expect(stored.status == 201)
            #expect(stored.json["sha256"] as? String == digest)
            #expect(stored.json["value"] as? String == "c/labels.csv")
            let base64 = Data(stride(from: 0, to: 64, by: 2).map { UInt8(digest.dropFirst($0).prefix(2), radix: 16)! }).base64EncodedString()
            let viaDigest = try await server.request(.PUT, "/api/v1/components/c/artifacts/copy.csv", body: content,
                                                     headers: [("Digest", "sha-256=\(base64)")])
            #expect(viaDigest.status == 201)
            let download = try await server.request(.GET, "/api/v1/components/c/artifacts/labels.csv")
            #expect(download.status == 200 && download.body == content)
            let tooBig = try await server.request(.PUT, "/api/v1/components/c/artifacts/big.bin", body: Data(count: 1_001))
            #expect(tooBig.status == 413)
            for bad in ["..", ".hidden", "a%2Fb", "%2E%2E"] {
                let answer = try await server.request(.PUT, "/api/v1/components/c/artifacts/\(bad)", body: content)
                #expect(answer.status == 400, "\(bad)")
            }
            #expect(try await server.request(.PUT, "/api/v1/components/nope/artifacts/x.csv", body: content).status == 404)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: server.artifactRoot.appendingPathComponent("c").path)
            #expect(Set(leftovers) == ["labels.csv", "copy.csv"])
        }
    }

    @Test func exportStreamsTheExportersBytes() async throws {
        try await NativeTestServer.with { server in
            _ = try await server.store.loadOrCreateExperiment("e")
            _ = try await server.store.loadOrCreateTrial("t", experiment: "e")
            for i in 0..<30 {
                _ = try await server.store.loadOrCreateComponent("c\(i)")
                try await server.store.associate(component: "c\(i)", trial: "t")
                try await server.store.apply(TrackingWriteBatch(component: "c\(i)", parameters: ["k": .number(Double(i)), "s": "a,\"b\""],
                                                                metricPoints: [MetricPoint(name: "m", value: Double(i) / 7, timestamp: 1)]))
            }
            let spec = try LeaderboardSpec(columns: ["params.k", "params.s", "metrics.m.max"], search: "order by params.k desc")
            let expected = LeaderboardExporter(format: .csv).data(try await server.store.leaderboard(spec))
            let columns = "params.k,params.s,metrics.m.max"
            let q = "order by params.k desc".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let csv = try await server.request(.GET, "/api/v1/leaderboard/export?format=csv&columns=\(columns)&q=\(q)")
            #expect(csv.status == 200)
            #expect(csv.body == expected)
            let json = try await server.request(.GET, "/api/v1/leaderboard/export?format=json&columns=\(columns)&q=\(q)")
            #expect(json.body == LeaderboardExporter(format: .json).data(try await server.store.leaderboard(spec)))
        }
    }
}
