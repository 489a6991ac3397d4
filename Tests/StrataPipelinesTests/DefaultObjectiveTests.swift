import Foundation
import StrataData
import StrataEvaluation
import Testing
import StrataPipelines

/// The evidence behind the default winner rule (Guides/ModelSelection.md): the same 20 attempts
/// — k-means, HDBSCAN and DBSCAN (eps: auto), each on the scaled features and on a UMAP
/// embedding — on three labelled sets; the attempt the sweep's rule picks must be (nearly) the
/// best one by ARI against the truth. The segmentation score alone fails this on digits and noisy
/// blobs (it picks a near-trivial split and k-means' Voronoi cells), and the score times the
/// consensus fails it on digits (a 16-cluster DBSCAN that splits digits by writing style), which
/// is why the winner rule is the consensus weighted by the other attempts' scores.
@Suite(.serialized) struct DefaultObjectiveTests {
    struct Outcome { let winnerARI: Double; let bestARI: Double; let scoreOnlyARI: Double }

    func sweep(dataURL: URL, columns: [String], truth: [Int], scale: String) throws -> Outcome {
        let cache = StepCache(directory: FileManager.default.temporaryDirectory.appendingPathComponent("strata-objective-\(UUID().uuidString)"))
        defer { cache.clear() }
        let umap = "  - reduce: {method: umap, n_components: 3, min_dist: 0.0, seed: 1}\n"
        var clusterers: [String] = []
        for k in [3, 5, 8, 10, 12] { clusterers.append("{method: kmeans, n_clusters: \(k), seed: 0}") }
        for size in [10, 50, 200] { clusterers.append("{method: hdbscan, min_cluster_size: \(size)}") }
        for samples in [5, 20] { clusterers.append("{method: dbscan, eps: auto, min_samples: \(samples)}") }
        var attempts: [WinnerSelection.Attempt] = []
        var aris: [String: Double] = [:]
        var index = 0
        var data: PipelineData?
        for reduce in ["", umap] {
            for clusterer in clusterers {
                let yaml = """
                name: objective
                data: {path: \(dataURL.path), columns: [\(columns.joined(separator: ", "))]}
                steps:
                  - scale: \(scale)
                \(reduce)  - cluster: \(clusterer)
                """
                let spec = try PipelineSpec(yaml: yaml, baseDirectory: dataURL.deletingLastPathComponent())
                if data == nil { data = try PipelineData.load(spec.data, url: spec.dataURL) }
                let outcome = try PipelineExecution(cache: cache).run(spec, data: data!)
                let scores = try PipelineScoring.scores(outcome, spec: spec, cache: cache)
                let id = "attempt-\(index)"
                index += 1
                aris[id] = try adjustedRandIndex(truth, outcome.labels)
                let score = scores[PipelineMetrics.segmentationScore]
                attempts.append(.init(id: id, labels: outcome.labels, score: score, feasible: score != nil))
            }
        }
        let winner = try WinnerSelection().rank(attempts).first!.id
        let scoreOnly = attempts.filter { $0.score != nil }.max { $0.score! < $1.score! }!.id
        return Outcome(winnerARI: aris[winner]!, bestARI: aris.values.max()!, scoreOnlyARI: aris[scoreOnly]!)
    }

    static func labelled(_ name: String) throws -> (url: URL, columns: [String], truth: [Int]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/pipelines/\(name)")
        let table = try CSVReader().read(url)
        let label = try table.columnIndex("label")
        let truth = (0..<table.rowCount).map { Int(table.matrix[$0, label]) }
        return (url, table.columnNames.filter { $0 != "label" }, truth)
    }

    @Test func generatedCustomers() throws {
        let fixture = try PipelineFixture(rows: 5_000, seed: 42)
        let result = try sweep(dataURL: fixture.url("customers.csv"), columns: CustomerGenerator.columnNames, truth: fixture.segments,
                               scale: "{method: standard, log1p: skewed}")
        #expect(result.winnerARI >= 0.8, "winner ARI \(result.winnerARI), best \(result.bestARI)")
    }

    @Test func digits() throws {
        let set = try Self.labelled("digits.csv")
        let result = try sweep(dataURL: set.url, columns: set.columns, truth: set.truth, scale: "{method: standard}")
        #expect(result.winnerARI >= result.bestARI - 0.05, "winner ARI \(result.winnerARI), best \(result.bestARI)")
        #expect(result.scoreOnlyARI < result.bestARI - 0.05, "the score alone is good enough here: \(result.scoreOnlyARI)")
    }

    @Test func blobsOfDifferentDensitiesWithUniformNoise() throws {
        let set = try Self.labelled("blobs_noise.csv")
        let result = try sweep(dataURL: set.url, columns: set.columns, truth: set.truth, scale: "{method: standard}")
        #expect(result.winnerARI >= result.bestARI - 0.05, "winner ARI \(result.winnerARI), best \(result.bestARI)")
    }
}
