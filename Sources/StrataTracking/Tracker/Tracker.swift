import Foundation
import Synchronization

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
/// buffered or being written. A count-triggered flush overlaps with further logging (one batch
/// in flight at a time); ``flush()`` and ``close()`` wait for everything and report any error. Logging is O(1) amortised; a flush of n points costs one transaction of n rows.
/// Flushes are applied in the order they were taken, so a component's `last` is stable.
///
/// A `final class` guarding its buffer with a `Mutex`, its methods `nonisolated(nonsending)`:
/// logging runs on the caller's executor (no actor hop per point, ~50 ns), so a loop on the
/// main actor logs as fast as one anywhere else. Safe to share between tasks.
public final class Tracker: Sendable {
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

    struct State: ~Copyable {
        var pending: TrackingWriteBatch
        var pendingWrites = 0
        var parameterNames: Set<String>
        var closed = false
        var flushChain: Task<Void, any Error>?
        /// The latest count-triggered flush, still running or finished, whose error no caller
        /// has seen yet; awaited by the next flush of any kind.
        var unobserved: Task<Void, any Error>?
        var backgroundError: (any Error)?
        var timer: Task<Void, Never>?
    }

    public let store: any TrackingStore
    public let component: String
    public let options: Options
    let state: Mutex<State>

    /// Loads or creates the component and associates it with `trials` (which must exist).
    public init(store: any TrackingStore, component: String, trials: [String] = [], displayName: String? = nil,
                tags: [String: String] = [:], sourceJob: String? = nil, options: Options = Options()) async throws {
        let loaded = try await store.loadOrCreateComponent(component, displayName: displayName, tags: tags,
                                                           sourceJob: sourceJob)
        for trial in trials { try await store.associate(component: component, trial: trial) }
        self.store = store
        self.component = component
        self.options = options
        self.state = Mutex(State(pending: TrackingWriteBatch(component: component),
                                 parameterNames: Set(loaded.parameters.keys)))
    }

    deinit { state.withLock { $0.timer?.cancel() } }

    // MARK: Parameters and artifacts

    nonisolated(nonsending) public func logParameter(_ name: String, _ value: ParameterValue) async throws {
        try await logParameters([name: value])
    }

    /// Inserts or replaces parameters; a component holds at most 300.
    nonisolated(nonsending) public func logParameters(_ parameters: [String: ParameterValue]) async throws {
        for (name, value) in parameters { try TrackingLimits.validateParameter(name: name, value: value) }
        let flushNow = try state.withLock { state throws(TrackingError) -> Bool in
            if state.closed { throw .trackerClosed(component: component) }
            let names = state.parameterNames.union(parameters.keys)
            if names.count > TrackingLimits.parametersPerComponent {
                throw .limitExceeded(what: "parameters on component \"\(component)\"",
                                     limit: TrackingLimits.parametersPerComponent, actual: names.count)
            }
            state.parameterNames = names
            state.pending.parameters.merge(parameters) { _, new in new }
            return noteWrites(parameters.count, &state)
        }
        if flushNow { try await flushPipelined() }
    }

    nonisolated(nonsending) public func logInput(_ name: String, _ artifact: Artifact) async throws {
        try await logArtifact(.input, name: name, artifact)
    }

    nonisolated(nonsending) public func logInput(_ name: String, value: String, mediaType: String? = nil) async throws {
        try await logArtifact(.input, name: name, Artifact(value: value, mediaType: mediaType))
    }

    nonisolated(nonsending) public func logOutput(_ name: String, _ artifact: Artifact) async throws {
        try await logArtifact(.output, name: name, artifact)
    }

    nonisolated(nonsending) public func logOutput(_ name: String, value: String, mediaType: String? = nil) async throws {
        try await logArtifact(.output, name: name, Artifact(value: value, mediaType: mediaType))
    }

    nonisolated(nonsending) func logArtifact(_ direction: ArtifactDirection, name: String, _ artifact: Artifact) async throws {
        try TrackingLimits.validateArtifact(name: name, artifact)
        let flushNow = try state.withLock { state throws(TrackingError) -> Bool in
            if state.closed { throw .trackerClosed(component: component) }
            state.pending.artifacts.append(.init(direction: direction, name: name, artifact: artifact))
            return noteWrites(1, &state)
        }
        if flushNow { try await flushPipelined() }
    }

    // MARK: Metrics

