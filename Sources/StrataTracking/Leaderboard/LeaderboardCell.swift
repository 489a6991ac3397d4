/// One value of a leaderboard table.
///
/// `date` holds Unix epoch seconds (the `created` column); exporters write it as ISO-8601 UTC.
public enum LeaderboardCell: Sendable, Hashable, Codable {
    case null
    case number(Double)
    case text(String)
    case date(Double)

    /// The numeric value, if any (numbers and dates).
    public var number: Double? {
        switch self {
        case .number(let v), .date(let v): return v
        default: return nil
        }
    }

    /// The text value, if any.
    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }
}
