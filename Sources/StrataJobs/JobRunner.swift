import Foundation
import StrataTracking
import Synchronization

/// Runs any command as a tracked job, the way SageMaker runs a training script, on this machine:
/// the job is a trial component (numbered per run, in the given trial) found by its training-job
/// ARN; the child gets `TRAINING_JOB_ARN`, `SAGEMAKER_METRICS_DIRECTORY` and, when given, a
/// SageMaker endpoint and key pair, so `smexperiments`' `Tracker.load()` and `log_metric` work
/// unchanged; the metric files are read as they grow; the output is kept as the `job.log`
/// artifact; the end is recorded as Completed, Failed ("exited with status N") or Stopped.
///
/// ```swift
/// let runner = try await JobRunner.prepare(store: store, configuration: JobConfiguration(
///     experiment: "churn", trial: "xgb", command: ["python", "train.py"]))
/// let outcome = try await runner.run(endpoint: "http://127.0.0.1:8080", credentials: key)
/// ```
///
/// A stop comes from ``stop(reason:)`` (the CLI calls it on SIGINT/SIGTERM) or from the record:
/// ``JobControl/requestStop(component:store:reason:timeout:)`` marks the component Stopping and
/// the runner, which reads its component every ``JobConfiguration/controlInterval``, stops the
/// child (SIGTERM to its process group, SIGKILL after the grace period). Asking through the
/// record works from any shell, machine or server that can reach the store, with no pid files.
///
/// Parameters recorded: `job.command`, `job.working_directory`, `job.host`, and at the end
/// `job.exit_code` and `job.duration_seconds`. Metric points go through a ``Tracker`` (batched,
/// flushed every second). Costs: one store read per control interval, O(bytes appended) per poll.
public final class JobRunner: Sendable {
    public let store: any TrackingStore
    public let configuration: JobConfiguration
    /// The job's component (and the last part of its ARN).
    public let component: String
    public let trainingJobARN: String

    private struct State {
        var child: JobProcess?
        var stopReason: String?
    }
    private let state = Mutex(State())

    private init(store: any TrackingStore, configuration: JobConfiguration, component: String) {
        self.store = store; self.configuration = configuration; self.component = component
        self.trainingJobARN = configuration.trainingJobARN(component: component)
    }

    /// Loads or creates the experiment and trial and creates the job's component (InProgress,
    /// its ARN as source job), so a server can answer the child's lookup before it starts.
    public static func prepare(store: any TrackingStore, configuration: JobConfiguration) async throws -> JobRunner {
        guard !configuration.command.isEmpty else { throw JobError.emptyCommand }
        _ = try await store.loadOrCreateExperiment(configuration.experiment)
        _ = try await store.loadOrCreateTrial(configuration.trial, experiment: configuration.experiment)
        let base = configuration.componentName ?? "\(configuration.trial)-job"
        let created = try await store.createNumberedComponent(base, sourceJobForName: { configuration.trainingJobARN(component: $0) })
        try await store.associate(component: created.name, trial: configuration.trial)
        return JobRunner(store: store, configuration: configuration, component: created.name)
    }

    /// Asks the job to stop (safe from any thread, any number of times; the first reason is kept).
    public func stop(reason: String) {
        let child = state.withLock { state -> JobProcess? in
            if state.stopReason == nil { state.stopReason = reason }
            return state.child
        }
        child?.stop(gracePeriod: configuration.gracePeriod)
    }

    /// Records a job that never started (its server or key could not be set up): Failed with
    /// `message`, so no component is left InProgress.
    public func recordFailureToStart(_ message: String) async throws {
        let now = Date().timeIntervalSince1970
        try await store.apply(TrackingWriteBatch(component: component, statusChange: .init(
            status: TrialComponentStatus(.failed, message: message), startTime: now, endTime: now)))
    }

    /// The variables the child gets on top of ``JobConfiguration/environment``.
    public func jobEnvironment(metricsDirectory: URL, endpoint: String?, credentials: JobCredentials?) -> [String: String] {
        var environment = configuration.environment
        environment["TRAINING_JOB_ARN"] = trainingJobARN
        environment["SAGEMAKER_METRICS_DIRECTORY"] = metricsDirectory.path
        environment["AWS_REGION"] = configuration.region
        environment["AWS_DEFAULT_REGION"] = configuration.region
        environment["STRATA_JOB"] = component
        if let endpoint {
            environment["SAGEMAKER_ENDPOINT"] = endpoint
            environment["AWS_ENDPOINT_URL_SAGEMAKER"] = endpoint
        }
        if let credentials {
            environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
            environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
            // Another profile or session token would make the AWS SDKs sign with other keys.
            for name in ["AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"] {
                environment[name] = nil
            }
        }
        return environment
    }

