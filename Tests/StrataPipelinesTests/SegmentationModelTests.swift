import Foundation
import StrataCore
import StrataData
import Testing
import StrataPipelines
import _StrataTestSupport

/// `strata predict`'s contract: the training rows get their fitted labels back, and a bad file is
/// one clear error.
@Suite struct SegmentationModelTests {
    func roundTrip(_ fixture: PipelineFixture, _ steps: String) throws -> (fitted: [Int], predicted: SegmentationModel.Assignment, result: PipelineExecution.Outcome) {
        let spec = try fixture.spec(steps)
        let data = try fixture.data(spec)
        let outcome = try PipelineExecution().run(spec, data: data)
        let header = SegmentationModel.Header(formatVersion: SegmentationModel.formatVersion, strataVersion: "test", pipeline: "test", createdAt: 0,
                                              featureNames: outcome.featureNames, fillValues: data.fillValues,
                                              steps: outcome.fitted.map(\.name), parameters: [:])
        let file = fixture.url("model-\(UUID().uuidString).strata-model")
        try SegmentationModel(header: header, steps: outcome.fitted).write(to: file)
        let model = try SegmentationModel(contentsOf: file)
        // Columns are matched by name: shuffle them and add one the model ignores.
        let table = data.table
        let shuffled = Array(table.columnNames.reversed()) + ["extra"]
        let matrix = try Matrix(rows: table.rowCount, columns: shuffled.count, values: (0..<table.rowCount).flatMap { r in
            shuffled.map { name in name == "extra" ? 1 : table.matrix[r, table.columnNames.firstIndex(of: name)!] }
        })
        let input = try FeatureTable(columnNames: shuffled, ids: table.ids, matrix: matrix)
        return (outcome.labels, try model.predict(input), outcome)
    }

    static let prepare = "  - select: {correlation_threshold: 0.9}\n  - scale: {method: standard, log1p: skewed}\n"

    @Test func kmeansAndGaussianMixtureReproduceTheirLabels() throws {
        let fixture = try PipelineFixture(rows: 1_200)
        let kmeans = try roundTrip(fixture, Self.prepare + "  - reduce: {method: pca, n_components: 5}\n  - cluster: {method: kmeans, n_clusters: 6, seed: 2}")
        #expect(kmeans.predicted.labels == kmeans.fitted)
        let gmm = try roundTrip(fixture, Self.prepare + "  - reduce: {method: pca, n_components: 4}\n  - cluster: {method: gmm, n_components: 4, seed: 2}")
        #expect(gmm.predicted.labels == gmm.fitted)
        #expect(gmm.predicted.componentProbabilities?.columns == 4)
    }

