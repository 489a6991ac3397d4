/// What a user of a shared store may do. Ordered: each role can do what the ones before it can.
/// - `viewer`: reads the experiments granted to it, nothing else (a client).
/// - `editor`: reads and writes every experiment.
/// - `admin`: also manages users.
public enum UserRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case viewer
    case editor
    case admin

    public static func < (lhs: UserRole, rhs: UserRole) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
