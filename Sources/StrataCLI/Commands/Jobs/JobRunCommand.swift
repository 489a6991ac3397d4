import ArgumentParser
import Foundation
import StrataJobs
import StrataTracking

/// `strata job run --experiment churn --trial xgb -- python train.py`: the script runs as a
/// SageMaker-style training job whose component, metrics, log and end land in the store.
struct JobRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a command as a tracked job (everything after -- is the command).",
        discussion: """
        The job gets a new component in the trial (<trial>-job, then -2, -3, … or --name), recorded InProgress with \
        the command line, working directory and host. The command runs with TRAINING_JOB_ARN, \
        SAGEMAKER_METRICS_DIRECTORY, SAGEMAKER_ENDPOINT (a server on a loopback port, or --server), AWS_REGION and \
        a key pair valid while the job runs, so smexperiments' Tracker.load() and log_metric work as on SageMaker. \
        Metric files are recorded as they grow; the output is shown and kept as the job.log artifact. The job ends \
        Completed (exit 0), Failed ("exited with status N") or Stopped (Ctrl-C, SIGTERM, or `strata job stop`). \
        Exits with the command's status, or 130 when stopped.
        """)

    @Option(help: "Experiment to record in (created if missing).") var experiment: String
    @Option(help: "Trial the job joins (created if missing).") var trial: String
    @Option(help: "Name of the job's component, numbered per run (default: <trial>-job).") var name: String?
    @Option(help: "A running strata server (http://host:port) for the command's SageMaker calls, instead of one started for the job.")
    var server: String?
    @Option(help: "AWS region for the job's ARN and the command (default: $AWS_REGION, else us-east-1).") var region: String?
    @Option(help: "Seconds a stopped command has between SIGTERM and SIGKILL.") var gracePeriod: Double = 10
    @OptionGroup var storeOptions: StoreOptions
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.") var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError(JobError.emptyCommand.description) }
        guard gracePeriod >= 0, gracePeriod.isFinite else { throw ValidationError("--grace-period must be a number of seconds, 0 or more") }
    }

    func run() async throws {
        let store = try storeOptions.openSQLite()
        let environment = ProcessInfo.processInfo.environment
        let configuration = JobConfiguration(
            experiment: experiment, trial: trial, componentName: name, command: command,
            region: region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1",
            gracePeriod: .milliseconds(Int(gracePeriod * 1000)))
        let runner = try await JobRunner.prepare(store: store, configuration: configuration)
        let signals = SignalForwarding(notice: "stopping \(runner.component)…") { runner.stop(reason: "interrupted") }
        defer { signals.cancel() }
        let endpoint: JobEndpoint
        do {
            endpoint = try await JobEndpoint.open(server: server, store: store, runner: runner)
        } catch {
            try? await runner.recordFailureToStart("could not start: \(UserError.classify(error) ?? String(describing: error))")
            throw error
        }
        note("job \(runner.component) started in trial \(trial) (stop it with: strata job stop \(runner.component))")
        let outcome: JobOutcome
        do {
            outcome = try await runner.run(endpoint: endpoint.url, credentials: endpoint.credentials) { issue in
                note("warning: metric file \(issue)")
            }
        } catch {
            await endpoint.close()
            throw error
        }
        await endpoint.close()
        let log = store.artifactDirectory.appendingPathComponent(runner.component).appendingPathComponent("job.log").path
        note("job \(runner.component): \(outcome.status) after \(String(format: "%.1f", outcome.durationSeconds)) s; "
             + "\(outcome.metricPoints) metric points; log: \(log)")
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data("strata: \(line)\n".utf8))
    }
}
