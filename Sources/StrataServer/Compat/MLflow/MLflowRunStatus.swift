import StrataTracking

/// MLflow's run statuses on a trial component's status: RUNNING ↔ InProgress, SCHEDULED ↔
/// InProgress with the message "Scheduled", FINISHED ↔ Completed, FAILED ↔ Failed,
/// KILLED ↔ Stopped (Stopping reads as RUNNING: the run has not ended yet).
enum MLflowRunStatus {
    static let names = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"]
    static let scheduledMessage = "Scheduled"

    static func componentStatus(_ name: String, field: String = "status") throws(ServerError) -> TrialComponentStatus {
        switch name.uppercased() {
        case "RUNNING": return .init(.inProgress)
        case "SCHEDULED": return .init(.inProgress, message: scheduledMessage)
        case "FINISHED": return .init(.completed)
        case "FAILED": return .init(.failed)
        case "KILLED": return .init(.stopped)
        default:
            throw MLflowErrors.invalid("Invalid value \"\(name)\" for \(field): expected one of \(names.joined(separator: ", ")).", field: field)
        }
    }

    static func name(of status: TrialComponentStatus) -> String {
        switch status.primary {
        case .inProgress: return status.message == scheduledMessage ? "SCHEDULED" : "RUNNING"
        case .stopping: return "RUNNING"
        case .completed: return "FINISHED"
        case .failed: return "FAILED"
        case .stopped: return "KILLED"
        }
    }
}
