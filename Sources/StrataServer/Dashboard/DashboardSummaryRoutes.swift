import Foundation
import Hummingbird
import StrataTracking

/// `GET /dashboard/api/experiments`: the experiments the caller may read, each with its trial
/// and component counts, the best objective among its trials and its last activity.
enum DashboardSummaryRoutes {
    struct Reply: Encodable {
        var experiments: [Summary]
    }

    struct Summary: Encodable {
        var name: String
        var displayName: String?
        var description: String?
        var trials: Int
        var components: Int
        var best: Best?
        var lastActivity: Date?
    }

    struct Best: Encodable, Equatable {
        var trial: String
        /// The objective as the run recorded it, e.g. `segmentation_score (maximize)`.
        var metric: String
        var value: Double
    }

    static func register(on routes: GuardedRoutes) {
        let store = routes.services.store
        routes.add(.get, "/dashboard/api/experiments", api: .dashboard, rule: .read) { _, context in
            let caller = try context.requireCaller
            var summaries: [Summary] = []
            for experiment in try await store.experiments(ListOptions(sortBy: .name)) where caller.canRead(experiment: experiment.name) {
                let activity = try await store.activity(experiment: experiment.name)
                let trials = try await store.trials(experiment: experiment.name, ListOptions())
                summaries.append(Summary(name: experiment.name, displayName: experiment.displayName,
                                         description: experiment.description, trials: activity.trials,
                                         components: activity.components, best: best(of: trials),
                                         lastActivity: activity.lastActivity))
            }
            return try JSONResponse.encode(Reply(experiments: summaries))
        }
    }

    /// The best trial by its recorded objective (`objective.metric` = `name (maximize|minimize)`,
    /// `objective.value` a number). When trials of one experiment name different objectives,
    /// the one most trials use wins (ties: the name first in order); other trials are not
    /// compared with it. Nil when no trial recorded an objective value.
    static func best(of trials: [Trial]) -> Best? {
        var candidates: [(trial: String, metric: String, value: Double)] = []
        for trial in trials {
            guard let metric = trial.metadata["objective.metric"], let text = trial.metadata["objective.value"],
                  let value = Double(text), value.isFinite, trial.metadata["feasible"] != "false" else { continue }
            candidates.append((trial.name, metric, value))
        }
        let uses = Dictionary(grouping: candidates, by: \.metric)
        guard let chosen = uses.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) else { return nil }
        let (metric, group) = (chosen.key, chosen.value)
        let minimize = metric.hasSuffix("(minimize)")
        let winner = group.min { a, b in
            if a.value != b.value { return minimize ? a.value < b.value : a.value > b.value }
            return a.trial < b.trial
        }!
        return Best(trial: winner.trial, metric: metric, value: winner.value)
    }
}
