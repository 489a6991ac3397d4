import ArgumentParser
import Foundation
import StrataCore
import StrataData
import StrataEvaluation

/// `strata score silhouette|davies-bouldin|calinski-harabasz <csv> --labels labels.csv`, and
/// `strata score ari|nmi --labels A --truth B` to compare two labelings.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score", abstract: "Score a clustering of a CSV file.",
        subcommands: [SilhouetteCommand.self, DaviesBouldinCommand.self, CalinskiHarabaszCommand.self, TrustworthinessCommand.self,
                      ARICommand.self, NMICommand.self])
}

/// The data, its labels (`id,label`, as `strata cluster` writes them) and recording options.
struct LabeledInput: ParsableArguments {
    @OptionGroup var input: InputOptions
    @Option(help: "Labels CSV with a 'label' column (and the same ids, in the same order).") var labels: String
    @Option(help: "Noise (-1) handling: exclude the rows, or score them as one more cluster (scikit-learn on raw labels).")
    var noise: NoiseHandling = .exclude
    @OptionGroup var recording: RecordingOptions

    func load() throws -> (FeatureTable, [Int]) {
        let table = try input.load()
        let labelsFile = try LabelsFile(labels)
        try labelsFile.checkAligned(rows: table.matrix.rows, ids: table.ids, of: input.input)
        return (table, labelsFile.labels)
    }
}

struct SilhouetteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "silhouette", abstract: "Mean silhouette coefficient (exact, or on a seeded sample).")
    @OptionGroup var labeled: LabeledInput
    @Option(help: "Score a seeded random sample of this many rows instead of all.") var sampleSize: Int?
    @Option(help: "Seed for the sample.") var seed: UInt64 = 0

    func validate() throws {
        if let sampleSize, sampleSize < 2 { throw ValidationError("--sample-size must be at least 2, got \(sampleSize)") }
    }

    func run() async throws {
        let (table, labels) = try labeled.load()
        let noise = labeled.noise
        try await labeled.recording.record(step: "silhouette") { tracker in
            let (result, seconds) = try timed {
                try Silhouette(sampleSize: sampleSize, seed: seed, noise: noise).evaluate(table.matrix, labels: labels)
            }
            print("silhouette \(result.score)  (\(result.evaluatedCount) rows, \(result.clusterCount) clusters, noise left out \(String(format: "%.1f%%", result.excludedNoiseFraction * 100)), \(NumberFormat.seconds(seconds)))")
            try await tracker?.logParameters(["noise": .string(labeled.noise.argument), "sample_size": .number(Double(sampleSize ?? 0)), "seed": .number(Double(seed))])
            try await tracker?.logInput("data", value: labeled.input.input, mediaType: "text/csv")
            try await tracker?.logInput("labels", value: labeled.labels, mediaType: "text/csv")
            try await tracker?.logMetric("silhouette", result.score)
            try await tracker?.logMetric("silhouette_excluded_noise_fraction", result.excludedNoiseFraction)
            try await tracker?.logMetric("silhouette_seconds", seconds)
        }
    }
}

struct DaviesBouldinCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "davies-bouldin", abstract: "Davies-Bouldin index (lower is better).")
    @OptionGroup var labeled: LabeledInput

    func run() async throws {
        let (table, labels) = try labeled.load()
        let noise = labeled.noise
        try await labeled.recording.record(step: "davies-bouldin") { tracker in
            let score = try daviesBouldinScore(table.matrix, labels: labels, noise: noise)
            print("davies-bouldin \(score.value)  (\(score.evaluatedCount) rows, \(score.clusterCount) clusters)")
            try await tracker?.logMetric("davies_bouldin", score.value)
        }
    }
}

struct CalinskiHarabaszCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calinski-harabasz", abstract: "Calinski-Harabasz index (higher is better).")
    @OptionGroup var labeled: LabeledInput

    func run() async throws {
        let (table, labels) = try labeled.load()
        let noise = labeled.noise
        try await labeled.recording.record(step: "calinski-harabasz") { tracker in
            let score = try calinskiHarabaszScore(table.matrix, labels: labels, noise: noise)
            print("calinski-harabasz \(score.value)  (\(score.evaluatedCount) rows, \(score.clusterCount) clusters)")
            try await tracker?.logMetric("calinski_harabasz", score.value)
        }
    }
}

struct TrustworthinessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "trustworthiness", abstract: "How well an embedding keeps each row's nearest neighbours (sklearn's definition).")
    @Argument(help: "Original feature CSV.") var original: String
    @Argument(help: "Embedding CSV (same rows, same order).") var embedding: String
    @Option(help: "Neighbours considered.") var nNeighbors: Int = 15
    @Option(help: "Comma-separated feature columns of the original (default: all but the id).") var columns: String?
    @Option(help: "Seed for the sample used above 20,000 rows.") var seed: UInt64 = 0
    @OptionGroup var recording: RecordingOptions

    func validate() throws {
        guard nNeighbors >= 1 else { throw ValidationError("--n-neighbors must be at least 1, got \(nNeighbors)") }
    }

    func run() async throws {
        let originalTable = try InputOptions.parse([original] + (columns.map { ["--columns", $0] } ?? [])).load()
        let embedded = try InputOptions.parse([embedding]).load()
        guard originalTable.matrix.rows == embedded.matrix.rows else {
            throw UserError("\(embedding) has \(embedded.matrix.rows) rows but \(original) has \(originalTable.matrix.rows)")
        }
        try await recording.record(step: "trustworthiness") { tracker in
            let (t, seconds) = try timed {
                try trustworthiness(original: originalTable.matrix, embedding: embedded.matrix, neighborCount: nNeighbors, seed: seed)
            }
            print("trustworthiness \(t)  (\(nNeighbors) neighbours, \(originalTable.matrix.rows) rows\(originalTable.matrix.rows > 20_000 ? ", sampled" : ""), \(NumberFormat.seconds(seconds)))")
            try await tracker?.logParameters(["n_neighbors": .number(Double(nNeighbors))])
            try await tracker?.logInput("original", value: original, mediaType: "text/csv")
            try await tracker?.logInput("embedding", value: embedding, mediaType: "text/csv")
            try await tracker?.logMetric("trustworthiness", t)
        }
    }
}
