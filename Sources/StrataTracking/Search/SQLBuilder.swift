/// Accumulates SQL text and its bindings; every value goes through ``bind(_:)`` so that nothing
/// user-supplied ever reaches the text.
struct SQLBuilder {
    let dialect: SQLDialect
    private(set) var bindings: [SQLBinding] = []

    init(dialect: SQLDialect) { self.dialect = dialect }

    /// Records `value` and returns its placeholder.
    mutating func bind(_ value: SQLBinding) -> String {
        bindings.append(value)
        switch dialect {
        case .sqlite: return "?"
        case .postgresql: return "$\(bindings.count)"
        }
    }

    mutating func bind(_ text: String) -> String { bind(.text(text)) }
    mutating func bind(_ number: Double) -> String { bind(.real(number)) }

    /// `column` contains `needle` (case-sensitive substring).
    mutating func contains(_ column: String, _ needle: String) -> String {
        let p = bind(needle)
        switch dialect {
        case .sqlite: return "instr(\(column), \(p)) > 0"
        case .postgresql: return "strpos(\(column), \(p)) > 0"
        }
    }

    /// ` LIMIT … OFFSET …` (or nothing).
    mutating func limitClause(limit: Int?, offset: Int?) -> String {
        var out = ""
        if let limit {
            out += " LIMIT " + bind(.integer(Int64(limit)))
        } else if offset != nil, dialect == .sqlite {
            out += " LIMIT -1"
        }
        if let offset, offset > 0 {
            out += " OFFSET " + bind(.integer(Int64(offset)))
        }
        return out
    }
}
