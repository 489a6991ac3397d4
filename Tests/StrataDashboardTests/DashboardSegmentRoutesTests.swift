import Foundation
import Testing
import _StrataTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite(.serialized) struct DashboardSegmentRoutesTests {
    @Test func summaryPointsAndRowsMatchTheRecordedArtifacts() async throws {
        let fixture = try await SegmentRunFixture.start()
        defer { _ = fixture.server.stop() }
        let embedding = try await fixture.csvRows(component: "seg-a-reduce", artifact: "embedding.csv")
        let labels = try await fixture.csvRows(component: "seg-a-cluster", artifact: "labels.csv")

        let summary = try await fixture.json("/dashboard/api/segments/seg-a-cluster")
        #expect(summary["component"] as? String == "seg-a-cluster")
        #expect(summary["trial"] as? String == "seg-a")
        #expect(summary["experiment"] as? String == "segments")
        #expect(summary["embeddingComponent"] as? String == "seg-a-reduce")
        #expect(summary["dims"] as? Int == 3)
        #expect(summary["count"] as? Int == labels.count)
        let sizes = try #require(summary["segments"] as? [[String: Any]])
        for segment in sizes {
            let label = try #require(segment["label"] as? Int)
            #expect(segment["size"] as? Int == labels.filter { $0[1] == String(label) }.count)
        }
        #expect(summary["noise"] as? Int == labels.filter { $0[1] == "-1" }.count)
        let artifacts = try #require(summary["artifacts"] as? [String: Any])
        #expect(artifacts["kDistance"] as? String == "/api/v1/components/seg-a-cluster/artifacts/k_distance.json")
        #expect(artifacts["silhouette"] as? String == "/api/v1/components/seg-a-cluster/artifacts/silhouette.json")
        #expect(artifacts["profile"] as? String == "/api/v1/components/seg-a-cluster/artifacts/profile.json")

        // Every point: exactly the CSV values, in row order.
        let all = try DecodedPoints(try await fixture.get("/dashboard/api/segments/seg-a-cluster/points", as: "ana").body)
        #expect(all.count == embedding.count)
        #expect(all.dims == 3)
        #expect(all.rows == (0..<UInt32(embedding.count)).map { $0 })
        #expect(all.positions == embedding.flatMap { $0.dropFirst().map { Float($0)! } })
        #expect(all.labels == labels.map { Int32($0[1])! })

        // A subsample: seeded (same rows twice), uniform without replacement, each point its row's values.
        let path = "/dashboard/api/segments/seg-a-cluster/points?max=500"
        let sample = try DecodedPoints(try await fixture.get(path, as: "ana").body)
        #expect(sample.count == 500)
        #expect(zip(sample.rows, sample.rows.dropFirst()).allSatisfy { $0 < $1 })
        #expect(sample.rows.last.map { Int($0) < embedding.count } == true)
        for (k, row) in sample.rows.enumerated() {
            let r = Int(row)
            #expect(Array(sample.positions[k * 3..<k * 3 + 3]) == embedding[r].dropFirst().map { Float($0)! })
            #expect(sample.labels[k] == Int32(labels[r][1])!)
        }
        #expect(try DecodedPoints(try await fixture.get(path, as: "ana").body).rows == sample.rows)
        // Not just the first rows.
        #expect(Int(sample.rows.last!) > embedding.count / 2)

        // One row: id and segment from the labels.
        let probe = Int(sample.rows[123])
        let row = try await fixture.json("/dashboard/api/segments/seg-a-cluster/rows/\(probe)")
        #expect(row["index"] as? Int == probe)
        #expect(row["id"] as? String == labels[probe][0])
        #expect(row["segment"] as? Int == Int(labels[probe][1]))
    }

    @Test func aCachedEmbeddingIsFoundThroughThePointer() async throws {
        let fixture = try await SegmentRunFixture.start(rows: 1_500)
        defer { _ = fixture.server.stop() }
        let summary = try await fixture.json("/dashboard/api/segments/seg-b-cluster")
        #expect(summary["embeddingComponent"] as? String == "seg-a-reduce")
        let labels = try await fixture.csvRows(component: "seg-b-cluster", artifact: "labels.csv")
        let points = try DecodedPoints(try await fixture.get("/dashboard/api/segments/seg-b-cluster/points?max=100000", as: "vic").body)
        #expect(points.labels == labels.map { Int32($0[1])! })

        // No reduce step: the summary says what is missing; the points are a clear 404.
        let flat = try await fixture.json("/dashboard/api/segments/flat-cluster")
        #expect(flat["dims"] is NSNull)
        #expect(flat["embeddingComponent"] is NSNull)
        #expect((flat["missing"] as? String)?.contains("without a reduce step") == true)
        let artifacts = try #require(flat["artifacts"] as? [String: Any])
        #expect(artifacts["kDistance"] is NSNull)
        let noPoints = try await fixture.get("/dashboard/api/segments/flat-cluster/points", as: "ana")
        #expect(noPoints.status == 404)
        #expect(String(decoding: noPoints.body, as: UTF8.self).contains("No embedding is recorded"))
        // Rows work without an embedding.
        #expect(try await fixture.json("/dashboard/api/segments/flat-cluster/rows/0")["segment"] is Int)
    }

    @Test func viewersSeeOnlyTheirExperimentsAndMistakesAre4xx() async throws {
        let fixture = try await SegmentRunFixture.start(rows: 1_000)
        defer { _ = fixture.server.stop() }
        for path in ["/dashboard/api/segments/seg-a-cluster", "/dashboard/api/segments/seg-a-cluster/points?max=10",
                     "/dashboard/api/segments/seg-a-cluster/rows/0"] {
            #expect(try await fixture.get(path, as: "vic").status == 200, "\(path)")
            #expect(try await fixture.get(path, as: "olga").status == 403, "\(path)")
        }
        #expect(try await fixture.get("/dashboard/api/segments/flat-cluster", as: "vic").status == 403)
        #expect(try await fixture.get("/dashboard/api/segments/flat-cluster", as: "olga").status == 200)
        // Not a clustering, unknown, out of range, malformed.
        let reduce = try await fixture.get("/dashboard/api/segments/seg-a-reduce", as: "ana")
        #expect(reduce.status == 404)
        #expect(String(decoding: reduce.body, as: UTF8.self).contains("no labels.csv"))
        #expect(try await fixture.get("/dashboard/api/segments/nobody", as: "ana").status == 404)
        #expect(try await fixture.get("/dashboard/api/segments/seg-a-cluster/rows/1000", as: "ana").status == 404)
        #expect(try await fixture.get("/dashboard/api/segments/seg-a-cluster/rows/x", as: "ana").status == 400)
        #expect(try await fixture.get("/dashboard/api/segments/seg-a-cluster/points?max=0", as: "ana").status == 400)
        #expect(try await fixture.get("/dashboard/api/segments/seg-a-cluster/points?max=ten", as: "ana").status == 400)
        // Signed-out callers get nothing.
        var request = URLRequest(url: fixture.server.url("/dashboard/api/segments/seg-a-cluster"))
        request.httpMethod = "GET"
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 401)
    }
}
