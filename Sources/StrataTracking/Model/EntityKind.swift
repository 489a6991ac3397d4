/// The three kinds of record, as stored in the `tags.entity_kind` column.
///
/// ```swift
/// try TrackingLimits.validateName("kmeans-k4", kind: .component)
/// ```
public enum EntityKind: String, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    case experiment
    case trial
    case component

    public var description: String {
        switch self {
        case .experiment: "experiment"
        case .trial: "trial"
        case .component: "trial component"
        }
    }
}
