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
    static let configuration = CommandConfiguration(commandName: "umap", abstract: "UMAP embedding (umap-learn 0.5 semantics, deterministic on both cores).")
    @OptionGroup var input: InputOptions
    @Option(help: "Neighbours per point.") var nNeighbors: Int = 15
    @Option(help: "Output dimensions.") var nComponents: Int = 2
    @Option(help: "Minimum distance between embedded points.") var minDist: Double = 0.1
    @Option(help: "Spread of the embedded points.") var spread: Double = 1
    @Option(help: "Epochs (default: 200 above 10,000 rows, else 500).") var nEpochs: Int?
    @Option(help: "Initial learning rate.") var learningRate: Double = 1
    @Option(help: "Negative samples per positive edge.") var negativeSampleRate: Int = 5
    @Option(help: "euclidean or cosine.") var metric: String = "euclidean"
    @Option(name: .customLong("init"), help: "spectral or random.") var initMethod: String = "spectral"
    @Option(help: "Random seed: the same seed gives the same embedding.") var seed: UInt64 = 0
    @Option(help: "Output CSV of the embedding (id column kept).") var out: String
    @Option(help: "Save the fitted model here (for `strata transform`).") var modelOut: String?
    @Flag(help: "Save the model without the training rows (small; transform is then unavailable).") var compactModel = false
    @Option(help: "Also score trustworthiness with this many neighbours (0 = skip).") var trustworthinessNeighbors: Int = 15
    @OptionGroup var recording: RecordingOptions

    func configuration() throws -> UMAP {
        guard let m = UMAP.Metric(rawValue: metric) else { throw UserError("--metric must be euclidean or cosine, got '\(metric)'") }
        guard let i = UMAP.Initialization(rawValue: initMethod) else { throw UserError("--init must be spectral or random, got '\(initMethod)'") }
        let config = UMAP(neighborCount: nNeighbors, componentCount: nComponents, minimumDistance: minDist, spread: spread,
                          epochCount: nEpochs, learningRate: learningRate, negativeSampleRate: negativeSampleRate,
                          metric: m, initialization: i, seed: seed)
        try config.validate()
        return config
    }

    func run() async throws {
        let config = try configuration()
        let table = try input.load()
        try await recording.record(step: "umap") { tracker in
            try await tracker?.logParameters(["reduction": .string("umap"), "n_neighbors": .number(Double(nNeighbors)),
                                              "n_components": .number(Double(nComponents)), "min_dist": .number(minDist),
                                              "spread": .number(spread), "metric": .string(metric), "seed": .number(Double(seed)),
                                              "init": .string(initMethod)])
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

/// `strata transform model.file new.csv --out embedding.csv`: places new rows into a fitted UMAP.
struct TransformCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "transform", abstract: "Place new rows into a fitted UMAP embedding.")
    @Argument(help: "Model file written by `strata reduce umap --model-out`.") var model: String
    @OptionGroup var input: InputOptions
    @Option(help: "Output CSV of the embedding.") var out: String
    @OptionGroup var recording: RecordingOptions

    func run() async throws {
        guard FileManager.default.fileExists(atPath: model) else { throw UserError("no such file: \(model)") }
        let fitted: UMAP.Model
        do { fitted = try UMAP.Model.read(from: URL(fileURLWithPath: model)) }
        catch let error as StrataError { throw error }
        catch { throw UserError("\(model) is not a Strata UMAP model file (\(error))") }
        guard fitted.canTransform else {
            throw UserError("\(model) was saved compactly (without training rows); refit with `strata reduce umap --model-out` and no --compact-model")
        }
        let table = try input.load()
        try await recording.record(step: "transform") { tracker in
            let (embedding, seconds) = try timed { try fitted.transform(table.matrix) }
            try writeEmbedding(embedding, prefix: "umap", ids: table.ids, to: out)
            print("placed \(table.matrix.rows) rows in \(NumberFormat.seconds(seconds)); written to \(out)")
            try await tracker?.logInput("model", value: model, mediaType: "application/octet-stream")
            try await tracker?.logMetric("transform_seconds", seconds)
            try await tracker?.logArtifact(file: URL(fileURLWithPath: out), name: "embedding.csv", mediaType: "text/csv")
        }
    }
}
