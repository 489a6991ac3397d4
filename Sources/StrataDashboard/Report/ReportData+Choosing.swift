import Foundation
import StrataTracking

extension ReportData {
    /// Picks the trial the report shows: the one named, else a sweep's recorded winner (the best
    /// of them by the objective when several sweeps ran), else the best feasible objective.
    static func choose(_ named: String?, ranked: [ReportAttempt], objective: ReportObjective?, experiment: Experiment) throws(ReportError) -> Choice {
        let candidates = ranked.filter { $0.isCandidate && $0.objective == objective?.recorded }
        if let named {
            guard let attempt = ranked.first(where: { $0.trial == named }) else {
                throw ReportError.trialNotFound(trial: named, experiment: experiment.name)
            }
            let others = candidates.filter { $0.trial != named }
            return Choice(trial: named, rule: .given, explanation: "Chosen by name when this report was made (--trial).",
                          value: attempt.value, feasible: attempt.feasible, compared: candidates.count,
                          runnerUp: objectiveRunnerUp(attempt, others.first, objective))
        }
        let winners = Set(experiment.tags.compactMap { key, value in
            key.hasPrefix("sweep:") && key.hasSuffix(":winner") ? value : nil
        })
        if let winner = candidates.first(where: { winners.contains($0.trial) }) {
            let sweepmates = candidates.filter { $0.sweep == winner.sweep }
            if let score = winner.winnerScore, objective?.direction == .maximize {
                let scored = sweepmates.filter { $0.winnerScore != nil }.sorted { ($0.winnerScore!, $1.trial) > ($1.winnerScore!, $0.trial) }
                let next = scored.first { $0.trial != winner.trial }
                let runnerUp = next.map { RunnerUp(trial: $0.trial, measure: "score-weighted consensus", chosenValue: score,
                                                   value: $0.winnerScore!, margin: score - $0.winnerScore!) }
                let explanation = "Winner of sweep \(winner.sweep ?? "?"): of its \(sweepmates.count) feasible attempts, the highest "
                    + "score-weighted consensus: the mean agreement (adjusted Rand index) of an attempt's segments with every other "
                    + "feasible attempt's, each weighted by its objective — the segmentation the well-scored attempts agree on."
                return Choice(trial: winner.trial, rule: .sweepWinner, explanation: explanation, value: winner.value,
                              feasible: winner.feasible, compared: sweepmates.count, runnerUp: runnerUp)
            }
            return Choice(trial: winner.trial, rule: .sweepWinner,
                          explanation: "Winner of sweep \(winner.sweep ?? "?"): the best objective of its \(sweepmates.count) feasible attempts.",
                          value: winner.value, feasible: winner.feasible, compared: sweepmates.count,
                          runnerUp: objectiveRunnerUp(winner, sweepmates.first { $0.trial != winner.trial }, objective))
        }
        guard let best = candidates.first else {
            throw ReportError.nothingToChoose(experiment: experiment.name, trials: ranked.count)
        }
        let direction = objective?.direction == .minimize ? "lowest" : "highest"
        return Choice(trial: best.trial, rule: .bestObjective,
                      explanation: "The \(direction) \(objective?.metric ?? "objective") of the \(candidates.count) feasible attempts.",
                      value: best.value, feasible: best.feasible, compared: candidates.count,
                      runnerUp: objectiveRunnerUp(best, candidates.dropFirst().first, objective))
    }

    /// The runner-up by the objective: how far `other` is behind `chosen` (negative when ahead).
    static func objectiveRunnerUp(_ chosen: ReportAttempt, _ other: ReportAttempt?, _ objective: ReportObjective?) -> RunnerUp? {
        guard let other, let objective, let a = chosen.value, let b = other.value else { return nil }
        return RunnerUp(trial: other.trial, measure: objective.metric, chosenValue: a, value: b,
                        margin: objective.direction == .maximize ? a - b : b - a)
    }
}
