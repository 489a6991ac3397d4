import Foundation

/// An `id,label` file as `strata cluster` writes it, with the labels read as integers.
///
/// Labels are parsed from their text as `Int`, never through a float: `16777217` and `16777216`
/// stay distinct, and `1.5` or `9.3e18` are refused with the file, line and column rather than
/// rounded or trapped on. The `id` column is optional; other columns are ignored.
struct LabelsFile {
    let path: String
    let ids: [String]?
    let labels: [Int]

    init(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw UserError("no such file: \(path)") }
        self.path = path
        var records = CSVLines(bytes: [UInt8](data), path: path)
        guard let header = try records.next() else { throw UserError("\(path) is empty: expected a header with a 'label' column") }
        guard let labelColumn = header.fields.firstIndex(of: "label") else {
            throw UserError("\(path) line 1: no 'label' column in the header (\(header.fields.joined(separator: ",")))")
        }
        let idColumn = header.fields.firstIndex(of: "id")
        var ids: [String] = [], labels: [Int] = []
        while let record = try records.next() {
            guard record.fields.count == header.fields.count else {
                throw UserError("\(path) line \(record.line): \(record.fields.count) fields, the header has \(header.fields.count)")
            }
            if let idColumn { ids.append(record.fields[idColumn]) }
            labels.append(try Self.parseLabel(record.fields[labelColumn], at: "\(path) line \(record.line), column \(labelColumn + 1) ('label')"))
        }
        self.ids = idColumn == nil ? nil : ids
        self.labels = labels
    }

    /// The labels keyed by id; the file must have an `id` column with every id once.
    func labelsByID() throws -> [String: Int] {
        guard let ids else { throw UserError("\(path): no 'id' column in the header; labels are joined to the data by id") }
        var result = [String: Int](minimumCapacity: ids.count)
        for (row, id) in ids.enumerated() where result.updateValue(labels[row], forKey: id) != nil {
            throw UserError("\(path): id '\(id)' appears twice (line \(row + 2))")
        }
        return result
    }

    static func parseLabel(_ text: String, at location: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let value = Int(trimmed) { return value }
        if trimmed.isEmpty { throw UserError("\(location): missing label") }
        let digits = trimmed.drop { $0 == "-" || $0 == "+" }
        if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), trimmed.count - digits.count <= 1 {
            throw UserError("\(location): label \(trimmed) is out of range (\(Int.min)...\(Int.max))")
        }
        throw UserError("\(location): label '\(trimmed)' is not a whole number")
    }

    /// Refuses a pairing of rows that is not one to one, in the same order, with `otherIDs`.
    func checkAligned(rows: Int, ids otherIDs: [String]?, of other: String) throws {
        guard labels.count == rows else {
            throw UserError("\(path) has \(labels.count) labels but \(other) has \(rows) rows")
        }
        if let a = otherIDs, let b = ids, let row = a.indices.first(where: { a[$0] != b[$0] }) {
            throw UserError("\(path) line \(row + 2): id '\(b[row])' does not match '\(a[row])' in \(other)")
        }
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
