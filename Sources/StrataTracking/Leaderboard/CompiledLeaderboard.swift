/// A leaderboard compiled to ONE parameterised SQL query, plus the recipe to turn its result
/// rows into a ``LeaderboardTable``.
///
/// The store runs ``sql`` with ``bindings`` and hands each result row (all ``sqlColumnCount``
/// values, in order, as ``SQLBinding``) to ``cells(_:)``, or all of them to ``table(rows:)``:
/// ```swift
/// let compiled = try LeaderboardSpec(columns: ["params.k", "metrics.silhouette.max"]).compile()
/// let rows: [[SQLBinding]] = /* run compiled.sql */
/// let table = compiled.table(rows: rows)
/// ```
/// The first SQL column is the component (or trial) id, not shown in the table.
public struct CompiledLeaderboard: Sendable, Hashable {
    public var sql: String
    public var bindings: [SQLBinding]
    /// Column titles of the resulting table.
    public var columns: [String]
    /// How many values each SQL result row has.
    public var sqlColumnCount: Int
    var slots: [Slot]

    /// How one table column is read from the SQL row.
    enum Slot: Sendable, Hashable {
        case text, number, date
        /// Two SQL values: number_value, string_value.
        case parameter
        /// A pooled variance; the cell is its square root (the pooled std).
        case variance
    }

    /// The table cells of one SQL result row (which starts with the id).
    public func cells(_ row: [SQLBinding]) -> [LeaderboardCell] {
        var out: [LeaderboardCell] = []
        out.reserveCapacity(slots.count)
        var i = 1
        for slot in slots {
            switch slot {
            case .text, .number:
                out.append(Self.cell(row[i]))
                i += 1
            case .date:
                if let v = Self.double(row[i]) { out.append(.date(v)) } else { out.append(Self.cell(row[i])) }
                i += 1
            case .parameter:
                if let v = Self.double(row[i]) { out.append(.number(v)) } else { out.append(Self.cell(row[i + 1])) }
                i += 2
            case .variance:
                if let v = Self.double(row[i]) { out.append(.number(v > 0 ? v.squareRoot() : 0)) } else { out.append(.null) }
                i += 1
            }
        }
        return out
    }

    /// The whole table from the SQL result rows.
    public func table(rows: [[SQLBinding]]) -> LeaderboardTable {
        LeaderboardTable(columns: columns, rows: rows.map(cells))
    }

    static func double(_ value: SQLBinding) -> Double? {
        switch value {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        default: return nil
        }
    }

    static func cell(_ value: SQLBinding) -> LeaderboardCell {
        switch value {
        case .null: return .null
        case .integer(let v): return .number(Double(v))
        case .real(let v): return .number(v)
        case .text(let s): return .text(s)
        }
    }
}
