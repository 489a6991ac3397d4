import Foundation
import StrataHTTPStore
import StrataPipelines
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport

/// `strata sweep` as a user runs it: worker processes, resume after the sweep process is killed,
/// and a clean stop on SIGTERM — against a real store, with real signals.
@Suite(.serialized) struct SweepCLITests {
    static let pipeline = """
    name: sweeptest
    data: {path: customers.csv}
    steps:
      - scale: {method: standard, log1p: skewed}
      - cluster: {method: kmeans, n_clusters: 4, seed: 1}
    score: [silhouette]
    search_space:
      steps.cluster.n_clusters: {int: [2, 9]}
      steps.cluster.seed: {int: [0, 1000]}
    """

    func prepare() throws -> CLIRunner {
        let cli = try CLIRunner()
        #expect(try cli.run(["generate", "customers", "--rows", "1500", "--seed", "3", "--out", "customers.csv"]).code == 0)
        try cli.write("pipeline.yaml", Self.pipeline)
        return cli
    }

    func store(_ cli: CLIRunner) throws -> any TrackingStore {
        try openSQLiteTrackingStore(url: "sqlite:\(cli.path(".strata/strata.sqlite"))")
    }

    /// The trials of sweep `s`.
    func sweepTrials(_ cli: CLIRunner) async throws -> [Trial] {
        try await store(cli).trials(experiment: "sweeptest").filter { $0.metadata["sweep"] == "s" }
    }

    func records(_ cli: CLIRunner) async throws -> [String: String] {
        var states: [String: String] = [:]
        for trial in (try? await sweepTrials(cli)) ?? [] { states[trial.name] = trial.metadata["sweep.state"] }
        return states
    }

    /// Starts a sweep; returns it and its progress output (standard error).
    func start(_ cli: CLIRunner, trials: Int) throws -> (process: Process, progress: FileHandle) {
        let process = Process()
        process.executableURL = try CLIRunner.strataURL()
        process.arguments = ["sweep", "pipeline.yaml", "--sampler", "random", "--trials", String(trials), "--workers", "2",
                             "--seed", "5", "--name", "s"]
        process.currentDirectoryURL = cli.directory
        process.standardOutput = FileHandle.nullDevice
        let progress = Pipe()
        process.standardError = progress
        try process.run()
        return (process, progress.fileHandleForReading)
    }

    /// Blocks this thread (not a task): heavy synchronous suites running beside this one can
    /// starve the cooperative pool, and a sleeping task would wake too late.
    func letItRun(seconds: Double) { Thread.sleep(forTimeInterval: seconds) }

    /// Blocks this thread until the sweep's progress line says five points are finished (then
    /// it is under way with many to go). Long-lived workers run these small attempts fast enough
    /// that a fixed wait, or a poll of the store by a starved task, could see the whole sweep end.
    func waitForFinishedPoints(_ progress: FileHandle) {
        var text = ""
        while !text.contains("trials 5/") {
            let chunk = progress.availableData
            if chunk.isEmpty { return }
            text += String(decoding: chunk, as: UTF8.self)
        }
    }

