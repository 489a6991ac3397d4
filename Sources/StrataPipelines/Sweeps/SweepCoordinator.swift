import Foundation
import StrataTracking

/// Runs a sweep: asks the sampler for points, hands each to a worker process, and records every
/// point in the store (see ``SweepRecord``), so the same command resumes where a stopped or
/// killed sweep left off without repeating a finished point.
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
        /// The worker command line; the coordinator appends `--number N --assignment JSON`.
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
    private var running: [String: Process] = [:]
    private var stopping = false

    public init(configuration: Configuration, spec: PipelineSpec, store: any TrackingStore, sampler: any Sampler,
                progress: (@Sendable (String) -> Void)? = nil) {
        self.configuration = configuration; self.spec = spec; self.store = store; self.sampler = sampler; self.progress = progress
    }

    /// Asks running workers to stop (SIGTERM) and starts no more points; ``run()`` then marks
    /// their points stopped and returns.
    public func stop() {
        let processes = lock.withLock { () -> [Process] in
            stopping = true
            return Array(running.values)
        }
        for process in processes where process.isRunning { process.terminate() }
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private struct Finished: Sendable { let trial: String; let number: Int; let status: Int32; let logURL: URL }

    /// Runs until `trialCount` points are finished, the sampler has no more, or ``stop()``.
    public func run() async throws -> SweepSummary {
        let c = configuration
        try await checkConfiguration()
        var records = try await SweepRecord.all(in: store, experiment: c.experiment, sweep: c.sweep)
        var queue = records.filter { !$0.state.isFinished }.map { ($0.number, $0.assignment) }
        var nextNumber = (records.map(\.number).max() ?? -1) + 1
        var exhausted = false
        let start = Date()
        let logDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: logDirectory) }
        let (events, continuation) = AsyncStream<Finished>.makeStream()
        var inFlight = 0
        let finishedAtStart = records.filter { $0.state.isFinished }.count
        if finishedAtStart > 0 || !queue.isEmpty {
            progress?("resuming sweep \(c.sweep): \(finishedAtStart) finished, \(queue.count) to run again")
        }

        func finishedCount() -> Int { records.filter { $0.state.isFinished }.count }

        while true {
            // Fill free workers.
            while !isStopping, inFlight < c.workerCount, finishedCount() + inFlight < c.trialCount {
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
                try launch(record, logDirectory: logDirectory, continuation: continuation)
                inFlight += 1
            }
            if inFlight == 0 { break }
            guard let event = await events.first(where: { _ in true }) else { break }
            inFlight -= 1
            lock.withLock { running[event.trial] = nil }
            var record = try await reload(event.trial, number: event.number) ?? records.first { $0.number == event.number }!
            if record.state == .running {
                // The worker ended without recording its point: stopped by a signal, or crashed.
                let tail = (try? String(contentsOf: event.logURL, encoding: .utf8)).map { String($0.suffix(800)) } ?? ""
                if isStopping {
                    record.state = .stopped
                    record.message = "stopped before it finished"
                } else {
                    record.state = .failed
                    record.message = "the worker exited with status \(event.status): \(tail.trimmingCharacters(in: .whitespacesAndNewlines))"
                }
                try await record.save(in: store, experiment: c.experiment, sweep: c.sweep)
                if record.state == .stopped { try? await markStopped(record.trial) }
            }
            records.removeAll { $0.number == record.number }
            records.append(record)
            reportProgress(records, start: start, finishedAtStart: finishedAtStart)
        }
        continuation.finish()
        let selection = try await selectWinner(records)
        return SweepSummary(sweep: c.sweep, experiment: c.experiment, records: records.sorted { $0.number < $1.number },
                            objective: spec.objective, stopped: isStopping, seconds: Date().timeIntervalSince(start),
                            winner: selection.winner, consensus: selection.ranked.mapValues(\.consensus))
    }

    private func launch(_ record: SweepRecord, logDirectory: URL, continuation: AsyncStream<Finished>.Continuation) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.workerCommand[0])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        process.arguments = Array(configuration.workerCommand.dropFirst()) + [
            "--number", String(record.number), "--assignment", String(decoding: try encoder.encode(record.assignment), as: UTF8.self),
        ]
        let log = logDirectory.appendingPathComponent("\(record.number).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        let trial = record.trial, number = record.number
        process.terminationHandler = { finished in
            try? handle.close()
            continuation.yield(Finished(trial: trial, number: number, status: finished.terminationStatus, logURL: log))
        }
        lock.withLock { running[trial] = process }
        try process.run()
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

    private func reportProgress(_ records: [SweepRecord], start: Date, finishedAtStart: Int) {
        guard let progress else { return }
        let finished = records.filter { $0.state.isFinished }.count
        let elapsed = Date().timeIntervalSince(start)
        let doneHere = max(finished - finishedAtStart, 0)
        let remaining = doneHere > 0 ? elapsed / Double(doneHere) * Double(max(configuration.trialCount - finished, 0)) : nil
        let best = SweepSummary.best(records, objective: spec.objective)
        let bestText = best.map { "best \(spec.objective.metric) \(String(format: "%.4f", spec.objective.loss($0.loss!))) (\($0.trial))" } ?? "no feasible trial yet"
        progress("trials \(finished)/\(configuration.trialCount) · \(bestText) · elapsed \(Self.clock(elapsed))"
                 + (remaining.map { " · remaining ~\(Self.clock($0))" } ?? ""))
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
    }
}
