/// A value bound to a `?` / `$n` placeholder of a compiled query — never spliced into SQL text.
///
/// Also used for result values handed back to ``CompiledLeaderboard/table(rows:)``; the store
/// maps its driver's values (GRDB `DatabaseValue`, PostgresNIO `PostgresData`) to these four.
public enum SQLBinding: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
}
