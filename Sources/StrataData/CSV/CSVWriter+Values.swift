import Foundation
import StrataCore

extension CSVWriter {
    /// Writes `(id, label, value columns…)` rows — labels with per-row numbers such as membership
    /// probabilities; without ids the id is the 0-based row number.
    ///
    /// ```swift
    /// try CSVWriter().writeLabels(labels, values: probabilities, valueColumns: ["p0", "p1"], ids: ids, to: url)
    /// ```
    public func writeLabels(_ labels: [Int], values: Matrix, valueColumns: [String], ids: [String]? = nil, to url: URL,
                            idColumn: String = "id", labelColumn: String = "label") throws(DataError) {
        guard values.rows == labels.count, values.columns == valueColumns.count else {
            throw .invalidArgument("\(values.rows) × \(values.columns) values for \(labels.count) labels and \(valueColumns.count) value columns")
        }
        if let ids, ids.count != labels.count {
            throw .invalidArgument("\(ids.count) ids for \(labels.count) labels")
        }
        let d = try delimiterByte()
        let columns = values.columns
        try writeRows(count: labels.count, header: [idColumn, labelColumn] + valueColumns, to: url) { range, out in
            values.storage.withUnsafeBufferPointer { storage in
                for r in range {
                    if let ids { CSVFormat.appendText(ids[r], delimiter: d, to: &out) } else { CSVFormat.appendInteger(r, to: &out) }
                    out.append(d)
                    CSVFormat.appendInteger(labels[r], to: &out)
                    let row = storage.baseAddress! + r * columns
                    for c in 0..<columns {
                        out.append(d)
                        if !row[c].isNaN { CSVFormat.appendFloat(row[c], to: &out) }
                    }
                    out.append(0x0A)
                }
            }
        }
    }
}
