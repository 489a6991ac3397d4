import Foundation
import StrataTracking

extension SweepCoordinator {
    /// Ranks the finished points with ``WinnerSelection`` (maximised objectives) or by the
    /// objective alone (minimised ones), and records each point's consensus and winner score in
    /// its trial's metadata.
    func selectWinner(_ records: [SweepRecord]) async throws -> (winner: SweepRecord?, ranked: [String: WinnerSelection.Ranked]) {
        let c = configuration
        let feasible = records.filter { $0.state == .complete && $0.loss != nil }
        guard spec.objective.direction == .maximize, feasible.count > 1 else {
            return (SweepSummary.best(records, objective: spec.objective), [:])
        }
        var attempts: [WinnerSelection.Attempt] = []
        for record in feasible {
            guard let labels = try await Self.labels(of: record.trial, in: store) else { continue }
            attempts.append(.init(id: record.trial, labels: labels, score: -record.loss!,
                                  feasible: true))
        }
        let ranked = try WinnerSelection().rank(attempts)
        var byTrial: [String: WinnerSelection.Ranked] = [:]
        for r in ranked {
            byTrial[r.id] = r
            _ = try? await store.updateTrial(r.id, EntityUpdate(metadata: ["sweep.consensus": String(r.consensus), "sweep.winner_score": String(r.winnerScore)]))
        }
        let winner = ranked.first.flatMap { top in records.first { $0.trial == top.id } }
        if let winner { _ = try? await store.updateExperiment(c.experiment, EntityUpdate(setTags: ["sweep:\(c.sweep):winner": winner.trial])) }
        return (winner ?? SweepSummary.best(records, objective: spec.objective), byTrial)
    }

    /// The labels a point recorded (its cluster component's `labels.csv`).
    public static func labels(of trial: String, in store: any TrackingStore) async throws -> [Int]? {
        guard let component = try? await store.component(named: "\(trial)-cluster"),
              let artifact = component.outputs["labels.csv"] else { return nil }
        let url: URL
        if let parsed = URL(string: artifact.value), parsed.isFileURL { url = parsed }
        else if artifact.value.hasPrefix("/") { url = URL(fileURLWithPath: artifact.value) }
        else { url = store.artifactDirectory.appendingPathComponent(artifact.value) }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        var labels: [Int] = []
        for line in text.split(separator: "\n").dropFirst() {
            guard let comma = line.lastIndex(of: ","), let label = Int(line[line.index(after: comma)...]) else { return nil }
            labels.append(label)
        }
        return labels
    }
}