    @Test func aKilledSweepResumesWithoutRepeatingFinishedTrials() async throws {
        let cli = try prepare()
        let first = try start(cli, trials: 120)
        waitForFinishedPoints(first.progress)
        kill(first.process.processIdentifier, SIGKILL)
        _ = try? first.progress.readToEnd()
        first.process.waitUntilExit()
        #expect(try await records(cli).values.filter { $0 == "complete" }.count < 120, "the sweep ended before it was killed")
        let before = try await records(cli).filter { $0.value == "complete" }
        let resumed = try cli.run(["sweep", "pipeline.yaml", "--sampler", "random", "--trials", "120", "--workers", "2",
                                   "--seed", "5", "--name", "s", "--json"])
        #expect(resumed.code == 0, "\(resumed.stderr)")
        let after = try await records(cli)
        #expect(after.values.filter { $0 == "complete" }.count == 120, "\(after)")
        #expect(after.count == 120 || after.values.filter { $0 != "complete" }.isEmpty, "\(after)")
        // Finished trials were not run again: their records are unchanged and still complete.
        for (trial, _) in before { #expect(after[trial] == "complete") }
        #expect(resumed.stdout.contains("\"best\""))
        // A different sampler cannot continue the same sweep.
        let mixed = try cli.run(["sweep", "pipeline.yaml", "--sampler", "tpe", "--trials", "121", "--name", "s"])
        #expect(mixed.code == 1 && mixed.stderr.contains("was started with sampler random"), "\(mixed.stderr)")
    }

    @Test func sigtermStopsCleanlyAndMarksRunningTrialsStopped() async throws {
        let cli = try prepare()
        let sweep = try start(cli, trials: 200)
        waitForFinishedPoints(sweep.progress)
        kill(sweep.process.processIdentifier, SIGTERM)
        _ = try? sweep.progress.readToEnd()  // what it prints while stopping must not fill the pipe
        sweep.process.waitUntilExit()
        #expect(sweep.process.terminationStatus == 130)
        let states = try await records(cli)
        #expect(!states.values.contains("running"), "\(states)")
        #expect(!states.isEmpty)
    }

    /// Two workers starting together on a cold step cache: the first attempt computes the UMAP,
    /// the other waits for it and reuses the stored embedding (one cache miss, not two).
    @Test func workersOnAColdCacheComputeTheSharedEmbeddingOnce() async throws {
        let cli = try prepare()
        try cli.write("umap.yaml", """
        name: sweeptest
        data: {path: customers.csv}
        steps:
          - scale: {method: standard, log1p: skewed}
          - reduce: {method: umap, n_components: 2, n_neighbors: 10, seed: 3}
          - cluster: {method: dbscan, eps: 0.5, min_samples: 5}
        score: [silhouette]
        search_space:
          steps.cluster.eps: {choice: [0.3, 0.5]}
        """)
        let run = try cli.run(["sweep", "umap.yaml", "--sampler", "grid", "--trials", "2", "--workers", "2", "--name", "s"])
        #expect(run.code == 0, "\(run.stderr)")
        let store = try store(cli)
        var hits: [String] = []
        for trial in try await sweepTrials(cli) {
            let reduce = try await store.component(named: "\(trial.name)-reduce")
            hits.append(reduce.parameters["cache_hit"]?.stringValue ?? "missing")
        }
        #expect(hits.sorted() == ["false", "true"], "cache_hit of the two attempts' reduce steps: \(hits)")
    }

    /// A worker runs many attempts: one that fails is recorded Failed with its message, and the
    /// same worker goes on with the next. A grid smaller than `--trials` counts toward its size.
    @Test func aFailingAttemptIsRecordedAndTheWorkerGoesOn() async throws {
        let cli = try prepare()
        try cli.write("failing.yaml", """
        name: sweeptest
        data: {path: customers.csv}
        steps:
          - scale: {method: standard}
          - cluster: {method: kmeans, n_clusters: 4, seed: 1}
        score: [silhouette]
        search_space:
          steps.cluster.n_clusters: {choice: [3, 5000, 4]}
        """)
        // No --trials: the default (50) is more than the grid's 3 points, and progress counts to 3.
        let run = try cli.run(["sweep", "failing.yaml", "--sampler", "grid", "--workers", "1", "--name", "s"])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stderr.contains("trials 3/3 ") && !run.stderr.contains("/50 "), "progress: \(run.stderr)")
        var states: [String: String] = [:], messages: [String: String] = [:]
        for trial in try await sweepTrials(cli) {
            let clusters = (trial.metadata["sweep.assignment"] ?? "").contains("5000") ? "5000" : "other"
            states[trial.name] = "\(clusters) \(trial.metadata["sweep.state"] ?? "?")"
            messages[trial.name] = trial.metadata["sweep.message"]
        }
        #expect(states.values.sorted() == ["5000 failed", "other complete", "other complete"], "\(states) \(messages)")
    }

