import Foundation
import StrataCore
import StrataEvaluation
import StrataPipelines
import StrataTracking
import Testing

/// DBSCAN's `eps: auto` / `min_samples: auto` (Guides/ModelSelection.md, "DBSCAN's eps at
/// scale"): on blobs of different densities with uniform noise the rule recovers the blobs where
/// the k-distance knee does not, also above the search sample's size (density-scaled search).
@Suite(.serialized) struct EpsilonSuggestionTests {
    /// Six 4-D Gaussian blobs (standard deviations 0.5 to 3) and 10 % uniform noise over their
    /// bounding box, shuffled; the truth is the construction (noise = -1).
    struct NoisyBlobs {
        let directory: URL
        let truth: [Int]

        init(rows: Int, seed: UInt64) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-eps-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let centers: [[Double]] = [[-14, -14, 0, 0], [14, -14, 4, -4], [-14, 14, -4, 4], [14, 14, 0, 8], [0, 0, 10, -10], [0, 0, -12, 10]]
            let deviations = [0.5, 0.8, 1.2, 1.5, 2.0, 3.0]
            var generator = SeededGenerator(seed: seed)
            let blobRows = rows * 9 / 10
            var points: [([Double], Int)] = (0..<blobRows).map { i in
                let b = i % centers.count
                return (centers[b].map { $0 + deviations[b] * generator.nextGaussian() }, b)
            }
            let low = (0..<4).map { c in points.map { $0.0[c] }.min()! }, high = (0..<4).map { c in points.map { $0.0[c] }.max()! }
            for _ in blobRows..<rows {
                points.append(((0..<4).map { low[$0] + (high[$0] - low[$0]) * generator.nextUnit() }, -1))
            }
            points.shuffle(using: &generator)
            truth = points.map(\.1)
            var csv = "id,x0,x1,x2,x3\n"
            for (i, point) in points.enumerated() {
                csv += "b\(i)," + point.0.map { String(format: "%.5f", $0) }.joined(separator: ",") + "\n"
            }
            try csv.write(to: directory.appendingPathComponent("blobs.csv"), atomically: true, encoding: .utf8)
        }

        func run(_ cluster: String) throws -> PipelineExecution.Outcome {
            let yaml = """
            name: eps
            data: {path: blobs.csv}
            steps:
              - scale: {method: standard}
              - cluster: \(cluster)
            constraints: {cluster_count: [3, 30], noise_fraction: [0.0, 0.3]}
            """
            let spec = try PipelineSpec(yaml: yaml, path: "eps.yaml", baseDirectory: directory)
            return try PipelineExecution().run(spec, data: try PipelineData.load(spec.data, url: spec.dataURL))
        }
    }

    @Test func densityScaledSearchRecoversNoisyBlobsWhereTheKneeFails() throws {
        // 24,000 rows: above the 20,000-row search sample, so eps and min_samples are chosen on
        // the sample at a density-scaled min_samples and then applied to every row.
        let blobs = try NoisyBlobs(rows: 24_000, seed: 3)
        let auto = try blobs.run("{method: dbscan, eps: auto}")
        let parameters = auto.steps.last!.parameters
        #expect(parameters["eps_search_rows"]?.numberValue == 20_000)
        #expect(parameters["min_samples_source"]?.stringValue == "auto")
        let autoARI = try adjustedRandIndex(blobs.truth, auto.labels)
        #expect(autoARI >= 0.9, "eps auto: ARI \(autoARI), parameters \(parameters)")
        // The artifact names the sample and the density-scaled k it plotted.
        let artifact = try #require(auto.kDistance)
        #expect(artifact.count == 20_000 && artifact.definition.contains("20000 of 24000 rows"))
        #expect(artifact.eps == parameters["eps"]?.numberValue)

        let knee = try blobs.run("{method: dbscan, eps: knee}")
        let kneeARI = try adjustedRandIndex(blobs.truth, knee.labels)
        #expect(kneeARI < autoARI - 0.2, "knee ARI \(kneeARI) vs auto \(autoARI)")
    }

    @Test func givenMinSamplesIsKeptAndTheChoiceIsDeterministic() throws {
        let blobs = try NoisyBlobs(rows: 4_000, seed: 5)
        let first = try blobs.run("{method: dbscan, eps: auto, min_samples: 12}")
        let second = try blobs.run("{method: dbscan, eps: auto, min_samples: 12}")
        #expect(first.steps.last!.parameters["min_samples"]?.numberValue == 12)
        #expect(first.steps.last!.parameters["min_samples_source"] == nil)
        #expect(first.steps.last!.parameters["eps"] == second.steps.last!.parameters["eps"])
        #expect(first.labels == second.labels)
        // Below the search size the curve is every row's, at the given min_samples.
        #expect(first.kDistance?.count == 4_000 && first.kDistance?.k == 12)
    }

    @Test func minSamplesAcceptsAutoAndNamesItInErrors() throws {
        let blobs = try NoisyBlobs(rows: 100, seed: 1)
        let ok = try PipelineSpec(yaml: "name: a\ndata: {path: blobs.csv}\nsteps:\n  - cluster: {method: dbscan, eps: auto, min_samples: auto}\n",
                                  path: "a.yaml", baseDirectory: blobs.directory)
        #expect(ok.cluster == .dbscan(epsilon: .auto, minSamples: nil))
        #expect {
            try PipelineSpec(yaml: "name: a\ndata: {path: blobs.csv}\nsteps:\n  - cluster: {method: dbscan, min_samples: many}\n",
                             path: "a.yaml", baseDirectory: blobs.directory)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("a.yaml:4") && text.contains("steps.cluster.min_samples") && text.contains("\"auto\"")
        }
    }
}
