import Foundation
import StrataCore
import StrataData
import StrataPipelines
import StrataTransforms

extension FuzzEntry {
    /// `strata predict`'s model files: decode (with a resealed copy, so mutations reach the
    /// fitted steps behind the checksum), then assign two customers when the model is cheap to
    /// run. Every refusal must be the file's own error (`ModelFileError`, or `PipelineError` naming
    /// the problem), never a trap.
    public static let segmentationModel = FuzzEntry(
        name: "segmentation-model",
        seeds: {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-fuzz-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            // Small models keep each of the suite's thousands of mutations cheap to decode and run.
            let sample = try CustomerGenerator(rows: 90, seed: 4).makeTable()
            let columns = CustomerGenerator.columnNames.prefix(6).joined(separator: ", ")
            try CSVWriter().write(sample.table, to: directory.appendingPathComponent("customers.csv"))
            let pipelines = [
                "  - select: {correlation_threshold: 0.9}\n  - scale: {method: standard, log1p: skewed}\n  - cluster: {method: kmeans, n_clusters: 3}",
                "  - scale: {method: robust}\n  - reduce: {method: pca, n_components: 2}\n  - cluster: {method: dbscan, eps: 0.8, min_samples: 5}",
                "  - scale: {method: minmax}\n  - reduce: {method: umap, n_components: 2, n_neighbors: 8, n_epochs: 20, seed: 1}\n  - cluster: {method: hdbscan, min_cluster_size: 8}",
                "  - scale: {method: standard}\n  - cluster: {method: gmm, n_components: 3, seed: 2}",
            ]
            return try pipelines.enumerated().map { index, steps in
                let yaml = "name: fuzz\ndata: {path: customers.csv, columns: [\(columns)]}\nsteps:\n\(steps)\n"
                let spec = try PipelineSpec(yaml: yaml, path: "fuzz.yaml", baseDirectory: directory)
                let data = try PipelineData.load(spec.data, url: spec.dataURL)
                let outcome = try PipelineExecution().run(spec, data: data)
                let header = SegmentationModel.Header(strataVersion: "fuzz", pipeline: "fuzz", createdAt: 0,
                                                      featureNames: outcome.featureNames, fillValues: data.fillValues,
                                                      steps: outcome.fitted.map(\.name), parameters: [:])
                let file = directory.appendingPathComponent("model-\(index).strata-model")
                try SegmentationModel(header: header, steps: outcome.fitted).write(to: file)
                return Array(try Data(contentsOf: file))
            }
        },
        isDocumented: { $0 is ModelFileError || $0 is PipelineError },
        repair: SegmentationModel._resealedForFuzzing,
        body: { bytes in
            let model = try SegmentationModel(bytes: bytes)
            // Decoded models are valid; running one whose UMAP asks for many epochs or whose input
            // is very wide is slow, not wrong, so those are decoded only.
            let columns = model.header.featureNames
            guard columns.count <= 64, Set(columns).count == columns.count else { return }
            for step in model.steps {
                if case .umap(let umap) = step {
                    guard (umap.configuration.epochCount ?? 0) <= 900, umap.configuration.negativeSampleRate <= 20 else { return }
                }
            }
            let matrix = try Matrix(rows: 2, columns: columns.count, values: (0..<(2 * columns.count)).map { Float($0 % 7) })
            _ = try model.predict(try FeatureTable(columnNames: columns, ids: ["a", "b"], matrix: matrix))
        })
}
