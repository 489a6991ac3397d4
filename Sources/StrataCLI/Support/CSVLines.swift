/// Splits CSV bytes into records (RFC 4180 quoting, `\n` or `\r\n`), with 1-based line numbers.
struct CSVLines {
    struct Record {
        let line: Int
        let fields: [String]
    }

    let bytes: [UInt8]
    let path: String
    var position = 0
    var line = 1

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }   // a UTF-8 byte order mark
    }

    /// The next non-blank record, or nil at the end.
    mutating func next() throws -> Record? {
        while position < bytes.count {
            let start = line
            var fields: [String] = [], field: [UInt8] = [], quoted = false, fieldStart = true
            while position < bytes.count {
                let b = bytes[position]
                position += 1
                if quoted {
                    if b == 0x22 {
                        if position < bytes.count, bytes[position] == 0x22 { field.append(0x22); position += 1 } else { quoted = false }
                    } else {
                        if b == 0x0A { line += 1 }
                        field.append(b)
                    }
                } else if b == 0x22 && fieldStart {
                    quoted = true
                } else if b == 0x2C {
                    fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                    fieldStart = true
                    continue
                } else if b == 0x0A {
                    line += 1
                    break
                } else if b != 0x0D || (position < bytes.count && bytes[position] != 0x0A) {
                    field.append(b)
                }
                fieldStart = false
            }
            if quoted { throw UserError("\(path) line \(start): a quoted field is not closed") }
            fields.append(String(decoding: field, as: UTF8.self))
            if fields.count == 1 && fields[0].isEmpty { continue }
            return Record(line: start, fields: fields)
        }
        return nil
    }
}
