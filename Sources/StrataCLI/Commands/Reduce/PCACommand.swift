import ArgumentParser
import Foundation
import StrataCore
import StrataData
import StrataTransforms

/// `strata reduce pca`: components, explained variance, and the features driving each component.
struct PCACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pca", abstract: "Principal component analysis (sklearn semantics and sign rule).")
    @OptionGroup var input: InputOptions
    @Option(help: "Components: a whole number, or a fraction in (0, 1) of variance to keep.") var nComponents = ComponentCountArgument(argument: "2")!
    @Flag(help: "Scale components to unit variance.") var whiten = false
    @Option(help: "Solver (auto: exact unless there are many columns and few components).") var svdSolver: PCA.Solver = .auto
    @Option(help: "Seed for the randomized solver.") var seed: UInt64 = 0
    @Option(help: "Output CSV of the projection (id column kept).") var out: String
    @Option(help: "Write the loadings (feature × component) here.") var loadingsOut: String?
    @Option(help: "Save the fitted model here (JSON, for `strata transform`).") var modelOut: String?
    @OptionGroup var recording: RecordingOptions

    var configuration: PCA { PCA(componentCount: nComponents.count, whiten: whiten, solver: svdSolver, seed: seed) }

    func run() async throws {
        let config = configuration
        let table = try input.load()
        try await recording.record(step: "pca") { tracker in
            let ((model, projection), seconds) = try timed { try config.fitTransform(table.matrix, featureNames: table.columnNames) }
            try writeEmbedding(projection, prefix: "pc", ids: table.ids, to: out)
            print("pca: \(table.matrix.rows) × \(table.matrix.columns) → \(model.componentCount) in \(NumberFormat.seconds(seconds)); written to \(out)")
            var summary = TextTable(columns: ["component", "explained variance", "ratio", "cumulative", "top features (loading)"])
            var cumulative = 0.0
            for c in 0..<model.componentCount {
                cumulative += model.explainedVarianceRatio[c]
                let top = model.topFeatures(component: c, count: 3).map { "\($0.feature) \(String(format: "%+.2f", $0.loading))" }
                summary.append(["pc\(c + 1)", String(format: "%.4g", model.explainedVariance[c]),
                                String(format: "%.4f", model.explainedVarianceRatio[c]), String(format: "%.4f", cumulative),
                                top.joined(separator: ", ")])
            }
            print(summary.render())
            if let modelOut { try writeModel(model, to: modelOut) }
            if let loadingsOut {
                let loadings = model.loadings
                var values = [Float](repeating: 0, count: model.featureCount * model.componentCount)
                for c in 0..<model.componentCount { for f in 0..<model.featureCount { values[f * model.componentCount + c] = Float(loadings[c][f]) } }
                let m = try Matrix(rows: model.featureCount, columns: model.componentCount, values: values)
                try CSVWriter().write(m, columnNames: (1...model.componentCount).map { "pc\($0)" }, ids: model.featureNames,
                                      idColumn: "feature", to: URL(fileURLWithPath: loadingsOut))
            }
            try await tracker?.logParameters(["reduction": "pca", "n_components": .string(nComponents.description), "whiten": .string(String(whiten)),
                                              "svd_solver": .string(svdSolver.rawValue)])
            try await tracker?.logInput("data", value: input.input, mediaType: "text/csv")
            try await tracker?.logMetric("fit_seconds", seconds)
            for (c, r) in model.explainedVarianceRatio.enumerated() { try await tracker?.logMetric("explained_variance_ratio", r, step: c) }
            try await tracker?.logMetric("explained_variance_total", cumulative)
            try await tracker?.logArtifact(file: URL(fileURLWithPath: out), name: "projection.csv", mediaType: "text/csv")
            if let loadingsOut { try await tracker?.logArtifact(file: URL(fileURLWithPath: loadingsOut), name: "loadings.csv", mediaType: "text/csv") }
            if let modelOut { try await tracker?.logArtifact(file: URL(fileURLWithPath: modelOut), name: "pca.json", mediaType: "application/json") }
        }
    }

    /// The model as JSON: it holds every number `transform` needs, and its decoder checks them.
    func writeModel(_ model: PCA.Model, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(model).write(to: URL(fileURLWithPath: path), options: .atomic)
        print("model written to \(path)")
    }
}
