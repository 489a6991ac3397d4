/// The result of a leaderboard query: column titles (key spellings such as `name`,
/// `params.k`, `metrics.silhouette.max`) and rows of cells in the requested order.
///
/// ```swift
/// let table = compiled.table(rows: rawRows)
/// print(table.columns)                  // ["name", "params.k", "metrics.silhouette.max"]
/// let csv = LeaderboardExporter(format: .csv).string(table)
/// ```
public struct LeaderboardTable: Sendable, Hashable, Codable {
    public var columns: [String]
    public var rows: [[LeaderboardCell]]

    public init(columns: [String], rows: [[LeaderboardCell]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The cells of the column titled `title`, top to bottom (nil if there is no such column).
    public func column(_ title: String) -> [LeaderboardCell]? {
        guard let index = columns.firstIndex(of: title) else { return nil }
        return rows.map { $0[index] }
    }
}
