import Foundation

/// How much an experiment holds and when it last changed: what the dashboard's experiment list
/// shows, and — compared between two polls — whether a watched experiment changed.
///
/// ```swift
/// let before = try await store.activity(experiment: "segments")
/// // … a run logs a metric …
/// let after = try await store.activity(experiment: "segments")   // after != before
/// ```
public struct RecordActivity: Sendable, Hashable, Codable {
    /// Trials of the experiment (or of the whole record).
    public var trials: Int
    /// Distinct components linked to those trials (or all components).
    public var components: Int
    /// The latest `updatedAt` among the experiment, its trials and their components; nil when empty.
    public var lastActivity: Date?

    public init(trials: Int, components: Int, lastActivity: Date?) {
        self.trials = trials; self.components = components; self.lastActivity = lastActivity
    }
}

extension SearchableTrackingStore {
    /// The activity computed from listings: correct for any store, O(size of the record).
    /// Stores with a query language answer it directly (``SearchableTrackingStore/activity(experiment:)``).
    public func listedActivity(experiment: String?) async throws -> RecordActivity {
        var latest: Date? = nil
        func note(_ date: Date) { latest = max(latest ?? date, date) }
        if let experiment { note(try await self.experiment(named: experiment).updatedAt) }
        let trials = try await self.trials(experiment: experiment, ListOptions())
        trials.forEach { note($0.updatedAt) }
        let components: [TrialComponent]
        if experiment == nil {
            components = try await self.components(trial: nil, ListOptions())
        } else {
            var seen = Set<String>(), linked: [TrialComponent] = []
            for trial in trials {
                for component in try await self.components(trial: trial.name, ListOptions()) where seen.insert(component.name).inserted {
                    linked.append(component)
                }
            }
            components = linked
        }
        components.forEach { note($0.updatedAt) }
        return RecordActivity(trials: trials.count, components: components.count, lastActivity: latest)
    }
}