    @Test func dbscanCorePointsKeepTheirLabels() throws {
        let fixture = try PipelineFixture(rows: 1_200)
        let run = try roundTrip(fixture, Self.prepare + "  - reduce: {method: pca, n_components: 3}\n  - cluster: {method: dbscan, eps: 1.0, min_samples: 5}")
        guard case .dbscan(let model) = run.result.fitted.last! else { Issue.record("not DBSCAN"); return }
        #expect(!model.coreSampleIndices.isEmpty)
        for core in model.coreSampleIndices { #expect(run.predicted.labels[core] == run.fitted[core]) }
    }

    func agreement(_ run: (fitted: [Int], predicted: SegmentationModel.Assignment, result: PipelineExecution.Outcome)) -> Double {
        Double(zip(run.fitted, run.predicted.labels).filter { $0 == $1 }.count) / Double(run.fitted.count)
    }

    @Test func throughUMAPNearlyEveryTrainingRowKeepsItsSegment() throws {
        let fixture = try PipelineFixture(rows: 1_500)
        let run = try roundTrip(fixture, Self.prepare + "  - reduce: {method: umap, n_components: 2, seed: 1}\n  - cluster: {method: kmeans, n_clusters: 8, seed: 1}")
        #expect(agreement(run) >= 0.99, "agreement \(agreement(run))")
    }

    /// approximate_predict re-derives each row's cluster from its neighbours, as the hdbscan
    /// package does; rows near a cluster's edge may change (the package shows the same).
    @Test func hdbscanApproximatePredictAgreesOnAlmostEveryTrainingRow() throws {
        let fixture = try PipelineFixture(rows: 1_500)
        let run = try roundTrip(fixture, Self.prepare + "  - reduce: {method: pca, n_components: 4}\n  - cluster: {method: hdbscan, min_cluster_size: 40}")
        #expect(agreement(run) >= 0.95, "agreement \(agreement(run))")
        #expect(run.predicted.probabilities?.count == run.fitted.count)
    }

    @Test func aMissingColumnIsNamed() throws {
        let fixture = try PipelineFixture(rows: 300)
        let spec = try fixture.spec("  - scale: {method: standard}\n  - cluster: {method: kmeans, n_clusters: 3}")
        let result = try PipelineExecution().run(spec, data: try fixture.data(spec))
        let header = SegmentationModel.Header(formatVersion: SegmentationModel.formatVersion, strataVersion: "t", pipeline: "t", createdAt: 0, featureNames: result.featureNames,
                                              fillValues: nil, steps: result.fitted.map(\.name), parameters: [:])
        let model = try SegmentationModel(header: header, steps: result.fitted)
        let partial = try FeatureTable(columnNames: ["frequency"], matrix: Matrix(rows: 1, columns: 1, values: [1]))
        #expect(throws: PipelineError.self) { try model.predict(partial) }
        do { _ = try model.predict(partial) } catch { #expect(String(describing: error).contains("\"recency_days\"")) }
    }

    @Test func damagedTruncatedAndNewerFilesAreClearErrors() throws {
        let fixture = try PipelineFixture(rows: 300)
        let spec = try fixture.spec("  - scale: {method: standard}\n  - cluster: {method: kmeans, n_clusters: 3}")
        let result = try PipelineExecution().run(spec, data: try fixture.data(spec))
        let header = SegmentationModel.Header(formatVersion: SegmentationModel.formatVersion, strataVersion: "t", pipeline: "t", createdAt: 0, featureNames: result.featureNames,
                                              fillValues: nil, steps: result.fitted.map(\.name), parameters: [:])
        let file = fixture.url("m.strata-model")
        try SegmentationModel(header: header, steps: result.fitted).write(to: file)
        let good = try Data(contentsOf: file)
        func message(_ bytes: Data) -> String {
            let bad = fixture.url("bad.strata-model")
            try? bytes.write(to: bad)
            do { _ = try SegmentationModel(contentsOf: bad); return "accepted" } catch { return String(describing: error) }
        }
        #expect(message(good.prefix(good.count - 10)).contains("truncated"))
        var flipped = good
        flipped[good.count - 40] ^= 0x01
        #expect(message(flipped).contains("checksum"))
        #expect(message(Data("strata-segmentation-model 9\n{}\n".utf8)).contains("version 9"))
        #expect(message(Data("hello".utf8)).contains("not a Strata segmentation model file"))
        // Seeded mutations: every outcome is a model or a thrown error, never a trap.
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<3_000 {
            var bytes = good
            switch generator.nextInt(below: 3) {
            case 0: for _ in 0...generator.nextInt(below: 4) { bytes[generator.nextInt(below: bytes.count)] = UInt8(generator.nextInt(below: 256)) }
            case 1: bytes = bytes.prefix(generator.nextInt(below: bytes.count))
            default:
                let at = generator.nextInt(below: bytes.count)
                bytes.insert(contentsOf: good.prefix(generator.nextInt(below: 64)), at: at)
            }
            _ = try? SegmentationModel(bytes: Array(bytes))
        }
    }

    /// Files written before HDBSCAN's trees were stored as columns (format version 1) still load
    /// and predict what the version that wrote them predicted.
    @Test func aVersion1FileIsStillRead() throws {
        let folder = fixturesDirectory().appendingPathComponent("pipelines/model_v1")
        let file = folder.appendingPathComponent("v1-hdbscan.strata-model")
        #expect(String(decoding: try Data(contentsOf: file).prefix(28), as: UTF8.self) == "strata-segmentation-model 1\n")
        let model = try SegmentationModel(contentsOf: file)
        #expect(model.header.steps == ["standard-scaler", "hdbscan"])
        let table = try CSVReader(columns: model.header.featureNames).read(folder.appendingPathComponent("rows.csv"))
        let expected = try String(contentsOf: folder.appendingPathComponent("labels.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { Int($0.split(separator: ",")[1])! }
        #expect(try model.predict(table).labels == expected)
        // Written again, it is the current version.
        let rewritten = String(decoding: try model.encoded().prefix(28), as: UTF8.self)
        #expect(rewritten == "strata-segmentation-model \(SegmentationModel.formatVersion)\n")
    }

    @Test func binaryCodingRoundTripsEveryNumericShape() throws {
        struct Shapes: Codable, Equatable {
            var floats: [Float]; var doubles: [Double]; var ints: [Int]; var nested: [[Double]]
            var optional: Int?; var text: String; var flag: Bool; var matrix: Matrix
        }
        let value = Shapes(floats: [1, -2.5, .infinity], doubles: [0.1, 1e300], ints: [Int.min, 0, Int.max], nested: [[1], [], [2, 3]],
                           optional: nil, text: "ü✓", flag: true, matrix: try Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4]))
        let bytes = try BinaryModelCoding.encode(value)
        #expect(try BinaryModelCoding.decode(Shapes.self, from: bytes) == value)
        // A matrix whose shape disagrees with its values is refused when decoded.
        struct LyingMatrix: Codable { var rows = 3; var columns = 3; var storage: [Float] = [1] }
        #expect(throws: (any Error).self) { try BinaryModelCoding.decode(Matrix.self, from: try BinaryModelCoding.encode(LyingMatrix())) }
        // Truncations of a valid encoding throw.
        for length in stride(from: 0, to: bytes.count, by: 7) {
            #expect(throws: (any Error).self) { try BinaryModelCoding.decode(Shapes.self, from: Array(bytes.prefix(length))) }
        }
    }
}
