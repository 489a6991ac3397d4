/// Why a job could not be started, controlled or recorded. Each message says what to change.
///
/// ```swift
/// do { _ = try JobProcess.spawn(command: ["no-such-tool"], environment: [:], workingDirectory: dir) }
/// catch let error as JobError { print(error) }   // "cannot start no-such-tool: no such command…"
/// ```
public enum JobError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `strata job run` was given no command after `--`.
    case emptyCommand
    /// The command could not be started (not found, not executable, bad working directory).
    case cannotStart(command: String, reason: String)
    /// A pipe, directory or file the job needs could not be made.
    case resource(String)
    /// `strata job stop` named a component that is not a running job.
    case notRunning(component: String, status: String)

    public var description: String {
        switch self {
        case .emptyCommand:
            return "give the command to run after --, e.g. strata job run --experiment E --trial T -- python train.py"
        case .cannotStart(let command, let reason):
            return "cannot start \(command): \(reason)"
        case .resource(let message):
            return message
        case .notRunning(let component, let status):
            return "job \(component) is not running (its status is \(status)); only an InProgress job can be stopped"
        }
    }
}
