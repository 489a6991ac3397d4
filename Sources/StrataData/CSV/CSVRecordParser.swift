/// The per-field plan derived from the header: what to do with field `i` of every record.
struct CSVLayout: Sendable {
    static let skip: Int32 = -1
    static let id: Int32 = -2

    let file: String
    let headerNames: [String]
    /// Per field: a feature output column (≥ 0), ``skip`` or ``id``.
    let roles: [Int32]
    let featureCount: Int
    let delimiter: UInt8
    let failOnMissing: Bool
}

/// What went wrong in a record, by byte offset in the current buffer (turned into a line later).
enum CSVParseFailure: Sendable {
    case ragged(recordStart: Int, found: Int)
    case notNumeric(recordStart: Int, field: Int, value: String)
    case missing(recordStart: Int, field: Int)
    case malformedQuote(recordStart: Int, field: Int)
}

/// The hot loop: RFC 4180 records straight from bytes into `Float` rows.
enum CSVRecordParser {
    static let quote: UInt8 = 0x22
    static let newline: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// Parses the records that start in `[start, stopAt)` into `out`; the last one may run on
    /// to `limit` (the end of the bytes held). `base` must stay readable for
    /// ``NumberParser/shortReadAhead`` bytes past `limit`.
    ///
    /// When `final` is false, a record that reaches `limit` without its newline is left for the
    /// next buffer and `out.consumed` points at its first byte (so `consumed < stopAt` with no
    /// failure means "incomplete"). Parsing stops at the first failure.
    static func parse(_ base: UnsafePointer<UInt8>, start: Int, stopAt: Int, limit: Int, final: Bool,
                      layout: CSVLayout, into out: CSVPartialOutput) {
        let fieldCount = layout.roles.count
        let width = layout.featureCount
        let delimiter = layout.delimiter
        let failOnMissing = layout.failOnMissing
        // A delimiter that can occur inside a number would be swallowed by the number scan.
        let fastNumbers = !(delimiter >= 0x30 && delimiter <= 0x39) && delimiter != 0x2B && delimiter != 0x2D
            && delimiter != 0x2E && delimiter | 0x20 != 0x65
        // Every field a feature, in file order (no id, nothing skipped): the simplest loop.
        let dense = layout.roles.elementsEqual(0..<Int32(fieldCount))
        // The vector kernel first where the CPU runs it; a record it declines takes the Swift paths.
        let vector = fastNumbers && CSVSeparatorIndex.vectorRecords
        var pos = start
        out.consumed = start
        layout.roles.withUnsafeBufferPointer { roles in
            records: while pos < stopAt {
                let recordStart = pos
                // Blank lines are skipped, as pandas does.
                if base[pos] == newline { pos &+= 1; out.consumed = pos; out.lineEnds &+= 1; continue }
                if base[pos] == carriageReturn {
                    if pos &+ 1 >= limit {
                        if final { pos &+= 1; out.consumed = pos }
                        break records
                    }
                    if base[pos &+ 1] == newline { pos &+= 2; out.consumed = pos; out.lineEnds &+= 1; continue }
                }
                let countBefore = out.count
                let row = out.appendRow(width)
                // Whole records of short numbers (and unquoted ids and text) take one call.
                if fastNumbers {
                    out.index.cover(base, pos, limit, delimiter: delimiter)
                    var next = -1
                    if vector {
                        next = out.index.parseRecord(base, pos, delimiter: delimiter, roles: dense ? nil : roles.baseAddress,
                                                     fieldCount: fieldCount, row: row, out: out)
                    }
                    if next < 0 {
                        next = dense
                            ? denseRecord(base, pos, delimiter: delimiter, fieldCount: fieldCount, row: row, index: out.index)
                            : numericRecord(base, pos, delimiter: delimiter, roles: roles, row: row, index: out.index, out: out)
                    }
                    if next >= 0 {
                        out.rowCount &+= 1
                        out.lineEnds &+= 1
                        pos = next
                        out.consumed = pos
                        continue
                    }
                }
                // Line ends inside this record (quoted fields may hold some) plus its own.
                var recordLines = 0
                var field = 0
                var p = pos
                while true {
                    // Fast path: an unquoted number followed by a delimiter or line end, parsed in
                    // one pass; anything else (spaces, markers, quotes, errors) takes the full path.
                    if fastNumbers && field < fieldCount && roles[field] >= 0 && p < limit && base[p] != quote {
                        let (cell, stop) = NumberParser.scan(base, p, limit)
                        if stop < limit, case .number(let v) = cell {
                            let b = base[stop]
                            var next = -1
                            if b == delimiter || b == newline {
                                next = stop &+ 1
                            } else if b == carriageReturn && stop &+ 1 < limit && base[stop &+ 1] == newline {
                                next = stop &+ 2
                            }
                            if next >= 0 {
                                row[Int(roles[field])] = v
                                p = next
                                field &+= 1
                                if b == delimiter { continue }
                                recordLines &+= 1
                                break
                            }
                        }
                    }
                    var fieldStart = p
                    var fieldEnd: Int
                    var quoted = false
                    var escaped = false
                    if p < limit && base[p] == quote {
                        quoted = true
                        p &+= 1
                        fieldStart = p
                        while true {
                            if p >= limit {
                                if final {
                                    out.failure = .malformedQuote(recordStart: recordStart, field: field)
                                }
                                out.count = countBefore
                                break records
                            }
                            if base[p] == quote {
                                if p &+ 1 < limit && base[p &+ 1] == quote { escaped = true; p &+= 2; continue }
                                if p &+ 1 >= limit && !final {
                                    out.count = countBefore
                                    break records
                                }
                                break
                            }
                            p &+= 1
                        }
                        fieldEnd = p
                        p &+= 1
                        recordLines &+= CSVBlockStream.countNewlines(base, fieldStart, fieldEnd)
                    } else {
                        while p < limit {
                            let b = base[p]
                            if b == delimiter || b == newline { break }
                            p &+= 1
                        }
                        fieldEnd = p
                    }
                    var endOfRecord = false
                    if p >= limit {
                        if !final {
                            out.count = countBefore
                            break records
                        }
                        endOfRecord = true
                    } else {
                        let b = base[p]
                        if b == delimiter {
                            p &+= 1
                        } else if b == newline {
                            endOfRecord = true
                            recordLines &+= 1
                            p &+= 1
                        } else if quoted && b == carriageReturn && p &+ 1 < limit && base[p &+ 1] == newline {
                            endOfRecord = true
                            recordLines &+= 1
                            p &+= 2
                        } else if quoted && b == carriageReturn && p &+ 1 >= limit && !final {
                            out.count = countBefore
                            break records
                        } else if quoted && b == carriageReturn && p &+ 1 >= limit {
                            endOfRecord = true
                            p &+= 1
                        } else {
                            out.failure = .malformedQuote(recordStart: recordStart, field: field)
                            out.count = countBefore
                            break records
                        }
                    }
                    if !quoted && endOfRecord && fieldEnd > fieldStart && base[fieldEnd &- 1] == carriageReturn {
                        fieldEnd &-= 1
                    }
                    if field < fieldCount {
                        let role = roles[field]
                        if role >= 0 {
                            switch escaped ? .invalid : NumberParser.parse(base, fieldStart, fieldEnd) {
                            case .number(let v):
                                row[Int(role)] = v
                            case .missing:
                                if failOnMissing {
                                    out.failure = .missing(recordStart: recordStart, field: field)
                                    out.count = countBefore
                                    break records
                                }
                                row[Int(role)] = .nan
                            case .invalid:
                                let text = fieldText(base, fieldStart, fieldEnd, escaped: escaped)
                                out.failure = .notNumeric(recordStart: recordStart, field: field, value: text)
                                out.count = countBefore
                                break records
                            }
                        } else if role == CSVLayout.id {
                            out.setID(fieldStart, escaped ? ~fieldEnd : fieldEnd)
                        }
                    }
                    field &+= 1
                    if endOfRecord { break }
                }
                if field != fieldCount {
                    out.failure = .ragged(recordStart: recordStart, found: field)
                    out.count = countBefore
                    break records
                }
                out.rowCount &+= 1
                out.lineEnds &+= recordLines
                pos = p
                out.consumed = pos
            }
        }
    }

