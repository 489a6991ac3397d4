extension CSVRecordParser {
    /// The fast path for a whole record: feature fields that are short numbers
    /// (``NumberParser/fieldNumber(_:_:_:)``), id and skipped fields unquoted or quoted without
    /// quotes inside,
    /// separated by `delimiter` and ended by `\n` or `\r\n` before `limit`. Writes the feature
    /// values into `row`, notes where the id lies in `out` and returns the offset after the line
    /// end; -1 when any field needs the general path, which then parses the record again from its
    /// start (and reports any error there).
    ///
    /// Each field's end comes from `index` (a bit scan; the window must cover `start`), so the
    /// number's own parse (digits, point, rounding) is off the chain from field to field and the
    /// processor overlaps consecutive fields. A record running off the window returns -1. Kept
    /// out of line and small so the number parser inlines into its loop.
    @inline(never)
    static func numericRecord(_ base: UnsafePointer<UInt8>, _ start: Int, delimiter: UInt8,
                              roles: UnsafeBufferPointer<Int32>, row: UnsafeMutablePointer<Float>,
                              index: CSVSeparatorIndex, out: CSVPartialOutput) -> Int {
        var separators = CSVSeparatorIndex.Cursor(index, from: start)
        var p = start
        let last = roles.count &- 1
        var idStart = -1
        var idEnd = -1
        var field = 0
        while true {
            let isLast = field == last
            let (end, fieldEnd) = nextField(base, p, isLast: isLast, delimiter: delimiter, separators: &separators)
            guard end >= 0 else { return -1 }
            let role = roles[field]
            if role >= 0 {
                guard let value = NumberParser.fieldNumber(base, p, fieldEnd) else { return -1 }
                row[Int(role)] = value
            } else if p < fieldEnd && base[p] == quote {
                // Quoted text stays here when it holds no quote and closes just before the
                // separator: then the separator cannot lie inside the quotes. Escapes, and
                // separators inside quotes, are the general path's.
                guard isPlainQuoted(base, p, fieldEnd) else { return -1 }
                if role == CSVLayout.id { idStart = p &+ 1; idEnd = fieldEnd &- 1 }
            } else if role == CSVLayout.id {
                idStart = p
                idEnd = fieldEnd
            }
            if isLast {
                if idStart >= 0 { out.setID(idStart, idEnd) }
                return end &+ 1
            }
            p = end &+ 1
            field &+= 1
        }
    }

    /// ``numericRecord(_:_:delimiter:roles:row:index:out:)`` for a record whose fields are all
    /// features in file order: field `i` goes to `row[i]`, no role or id to look up, so the loop
    /// keeps its state in registers.
    @inline(never)
    static func denseRecord(_ base: UnsafePointer<UInt8>, _ start: Int, delimiter: UInt8, fieldCount: Int,
                            row: UnsafeMutablePointer<Float>, index: CSVSeparatorIndex) -> Int {
        var separators = CSVSeparatorIndex.Cursor(index, from: start)
        var p = start
        let last = fieldCount &- 1
        var field = 0
        while true {
            let isLast = field == last
            let (end, fieldEnd) = nextField(base, p, isLast: isLast, delimiter: delimiter, separators: &separators)
            guard end >= 0 else { return -1 }
            // One parse call site, so it is inlined once.
            guard let value = NumberParser.fieldNumber(base, p, fieldEnd) else { return -1 }
            row[field] = value
            if isLast { return end &+ 1 }
            p = end &+ 1
            field &+= 1
        }
    }

    /// Whether the field `[start, end)` (starting with a quote) is `"text"` with no quote in the
    /// text. Out of line, so the number parser still inlines into the record loop.
    @inline(never)
    static func isPlainQuoted(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end &- start >= 2, base[end &- 1] == quote else { return false }
        // Words are read whole: the buffer stays readable ``NumberParser/shortReadAhead`` bytes
        // past its end.
        var p = start &+ 1
        while p < end &- 1 {
            // Per byte, zero where the byte is a quote; the high bit marks it (no false hits
            // before the first real one; bytes from the closing quote on are masked off).
            let x = NumberParser.load(base + p) ^ 0x2222_2222_2222_2222
            var hits = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
            let left = end &- 1 &- p
            if left < 8 { hits &= ~UInt64(0) &>> UInt64(64 &- 8 &* left) }
            if hits != 0 { return false }
            p &+= 8
        }
        return true
    }

    /// The field starting at `p`: its separator (the next one in the index, which must be the
    /// delimiter, or the line feed for the last field) and where its text ends (before the `\r`
    /// of a CRLF); separator -1 when the record must take the general path.
    @inline(__always)
    private static func nextField(_ base: UnsafePointer<UInt8>, _ p: Int, isLast: Bool, delimiter: UInt8,
                                  separators: inout CSVSeparatorIndex.Cursor) -> (separator: Int, textEnd: Int) {
        let end = separators.next()
        guard end >= 0, base[end] == (isLast ? newline : delimiter) else { return (-1, -1) }
        return (end, isLast && end > p && base[end &- 1] == carriageReturn ? end &- 1 : end)
    }
}
