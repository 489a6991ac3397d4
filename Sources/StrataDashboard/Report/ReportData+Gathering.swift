import Foundation
import StrataTracking

extension ReportData {
    /// Reads everything the report shows from `store` (any store: SQLite, or a `strata serve`
    /// server over HTTP — artifacts come through ``TrackingStore/artifactContents(_:)``).
    ///
    /// - Parameters:
    ///   - experiment: the experiment to report on.
    ///   - trial: the trial to show; nil picks it (see ``Choice/Rule``).
    /// - Throws: ``ReportError`` naming the experiment, trial, component or artifact at fault.
    ///   Artifacts that were never recorded are not errors: the report says what is missing.
    /// - Complexity: one listing of the experiment's trials, one of the chosen trial's
    ///   components, and O(rows) over its labels and embedding files.
    public static func gather(from store: any TrackingStore, experiment name: String, trial named: String? = nil,
                              options: ReportOptions = ReportOptions(), now: Date = Date()) async throws -> ReportData {
        guard options.maximumPoints >= 1, options.topAttempts >= 1, options.maximumCurvePoints >= 2 else {
            throw ReportError.invalidOption("the report needs at least 1 point, 1 attempt and 2 curve points (got \(options.maximumPoints), \(options.topAttempts), \(options.maximumCurvePoints))")
        }
        let experiment: Experiment
        do { experiment = try await store.experiment(named: name) } catch TrackingError.notFound { throw ReportError.experimentNotFound(name) }
        if let named { try await checkTrial(named, in: name, store: store) }
        let trials = try await allTrials(of: name, in: store)
        guard !trials.isEmpty else { throw ReportError.noAttempts(experiment: name) }

        let attempts = trials.map(ReportAttempt.init)
        let objective = mostCommonObjective(attempts, preferring: named)
        let ranked = attempts.rankedByObjective(objective)
        let choice = try choose(named, ranked: ranked, objective: objective, experiment: experiment)
        var notes: [String] = []
        let others = attempts.filter { $0.objective != nil && $0.objective != objective?.recorded }.count
        if others > 0 {
            notes.append("\(others) attempt(s) recorded another objective than \(objective?.recorded ?? "none"); they are listed without a rank.")
        }

        var top = Array(ranked.prefix(options.topAttempts))
        if !top.contains(where: { $0.trial == choice.trial }), let chosen = ranked.first(where: { $0.trial == choice.trial }) {
            top.append(chosen)
        }
        let summary = ExperimentSummary(name: experiment.name, displayName: experiment.displayName, description: experiment.description,
                                        createdBy: experiment.createdBy, createdAt: experiment.createdAt,
                                        firstAttemptAt: trials.map(\.createdAt).min(), lastAttemptAt: trials.map(\.updatedAt).max(),
                                        trialCount: trials.count)
        let attemptSummary = Attempts(total: attempts.count, feasible: attempts.filter { $0.feasible == true }.count,
                                      infeasible: attempts.filter { $0.feasible == false }.count,
                                      withoutObjective: attempts.filter { $0.value == nil }.count,
                                      top: top, infeasibleReasons: reasons(attempts))

        let parts = try await ReportTrialArtifacts.find(trial: choice.trial, in: store)
        var gathered = try await parts.read(from: store, options: options)
        notes += gathered.notes
        gathered.notes = []
        return ReportData(generatedAt: now, experiment: summary, objective: objective, attempts: attemptSummary, choice: choice,
                          segmentation: gathered.segmentation, embedding: gathered.embedding, kDistance: gathered.kDistance,
                          silhouette: gathered.silhouette, notes: notes)
    }

    /// Every trial of the experiment, read in pages so a remote store's page limit cannot cut it.
    static func allTrials(of experiment: String, in store: any TrackingStore) async throws -> [Trial] {
        var trials: [Trial] = []
        let page = 500
        while true {
            let batch = try await store.trials(experiment: experiment, ListOptions(sortBy: .name, limit: page, offset: trials.count))
            trials += batch
            if batch.count < page { return trials }
        }
    }

    static func checkTrial(_ trial: String, in experiment: String, store: any TrackingStore) async throws {
        let stored: Trial
        do { stored = try await store.trial(named: trial) } catch TrackingError.notFound {
            throw ReportError.trialNotFound(trial: trial, experiment: experiment)
        }
        guard stored.experimentName == experiment else {
            throw ReportError.trialInOtherExperiment(trial: trial, experiment: experiment, actual: stored.experimentName)
        }
    }

    /// The objective most attempts recorded (the named trial's when it recorded one).
    static func mostCommonObjective(_ attempts: [ReportAttempt], preferring named: String?) -> ReportObjective? {
        if let named, let text = attempts.first(where: { $0.trial == named })?.objective, let objective = ReportObjective(recorded: text) {
            return objective
        }
        var counts: [String: Int] = [:]
        for attempt in attempts { if let text = attempt.objective { counts[text, default: 0] += 1 } }
        let best = counts.max { ($0.value, $1.key) < ($1.value, $0.key) }
        return best.flatMap { ReportObjective(recorded: $0.key) }
    }

    /// Infeasibility reasons, most frequent first.
    static func reasons(_ attempts: [ReportAttempt]) -> [Reason] {
        var counts: [String: Int] = [:]
        for attempt in attempts where attempt.feasible == false { counts[attempt.reason ?? "no reason recorded", default: 0] += 1 }
        return counts.map { Reason(reason: $0.key, count: $0.value) }.sorted { ($0.count, $1.reason) > ($1.count, $0.reason) }
    }
}
