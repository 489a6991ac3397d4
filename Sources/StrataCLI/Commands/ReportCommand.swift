import ArgumentParser
import Foundation
import StrataDashboard

/// `strata report --experiment E [--trial T] --out report.html`: the client's report as one
/// self-contained HTML file (data, styles and scripts inline; it opens offline from disk).
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write an experiment's segmentation report as one HTML file that opens offline.",
        discussion: """
        The report holds the experiment's summary, its best attempts by the objective, the chosen \
        segmentation (sizes, profile, a sample of at most --points customers of its embedding, the \
        k-distance and silhouette plots) and how it was chosen. Without --trial it shows the \
        sweep's winner, else the best feasible attempt.
        """)
    @Option(help: "Experiment to report on.") var experiment: String
    @Option(help: "Trial to show (default: the sweep's winner, else the best feasible attempt).") var trial: String?
    @Option(help: "The HTML file to write.") var out: String
    @Option(help: "Embedding points drawn at most (a seeded uniform sample beyond).") var points: Int = 50_000
    @Option(help: "Seed of the embedding sample.") var seed: UInt64 = 0
    @Option(help: "Attempts listed in the table.") var top: Int = 20
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard points >= 1, top >= 1 else { throw ValidationError("--points and --top must be at least 1") }
    }

    func run() async throws {
        let store = try storeOptions.open()
        let options = ReportOptions(topAttempts: top, maximumPoints: points, seed: seed)
        let data = try await ReportData.gather(from: store, experiment: experiment, trial: trial, options: options)
        let url = URL(fileURLWithPath: out)
        try ReportBuilder().write(data, to: url)
        let size = (try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        print("wrote \(out) (\(String(format: "%.2f MB", Double(size) / 1_000_000))): experiment \(experiment), trial \(data.choice.trial) (\(data.choice.rule.sentence))")
        for note in data.notes { print("note: \(note)") }
    }
}

extension ReportData.Choice.Rule {
    /// How the trial was picked, for the command's one-line summary.
    var sentence: String {
        switch self {
        case .given: "named with --trial"
        case .sweepWinner: "the sweep's winner"
        case .bestObjective: "the best feasible objective"
        }
    }
}

extension ReportError: UserFacingLibraryError {
    var userMessage: String { description }
}
