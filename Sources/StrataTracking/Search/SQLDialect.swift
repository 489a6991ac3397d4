/// The SQL flavour a search or leaderboard is compiled for.
///
/// Differences handled: placeholders (`?` vs `$1, $2, …`), substring search (`instr` vs
/// `strpos`), `LIMIT`-less `OFFSET` (SQLite needs `LIMIT -1`).
public enum SQLDialect: String, Sendable, Hashable, Codable, CaseIterable {
    case sqlite
    case postgresql
}