    /// A worker killed in the middle of an attempt: that attempt is Failed with the worker's exit
    /// status, and a new worker runs the rest.
    @Test func aKilledWorkerFailsItsAttemptAndANewWorkerRunsTheRest() async throws {
        let cli = try prepare()
        try cli.write("slow.yaml", """
        name: sweeptest
        data: {path: customers.csv}
        steps:
          - scale: {method: standard}
          - reduce: {method: umap, n_components: 2, n_neighbors: 15, n_epochs: 3000, seed: 1}
          - cluster: {method: kmeans, n_clusters: 4, seed: 1}
        score: [silhouette]
        search_space:
          steps.reduce.seed: {choice: [1, 2, 3]}
        """)
        let sweep = Process()
        sweep.executableURL = try CLIRunner.strataURL()
        sweep.arguments = ["sweep", "slow.yaml", "--sampler", "grid", "--trials", "3", "--workers", "1", "--name", "s"]
        sweep.currentDirectoryURL = cli.directory
        sweep.standardOutput = FileHandle.nullDevice
        sweep.standardError = FileHandle.nullDevice
        try sweep.run()
        // The first attempt's UMAP runs for seconds: kill its worker once it has started.
        var worker: Int32?
        for _ in 0..<2_400 where worker == nil {
            letItRun(seconds: 0.1)
            worker = Self.children(of: sweep.processIdentifier).first
        }
        let victim = try #require(worker, "no worker process appeared")
        letItRun(seconds: 0.5)
        kill(victim, SIGKILL)
        sweep.waitUntilExit()
        #expect(sweep.terminationStatus == 0)
        var states: [String] = [], messages: [String] = []
        for trial in try await sweepTrials(cli) {
            states.append(trial.metadata["sweep.state"] ?? "?")
            if let message = trial.metadata["sweep.message"] { messages.append(message) }
        }
        #expect(states.sorted() == ["complete", "complete", "failed"], "\(states) \(messages)")
        #expect(messages.contains { $0.contains("the worker exited with status 9") }, "\(messages)")
    }

    /// Process ids whose parent is `parent`.
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // Fields after the command name: state, then the parent's id.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }

    /// A sweep recording into a server (`--store http://…`) reads its attempts' labels back
    /// through the server and chooses the winner by agreement, as from a local store: the same
    /// points give the same winner and every attempt gets its consensus.
    @Test func aSweepIntoAServerChoosesTheWinnerAsALocalOneDoes() async throws {
        let cli = try prepare()
        let server = try await LiveServer.start()
        defer { server.stop() }
        let arguments = ["sweep", "pipeline.yaml", "--sampler", "random", "--trials", "4", "--workers", "1", "--seed", "5",
                         "--name", "s", "--json"]
        let remote = try cli.run(arguments + ["--store", server.baseURL.absoluteString])
        #expect(remote.code == 0, "\(remote.stderr)")
        let local = try cli.run(arguments)
        #expect(local.code == 0, "\(local.stderr)")
        func best(_ json: String) throws -> String? {
            let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
            return (object?["best"] as? [String: Any])?["trial"] as? String
        }
        #expect(try best(remote.stdout) != nil)
        #expect(try best(remote.stdout) == best(local.stdout))
        let serverStore = try openSQLiteTrackingStore(url: server.storeURL)
        let trials = try await serverStore.trials(experiment: "sweeptest")
        #expect(trials.count == 4)
        for trial in trials {
            #expect(trial.metadata["sweep.consensus"] != nil, "\(trial.name) has no consensus: \(trial.metadata)")
        }
        // From another machine the workers' staged copies are not there: the labels come from the server.
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("strata-elsewhere-\(UUID().uuidString)")
        let client = try HTTPTrackingStore(url: server.baseURL.absoluteString, artifactDirectory: elsewhere)
        let first = try #require(trials.first?.name)
        let downloaded = try await SweepCoordinator.labels(of: first, in: client)
        #expect(downloaded != nil)
        #expect(downloaded == (try await SweepCoordinator.labels(of: first, in: serverStore)))
    }
}
