extension CSVRecordParser {
    /// The fast path for a whole record: feature fields that are short numbers
    /// (``NumberParser/fieldNumber(_:_:_:)``), id and skipped fields without a leading quote,
    /// separated by `delimiter` and ended by `\n` or `\r\n` before `limit`. Writes the feature
    /// values into `row`, appends the id to `out` and returns the offset after the line end; -1
    /// when any field needs the general path, which then parses the record again from its start
    /// (and reports any error there).
    ///
    /// Each field's end is found first, from word-wide byte masks, and the next field starts
    /// there: the number's own parse (digits, point, rounding) is then off the chain from field
    /// to field, so the processor overlaps consecutive fields. Kept out of line and small so the
    /// number parser inlines into its loop.
    @inline(never)
    static func numericRecord(_ base: UnsafePointer<UInt8>, _ start: Int, _ limit: Int, delimiter: UInt8,
                              roles: UnsafeBufferPointer<Int32>, row: UnsafeMutablePointer<Float>,
                              out: CSVPartialOutput) -> Int {
        var p = start
        let last = roles.count &- 1
        let delimiters = 0x0101_0101_0101_0101 &* UInt64(delimiter)
        var idStart = -1
        var idEnd = -1
        var field = 0
        while true {
            let role = roles[field]
            let end = role >= 0 ? separator(base, p, delimiters) : textSeparator(base, p, limit, delimiters)
            guard end >= 0, end < limit else { return -1 }
            let isLast = field == last
            guard base[end] == (isLast ? newline : delimiter) else { return -1 }
            let fieldEnd = isLast && end > p && base[end &- 1] == carriageReturn ? end &- 1 : end
            if role >= 0 {
                guard let value = NumberParser.fieldNumber(base, p, fieldEnd) else { return -1 }
                row[Int(role)] = value
            } else {
                // Quoted text (and its escapes) is the general path's.
                if p < fieldEnd && base[p] == quote { return -1 }
                if role == CSVLayout.id { idStart = p; idEnd = fieldEnd }
            }
            if isLast {
                if idStart >= 0 { out.ids.append(fieldText(base, idStart, idEnd, escaped: false)) }
                return end &+ 1
            }
            p = end &+ 1
            field &+= 1
        }
    }

    /// The offset of the first delimiter or `\n` in `[p, p + 24)`, or -1.
    @inline(__always)
    static func separator(_ base: UnsafePointer<UInt8>, _ p: Int, _ delimiters: UInt64) -> Int {
        // The three words are independent loads; only the first hit's position feeds the next field.
        let first = separatorBits(NumberParser.load(base + p), delimiters)
        if first != 0 { return p &+ first.trailingZeroBitCount &>> 3 }
        let second = separatorBits(NumberParser.load(base + (p &+ 8)), delimiters)
        if second != 0 { return p &+ 8 &+ second.trailingZeroBitCount &>> 3 }
        let third = separatorBits(NumberParser.load(base + (p &+ 16)), delimiters)
        if third != 0 { return p &+ 16 &+ third.trailingZeroBitCount &>> 3 }
        return -1
    }

    /// The offset of the first delimiter or `\n` at or after `p` (a text field of any length),
    /// or -1 when there is none before `limit`.
    static func textSeparator(_ base: UnsafePointer<UInt8>, _ p: Int, _ limit: Int, _ delimiters: UInt64) -> Int {
        var q = p
        while q < limit {
            let bits = separatorBits(NumberParser.load(base + q), delimiters)
            if bits != 0 { return q &+ bits.trailingZeroBitCount &>> 3 }
            q &+= 8
        }
        return -1
    }

    /// High bits marking the word's delimiter and `\n` bytes; bits above the lowest may be
    /// spurious (a borrow), the lowest is exact.
    @inline(__always)
    static func separatorBits(_ word: UInt64, _ delimiters: UInt64) -> UInt64 {
        let d = word ^ delimiters
        let n = word ^ 0x0A0A_0A0A_0A0A_0A0A
        let zeroD = (d &- 0x0101_0101_0101_0101) & ~d
        let zeroN = (n &- 0x0101_0101_0101_0101) & ~n
        return (zeroD | zeroN) & 0x8080_8080_8080_8080
    }
}
