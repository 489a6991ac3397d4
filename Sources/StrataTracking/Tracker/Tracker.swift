import Foundation

/// Records one trial component: parameters, inputs, outputs, artifacts and metric series,
/// buffered and written in batches through ``TrackingStore/apply(_:)``.
///
/// ```swift
/// try await Tracker.with(store: store, component: "kmeans-k4-fit", trials: ["kmeans-k4"]) { tracker in
///     try await tracker.logParameters(["algorithm": "kmeans", "clusterCount": 4])
///     for (epoch, inertia) in inertias.enumerated() { try await tracker.logMetric("inertia", inertia, step: epoch) }
///     try await tracker.logArtifact(file: labelsURL, mediaType: "text/csv")
/// }   // Completed with start/end times, or Failed with the error's message
/// ```
///
/// Buffered writes are flushed when ``Options/flushCount`` points are pending, every
/// ``Options/flushInterval`` in the background, on ``flush()`` and on ``close()``. Data flushed
/// is durable (one store transaction per flush); a process killed loses at most what was still
/// buffered. Logging is O(1) amortised; a flush of n points costs one transaction of n rows.
/// Flushes are applied in the order they were taken, so a component's `last` is stable.
public actor Tracker {
    /// When buffered writes go to the store.
    public struct Options: Sendable, Hashable {
        /// Flush once this many metric points (or other writes) are buffered.
        public var flushCount: Int
        /// Flush in the background when writes have waited this long.
        public var flushInterval: Duration

        public init(flushCount: Int = 10_000, flushInterval: Duration = .seconds(1)) {
            self.flushCount = max(1, flushCount)
            self.flushInterval = flushInterval
        }
    }

    public nonisolated let store: any TrackingStore
    public nonisolated let component: String
    public nonisolated let options: Options

    var pending: TrackingWriteBatch
    var pendingWrites = 0
    var parameterNames: Set<String>
    var closed = false
    var flushChain: Task<Void, any Error>?
    var backgroundError: (any Error)?
    var timer: Task<Void, Never>?

    /// Loads or creates the component and associates it with `trials` (which must exist).
    public init(store: any TrackingStore, component: String, trials: [String] = [], displayName: String? = nil,
                tags: [String: String] = [:], sourceJob: String? = nil, options: Options = Options()) async throws {
        let loaded = try await store.loadOrCreateComponent(component, displayName: displayName, tags: tags,
                                                           sourceJob: sourceJob)
        for trial in trials { try await store.associate(component: component, trial: trial) }
        self.store = store
        self.component = component
        self.options = options
        self.pending = TrackingWriteBatch(component: component)
        self.parameterNames = Set(loaded.parameters.keys)
    }

    deinit { timer?.cancel() }

    // MARK: Parameters and artifacts

    public func logParameter(_ name: String, _ value: ParameterValue) async throws {
        try await logParameters([name: value])
    }

    /// Inserts or replaces parameters; a component holds at most 300.
    public func logParameters(_ parameters: [String: ParameterValue]) async throws {
        try checkUsable()
        for (name, value) in parameters { try TrackingLimits.validateParameter(name: name, value: value) }
        let names = parameterNames.union(parameters.keys)
        if names.count > TrackingLimits.parametersPerComponent {
            throw TrackingError.limitExceeded(what: "parameters on component \"\(component)\"",
                                              limit: TrackingLimits.parametersPerComponent, actual: names.count)
        }
        parameterNames = names
        pending.parameters.merge(parameters) { _, new in new }
        try await noteWrites(parameters.count)
    }

    public func logInput(_ name: String, _ artifact: Artifact) async throws {
        try await logArtifact(.input, name: name, artifact)
    }

    public func logInput(_ name: String, value: String, mediaType: String? = nil) async throws {
        try await logArtifact(.input, name: name, Artifact(value: value, mediaType: mediaType))
    }

    public func logOutput(_ name: String, _ artifact: Artifact) async throws {
        try await logArtifact(.output, name: name, artifact)
    }

    public func logOutput(_ name: String, value: String, mediaType: String? = nil) async throws {
        try await logArtifact(.output, name: name, Artifact(value: value, mediaType: mediaType))
    }

    func logArtifact(_ direction: ArtifactDirection, name: String, _ artifact: Artifact) async throws {
        try checkUsable()
        try TrackingLimits.validateArtifact(name: name, artifact)
        pending.artifacts.append(.init(direction: direction, name: name, artifact: artifact))
        try await noteWrites(1)
    }

    // MARK: Metrics

    /// Appends one point to the series `name`; NaN and infinities throw
    /// ``TrackingError/nonFiniteMetric(name:value:)``. `timestamp` defaults to now.
    public func logMetric(_ name: String, _ value: Double, step: Int? = nil, timestamp: Date? = nil) async throws {
        try checkUsable()
        try TrackingLimits.validateMetric(name: name, value: value)
        let time = timestamp?.timeIntervalSince1970 ?? Date().timeIntervalSince1970
        pending.metricPoints.append(MetricPoint(name: name, value: value, step: step, timestamp: time))
        pendingWrites += 1
        if pendingWrites >= options.flushCount {
            try await flush()
        } else if timer == nil {
            startTimer()
        }
    }

    // MARK: Status

    /// Sets the status (and optionally start/end time); written with the next flush.
    public func setStatus(_ status: TrialComponentStatus, startTime: Date? = nil, endTime: Date? = nil) async throws {
        try checkUsable()
        var change = pending.statusChange ?? .init()
        change.status = status
        if let startTime { change.startTime = startTime.timeIntervalSince1970 }
        if let endTime { change.endTime = endTime.timeIntervalSince1970 }
        pending.statusChange = change
        try await noteWrites(1)
    }

    // MARK: Flushing

    /// Writes everything buffered in one store transaction; returns when it is durable.
    public func flush() async throws {
        if let error = backgroundError {
            backgroundError = nil
            throw error
        }
        let batch = pending
        pending = TrackingWriteBatch(component: component)
        pendingWrites = 0
        let previous = flushChain
        let store = self.store
        // Chained so that batches reach the store in the order they were taken, even when a
        // background flush and an explicit one overlap across this actor's suspension points.
        let task = Task<Void, any Error> {
            _ = try? await previous?.value
            if !batch.isEmpty { try await store.apply(batch) }
        }
        flushChain = task
        try await task.value
    }

    /// Flushes and stops the background timer; later logging throws
    /// ``TrackingError/trackerClosed(component:)``. Closing twice is harmless.
    public func close() async throws {
        if closed { return }
        timer?.cancel()
        timer = nil
        defer { closed = true }
        try await flush()
    }

    func checkUsable() throws {
        if closed { throw TrackingError.trackerClosed(component: component) }
    }

    func noteWrites(_ count: Int) async throws {
        pendingWrites += count
        if pendingWrites >= options.flushCount {
            try await flush()
        } else if timer == nil {
            startTimer()
        }
    }

    private func startTimer() {
        let interval = options.flushInterval
        timer = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                guard let self else { return }
                await self.timerFired()
            }
        }
    }

    private func timerFired() async {
        guard !closed, pendingWrites > 0 || !pending.isEmpty else { return }
        do { try await flush() } catch { backgroundError = error }
    }
}
