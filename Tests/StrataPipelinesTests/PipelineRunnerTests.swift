import Foundation
import StrataEvaluation
import StrataTracking
import Testing
import StrataPipelines

@Suite struct PipelineRunnerTests {
    static let prepare = """
      - select: {variance_threshold: 0.0, correlation_threshold: 0.9}
      - scale: {method: standard, log1p: skewed}
    """

    @Test func aRunIsOneTrialWithAComponentPerStepAndItsArtifacts() async throws {
        let fixture = try PipelineFixture()
        let spec = try fixture.spec(Self.prepare + "\n  - reduce: {method: pca, n_components: 6}\n  - cluster: {method: kmeans, n_clusters: 8, seed: 1}")
        let store = try fixture.store()
        let result = try await PipelineRunner(store: store, cache: fixture.cache).run(spec, experiment: "segments", trial: "attempt-1")
        let components = try await store.components(trial: "attempt-1").map(\.name).sorted()
        #expect(components == ["attempt-1-cluster", "attempt-1-reduce", "attempt-1-scale", "attempt-1-select"])
        let cluster = try await store.component(named: "attempt-1-cluster")
        #expect(cluster.status.primary == .completed)
        #expect(cluster.parameters["n_clusters"] == .number(8))
        #expect(cluster.metrics[PipelineMetrics.segmentationScore]?.last == result.scores[PipelineMetrics.segmentationScore])
        #expect(cluster.metrics[PipelineMetrics.clusterCount]?.last == 8)
        for name in ["labels.csv", "model.strata-model"] { #expect(cluster.outputs[name] != nil, "missing \(name)") }
        #expect(try await store.component(named: "attempt-1-reduce").outputs["embedding.csv"] != nil)
        let trial = try await store.trial(named: "attempt-1")
        #expect(trial.metadata["feasible"] == "true")
        // The recorded labels are the run's labels.
        #expect(try await SweepCoordinator.labels(of: "attempt-1", in: store) == result.outcome.labels)
        // KMeans on generated customers finds the hidden segments.
        #expect(try adjustedRandIndex(fixture.segments, result.outcome.labels) > 0.6)
    }

    @Test func constraintsMakeAnAttemptInfeasible() async throws {
        let fixture = try PipelineFixture(rows: 600)
        let spec = try fixture.spec("  - scale: {method: standard}\n  - cluster: {method: kmeans, n_clusters: 2}",
                                    extra: "constraints: {cluster_count: [3, 30]}")
        let result = try await PipelineRunner(store: nil, cache: nil).run(spec, experiment: "e", trial: "t")
        #expect(!result.isFeasible)
        #expect(result.infeasibleReason?.contains("cluster_count 2 outside [3, 30]") == true)
    }

    @Test func changingTheClustererReusesTheCachedEmbedding() throws {
        let fixture = try PipelineFixture(rows: 1_500)
        let base = try fixture.spec(Self.prepare + "\n  - reduce: {method: umap, n_components: 2, n_neighbors: 10, seed: 3, n_epochs: 50}\n  - cluster: {method: dbscan, eps: 0.5, min_samples: 5}")
        let data = try fixture.data(base)
        let execution = PipelineExecution(cache: fixture.cache)
        let first = try execution.run(base, data: data)
        #expect(first.steps.first { $0.kind == "reduce" }?.cacheHit == false)
        let second = try execution.run(try base.setting(["steps.cluster.eps=0.8"]), data: data)
        #expect(second.steps.first { $0.kind == "reduce" }?.cacheHit == true)
        #expect(second.embedding == first.embedding)
        let reseeded = try execution.run(try base.setting(["steps.reduce.seed=4"]), data: data)
        #expect(reseeded.steps.first { $0.kind == "reduce" }?.cacheHit == false)
        // A damaged entry is recomputed, not trusted.
        for entry in fixture.cache.entries() {
            let file = fixture.cache.directory.appendingPathComponent("\(entry.key).step")
            var bytes = try Data(contentsOf: file)
            bytes[bytes.count / 2] ^= 0xFF
            try bytes.write(to: file)
        }
        let afterDamage = try execution.run(base, data: data)
        #expect(afterDamage.steps.first { $0.kind == "reduce" }?.cacheHit == false)
        #expect(afterDamage.embedding == first.embedding)
    }
}
