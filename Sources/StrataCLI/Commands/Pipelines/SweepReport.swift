import Foundation
import StrataPipelines
import StrataTracking

/// The end of a sweep: the leaderboard of its points, the best one's model, the JSON summary.
struct SweepReport {
    let summary: SweepSummary
    let spec: PipelineSpec
    let store: any TrackingStore
    let storeURL: String

    struct JSONSummary: Encodable {
        let sweep: String
        let experiment: String
        let objective: String
        let direction: String
        let finished: Int
        let feasible: Int
        let failed: Int
        let stopped: Bool
        let best: Best?
        struct Best: Encodable {
            let trial: String
            let number: Int
            let objectiveValue: Double
            let parameters: [String: String]
            let scores: [String: Double]
        }
    }

    func finish(modelOut: String?, json: Bool) async throws {
        let best = summary.winner
        var bestScores: [String: Double] = [:]
        if let best, let component = try? await store.component(named: "\(best.trial)-cluster") {
            for (name, metric) in component.metrics { bestScores[name] = metric.last }
        }
        if let modelOut, let best {
            // The best point's upstream steps are in the step cache: refitting the clusterer is cheap.
            let bestSpec = try spec.setting(best.assignment, source: "search_space")
            let result = try await PipelineRunner(store: nil, cache: StepCache.beside(storeURL: storeURL))
                .run(bestSpec, experiment: summary.experiment, trial: best.trial)
            try result.model.write(to: URL(fileURLWithPath: modelOut))
        }
        if json {
            let records = summary.records
            let payload = JSONSummary(
                sweep: summary.sweep, experiment: summary.experiment, objective: spec.objective.metric,
                direction: spec.objective.direction.rawValue, finished: records.filter { $0.state.isFinished }.count,
                feasible: records.filter { $0.state == .complete }.count, failed: records.filter { $0.state == .failed }.count,
                stopped: summary.stopped,
                best: best.map { JSONSummary.Best(trial: $0.trial, number: $0.number, objectiveValue: spec.objective.loss($0.loss!),
                                                  parameters: $0.assignment.mapValues(\.description), scores: bestScores) })
            return try JSONOutput.print(payload)
        }
        printLeaderboard()
        if let best {
            print("winner: \(best.trial) — \(spec.objective.metric) \(String(format: "%.4f", spec.objective.loss(best.loss!)))")
            for (key, value) in best.assignment.sorted(by: { $0.key < $1.key }) { print("  \(key) = \(value)") }
            if let modelOut { print("model written to \(modelOut)") }
        } else {
            print("no feasible attempt: loosen the constraints or widen the search space")
        }
    }

    private func printLeaderboard(limit: Int = 15) {
        let keys = spec.searchSpace.parameters.map(\.name)
        var table = TextTable(columns: ["#", "trial", "state", spec.objective.metric, "consensus"] + keys.map { $0.hasPrefix("steps.") ? String($0.dropFirst(6)) : $0 })
        for record in summary.ranking.prefix(limit) {
            let value = record.loss.map { String(format: "%.4f", spec.objective.loss($0)) } ?? "-"
            let consensus = summary.consensus[record.trial].map { String(format: "%.3f", $0) } ?? "-"
            table.append(["\(record.number)", record.trial, record.state.rawValue, value, consensus] + keys.map { record.assignment[$0]?.description ?? "" })
        }
        print(table.render())
        if summary.records.count > limit { print("… \(summary.records.count - limit) more (strata search 'tags.sweep = \"\(summary.sweep)\"' --trials)") }
    }
}
