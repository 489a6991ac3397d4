import Foundation

/// A recorded CSV artifact whose first column is the customer id (`embedding.csv`,
/// `labels.csv`): its lines are located once, then single rows are read on demand, so a
/// report over a million customers parses only the rows it samples.
///
/// Memory: the file's bytes plus one offset per row. Quoted ids (`"a,b"`) are understood.
struct ReportCSV {
    let data: Data
    let component: String
    let artifact: String
    let header: [String]
    /// Offsets of the first byte of each data row, plus one past the end as a sentinel.
    private let starts: [Int]

    init(_ data: Data, component: String, artifact: String) throws(ReportError) {
        self.data = data; self.component = component; self.artifact = artifact
        var starts: [Int] = [0]
        data.withUnsafeBytes { raw in
            for (offset, byte) in raw.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        }
        if starts.last != data.count { starts.append(data.count + 1) }   // no final newline
        guard starts.count >= 2 else {
            throw ReportError.badArtifact(component: component, artifact: artifact, line: 1, reason: "the file is empty; expected a header line")
        }
        self.starts = starts
        // The header is line 1; data rows are lines 2….
        header = Self.split(Self.text(data, starts[0], starts[1] - 1))
        for row in 0..<(starts.count - 2) where isBlank(row) {
            throw ReportError.badArtifact(component: component, artifact: artifact, line: row + 2, reason: "empty line")
        }
    }

    /// Data rows (lines after the header).
    var rowCount: Int { starts.count - 2 }

    /// The fields of data row `row` (0-based; file line `row + 2`).
    func fields(_ row: Int) -> [String] { Self.split(line(row)) }

    /// The last field of data row `row` as an integer, read straight from the bytes: a million
    /// labels without a string per row.
    func lastInteger(_ row: Int) throws(ReportError) -> Int {
        let lower = starts[row + 1], upper = lineEnd(row)
        let value: Int? = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> Int? in
            var i = upper - 1
            var magnitude = 0, digits = 0
            var scale = 1
            while i >= lower, raw[i] >= 0x30, raw[i] <= 0x39, digits < 18 {
                magnitude += Int(raw[i] - 0x30) * scale
                scale *= 10; digits += 1; i -= 1
            }
            guard digits > 0 else { return nil }
            var negative = false
            if i >= lower, raw[i] == 0x2D { negative = true; i -= 1 }
            guard i >= lower, raw[i] == 0x2C else { return nil }
            return negative ? -magnitude : magnitude
        }
        guard let value else {
            throw ReportError.badArtifact(component: component, artifact: artifact, line: row + 2,
                                          reason: "the last field \"\(Self.split(line(row)).last ?? "")\" is not an integer")
        }
        return value
    }

    private func isBlank(_ row: Int) -> Bool { lineEnd(row) <= starts[row + 1] }

    /// One past the last byte of row `row`, before its `\n` or `\r\n`.
    private func lineEnd(_ row: Int) -> Int {
        var end = min(starts[row + 2] - 1, data.count)
        if end > starts[row + 1], data[data.startIndex + end - 1] == 0x0D { end -= 1 }
        return end
    }

    private func line(_ row: Int) -> String { Self.text(data, starts[row + 1], lineEnd(row)) }

    private static func text(_ data: Data, _ lower: Int, _ upper: Int) -> String {
        var end = min(upper, data.count)
        if end > lower, data[data.startIndex + end - 1] == 0x0D { end -= 1 }
        guard end > lower else { return "" }
        return String(decoding: data[(data.startIndex + lower)..<(data.startIndex + end)], as: UTF8.self)
    }

    /// Splits one CSV line on commas outside double quotes; `""` inside quotes is a quote.
    static func split(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false, afterQuote = false
        for character in line {
            if quoted {
                if character == "\"" { quoted = false; afterQuote = true } else { field.append(character) }
            } else if character == "\"" {
                if afterQuote { field.append("\"") }
                quoted = true; afterQuote = false
            } else if character == "," {
                fields.append(field); field = ""; afterQuote = false
            } else {
                field.append(character); afterQuote = false
            }
        }
        fields.append(field)
        return fields
    }
}
