/// A ``LeaderboardTable`` on the wire: `{"columns": [...], "rows": [[cell, ...], ...]}`, a cell
/// being `null`, a number, a string, or `{"date": <epoch seconds>}` (the `created` column).
public struct LeaderboardWireTable: Codable, Sendable {
    public var columns: [String]
    public var rows: [[Cell]]

    public struct Cell: Codable, Sendable {
        public var value: LeaderboardCell

        struct DateCell: Codable { var date: Double }

        public init(value: LeaderboardCell) { self.value = value }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { value = .null }
            else if let number = try? container.decode(Double.self) { value = .number(number) }
            else if let text = try? container.decode(String.self) { value = .text(text) }
            else { value = .date(try container.decode(DateCell.self).date) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .null: try container.encodeNil()
            case .number(let number): if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
            case .text(let text): try container.encode(text)
            case .date(let seconds): try container.encode(DateCell(date: seconds))
            }
        }
    }

    public init(_ table: LeaderboardTable) {
        columns = table.columns
        rows = table.rows.map { $0.map { Cell(value: $0) } }
    }

    public var table: LeaderboardTable { LeaderboardTable(columns: columns, rows: rows.map { $0.map(\.value) }) }
}
