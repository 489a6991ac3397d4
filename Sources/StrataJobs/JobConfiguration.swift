import Foundation

/// What `strata job run` runs and where it records it.
///
/// ```swift
/// var configuration = JobConfiguration(experiment: "churn", trial: "xgb-depth-6", command: ["python", "train.py"])
/// configuration.gracePeriod = .seconds(30)
/// ```
public struct JobConfiguration: Sendable {
    public var experiment: String
    public var trial: String
    /// The component's name, numbered per run (`name`, `name-2`, …); default `<trial>-job`.
    public var componentName: String?
    /// The program (looked up on `PATH`) and its arguments.
    public var command: [String]
    public var workingDirectory: URL
    /// The child's environment before the job's own variables are added.
    public var environment: [String: String]
    /// Region and 12-digit account in the job's ARN and the child's `AWS_REGION`.
    public var region: String
    public var account: String
    /// How long a stopped child has between SIGTERM and SIGKILL.
    public var gracePeriod: Duration
    /// How often the metric files are read while the child runs.
    public var pollInterval: Duration
    /// How often the runner reads its component to see whether a stop was requested.
    public var controlInterval: Duration
    /// Copy the child's output to this process's standard output and error too.
    public var teeOutput: Bool
    /// Recorded as the `job.host` parameter (where the job ran).
    public var host: String

    public init(experiment: String, trial: String, componentName: String? = nil, command: [String],
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                environment: [String: String] = ProcessInfo.processInfo.environment,
                region: String = "us-east-1", account: String = "000000000000",
                gracePeriod: Duration = .seconds(10), pollInterval: Duration = .milliseconds(500),
                controlInterval: Duration = .seconds(1), teeOutput: Bool = true,
                host: String = ProcessInfo.processInfo.hostName) {
        self.experiment = experiment; self.trial = trial; self.componentName = componentName; self.command = command
        self.workingDirectory = workingDirectory; self.environment = environment; self.region = region; self.account = account
        self.gracePeriod = gracePeriod; self.pollInterval = pollInterval; self.controlInterval = controlInterval
        self.teeOutput = teeOutput; self.host = host
    }

    /// The SageMaker training-job ARN a job's component is found by (its `sourceJob`).
    public func trainingJobARN(component: String) -> String {
        "arn:aws:sagemaker:\(region):\(account):training-job/\(component)"
    }

    /// The command as one line a shell would accept (arguments quoted where needed).
    public var commandLine: String {
        command.map { argument in
            let plain = !argument.isEmpty && argument.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "-_./=:,+@%".unicodeScalars.contains($0)
            }
            return plain ? argument : "'" + argument.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }.joined(separator: " ")
    }
}
