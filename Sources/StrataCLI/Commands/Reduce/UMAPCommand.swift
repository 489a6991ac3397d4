import ArgumentParser
import Foundation
import StrataCore
import StrataData
import StrataEvaluation
import StrataTransforms

/// Progress lines on stderr, at most one per stage and tenth.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private var lastTenth: [String: Int] = [:]
    func callAsFunction(_ stage: String, _ done: Int, _ total: Int) {
        let tenth = total > 0 ? done * 10 / total : 10
        lock.lock(); defer { lock.unlock() }
        guard lastTenth[stage] != tenth else { return }
        lastTenth[stage] = tenth
        note("  \(stage) \(done)/\(total)")
    }
}

struct UMAPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "umap", abstract: "UMAP embedding (umap-learn 0.5 semantics; the same seed gives the same embedding).")
    @OptionGroup var input: InputOptions
    @Option(help: "Neighbours per point.") var nNeighbors: Int = 15
    @Option(help: "Output dimensions.") var nComponents: Int = 2
    @Option(help: "Minimum distance between embedded points.") var minDist: Double = 0.1
    @Option(help: "Spread of the embedded points.") var spread: Double = 1
    @Option(help: "Epochs (default: 200 above 10,000 rows, else 500).") var nEpochs: Int?
    @Option(help: "Initial learning rate.") var learningRate: Double = 1
    @Option(help: "Negative samples per positive edge.") var negativeSampleRate: Int = 5
    @Option(help: "Weight of the repulsive samples (umap-learn's repulsion_strength, gamma).") var repulsionStrength: Double = 1
    @Option(help: "How the directed neighbour graphs are combined: 1 = fuzzy union, 0 = fuzzy intersection, between = a mix.")
    var setOpMixRatio: Double = 1
    @Option(help: "Nearest neighbours each point is assumed connected to (higher = more connected, less local detail).")
    var localConnectivity: Double = 1
    @Option(help: "Distance in the input space.") var metric: UMAP.Metric = .euclidean
    @Option(name: .customLong("init"), help: "Starting layout.") var initMethod: UMAP.Initialization = .spectral
    @Option(help: "Random seed: the same seed gives the same embedding.") var seed: UInt64 = 0
    @Option(help: "Output CSV of the embedding (id column kept).") var out: String
    @Option(help: "Save the fitted model here (for `strata transform`).") var modelOut: String?
    @Flag(help: "Save the model without the training rows (small; transform is then unavailable).") var compactModel = false
    @Option(help: "Also score trustworthiness with this many neighbours (0 = skip).") var trustworthinessNeighbors: Int = 15
    @OptionGroup var recording: RecordingOptions

    var configuration: UMAP {
        UMAP(neighborCount: nNeighbors, componentCount: nComponents, minimumDistance: minDist, spread: spread,
             epochCount: nEpochs, learningRate: learningRate, negativeSampleRate: negativeSampleRate,
             repulsionStrength: repulsionStrength, setOpMixRatio: setOpMixRatio, localConnectivity: localConnectivity,
             metric: metric, initialization: initMethod, seed: seed)
    }

    func validate() throws {
        try checkOptions(["neighborCount": "--n-neighbors", "componentCount": "--n-components", "minimumDistance": "--min-dist",
                          "spread": "--spread", "epochCount": "--n-epochs", "learningRate": "--learning-rate",
                          "negativeSampleRate": "--negative-sample-rate", "repulsionStrength": "--repulsion-strength",
                          "setOpMixRatio": "--set-op-mix-ratio", "localConnectivity": "--local-connectivity"]) { () throws(StrataError) in
            try configuration.validate()
        }
        guard trustworthinessNeighbors >= 0 else {
            throw ValidationError("--trustworthiness-neighbors must be ≥ 0 (0 = skip), got \(trustworthinessNeighbors)")
        }
    }

    func run() async throws {
        let config = configuration
        let table = try input.load()
        try await recording.record(step: "umap") { tracker in
            try await tracker?.logParameters(["reduction": .string("umap"), "n_neighbors": .number(Double(nNeighbors)),
                                              "n_components": .number(Double(nComponents)), "min_dist": .number(minDist),
                                              "spread": .number(spread), "metric": .string(metric.rawValue), "seed": .number(Double(seed)),
                                              "init": .string(initMethod.rawValue), "repulsion_strength": .number(repulsionStrength),
                                              "set_op_mix_ratio": .number(setOpMixRatio), "local_connectivity": .number(localConnectivity)])
            try await tracker?.logInput("data", value: input.input, mediaType: "text/csv")
            let progress = ProgressPrinter()
            let (model, seconds) = try timed { try config.fit(table.matrix, progress: { progress($0, $1, $2) }) }
            try writeEmbedding(model.embedding, prefix: "umap", ids: table.ids, to: out)
            print("umap: \(table.matrix.rows) × \(table.matrix.columns) → \(nComponents) in \(NumberFormat.seconds(seconds)); written to \(out)")
            try await tracker?.logMetric("fit_seconds", seconds)
            if trustworthinessNeighbors > 0 {
                let t = try trustworthiness(original: table.matrix, embedding: model.embedding, neighborCount: trustworthinessNeighbors, seed: seed)
                print("trustworthiness (\(trustworthinessNeighbors) neighbours) \(String(format: "%.4f", t))")
                try await tracker?.logMetric("trustworthiness", t)
            }
            try await tracker?.logArtifact(file: URL(fileURLWithPath: out), name: "embedding.csv", mediaType: "text/csv")
            if let modelOut {
                try model.write(to: URL(fileURLWithPath: modelOut), includeTrainingData: !compactModel)
                print("model written to \(modelOut)\(compactModel ? " (compact: no transform)" : "")")
                try await tracker?.logArtifact(file: URL(fileURLWithPath: modelOut), name: "umap.model", mediaType: "application/octet-stream")
            }
        }
    }
}