    /// Appends one point to the series `name`; NaN and infinities throw
    /// ``TrackingError/nonFiniteMetric(name:value:)``. `timestamp` defaults to now.
    nonisolated(nonsending) public func logMetric(_ name: String, _ value: Double, step: Int? = nil,
                                                  timestamp: Date? = nil) async throws {
        try TrackingLimits.validateMetric(name: name, value: value)
        let point = MetricPoint(name: name, value: value, step: step,
                                timestamp: timestamp?.timeIntervalSince1970 ?? Date().timeIntervalSince1970)
        let flushNow = try state.withLock { state throws(TrackingError) -> Bool in
            if state.closed { throw .trackerClosed(component: component) }
            state.pending.metricPoints.append(point)
            return noteWrites(1, &state)
        }
        if flushNow { try await flushPipelined() }
    }

    // MARK: Status

    /// Sets the status (and optionally start/end time); written with the next flush.
    nonisolated(nonsending) public func setStatus(_ status: TrialComponentStatus, startTime: Date? = nil,
                                                  endTime: Date? = nil) async throws {
        let flushNow = try state.withLock { state throws(TrackingError) -> Bool in
            if state.closed { throw .trackerClosed(component: component) }
            var change = state.pending.statusChange ?? .init()
            change.status = status
            if let startTime { change.startTime = startTime.timeIntervalSince1970 }
            if let endTime { change.endTime = endTime.timeIntervalSince1970 }
            state.pending.statusChange = change
            return noteWrites(1, &state)
        }
        if flushNow { try await flushPipelined() }
    }

    // MARK: Flushing

    /// Writes everything buffered in one store transaction; returns when it and every earlier
    /// flush are durable.
    nonisolated(nonsending) public func flush() async throws {
        let (previous, task) = try state.withLock { state -> (Task<Void, any Error>?, Task<Void, any Error>) in
            if let error = state.backgroundError {
                state.backgroundError = nil
                throw error
            }
            defer { state.unobserved = nil }
            return (state.unobserved, takeBatch(&state))
        }
        do {
            try await previous?.value
        } catch {
            _ = try? await task.value
            throw error
        }
        try await task.value
    }

    /// The count-triggered flush: hands the full buffer to the store and returns as soon as the
    /// *previous* batch is durable, so logging fills the next buffer while SQLite writes this one
    /// (two cores at work; at most two batches in memory).
    nonisolated(nonsending) func flushPipelined() async throws {
        let previous = state.withLock { state -> Task<Void, any Error>? in
            let previous = state.unobserved
            state.unobserved = takeBatch(&state)
            return previous
        }
        try await previous?.value
    }

    /// Flushes and stops the background timer; later logging throws
    /// ``TrackingError/trackerClosed(component:)``. Closing twice is harmless.
    nonisolated(nonsending) public func close() async throws {
        let wasClosed = state.withLock { state in
            defer { state.closed = true; state.timer?.cancel(); state.timer = nil }
            return state.closed
        }
        if wasClosed { return }
        try await flush()
    }

    func checkUsable() throws(TrackingError) {
        if state.withLock({ $0.closed }) { throw .trackerClosed(component: component) }
    }

    /// Counts writes; returns whether the count calls for a flush, else makes sure the timer runs.
    private func noteWrites(_ count: Int, _ state: inout State) -> Bool {
        state.pendingWrites += count
        if state.pendingWrites >= options.flushCount { return true }
        if state.timer == nil { state.timer = makeTimer() }
        return false
    }

    /// Swaps the buffer out and chains its write after the previous flush, so batches reach the
    /// store in the order they were taken even when a background and an explicit flush overlap.
    private func takeBatch(_ state: inout State) -> Task<Void, any Error> {
        let batch = state.pending
        state.pending = TrackingWriteBatch(component: component)
        state.pendingWrites = 0
        let previous = state.flushChain
        let store = self.store
        let task = Task<Void, any Error> {
            _ = try? await previous?.value
            if !batch.isEmpty { try await store.apply(batch) }
        }
        state.flushChain = task
        return task
    }

    private func makeTimer() -> Task<Void, Never> {
        let interval = options.flushInterval
        return Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                guard let self else { return }
                await self.timerFired()
            }
        }
    }

    private func timerFired() async {
        let task: Task<Void, any Error>? = state.withLock { state in
            guard !state.closed, !state.pending.isEmpty else { return nil }
            return takeBatch(&state)
        }
        guard let task else { return }
        do { try await task.value } catch { state.withLock { $0.backgroundError = error } }
    }
}
