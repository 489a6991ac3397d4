import Foundation
import StrataEvaluation
import StrataTracking
import Testing
import _StrataTestSupport
import StrataPipelines

@Suite struct SilhouetteArtifactTests {
    /// Tests/Fixtures/segments/silhouette.json (make_segments.py): scikit-learn's labels and
    /// silhouette_samples for the pipeline below.
    struct Reference: Decodable {
        var eps: Double
        var min_samples: Int
        var labels: [Int]
        var values: [Double?]
        var average: Double
    }

    @Test func valuesPerClusterAreScikitLearnsSilhouetteSamples() async throws {
        let directory = fixturesDirectory().appendingPathComponent("segments")
        let reference = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: directory.appendingPathComponent("silhouette.json")))
        let fixture = try PipelineFixture(rows: 1_000)
        let yaml = """
        name: blobs
        data: {path: \(directory.appendingPathComponent("blobs.csv").path)}
        steps:
          - scale: {method: standard}
          - cluster: {method: dbscan, eps: \(reference.eps), min_samples: \(reference.min_samples)}
        """
        let spec = try PipelineSpec(yaml: yaml, path: "blobs.yaml", baseDirectory: fixture.directory)
        let store = try fixture.store()
        let result = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "blobs")
        // The same clustering as scikit-learn's, so the values are comparable row for row.
        try #require(result.outcome.labels == reference.labels)
        let artifact = try await recordedArtifact(SilhouetteArtifact.self, SilhouetteArtifact.fileName, of: "blobs-cluster", in: store)
        #expect(artifact.space == "shared")
        // Written directly (not by JSONEncoder): it reads back as the same value, and it is
        // what was recorded.
        #expect(try JSONDecoder().decode(SilhouetteArtifact.self, from: artifact.json()) == artifact)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(try JSONDecoder().decode(SilhouetteArtifact.self, from: encoder.encode(artifact)) == artifact)
        #expect(!artifact.isSampled)
        #expect(artifact.rowCount == reference.labels.count)
        #expect(artifact.sampleSize == reference.values.compactMap { $0 }.count)
        #expect(abs(artifact.average - reference.average) < 1e-5, "\(artifact.average) vs sklearn \(reference.average)")
        // Every row is scored here, so the average is the recorded shared-space silhouette.
        let shared = try #require(result.scores[PipelineMetrics.silhouetteShared])
        #expect(abs(artifact.average - shared) < 1e-12)
        let labels = Set(reference.labels.filter { $0 >= 0 })
        #expect(artifact.clusters.map(\.label) == labels.sorted())
        for cluster in artifact.clusters {
            let expected = zip(reference.labels, reference.values).compactMap { $0 == cluster.label ? $1 : nil }.sorted(by: >)
            #expect(cluster.values.count == expected.count)
            #expect(zip(cluster.values, expected).allSatisfy { abs($0 - $1) < 1e-4 }, "cluster \(cluster.label)")
        }
    }

    @Test func largeRunsScoreAFixedSampleWithTheScoreAndReuseItsDistancesFromTheCache() async throws {
        let fixture = try PipelineFixture(rows: 12_000)
        let spec = try fixture.spec("  - scale: {method: standard}\n  - reduce: {method: pca, n_components: 3}\n  - cluster: {method: dbscan, eps: 0.4, min_samples: 8}")
        let store = try fixture.store()
        let result = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "big")
        let artifact = try await recordedArtifact(SilhouetteArtifact.self, SilhouetteArtifact.fileName, of: "big-cluster", in: store)
        let labels = result.outcome.labels
        try #require(labels.contains(-1), "the run should have noise for this test to mean something")
        #expect(artifact.isSampled)
        #expect(artifact.rowCount == 12_000)
        // The sample is drawn from every row; the noise rows among them are left out.
        #expect(artifact.sampleSize < SilhouetteArtifact.maximumSample && artifact.sampleSize > SilhouetteArtifact.maximumSample / 2)
        #expect(artifact.clusters.reduce(0) { $0 + $1.values.count } == artifact.sampleSize)
        #expect(!artifact.clusters.contains { $0.label == -1 })
        // The artifact is the recorded score's own computation.
        #expect(artifact.average == result.scores[PipelineMetrics.silhouetteShared])
        let mean = artifact.clusters.flatMap(\.values).reduce(0, +) / Double(artifact.sampleSize)
        #expect(abs(mean - artifact.average) < 1e-9)
        for cluster in artifact.clusters { #expect(zip(cluster.values, cluster.values.dropFirst()).allSatisfy { $0 >= $1 }) }
        // With a few large clusters, 10,000 of 12,000 rows estimate the exact silhouette of every
        // row closely (tiny clusters make any sample's estimate noisy, as scikit-learn's).
        let kmeans = try fixture.spec("  - scale: {method: standard}\n  - cluster: {method: kmeans, n_clusters: 4, seed: 1}")
        let coarse = try await PipelineRunner(store: nil, cache: nil).run(kmeans, experiment: "e", trial: "kmeans")
        let exact = try silhouetteScore(coarse.outcome.sharedSpace, labels: coarse.outcome.labels).score
        let sampled = try #require(coarse.scores[PipelineMetrics.silhouetteShared])
        #expect(abs(sampled - exact) < 0.005, "\(sampled) vs exact \(exact)")

        // Through the step cache: the first run stores the sample's distances, the second reads
        // them back (memory-mapped); both score exactly as the run without a cache.
        for trial in ["cached-1", "cached-2"] {
            let cached = try await PipelineRunner(store: store, cache: fixture.cache).run(spec, experiment: "e", trial: trial)
            #expect(cached.scores == result.scores)
            #expect(cached.silhouette == result.silhouette)
        }
        let entry = try #require(fixture.cache.entries().first { $0.bytes > 4 * 10_000 * 9_999 / 2 })
        // A damaged entry is recomputed, not trusted.
        let file = fixture.cache.directory.appendingPathComponent("\(entry.key).step")
        var bytes = try Data(contentsOf: file)
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        let repaired = try await PipelineRunner(store: store, cache: fixture.cache).run(spec, experiment: "e", trial: "cached-3")
        #expect(repaired.scores == result.scores)
    }

    @Test func oneClusterRecordsNoSilhouette() async throws {
        let fixture = try PipelineFixture(rows: 500)
        let spec = try fixture.spec("  - scale: {method: standard}\n  - cluster: {method: dbscan, eps: 100, min_samples: 3}")
        let store = try fixture.store()
        _ = try await PipelineRunner(store: store, cache: nil).run(spec, experiment: "e", trial: "one")
        let cluster = try await store.component(named: "one-cluster")
        #expect(cluster.outputs[SilhouetteArtifact.fileName] == nil)
        #expect(cluster.outputs[KDistanceArtifact.fileName] != nil)
    }
}
