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
/// is durable (one store transaction per flush); a process killed with SIGKILL loses at most what
/// was still buffered or being written.
///
/// Forgetting ``close()`` loses nothing: a tracker released unclosed writes what it buffered in
/// `deinit`, synchronously (through ``TrackingStore/applySynchronously(_:)`` on the tracker's
/// own serial write queue, after every earlier batch), and marks the component `Stopped` with
/// the message "released without close()" unless this tracker already set a final status.
/// Synchronous, because a flush handed to a task could be cut off when the process exits right
/// after the release; the cost is that the releasing thread waits for one transaction. A tracker
/// still referenced when the process exits (a global) is never released: close it. With
/// ``Options/stopsOnTerminationSignal`` SIGINT and SIGTERM mark the component `Stopped`, flush,
/// and exit with 128 + the signal number (see ``TerminationSignals``). A count-triggered flush overlaps with further logging (one batch
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

        /// On SIGINT or SIGTERM while the tracker is open: flush, mark the component `Stopped`,
        /// exit 130 or 143. For command-line tools; installs process-wide signal handlers while
        /// such a tracker is open.
        public var stopsOnTerminationSignal: Bool

        public init(flushCount: Int = 10_000, flushInterval: Duration = .seconds(1), stopsOnTerminationSignal: Bool = false) {
            self.flushCount = max(1, flushCount)
            self.flushInterval = flushInterval
            self.stopsOnTerminationSignal = stopsOnTerminationSignal
        }
    }

    struct State: ~Copyable {
        var pending: TrackingWriteBatch
        var pendingWrites = 0
        var parameterNames: Set<String>
        var closed = false
        /// Whether this tracker set Completed, Failed or Stopped (then `deinit` keeps it).
        var finalStatusSet = false
        /// The latest count-triggered flush, still running or finished, whose error no caller
        /// has seen yet; awaited by the next flush of any kind.
        var unobserved: FlushTicket?
        var backgroundError: (any Error)?
        var timer: Task<Void, Never>?
    }

    public let store: any TrackingStore
    public let component: String
    public let options: Options
    let state: Mutex<State>
    /// Batches are applied here one at a time, in the order they were taken, so `deinit` and a
    /// signal handler can wait for every earlier batch without Swift concurrency.
    let writeQueue: DispatchQueue

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
        self.writeQueue = DispatchQueue(label: "strata.tracker.\(component)")
        if options.stopsOnTerminationSignal { TerminationSignals.shared.watch(self) }
    }

    deinit {
        let batch = state.withLock { state in takeFinalBatch(&state, status: Self.releasedStatus) }
        if options.stopsOnTerminationSignal { TerminationSignals.shared.unwatch(self) }
        Self.writeReleased(batch, store: store, queue: writeQueue, component: component)
    }

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
            state.finalStatusSet = [.completed, .failed, .stopped].contains(status.primary)
            return noteWrites(1, &state)
        }
        if flushNow { try await flushPipelined() }
    }

    // MARK: Flushing

    /// Writes everything buffered in one store transaction; returns when it and every earlier
    /// flush are durable.
    nonisolated(nonsending) public func flush() async throws {
        let (previous, ticket) = try state.withLock { state -> (FlushTicket?, FlushTicket) in
            if let error = state.backgroundError {
                state.backgroundError = nil
                throw error
            }
            defer { state.unobserved = nil }
            return (state.unobserved, takeBatch(&state))
        }
        do {
            try await previous?.wait()
        } catch {
            _ = try? await ticket.wait()
            throw error
        }
        try await ticket.wait()
    }

    /// The count-triggered flush: hands the full buffer to the store and returns as soon as the
    /// *previous* batch is durable, so logging fills the next buffer while SQLite writes this one
    /// (two threads at work; at most two batches in memory).
    nonisolated(nonsending) func flushPipelined() async throws {
        let previous = state.withLock { state -> FlushTicket? in
            let previous = state.unobserved
            state.unobserved = takeBatch(&state)
            return previous
        }
        try await previous?.wait()
    }

    /// Flushes and stops the background timer; later logging throws
    /// ``TrackingError/trackerClosed(component:)``. Closing twice is harmless.
    nonisolated(nonsending) public func close() async throws {
        let wasClosed = state.withLock { state in
            defer { state.closed = true; state.timer?.cancel(); state.timer = nil }
            return state.closed
        }
        if wasClosed { return }
        if options.stopsOnTerminationSignal { TerminationSignals.shared.unwatch(self) }
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

    /// Swaps the buffer out and queues its write behind every earlier one (the queue is serial
    /// and this runs under the lock), so batches reach the store in the order they were taken
    /// even when a background and an explicit flush overlap.
    func takeBatch(_ state: inout State) -> FlushTicket {
        let batch = state.pending
        state.pending = TrackingWriteBatch(component: component)
        state.pendingWrites = 0
        let ticket = FlushTicket()
        let store = self.store
        writeQueue.async {
            ticket.complete(Result { if !batch.isEmpty { try store.applySynchronously(batch) } })
        }
        return ticket
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
        let ticket: FlushTicket? = state.withLock { state in
            guard !state.closed, !state.pending.isEmpty else { return nil }
            return takeBatch(&state)
        }
        guard let ticket else { return }
        do { try await ticket.wait() } catch { state.withLock { $0.backgroundError = error } }
    }
}