    /// Runs the child to its end and records it; `onIssue` hears of malformed metric lines.
    public func run(endpoint: String? = nil, credentials: JobCredentials? = nil,
                    onIssue: @escaping @Sendable (MetricFileIssue) -> Void = { _ in }) async throws -> JobOutcome {
        let metricsDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("strata-job-\(component)-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: metricsDirectory, withIntermediateDirectories: true)
        } catch {
            throw JobError.resource("cannot create the metrics directory \(metricsDirectory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: metricsDirectory) }

        let tracker = try await Tracker(store: store, component: component)
        let logName = "job.log"
        let log = try JobLog(file: store.artifactDirectory.appendingPathComponent(component).appendingPathComponent(logName),
                             tee: configuration.teeOutput)
        let logValue = "\(component)/\(logName)"
        let started = Date()
        try await tracker.logParameters(["job.command": .string(configuration.commandLine),
                                         "job.working_directory": .string(configuration.workingDirectory.path),
                                         "job.host": .string(configuration.host)])
        try await tracker.logOutput(logName, Artifact(value: logValue, mediaType: "text/plain"))
        try await tracker.setStatus(TrialComponentStatus(.inProgress), startTime: started)
        try await tracker.flush()

        let child: JobProcess
        do {
            child = try JobProcess.spawn(command: configuration.command,
                                         environment: jobEnvironment(metricsDirectory: metricsDirectory, endpoint: endpoint,
                                                                     credentials: credentials),
                                         workingDirectory: configuration.workingDirectory)
        } catch {
            _ = await log.finish(within: .zero)
            try await tracker.setStatus(TrialComponentStatus(.failed, message: error.description), endTime: Date())
            try await tracker.close()
            throw error
        }
        let stopEarly = state.withLock { state -> Bool in
            state.child = child
            return state.stopReason != nil
        }
        if stopEarly { child.stop(gracePeriod: configuration.gracePeriod) }
        log.capture(child.standardOutput, teeTo: 1)
        log.capture(child.standardError, teeTo: 2)

        let ingestion = MetricIngestion(directory: metricsDirectory, tracker: tracker, onIssue: onIssue)
        let monitor = Task { await watch(child: child, ingestion: ingestion) }
        let exit = await child.exit()
        monitor.cancel()
        await monitor.value
        await ingestion.ingest(final: true)
        let ended = Date()
        let (size, sha256) = await log.finish(within: .seconds(2))

        let stopReason = state.withLock { $0.stopReason }
        let status: TrialComponentStatus
        if let stopReason {
            status = TrialComponentStatus(.stopped, message: stopReason)
        } else if case .exited(0) = exit {
            status = TrialComponentStatus(.completed)
        } else {
            status = TrialComponentStatus(.failed, message: exit.description)
        }
        let duration = ended.timeIntervalSince(started)
        try await tracker.logOutput(logName, Artifact(value: logValue, mediaType: "text/plain", sizeBytes: size, sha256: sha256))
        try await tracker.logParameters(["job.exit_code": .number(Double(exit.shellStatus)),
                                         "job.duration_seconds": .number(duration)])
        try await tracker.setStatus(status, endTime: ended)
        try await tracker.close()
        let (points, issues) = await ingestion.totals
        return JobOutcome(component: component, exit: exit, status: status, durationSeconds: duration,
                          metricPoints: points, issues: issues)
    }

    /// While the child runs: read the metric files every poll interval, and the component's
    /// status every control interval (a requested stop shows as Stopping).
    private func watch(child: JobProcess, ingestion: MetricIngestion) async {
        var sinceControl = Duration.zero
        while !Task.isCancelled && child.finished == nil {
            try? await Task.sleep(for: configuration.pollInterval)
            await ingestion.ingest(final: false)
            sinceControl += configuration.pollInterval
            guard sinceControl >= configuration.controlInterval else { continue }
            sinceControl = .zero
            if let current = try? await store.component(named: component), current.status.primary == .stopping {
                stop(reason: current.status.message.flatMap { $0.isEmpty ? nil : $0 } ?? "stopped on request")
            }
        }
    }
}
