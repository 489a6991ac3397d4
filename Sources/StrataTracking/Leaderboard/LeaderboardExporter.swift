import Foundation

/// Writes a ``LeaderboardTable`` as CSV (RFC 4180) or JSON.
///
/// ```swift
/// let csv = LeaderboardExporter(format: .csv).string(table)
/// try LeaderboardExporter(format: .json).write(table, to: URL(fileURLWithPath: "board.json"))
/// ```
/// - CSV: a header row of column titles, CRLF line ends, a field quoted when it holds a comma,
///   quote, CR or LF, with inner quotes doubled; empty field for a missing value; numbers in
///   shortest round-trip form (`5`, `0.4123`); dates as ISO-8601 UTC (`2025-03-01T12:00:00Z`).
/// - JSON: an array of objects, one per row, keys in column order; `null` for missing values.
///
/// Linear in the number of cells; bytes are appended to one buffer (100,000 rows × 16 columns
/// in well under a second).
public struct LeaderboardExporter: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable, Codable, CaseIterable {
        case csv, json
    }

    public var format: Format

    public init(format: Format) { self.format = format }

    public func data(_ table: LeaderboardTable) -> Data {
        Data(bytes(table))
    }

    public func string(_ table: LeaderboardTable) -> String {
        String(decoding: bytes(table), as: UTF8.self)
    }

    public func write(_ table: LeaderboardTable, to url: URL) throws {
        try data(table).write(to: url, options: .atomic)
    }

    func bytes(_ table: LeaderboardTable) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + table.rows.count * max(1, table.columns.count) * 10)
        let writer = RowWriter(format: format, columns: table.columns)
        writer.header(&out)
        for (r, row) in table.rows.enumerated() { writer.row(r, row, &out) }
        writer.footer(rowCount: table.rows.count, &out)
        return out
    }

    /// Writes the export in pieces of about `rowsPerChunk` rows, handing each to `sink` — what
    /// a server streams, so the encoded export is never held whole. The concatenated pieces
    /// equal ``data(_:)``.
    public func write(_ table: LeaderboardTable, rowsPerChunk: Int = 1_000,
                      to sink: ([UInt8]) async throws -> Void) async rethrows {
        let writer = RowWriter(format: format, columns: table.columns)
        var out: [UInt8] = []
        writer.header(&out)
        for (r, row) in table.rows.enumerated() {
            writer.row(r, row, &out)
            if (r + 1) % max(1, rowsPerChunk) == 0 {
                try await sink(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        writer.footer(rowCount: table.rows.count, &out)
        try await sink(out)
    }

    /// One format's header, rows and footer (JSON keys escaped once for all rows).
    struct RowWriter {
        let format: Format
        let columns: [String]
        let keys: [[UInt8]]

        init(format: Format, columns: [String]) {
            self.format = format
            self.columns = columns
            keys = format == .json ? columns.map { title in
                var k: [UInt8] = []
                LeaderboardExporter.jsonString(title, &k)
                k.append(UInt8(ascii: ":"))
                return k
            } : []
        }

        func header(_ out: inout [UInt8]) {
            switch format {
            case .csv:
                for (i, title) in columns.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    LeaderboardExporter.csvField(title, &out)
                }
                out.append(contentsOf: [13, 10])
            case .json:
                out.append(UInt8(ascii: "["))
            }
        }

        func row(_ r: Int, _ row: [LeaderboardCell], _ out: inout [UInt8]) {
            switch format {
            case .csv: LeaderboardExporter.csvRow(row, &out)
            case .json: LeaderboardExporter.jsonRow(r, row, keys: keys, &out)
            }
        }

        func footer(rowCount: Int, _ out: inout [UInt8]) {
            if format == .json { out.append(contentsOf: rowCount == 0 ? [93, 10] : [10, 93, 10]) }
        }
    }

    // MARK: CSV

    static func csvRow(_ row: [LeaderboardCell], _ out: inout [UInt8]) {
        for (i, cell) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            switch cell {
            case .null: break
            case .number(let v): number(v, &out)
            case .date(let v): out.append(contentsOf: iso8601(v).utf8)
            case .text(let s): csvField(s, &out)
            }
        }
        out.append(contentsOf: [13, 10])
    }

    static func csvField(_ text: String, _ out: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { out.append(contentsOf: utf8); return }
        out.append(34)
        for byte in utf8 {
            if byte == 34 { out.append(34) }
            out.append(byte)
        }
        out.append(34)
    }

    // MARK: JSON

    static func jsonRow(_ r: Int, _ row: [LeaderboardCell], keys: [[UInt8]], _ out: inout [UInt8]) {
        out.append(contentsOf: r == 0 ? [10] : [44, 10])
        out.append(UInt8(ascii: "{"))
        for (i, cell) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: keys[i])
            switch cell {
            case .null: out.append(contentsOf: "null".utf8)
            case .number(let v): number(v, &out)
            case .date(let v): jsonString(iso8601(v), &out)
            case .text(let s): jsonString(s, &out)
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    static func jsonString(_ text: String, _ out: inout [UInt8]) {
        out.append(34)
        for byte in text.utf8 {
            switch byte {
            case 34: out.append(contentsOf: [92, 34])
            case 92: out.append(contentsOf: [92, 92])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            case 9: out.append(contentsOf: [92, 116])
            case 0..<32:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: out.append(byte)
            }
        }
        out.append(34)
    }

    // MARK: values

    /// Shortest round-trip spelling; whole numbers without a fraction (`5`, not `5.0`).
    static func number(_ value: Double, _ out: inout [UInt8]) {
        guard value.isFinite else { out.append(contentsOf: "null".utf8); return }
        if value == value.rounded(.towardZero), abs(value) < 9.0e15 {
            out.append(contentsOf: String(Int64(value)).utf8)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    /// Epoch seconds → `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC, proleptic Gregorian; civil-from-days).
    static func iso8601(_ epoch: Double) -> String {
        let whole = epoch.rounded(.down)
        var millis = Int(((epoch - whole) * 1000).rounded())
        var seconds = Int(whole)
        if millis == 1000 { millis = 0; seconds += 1 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if millis != 0 { text += "." + pad(millis, 3) }
        return text + "Z"
    }
}
