import Foundation
import StrataTracking

/// Runs a sweep: asks the sampler for points, hands each to one of `workerCount` long-lived
/// worker processes (`strata sweep-worker`), and records every point in the store (see
/// ``SweepRecord``), so the same command resumes where a stopped or killed sweep left off
/// without repeating a finished point.
///
/// Points that were running when the sweep stopped are run again (same number, same
/// assignment) before new points are asked. Running points are shown to the sampler as running
/// (TPE's constant liar keeps parallel workers apart). A worker that dies without recording its
/// point leaves it failed with the exit status and the end of its error output.
public final class SweepCoordinator: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var experiment: String
        public var sweep: String
        /// Points to finish in total (over all resumptions).
        public var trialCount: Int
        public var workerCount: Int
        /// The worker command line; the coordinator writes points to the worker's standard input.
        public var workerCommand: [String]
        /// Sampler name and seed, stored with the sweep so a resumption cannot mix samplers.
        public var samplerDescription: String

        public init(experiment: String, sweep: String, trialCount: Int, workerCount: Int, workerCommand: [String],
                    samplerDescription: String) {
            self.experiment = experiment; self.sweep = sweep; self.trialCount = trialCount; self.workerCount = workerCount
            self.workerCommand = workerCommand; self.samplerDescription = samplerDescription
        }
    }

    let configuration: Configuration
    let spec: PipelineSpec
    let store: any TrackingStore
    let sampler: any Sampler
    let progress: (@Sendable (String) -> Void)?
    private let lock = NSLock()
    private var workers: [Int: SweepWorkerProcess] = [:]
    private var stopping = false

    public init(configuration: Configuration, spec: PipelineSpec, store: any TrackingStore, sampler: any Sampler,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.configuration = configuration; self.spec = spec; self.store = store; self.sampler = sampler; self.progress = progress
    }

    /// Asks running workers to stop (SIGTERM) and starts no more points; ``run()`` then marks
    /// their points stopped and returns.
    public func stop() {
        let running = lock.withLock { () -> [SweepWorkerProcess] in
            stopping = true
            return Array(workers.values)
        }
        for worker in running { worker.terminate() }
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    /// Runs until `trialCount` points are finished, the sampler has no more, or ``stop()``.
    public func run() async throws -> SweepSummary {
        let c = configuration
        try await checkConfiguration()
        // A grid smaller than --trials ends with its last point: count toward that.
        let total = min(c.trialCount, try sampler.pointLimit(spec.searchSpace) ?? c.trialCount)
        var records = try await SweepRecord.all(in: store, experiment: c.experiment, sweep: c.sweep)
        var queue = records.filter { !$0.state.isFinished }.map { ($0.number, $0.assignment) }
        var nextNumber = (records.map(\.number).max() ?? -1) + 1
        var exhausted = false
        let start = Date()
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logDirectory) }
        let (events, continuation) = AsyncStream<SweepWorkerProcess.Event>.makeStream()
        var eventIterator = events.makeAsyncIterator()
        // A worker that died leaves its pipe closed: writing to it must fail, not kill the sweep.
        signal(SIGPIPE, SIG_IGN)
        var inFlight = 0
        var idle: [SweepWorkerProcess] = []
        var nextWorkerID = 0
        let finishedAtStart = records.filter { $0.state.isFinished }.count
        if finishedAtStart > 0 || !queue.isEmpty {
            progress?("resuming sweep \(c.sweep): \(finishedAtStart) finished, \(queue.count) to run again")
        }

        func finishedCount() -> Int { records.filter { $0.state.isFinished }.count }
        func liveWorkers() -> Int { lock.withLock { workers.count } }

        /// A point whose worker ended without recording it: stopped (by ``stop()``) or failed.
        func settle(_ trial: String, number: Int, status: Int32, tail: String) async throws {
            var record = try await reload(trial, number: number) ?? records.first { $0.number == number }!
            if record.state == .running {
                if isStopping {
                    record.state = .stopped
                    record.message = "stopped before it finished"
                } else {
                    record.state = .failed
                    record.message = "the worker exited with status \(status): \(tail)"
                }
                try await record.save(in: store, experiment: c.experiment, sweep: c.sweep)
                if record.state == .stopped { try? await markStopped(record.trial) }
            }
            records.removeAll { $0.number == record.number }
            records.append(record)
            reportProgress(records, total: total, start: start, finishedAtStart: finishedAtStart)
        }

        while true {
            // Fill free workers.
            while !isStopping, inFlight < c.workerCount, finishedCount() + inFlight < total {
                let point: (Int, ParameterAssignment)
                if !queue.isEmpty {
                    point = queue.removeFirst()
                } else if !exhausted {
                    let history = records.map(\.observation)
                    guard let assignment = try sampler.suggest(number: nextNumber, space: spec.searchSpace, history: history) else {
                        exhausted = true
                        continue
                    }
                    point = (nextNumber, assignment)
                    nextNumber += 1
                } else { break }
                let record = SweepRecord(trial: SweepRecord.trialName(sweep: c.sweep, number: point.0), number: point.0,
                                         assignment: point.1, state: .running)
                try await record.save(in: store, experiment: c.experiment, sweep: c.sweep)
                records.removeAll { $0.number == record.number }
                records.append(record)
                let worker: SweepWorkerProcess
                if let free = idle.popLast() {
                    worker = free
                } else {
                    worker = try SweepWorkerProcess(id: nextWorkerID, command: c.workerCommand,
                                                    logURL: logDirectory.appendingPathComponent("worker-\(nextWorkerID).log"),
                                                    events: continuation)
                    nextWorkerID += 1
                    lock.withLock { workers[worker.id] = worker }
                }
                // A failed write means the worker is gone: its exit event settles the point.
                _ = worker.send(.init(number: point.0, assignment: point.1), trial: record.trial)
                inFlight += 1
            }
            if inFlight == 0 { break }
            guard let event = await eventIterator.next() else { break }
            switch event {
            case .done(let id, let number):
                guard let worker = lock.withLock({ workers[id] }), let current = worker.current, current.number == number else { continue }
                worker.current = nil
                inFlight -= 1
                idle.append(worker)
                try await settle(current.trial, number: number, status: 0, tail: "")
            case .exited(let id, let status):
                guard let worker = lock.withLock({ workers.removeValue(forKey: id) }) else { continue }
                idle.removeAll { $0 === worker }
                if let current = worker.current {
                    inFlight -= 1
                    try await settle(current.trial, number: current.number, status: status, tail: worker.logTail())
                }
            }
        }
        // No more points: idle workers end at the end of their input; wait for every exit.
        for worker in lock.withLock({ Array(workers.values) }) { worker.finishInput() }
        while liveWorkers() > 0, let event = await eventIterator.next() {
            if case .exited(let id, _) = event { _ = lock.withLock { workers.removeValue(forKey: id) } }
        }
        continuation.finish()
        let selection = try await selectWinner(records)
        return SweepSummary(sweep: c.sweep, experiment: c.experiment, records: records.sorted { $0.number < $1.number },
                            objective: spec.objective, stopped: isStopping, seconds: Date().timeIntervalSince(start),
                            winner: selection.winner, consensus: selection.ranked.mapValues(\.consensus))
    }

    private func reload(_ trial: String, number: Int) async throws -> SweepRecord? {
        guard let stored = try? await store.trial(named: trial) else { return nil }
        return SweepRecord(trial: stored, sweep: configuration.sweep)
    }

    /// A stopped point's components (if any were written) are marked Stopped.
    private func markStopped(_ trial: String) async throws {
        for component in try await store.components(trial: trial) where component.status.primary == .inProgress {
            var batch = TrackingWriteBatch(component: component.name)
            batch.statusChange = .init(status: TrialComponentStatus(.stopped, message: "sweep stopped"), endTime: Date().timeIntervalSince1970)
            try await store.apply(batch)
        }
    }

    /// The sampler is stored with the sweep; resuming with another one is refused.
    private func checkConfiguration() async throws {
        let c = configuration
        let experiment = try await store.loadOrCreateExperiment(c.experiment)
        let tag = "sweep:\(c.sweep)"
        if let stored = experiment.tags[tag], stored != c.samplerDescription {
            throw PipelineError.failed("sweep \(c.sweep) was started with \(stored); resume it with the same sampler and seed, or pick another --name")
        }
        if experiment.tags[tag] == nil {
            _ = try await store.updateExperiment(c.experiment, EntityUpdate(setTags: [tag: c.samplerDescription]))
        }
    }

    private func reportProgress(_ records: [SweepRecord], total: Int, start: Date, finishedAtStart: Int) {
        guard let progress else { return }
        let finished = records.filter { $0.state.isFinished }.count
        let elapsed = Date().timeIntervalSince(start)
        let doneHere = max(finished - finishedAtStart, 0)
        let remaining = doneHere > 0 ? elapsed / Double(doneHere) * Double(max(total - finished, 0)) : nil
        let best = SweepSummary.best(records, objective: spec.objective)
        let bestText = best.map { "best \(spec.objective.metric) \(String(format: "%.4f", spec.objective.loss($0.loss!))) (\($0.trial))" } ?? "no feasible trial yet"
        progress("trials \(finished)/\(total) · \(bestText) · elapsed \(Self.clock(elapsed))"
                 + (remaining.map { " · remaining ~\(Self.clock($0))" } ?? ""))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
