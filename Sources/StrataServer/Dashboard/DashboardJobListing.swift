import Foundation
import StrataTracking

/// What the dashboard's Jobs page shows (`GET /dashboard/api/jobs`): the jobs — components that
/// `strata job run` recorded (they carry the `job.command` parameter) — running ones first, then
/// the most recent; and the sweeps — trials whose metadata names a `sweep` — grouped by
/// experiment and sweep name with their counts per state and best loss. Only what the caller may
/// read: a viewer's queries are limited to the experiments granted to it.
///
/// ```swift
/// let listing = try await DashboardJobListing.build(scope: scope, recent: 100)
/// listing.jobs.first?.running   // true while the job's child runs
/// ```
///
/// Cost: two indexed searches and one component read per listed job; one trial listing per
/// readable experiment for the sweeps (O(trials)).
struct DashboardJobListing: Encodable, Sendable {
    struct Job: Encodable, Sendable {
        var name: String
        var displayName: String?
        var experiment: String?
        var trial: String?
        /// InProgress, Stopping, Completed, Failed or Stopped.
        var status: String
        var message: String?
        /// Whether the job's child may still run (InProgress or Stopping).
        var running: Bool
        var command: String
        var host: String?
        var workingDirectory: String?
        var exitCode: Double?
        var durationSeconds: Double?
        var startTime: Date?
        var endTime: Date?
        var createdAt: Date
        /// Names of the metrics the job has recorded so far.
        var metrics: [String]
    }

    struct Sweep: Encodable, Sendable {
        var experiment: String
        var sweep: String
        var trials: Int
        var running: Int
        var complete: Int
        var failed: Int
        var infeasible: Int
        var stopped: Int
        /// The objective as the sweep recorded it (`segmentation_score (maximize)`), when it did.
        var objective: String?
        /// The smallest recorded `sweep.loss` (the objective oriented smaller-is-better).
        var bestLoss: Double?
        var bestTrial: String?
        /// The best trial's objective in its own units (`objective.value`), when recorded.
        var bestObjective: Double?
        var lastActivity: Date
    }

    var jobs: [Job]
    var sweeps: [Sweep]

    /// The parameter `strata job run` records on every job's component.
    static let commandParameter = "job.command"

    static func isJob(_ component: TrialComponent) -> Bool { component.parameters[commandParameter] != nil }

    static func build(scope: NativeScope, recent: Int) async throws -> DashboardJobListing {
        DashboardJobListing(jobs: try await jobs(scope: scope, recent: recent), sweeps: try await sweeps(scope: scope))
    }

    /// Every running job, then the `recent` newest jobs not already listed.
    static func jobs(scope: NativeScope, recent: Int) async throws -> [Job] {
        let isJob = "params.`\(commandParameter)` exists"
        let running = try await search("\(isJob) and status in ('InProgress', 'Stopping') order by created desc", scope: scope)
        let latest = try await search("\(isJob) order by created desc limit \(recent)", scope: scope)
        var seen = Set<String>()
        var experiments: [String: String] = [:]   // trial → experiment, read once per trial
        var jobs: [Job] = []
        for name in running + latest where seen.insert(name).inserted {
            // A job deleted between the search and this read is simply left out.
            guard let component = try? await scope.store.component(named: name) else { continue }
            let trial = component.trials.first
            var experiment: String?
            if let trial {
                if experiments[trial] == nil { experiments[trial] = try? await scope.store.trial(named: trial).experimentName }
                experiment = experiments[trial]
            }
            jobs.append(job(component, trial: trial, experiment: experiment))
        }
        return jobs
    }

    static func job(_ component: TrialComponent, trial: String?, experiment: String?) -> Job {
        let parameters = component.parameters
        let primary = component.status.primary
        return Job(name: component.name, displayName: component.displayName, experiment: experiment, trial: trial,
                   status: primary.rawValue, message: component.status.message.flatMap { $0.isEmpty ? nil : $0 },
                   running: primary == .inProgress || primary == .stopping,
                   command: parameters[commandParameter]?.stringValue ?? "",
                   host: parameters["job.host"]?.stringValue, workingDirectory: parameters["job.working_directory"]?.stringValue,
                   exitCode: parameters["job.exit_code"]?.numberValue, durationSeconds: parameters["job.duration_seconds"]?.numberValue,
                   startTime: component.startTime, endTime: component.endTime, createdAt: component.createdAt,
                   metrics: component.metrics.keys.sorted())
    }

    /// Component names matching `text`, limited to the caller's experiments.
    static func search(_ text: String, scope: NativeScope) async throws -> [String] {
        guard scope.restricted else { return try await scope.store.search(text, target: .components) }
        guard let query = scope.scoped(try SearchQuery.parse(text)) else { return [] }
        return try await scope.store.search(query.spelling, target: .components)
    }

    /// The sweeps of every readable experiment, by experiment then sweep name.
    static func sweeps(scope: NativeScope) async throws -> [Sweep] {
        var sweeps: [Sweep] = []
        for experiment in try await scope.store.experiments(ListOptions()) where scope.caller.canRead(experiment: experiment.name) {
            var byName: [String: Sweep] = [:]
            for trial in try await scope.store.trials(experiment: experiment.name, ListOptions()) {
                guard let name = trial.metadata["sweep"], !name.isEmpty else { continue }
                var sweep = byName[name] ?? Sweep(experiment: experiment.name, sweep: name, trials: 0, running: 0, complete: 0,
                                                  failed: 0, infeasible: 0, stopped: 0, objective: nil, bestLoss: nil,
                                                  bestTrial: nil, bestObjective: nil, lastActivity: trial.updatedAt)
                sweep.add(trial)
                byName[name] = sweep
            }
            sweeps += byName.values.sorted { $0.sweep < $1.sweep }
        }
        return sweeps
    }
}

extension DashboardJobListing.Sweep {
    /// Counts one trial of the sweep by the state its metadata records (`sweep.state`,
    /// `sweep.loss`: the format of StrataPipelines' SweepRecord).
    mutating func add(_ trial: Trial) {
        trials += 1
        lastActivity = max(lastActivity, trial.updatedAt)
        let state = trial.metadata["sweep.state"] ?? ""
        if objective == nil { objective = trial.metadata["objective.metric"].flatMap { $0.isEmpty ? nil : $0 } }
        switch state {
        case "running": running += 1
        case "complete": complete += 1
        case "failed": failed += 1
        case "infeasible": infeasible += 1
        case "stopped": stopped += 1
        default: break
        }
        guard state == "complete", let loss = trial.metadata["sweep.loss"].flatMap(Double.init), loss.isFinite else { return }
        if bestLoss.map({ loss < $0 }) ?? true {
            bestLoss = loss
            bestTrial = trial.name
            bestObjective = trial.metadata["objective.value"].flatMap(Double.init)
        }
    }
}
