import ArgumentParser
import Foundation
import StrataPipelines
import StrataTracking

/// `strata sweep pipeline.yaml --sampler tpe --trials 50 --workers 2`: many recorded attempts,
/// the best feasible one chosen by the pipeline's objective.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Run many attempts of a pipeline over its search_space and pick the best.",
        discussion: """
        Each attempt is a trial named <sweep>-NNNN, run by one of --workers worker processes and recorded in the store, \
        which also holds the sweep's state: running the same command again resumes it and never repeats a finished \
        attempt. Ctrl-C stops it cleanly (running attempts are marked Stopped). Attempts that break the file's \
        constraints rank below every feasible one. See Guides/Sweeps.md.
        """)
    enum SamplerName: String, ExpressibleByArgument, CaseIterable { case grid, random, tpe }

    @Argument(help: "The pipeline file (YAML) with a search_space.") var pipeline: String
    @Option(help: "How points are chosen.") var sampler: SamplerName = .tpe
    @Option(help: "Attempts to finish in total (a grid stops earlier when it is exhausted).") var trials: Int = 50
    @Option(help: "Worker processes running attempts at once.") var workers: Int = 1
    @Option(help: "Seed of the sampler.") var seed: UInt64 = 0
    @Option(help: "Record in this experiment (default: the pipeline's name).") var experiment: String?
    @Option(help: "Name of the sweep (default: <pipeline>-<sampler>); the same name resumes it.") var name: String?
    @Option(name: .customLong("set"), help: "Override a value of the file for every attempt (repeatable).") var overrides: [String] = []
    @Option(help: "Write the best feasible attempt's fitted model here.") var modelOut: String?
    @Flag(help: "Print a JSON summary naming the best trial, its parameters and scores.") var json = false
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard trials >= 1 else { throw ValidationError("--trials must be at least 1") }
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be between 1 and 64") }
    }

    func run() async throws {
        let spec = try PipelineCLI.loadSpec(pipeline, overrides: overrides)
        guard !spec.searchSpace.parameters.isEmpty else {
            throw UserError("\(pipeline) has no search_space; add one (see Guides/Pipelines.md) or use `strata run`")
        }
        let store = try storeOptions.open()
        let experimentName = experiment ?? spec.name
        let summary = try await Self.sweep(spec: spec, pipelinePath: pipeline, store: store, storeURL: storeOptions.url,
                                           experiment: experimentName, sweepName: name ?? "\(spec.name)-\(sampler.rawValue)",
                                           sampler: sampler, seed: seed, trials: trials, workers: workers, overrides: overrides)
        try await SweepReport(summary: summary, spec: spec, store: store, storeURL: storeOptions.url).finish(modelOut: modelOut, json: json)
        if summary.stopped { throw ExitCode(130) }
    }
}

extension SweepCommand {
    /// Runs a sweep with worker processes of this executable; Ctrl-C / SIGTERM stop it cleanly.
    static func sweep(spec: PipelineSpec, pipelinePath: String, store: any TrackingStore, storeURL: String, experiment: String,
                      sweepName: String, sampler: SamplerName, seed: UInt64, trials: Int, workers: Int, overrides: [String]) async throws -> SweepSummary {
        var worker = [executablePath(), "sweep-worker", URL(fileURLWithPath: pipelinePath).standardizedFileURL.path,
                      "--store", storeURL, "--experiment", experiment, "--sweep", sweepName]
        for o in overrides { worker += ["--set", o] }
        let coordinator = SweepCoordinator(
            configuration: .init(experiment: experiment, sweep: sweepName, trialCount: trials, workerCount: workers,
                                 workerCommand: worker, samplerDescription: "sampler \(sampler.rawValue), seed \(seed)"),
            spec: spec, store: store, sampler: try SamplerChoice.make(sampler, seed: seed, space: spec.searchSpace),
            progress: { note($0) })
        let signals = SignalForwarding { coordinator.stop() }
        defer { signals.cancel() }
        return try await coordinator.run()
    }

    /// This program's own path, for starting workers.
    static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}

/// `strata sweep-worker` (internal): runs points of a sweep; started by `strata sweep`, which
/// writes one point per line to its standard input (`--number`/`--assignment` run one point).
struct SweepWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sweep-worker", abstract: "Run attempts of a sweep (started by `strata sweep`).",
                                                    shouldDisplay: false)
    @Argument var pipeline: String
    @Option var store: String
    @Option var experiment: String
    @Option var sweep: String
    @Option(name: .customLong("set")) var overrides: [String] = []
    @Option var number: Int?
    @Option var assignment: String?

    func run() async throws {
        ParentWatch.exitWhenOrphaned()
        let spec = try PipelineCLI.loadSpec(pipeline, overrides: overrides)
        var storeOptions = StoreOptions()
        storeOptions.store = store
        let trackingStore = try storeOptions.open()
        var cache = StepCache.beside(storeURL: store)
        if let number, let assignment {
            let point = try JSONDecoder().decode(ParameterAssignment.self, from: Data(assignment.utf8))
            _ = try await SweepWorker(spec: spec, store: trackingStore, cache: cache, experiment: experiment, sweep: sweep)
                .run(number: number, assignment: point)
            return
        }
        // Many points in one process: what every attempt shares stays in memory.
        cache.memo = StepMemo()
        let worker = SweepWorker(spec: spec, store: trackingStore, cache: cache, experiment: experiment, sweep: sweep)
        try await worker.serve(lines: StandardInputLines.stream()) { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }
    }
}

/// Standard input's lines, read on a thread of their own (a blocking read must not hold one of
/// the few threads that run tasks).
enum StandardInputLines {
    static func stream() -> AsyncStream<String> {
        let (lines, continuation) = AsyncStream<String>.makeStream()
        let thread = Thread {
            while let line = readLine() { continuation.yield(line) }
            continuation.finish()
        }
        thread.start()
        return lines
    }
}
