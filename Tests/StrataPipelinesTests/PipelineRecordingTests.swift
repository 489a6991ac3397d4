import Foundation
import StrataTracking
import Testing
import StrataPipelines

@Suite struct PipelineRecordingTests {
    static let steps = "  - scale: {method: standard}\n  - reduce: {method: pca, n_components: 2}\n  - cluster: {method: dbscan, eps: 0.3, min_samples: 5}"

    @Test func aCachedEmbeddingPointsToTheComponentHoldingIt() async throws {
        let fixture = try PipelineFixture(rows: 800)
        let store = try fixture.store()
        let runner = PipelineRunner(store: store, cache: fixture.cache)
        let spec = try fixture.spec(Self.steps)
        _ = try await runner.run(spec, experiment: "e", trial: "first")
        let second = try await runner.run(try spec.setting(["steps.cluster.eps=0.5"]), experiment: "e", trial: "second")
        #expect(second.outcome.steps.first { $0.kind == "reduce" }?.cacheHit == true)
        let reduce = try await store.component(named: "second-reduce")
        #expect(reduce.outputs["embedding.csv"] == nil)
        #expect(reduce.outputs["embedding_component"]?.value == "first-reduce")
        #expect(try await store.component(named: "first-reduce").outputs["embedding.csv"] != nil)

        // Another experiment does not point across (a viewer of one may not read the other): it stores its own copy.
        _ = try await runner.run(spec, experiment: "other", trial: "third")
        let third = try await store.component(named: "third-reduce")
        #expect(third.outputs["embedding.csv"] != nil)
        #expect(third.outputs["embedding_component"] == nil)

        // A holder that is gone is not pointed to either.
        try await store.deleteComponent("first-reduce")
        _ = try await runner.run(spec, experiment: "e", trial: "fourth")
        #expect(try await store.component(named: "fourth-reduce").outputs["embedding.csv"] != nil)
    }
}
