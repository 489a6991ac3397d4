import Foundation
import StrataSQLite
import StrataTracking
import _StrataTestSupport

/// The record the browser test looks at, filled by real runs of the `strata` command on the
/// live server's SQLite store (WAL: the server reads while the runs write):
/// - `quickstart` (granted to the viewer): `strata quickstart` on 2,000 customers (a 6-attempt
///   TPE sweep), a second small random `strata sweep` of its pipeline, and a running
///   `strata job run` for the jobs page;
/// - `segments-100k` (not granted): `strata generate` 100,000 customers and `strata run` of a
///   scale → PCA(2) → KMeans pipeline, whose segments page draws 100,000 points;
/// - `leaderboard-100k` (not granted): 100,000 components in the store's tables
///   (``LeaderboardBulkFill``), for the leaderboard's speed.
struct DashboardStore {
    static let experiment = "quickstart"
    static let segmentsExperiment = "segments-100k"
    static let segmentsRows = 100_000
    static let jobTrial = "dashboard-job"

    let directory: URL
    let storeURL: String
    /// The quickstart sweep's trials, best objective first.
    let rankedTrials: [String]
    let quickstartSweep: String
    let smallSweep: String
    /// The winner's clustering component.
    let winnerComponent: String
    let segmentsComponent: String
    let bulk: LeaderboardBulkFill
    /// The component of the running job, and the process running it.
    let jobComponent: String
    let job: Process

    static func fill(_ server: LiveServer) async throws -> DashboardStore {
        let strata = try LiveServer.strataExecutable()
        let directory = server.directory
        let store = server.storeURL
        async let quickstart = runQuickstart(strata, directory: directory, store: store)
        async let segments = runSegments(strata, directory: directory, store: store)
        let sqlite = try openSQLiteTrackingStore(url: store)
        let bulk = LeaderboardBulkFill()
        try await bulk.write(into: sqlite)
        let (quickstartSweep, smallSweep) = try await quickstart
        let segmentsComponent = try await segments
        let (job, jobComponent) = try await startJob(strata, directory: directory, store: store, sqlite: sqlite)

        let ranked = try await sqlite.trials(experiment: experiment)
            .filter { $0.metadata["sweep"] == quickstartSweep }
            .compactMap { trial in Double(trial.metadata["objective.value"] ?? "").map { (trial.name, $0) } }
            .sorted { $0.1 > $1.1 }.map(\.0)
        guard let winner = ranked.first else { throw CommandRun.Failure(description: "the quickstart recorded no trial with an objective") }
        return DashboardStore(directory: directory, storeURL: store, rankedTrials: ranked, quickstartSweep: quickstartSweep,
                              smallSweep: smallSweep, winnerComponent: winner + "-cluster", segmentsComponent: segmentsComponent,
                              bulk: bulk, jobComponent: jobComponent, job: job)
    }

    /// Stops the job's runner if it still runs (SIGTERM: it records the job Stopped) and waits.
    func stopJob() {
        if job.isRunning { job.terminate() }
        job.waitUntilExit()
    }

    /// `strata quickstart`, then a small random sweep of its pipeline: (quickstart sweep, small sweep).
    static func runQuickstart(_ strata: URL, directory: URL, store: String) async throws -> (String, String) {
        let run = try await CommandRun.require(strata, ["quickstart", "--rows", "2000", "--trials", "6", "--workers", "2",
                                                        "--dir", "qs", "--experiment", experiment, "--store", store], in: directory)
        let sweep = try sweepName(in: run.stdout)
        try await CommandRun.require(strata, ["sweep", "qs/pipeline.yaml", "--sampler", "random", "--trials", "3", "--workers", "2",
                                              "--seed", "3", "--name", "small-random", "--experiment", experiment, "--store", store],
                                     in: directory)
        return (sweep, "small-random")
    }

    /// 100,000 generated customers through scale → PCA(2) → KMeans: the clustering component.
    static func runSegments(_ strata: URL, directory: URL, store: String) async throws -> String {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("seg"), withIntermediateDirectories: true)
        try await CommandRun.require(strata, ["generate", "customers", "--rows", "\(segmentsRows)", "--seed", "7",
                                              "--out", "seg/customers.csv"], in: directory)
        try Data(segmentsPipeline.utf8).write(to: directory.appendingPathComponent("seg/pipeline.yaml"))
        try await CommandRun.require(strata, ["run", "seg/pipeline.yaml", "--experiment", segmentsExperiment,
                                              "--trial", "segments-100k-pca", "--store", store], in: directory)
        return "segments-100k-pca-cluster"
    }

    static let segmentsPipeline = """
        name: segments-100k
        data:
          path: customers.csv
        steps:
          - scale: {method: standard, log1p: skewed}
          - reduce: {method: pca, n_components: 2}
          - cluster: {method: kmeans, n_clusters: 6, seed: 1}
        score: [silhouette]

        """

    /// The quickstart's sweep, from its `strata search 'tags.sweep = "NAME"'` hint.
    static func sweepName(in output: String) throws -> String {
        guard let range = output.range(of: "tags.sweep = \""),
              let end = output[range.upperBound...].firstIndex(of: "\"") else {
            throw CommandRun.Failure(description: "strata quickstart printed no sweep name:\n\(output.suffix(2000))")
        }
        return String(output[range.upperBound..<end])
    }

    /// `strata job run` of Tests/Browser/running_job.py in the background; returns once the job's
    /// component is recorded InProgress with its first metric points.
    static func startJob(_ strata: URL, directory: URL, store: String, sqlite: SQLiteTrackingStore) async throws -> (Process, String) {
        let script = BrowserCheck.repository.appendingPathComponent("Tests/Browser/running_job.py").path
        let process = try CommandRun.start(strata, ["job", "run", "--experiment", experiment, "--trial", jobTrial, "--grace-period", "2",
                                                    "--store", store, "--", "/usr/bin/python3", script, "--seconds", "300"],
                                           in: directory, stdout: directory.appendingPathComponent("job.out"),
                                           stderr: directory.appendingPathComponent("job.err"))
        let component = jobTrial + "-job"
        for _ in 0..<500 {
            if let recorded = try? await sqlite.component(named: component), recorded.metrics["train:loss"]?.count == 8 {
                return (process, component)
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        process.terminate()
        let log = (try? String(contentsOf: directory.appendingPathComponent("job.err"), encoding: .utf8)) ?? ""
        throw CommandRun.Failure(description: "strata job run did not record its first metric points within 10 s:\n\(log)")
    }
}