    /// The text of a field; `""` inside a quoted field becomes one quote.
    static func fieldText(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, escaped: Bool) -> String {
        let bytes = UnsafeBufferPointer(start: base + start, count: end - start)
        guard escaped else { return String(decoding: bytes, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            out.append(bytes[i])
            i += (bytes[i] == quote && i + 1 < bytes.count && bytes[i + 1] == quote) ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Splits one record into field texts (slow; for the header). Returns nil when incomplete.
    static func splitRecord(_ base: UnsafePointer<UInt8>, start: Int, limit: Int, final: Bool,
                            delimiter: UInt8) -> (fields: [String], next: Int, malformed: Bool)? {
        var fields = [String]()
        var p = start
        while true {
            var fieldStart = p
            var fieldEnd: Int
            var quoted = false
            var escaped = false
            if p < limit && base[p] == quote {
                quoted = true
                p += 1
                fieldStart = p
                while true {
                    if p >= limit { return final ? (fields, p, true) : nil }
                    if base[p] == quote {
                        if p + 1 < limit && base[p + 1] == quote { escaped = true; p += 2; continue }
                        break
                    }
                    p += 1
                }
                fieldEnd = p
                p += 1
            } else {
                while p < limit && base[p] != delimiter && base[p] != newline { p += 1 }
                fieldEnd = p
            }
            if p >= limit && !final { return nil }
            var end = p >= limit
            if !end {
                if base[p] == delimiter { p += 1 }
                else if base[p] == newline { end = true; p += 1 }
                else if quoted && base[p] == carriageReturn && (p + 1 >= limit || base[p + 1] == newline) {
                    end = true; p += (p + 1 < limit ? 2 : 1)
                } else { return (fields, p, true) }
            }
            if !quoted && end && fieldEnd > fieldStart && base[fieldEnd - 1] == carriageReturn { fieldEnd -= 1 }
            fields.append(fieldText(base, fieldStart, fieldEnd, escaped: escaped))
            if end { return (fields, p, false) }
        }
    }
}
