import Foundation
import StrataSQLite
import StrataTracking
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `strata job run` and `strata job stop` as a user runs them: a real SageMaker training script
/// (smexperiments 0.1.45 in `.venv-clients`) talking to the job's own server, a failing script,
/// a stop from another process, and Ctrl-C.
@Suite(.serialized) struct JobCLITests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func store(_ cli: CLIRunner) throws -> SQLiteTrackingStore {
        try openSQLiteTrackingStore(url: "sqlite:\(cli.path(".strata/strata.sqlite"))")
    }

    /// `strata job run` started in the background, its output in files of the runner's directory.
    func start(_ cli: CLIRunner, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try CLIRunner.strataURL()
        process.arguments = arguments
        process.currentDirectoryURL = cli.directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "STRATA_STORE")
        process.environment = environment
        _ = FileManager.default.createFile(atPath: cli.path("run.out"), contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: cli.path("run.out")))
        process.standardError = process.standardOutput
        try process.run()
        return process
    }

    /// Waits for the process without blocking a thread of the cooperative pool.
    func exitStatus(of process: Process) async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        return process.terminationStatus
    }

    func waitForFile(_ path: String) async -> Bool {
        for _ in 0..<1000 where !FileManager.default.fileExists(atPath: path) { try? await Task.sleep(for: .milliseconds(20)) }
        return FileManager.default.fileExists(atPath: path)
    }

    @Test func aSageMakerTrainingScriptIsRecordedMetricsIncluded() async throws {
        let python = Self.repository.appendingPathComponent(".venv-clients/bin/python").path
        try #require(FileManager.default.isExecutableFile(atPath: python),
                     "the client venv is missing: run bash Tests/Clients/setup.sh (or symlink .venv-clients) first")
        let cli = try CLIRunner()
        let script = Self.repository.appendingPathComponent("Tests/Clients/job_training.py").path
        let run = try cli.run(["job", "run", "--experiment", "churn", "--trial", "xgb", "--",
                               python, script, "--epochs", "4"])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout.contains("epoch 3: loss 0.2500"), "the script's output is shown: \(run.stdout)")
        #expect(run.stderr.contains("job xgb-job started"), "\(run.stderr)")

        let store = try store(cli)
        let component = try await store.component(named: "xgb-job")
        #expect(component.status == TrialComponentStatus(.completed))
        #expect(component.trials == ["xgb"])
        #expect(component.sourceJob == "arn:aws:sagemaker:us-east-1:000000000000:training-job/xgb-job")
        // What the script logged through smexperiments (UpdateTrialComponent on the job's server) …
        #expect(component.parameters["learning_rate"] == .number(0.1))
        #expect(component.parameters["optimizer"] == .string("sgd"))
        #expect(component.parameters["epochs"] == .number(4))
        #expect(component.outputs["model"]?.value == "file:///tmp/model.tar.gz")
        #expect(component.outputs["model"]?.mediaType == "application/x-tar")
        // … its metric files …
        #expect(try await store.metricSeries(component: "xgb-job", metric: "train:loss").map(\.step) == [0, 1, 2, 3])
        #expect(component.metrics["train:loss"]?.count == 4)
        #expect(component.metrics["train:loss"]?.last == 0.25)
        #expect(component.metrics["validation:accuracy"]?.count == 4)
        // … and what the runner recorded.
        #expect(component.parameters["job.exit_code"] == .number(0))
        #expect(component.parameters["job.command"] == .string("\(python) \(script) --epochs 4"))
        let logArtifact = try #require(component.outputs["job.log"])
        let log = try String(contentsOf: try #require(store.artifactFileURL(logArtifact)), encoding: .utf8)
        #expect(log.contains("training finished"), "\(log)")
        // Each run is a new component of the trial.
        let failing = try cli.run(["job", "run", "--experiment", "churn", "--trial", "xgb", "--",
                                   python, script, "--epochs", "1", "--fail"])
        #expect(failing.code == 3, "\(failing.stderr)")
        let failed = try await store.component(named: "xgb-job-2")
        #expect(failed.status == TrialComponentStatus(.failed, message: "exited with status 3"))
        #expect(failed.parameters["job.exit_code"] == .number(3))
        #expect(failed.metrics["train:loss"]?.count == 1)
    }

    @Test func jobStopFromAnotherShellMarksTheJobStopped() async throws {
        let cli = try CLIRunner()
        try cli.write("loop.sh", "touch started; while true; do sleep 0.05; done\n")
        let job = try start(cli, ["job", "run", "--experiment", "e", "--trial", "t", "--name", "looper", "--", "/bin/sh", "loop.sh"])
        #expect(await waitForFile(cli.path("started")))
        let stop = try cli.run(["job", "stop", "looper"])
        #expect(stop.code == 0, "\(stop.stderr)")
        #expect(stop.stdout.contains("looper: Stopped: stopped with strata job stop"), "\(stop.stdout)")
        #expect(await exitStatus(of: job) == 130)
        let component = try await store(cli).component(named: "looper")
        #expect(component.status == TrialComponentStatus(.stopped, message: "stopped with strata job stop"))
        let again = try cli.run(["job", "stop", "looper"])
        #expect(again.code == 1 && again.stderr.contains("is not running"), "\(again.stderr)")
    }

    @Test func ctrlCStopsTheChildAndExits130() async throws {
        let cli = try CLIRunner()
        try cli.write("loop.sh", "trap 'echo cleaning up; exit 0' TERM\ntouch started\nwhile true; do sleep 0.05; done\n")
        let job = try start(cli, ["job", "run", "--experiment", "e", "--trial", "t", "--", "/bin/sh", "loop.sh"])
        #expect(await waitForFile(cli.path("started")))
        kill(job.processIdentifier, SIGINT)
        #expect(await exitStatus(of: job) == 130)
        let component = try await store(cli).component(named: "t-job")
        #expect(component.status == TrialComponentStatus(.stopped, message: "interrupted"))
        let output = try String(contentsOfFile: cli.path("run.out"), encoding: .utf8)
        #expect(output.contains("cleaning up"), "the script got SIGTERM and its output was shown: \(output)")
    }

    @Test func badInvocationsAreClearErrors() throws {
        let cli = try CLIRunner()
        let missing = try cli.run(["job", "run", "--experiment", "e", "--trial", "t"])
        #expect(missing.code == 1 && missing.stderr.contains("give the command to run after --"), "\(missing.stderr)")
        let unknown = try cli.run(["job", "run", "--experiment", "e", "--trial", "t", "--", "strata-no-such-tool"])
        #expect(unknown.code == 1 && unknown.stderr.contains("cannot start strata-no-such-tool: no such command"), "\(unknown.stderr)")
        let notAJob = try cli.run(["job", "stop", "nothing-here"])
        #expect(notAJob.code == 1, "\(notAJob.stderr)")
    }
}
