import Foundation

extension Tracker {
    /// Runs `body` with a tracker on `component`, recording the run's life: start time and
    /// `InProgress` before, then end time and `Completed` — or `Failed` with the error's message,
    /// rethrowing the error. The tracker is closed (flushed) either way.
    ///
    /// ```swift
    /// let labels = try await Tracker.with(store: store, component: "dbscan-fit", trials: ["run-7"]) { tracker in
    ///     try await tracker.logParameters(["epsilon": 0.3, "minSamples": 10])
    ///     return try DBSCAN(epsilon: 0.3, minSamples: 10).fit(data).labels
    /// }
    /// ```
    public static func with<T>(
        store: any TrackingStore, component: String, trials: [String] = [], displayName: String? = nil,
        tags: [String: String] = [:], sourceJob: String? = nil, options: Options = Options(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (Tracker) async throws -> T
    ) async throws -> T {
        let tracker = try await Tracker(store: store, component: component, trials: trials, displayName: displayName,
                                        tags: tags, sourceJob: sourceJob, options: options)
        try await tracker.setStatus(TrialComponentStatus(.inProgress), startTime: Date())
        try await tracker.flush()
        let result: T
        do {
            result = try await body(tracker)
        } catch {
            try? await tracker.setStatus(TrialComponentStatus(.failed, message: failureMessage(error)), endTime: Date())
            try? await tracker.close()
            throw error
        }
        try await tracker.setStatus(TrialComponentStatus(.completed), endTime: Date())
        try await tracker.close()
        return result
    }

    static func failureMessage(_ error: any Error) -> String {
        let text = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
        let clean = String(text.unicodeScalars.filter { $0 != "\0" })
        return clean.count > TrackingLimits.descriptionLength ? String(clean.prefix(TrackingLimits.descriptionLength)) : clean
    }
}
