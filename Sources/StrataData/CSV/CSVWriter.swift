import Foundation
import StrataCore

/// Writes feature tables, matrices and label columns as CSV, formatting blocks of rows on all cores.
///
/// Numbers are written in the shortest form that reads back to the same `Float` (integers without
/// a decimal point); text fields are quoted per RFC 4180 when needed. Lines end with `\n`.
///
/// ```swift
/// try CSVWriter().write(table, to: URL(fileURLWithPath: "scaled.csv"))
/// try CSVWriter().writeLabels(model.labels, ids: table.ids, to: URL(fileURLWithPath: "labels.csv"))
/// ```
///
/// Complexity: O(cells); memory: one block of formatted rows per core.
public struct CSVWriter: Sendable, Hashable {
    /// The field separator (one ASCII character).
    public var delimiter: Character
    /// Rows formatted per block.
    public var blockRows: Int

    public init(delimiter: Character = ",", blockRows: Int = 32_768) {
        self.delimiter = delimiter
        self.blockRows = blockRows
    }

    /// Writes a table: the id column first (when the table has ids), then its feature columns.
    public func write(_ table: FeatureTable, to url: URL, idColumn: String = "id") throws(DataError) {
        try write(table.matrix, columnNames: table.columnNames, ids: table.ids, idColumn: idColumn, to: url)
    }

    /// Writes a matrix under the given header; with `ids`, an id column comes first.
    public func write(_ matrix: Matrix, columnNames: [String], ids: [String]? = nil,
                      idColumn: String = "id", to url: URL) throws(DataError) {
        guard columnNames.count == matrix.columns else {
            throw .invalidArgument("\(columnNames.count) column names for a matrix with \(matrix.columns) columns")
        }
        if let ids, ids.count != matrix.rows {
            throw .invalidArgument("\(ids.count) ids for a matrix with \(matrix.rows) rows")
        }
        let d = try delimiterByte()
        let columns = matrix.columns
        try writeRows(count: matrix.rows, header: (ids == nil ? [] : [idColumn]) + columnNames, to: url) { range, out in
            matrix.storage.withUnsafeBufferPointer { storage in
                for r in range {
                    if let ids { CSVFormat.appendText(ids[r], delimiter: d, to: &out); out.append(d) }
                    let row = storage.baseAddress! + r * columns
                    for c in 0..<columns {
                        if c > 0 { out.append(d) }
                        let v = row[c]
                        if v.isNaN { continue }   // an empty cell reads back as missing
                        CSVFormat.appendFloat(v, to: &out)
                    }
                    out.append(0x0A)
                }
            }
        }
    }

    /// Writes `(id, label)` rows; without ids the id is the 0-based row number.
    public func writeLabels(_ labels: [Int], ids: [String]? = nil, to url: URL,
                            idColumn: String = "id", labelColumn: String = "label") throws(DataError) {
        if let ids, ids.count != labels.count {
            throw .invalidArgument("\(ids.count) ids for \(labels.count) labels")
        }
        let d = try delimiterByte()
        try writeRows(count: labels.count, header: [idColumn, labelColumn], to: url) { range, out in
            for r in range {
                if let ids { CSVFormat.appendText(ids[r], delimiter: d, to: &out) } else { CSVFormat.appendInteger(r, to: &out) }
                out.append(d)
                CSVFormat.appendInteger(labels[r], to: &out)
                out.append(0x0A)
            }
        }
    }

    func delimiterByte() throws(DataError) -> UInt8 {
        guard let ascii = delimiter.asciiValue, ascii != 0x22, ascii != 0x0A, ascii != 0x0D else {
            throw .invalidArgument("the CSV delimiter must be one ASCII character other than a quote or line end, got '\(delimiter)'")
        }
        return ascii
    }

    /// The header, then blocks of rows formatted concurrently and written in order.
    func writeRows(count: Int, header: [String], to url: URL,
                   format: @escaping @Sendable (Range<Int>, inout [UInt8]) -> Void) throws(DataError) {
        let d = try delimiterByte()
        let output = try FileOutput(path: url.path)
        var head = [UInt8]()
        for (i, name) in header.enumerated() {
            if i > 0 { head.append(d) }
            CSVFormat.appendText(name, delimiter: d, to: &head)
        }
        head.append(0x0A)
        try output.write(head)
        let block = Swift.max(1, blockRows)
        let lanes = Parallel.threadCount
        var start = 0
        while start < count {
            let end = Swift.min(count, start + block * lanes)
            let slices = stride(from: start, to: end, by: block).map { $0..<Swift.min(end, $0 + block) }
            let formatted = ResultSlots<[UInt8]>(count: slices.count)
            Parallel.perform(iterations: slices.count) { i in
                var out = [UInt8]()
                out.reserveCapacity(slices[i].count * 64)
                format(slices[i], &out)
                formatted[i] = out
            }
            for bytes in formatted.values() { try output.write(bytes) }
            start = end
        }
    }
}
