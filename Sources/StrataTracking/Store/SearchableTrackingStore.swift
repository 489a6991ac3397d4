import Foundation

/// A ``TrackingStore`` that also answers the search language and leaderboards: every store the
/// CLI and the server open (SQLite, the remote HTTP store) is one.
///
/// ```swift
/// let best = try await store.search("metrics.silhouette > 0.4 order by metrics.silhouette desc limit 5")
/// ```
public protocol SearchableTrackingStore: TrackingStore {
    /// Names of the components (or trials) matching a query in the search language, in its order.
    /// Throws ``SearchError`` (with the column of the mistake) for a malformed query.
    func search(_ query: String, target: SearchTarget) async throws -> [String]
    /// Runs a leaderboard and returns its table.
    func leaderboard(_ spec: LeaderboardSpec) async throws -> LeaderboardTable
    /// Every parameter name and every metric name in the store, sorted: the default leaderboard
    /// columns when the user names none.
    func recordedKeyNames() async throws -> (parameters: [String], metrics: [String])
    /// The parameter and metric names used by the components of `experiments` only, sorted: a
    /// viewer's column choices, which must not name what other experiments recorded.
    func recordedKeyNames(experiments: [String]) async throws -> (parameters: [String], metrics: [String])
    /// Counts and the latest change of one experiment (nil: the whole record). Cheap enough to
    /// poll once a second: the dashboard's live updates compare two answers.
    /// Throws ``TrackingError/notFound(kind:name:)`` for an unknown experiment.
    func activity(experiment: String?) async throws -> RecordActivity
    /// The values of some metadata `keys` of every trial of `experiment` (keys a trial lacks
    /// are absent): what the dashboard ranks trials by, without reading whole trials.
    func trialMetadata(_ keys: [String], experiment: String) async throws -> [(trial: String, values: [String: String])]
}

extension SearchableTrackingStore {
    /// Components matching `query`.
    public func search(_ query: String) async throws -> [String] { try await search(query, target: .components) }

    public func activity(experiment: String?) async throws -> RecordActivity {
        try await listedActivity(experiment: experiment)
    }

    /// By listing the experiments' trials and their components (O(their components)).
    public func recordedKeyNames(experiments: [String]) async throws -> (parameters: [String], metrics: [String]) {
        var parameters = Set<String>(), metrics = Set<String>(), seen = Set<String>()
        for experiment in experiments {
            guard (try? await self.experiment(named: experiment)) != nil else { continue }
            for trial in try await trials(experiment: experiment, ListOptions()) {
                for component in try await components(trial: trial.name, ListOptions()) where seen.insert(component.name).inserted {
                    parameters.formUnion(component.parameters.keys)
                    metrics.formUnion(component.metrics.keys)
                }
            }
        }
        return (parameters.sorted(), metrics.sorted())
    }

    public func trialMetadata(_ keys: [String], experiment: String) async throws -> [(trial: String, values: [String: String])] {
        try await trials(experiment: experiment, ListOptions()).map { trial in
            (trial.name, trial.metadata.filter { keys.contains($0.key) })
        }
    }
}
