import StrataTracking

/// How a job ended, as recorded on its component.
///
/// ```swift
/// let outcome = try await runner.run(endpoint: server.url, credentials: key)
/// exit(outcome.exitStatus)   // the child's status, 130 when stopped
/// ```
public struct JobOutcome: Sendable {
    public var component: String
    public var exit: JobProcess.Exit
    /// Completed, Failed ("exited with status 3") or Stopped.
    public var status: TrialComponentStatus
    public var durationSeconds: Double
    /// Metric points read from the metric files and recorded.
    public var metricPoints: Int
    /// Metric-file lines that could not be recorded.
    public var issues: [MetricFileIssue]

    public init(component: String, exit: JobProcess.Exit, status: TrialComponentStatus, durationSeconds: Double,
                metricPoints: Int, issues: [MetricFileIssue]) {
        self.component = component; self.exit = exit; self.status = status; self.durationSeconds = durationSeconds
        self.metricPoints = metricPoints; self.issues = issues
    }

    /// What `strata job run` exits with: the child's status, or 130 (as after Ctrl-C) when stopped.
    public var exitStatus: Int32 {
        status.primary == .stopped ? 130 : exit.shellStatus
    }
}
