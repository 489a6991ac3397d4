/// Where a trial component stands, as SageMaker's `TrialComponentStatus`: a primary status and an
/// optional message (for `failed`, the error that ended the run).
///
/// ```swift
/// let status = TrialComponentStatus(.failed, message: "Epsilon must be positive")
/// status.primary.rawValue   // "Failed" (the value stored in `trial_components.status`)
/// ```
public struct TrialComponentStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Primary: String, Sendable, Hashable, Codable, CaseIterable {
        case inProgress = "InProgress"
        case completed = "Completed"
        case failed = "Failed"
        case stopping = "Stopping"
        case stopped = "Stopped"
    }

    public var primary: Primary
    public var message: String?

    public init(_ primary: Primary, message: String? = nil) {
        self.primary = primary
        self.message = message
    }

    public var description: String {
        if let message, !message.isEmpty { return "\(primary.rawValue): \(message)" }
        return primary.rawValue
    }
}
