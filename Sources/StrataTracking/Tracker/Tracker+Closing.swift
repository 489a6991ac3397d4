import Foundation

extension Tracker {
    /// What `deinit` records for a tracker released without ``close()``.
    static let releasedStatus = TrialComponentStatus(
        .stopped, message: "the Tracker was released without close(); everything logged was flushed")

    /// Closes without awaiting: writes what is buffered (after every batch already taken) in one
    /// transaction and, unless this tracker already set Completed, Failed or Stopped, sets
    /// `status` with the end time. Blocks the calling thread until the write is durable.
    ///
    /// ```swift
    /// try tracker.closeSynchronously(marking: TrialComponentStatus(.stopped, message: "interrupted by SIGINT"))
    /// ```
    ///
    /// For code that cannot await: signal handlers (``TerminationSignals``) and `deinit`. Once
    /// closed, later logging throws ``TrackingError/trackerClosed(component:)``; on a tracker
    /// already closed it only waits for writes still queued.
    public func closeSynchronously(marking status: TrialComponentStatus? = nil) throws {
        let batch = state.withLock { state in takeFinalBatch(&state, status: status) }
        if options.stopsOnTerminationSignal { TerminationSignals.shared.unwatch(self) }
        try Self.writeFinal(batch, store: store, queue: writeQueue)
    }

    /// Marks the tracker closed and returns its last batch (nil if it was closed already).
    func takeFinalBatch(_ state: inout State, status: TrialComponentStatus?) -> TrackingWriteBatch? {
        state.timer?.cancel()
        state.timer = nil
        if state.closed { return nil }
        state.closed = true
        var batch = state.pending
        state.pending = TrackingWriteBatch(component: component)
        state.pendingWrites = 0
        if let status, !state.finalStatusSet {
            var change = batch.statusChange ?? .init()
            change.status = status
            change.endTime = Date().timeIntervalSince1970
            batch.statusChange = change
        }
        return batch
    }

    /// Runs `batch` on the write queue behind every earlier batch and waits for it; with no
    /// batch, only waits for the queue to drain.
    static func writeFinal(_ batch: TrackingWriteBatch?, store: any TrackingStore, queue: DispatchQueue) throws {
        let result: Result<Void, any Error> = queue.sync {
            Result { if let batch, !batch.isEmpty { try store.applySynchronously(batch) } }
        }
        try result.get()
    }

    /// `deinit`'s flush: errors cannot be thrown from there, so they are reported on stderr.
    static func writeReleased(_ batch: TrackingWriteBatch?, store: any TrackingStore, queue: DispatchQueue, component: String) {
        do {
            try writeFinal(batch, store: store, queue: queue)
        } catch {
            FileHandle.standardError.write(Data("strata: the last writes of component \(component) were lost: \(error)\n".utf8))
        }
    }
}
