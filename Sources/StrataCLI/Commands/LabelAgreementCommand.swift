import ArgumentParser
import StrataEvaluation

/// `--labels A --truth B`: two `id,label` files over the same rows, in the same order.
struct LabelPair: ParsableArguments {
    @Option(help: "Labels CSV (id,label), e.g. what `strata cluster --out` wrote.") var labels: String
    @Option(help: "Reference labels CSV (id,label) over the same rows in the same order.") var truth: String
    @OptionGroup var recording: RecordingOptions

    func load() throws -> (truth: [Int], labels: [Int]) {
        let predicted = try LabelsFile(labels), reference = try LabelsFile(truth)
        try predicted.checkAligned(rows: reference.labels.count, ids: reference.ids, of: truth)
        return (reference.labels, predicted.labels)
    }

    /// Prints and records one agreement score; `-1` counts as an ordinary label, as in scikit-learn.
    func report(metric: String, step: String, _ score: ([Int], [Int]) throws -> Double) async throws {
        let (truthLabels, predicted) = try load()
        try await recording.record(step: step) { tracker in
            let value = try score(truthLabels, predicted)
            print("\(step) \(value)  (\(predicted.count) rows)")
            try await tracker?.logInput("labels", value: labels, mediaType: "text/csv")
            try await tracker?.logInput("truth", value: truth, mediaType: "text/csv")
            try await tracker?.logMetric(metric, value)
        }
    }
}

struct ARICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ari", abstract: "Adjusted Rand index of two labelings (1 = identical up to renaming; -1 is an ordinary label).")
    @OptionGroup var pair: LabelPair

    func run() async throws {
        try await pair.report(metric: "adjusted_rand_index", step: "ari") { try adjustedRandIndex($0, $1) }
    }
}

struct NMICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nmi", abstract: "Normalized mutual information of two labelings (arithmetic mean normalization; -1 is an ordinary label).")
    @OptionGroup var pair: LabelPair

    func run() async throws {
        try await pair.report(metric: "normalized_mutual_information", step: "nmi") { try normalizedMutualInformation($0, $1) }
    }
}
