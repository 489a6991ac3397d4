import Dispatch
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read loop: one growing block buffer, the leftover partial record carried to the next block,
/// line numbers counted only for consumed bytes (errors turn byte offsets into lines lazily).
final class CSVBlockStream {
    let source: CSVByteSource
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var filled = 0
    var endOfInput = false
    /// Line ends before `buffer[0]`.
    var linesBefore = 0

    /// Parts parsed concurrently when a block holds no quote characters.
    static let minimumPartBytes = 1 << 18

    init(source: CSVByteSource, blockSize: Int) throws(DataError) {
        self.source = source
        capacity = blockSize
        buffer = .allocate(capacity: capacity)
        try fill()
    }

    deinit { buffer.deallocate() }

    /// Reads until the buffer is full or the input ends.
    func fill() throws(DataError) {
        while !endOfInput && filled < capacity {
            let n = try source.read(into: buffer + filled, count: capacity - filled)
            if n == 0 { endOfInput = true }
            filled += n
        }
    }

    /// Drops `[0, consumed)`, counting its line ends, and refills (growing when one record fills it).
    func advance(past consumed: Int) throws(DataError) {
        linesBefore += Self.countNewlines(buffer, 0, consumed)
        let rest = filled - consumed
        if consumed > 0 { (buffer).update(from: buffer + consumed, count: rest) }
        filled = rest
        if filled == capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            grown.update(from: buffer, count: filled)
            buffer.deallocate()
            buffer = grown
            capacity *= 2
        }
        try fill()
    }

    static func countNewlines(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var n = 0
        var p = base + start
        let stop = base + end
        while p < stop {
            guard let hit = memchr(p, 0x0A, stop - p) else { break }
            n += 1
            p = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return n
    }

    /// The header's names and the offset of the first data byte.
    func readHeader(delimiter: UInt8) throws(DataError) -> (names: [String], next: Int) {
        var start = 0
        if filled >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        while true {
            // Leading blank lines are skipped.
            while start < filled && (buffer[start] == 0x0A || buffer[start] == 0x0D) { start += 1 }
            if start == filled {
                if endOfInput { throw .emptyFile(file: source.name) }
                try advance(past: start)
                start = 0
                continue
            }
            if let record = CSVRecordParser.splitRecord(buffer, start: start, limit: filled, final: endOfInput, delimiter: delimiter) {
                let line = linesBefore + Self.countNewlines(buffer, 0, start) + 1
                if record.malformed {
                    throw .malformedQuote(file: source.name, line: line, column: record.fields.count + 1)
                }
                let allNumeric = record.fields.allSatisfy { field in
                    let bytes = Array(field.utf8)
                    return bytes.withUnsafeBufferPointer { b in
                        if case .number = NumberParser.parse(b.baseAddress ?? UnsafePointer(bitPattern: 1)!, 0, b.count) { return true }
                        return false
                    }
                }
                if allNumeric { throw .missingHeader(file: source.name) }
                let names = record.fields.enumerated().map { i, name in
                    let trimmed = name.trimmingSpaces()
                    return trimmed.isEmpty ? "Unnamed: \(i)" : trimmed
                }
                return (names, record.next)
            }
            try advance(past: start)
            start = 0
        }
    }

    /// Parses every record after the header; returns row-major values, ids and the row count.
    func readRecords(from start: Int, layout: CSVLayout) throws(DataError) -> ([Float], [String]?, Int) {
        var values = [Float]()
        var ids: [String]? = layout.roles.contains(CSVLayout.id) ? [] : nil
        var rows = 0
        let partCount = Swift.min(Parallel.threadCount, 8)
        let parts = (0..<partCount).map { _ in CSVPartialOutput() }
        var begin = start
        var reserved = false
        while true {
            let bounds = splitPoints(begin, partCount: partCount)
            for part in parts { part.reset() }
            let base = SendablePointer(buffer)
            let final = endOfInput
            if bounds.count == 2 {
                CSVRecordParser.parse(base.base, start: bounds[0], limit: bounds[1], final: final, layout: layout, into: parts[0])
            } else {
                let used = bounds.count - 1
                Parallel.perform(iterations: used) { i in
                    // Inner parts end just after a line end, so their last record is complete.
                    CSVRecordParser.parse(base.base, start: bounds[i], limit: bounds[i + 1],
                                          final: i < used - 1 ? true : final, layout: layout, into: parts[i])
                }
            }
            var consumed = begin
            for i in 0..<(bounds.count - 1) {
                let part = parts[i]
                if let failure = part.failure { throw error(failure, layout: layout) }
                values.append(contentsOf: UnsafeBufferPointer(start: part.values, count: part.count))
                if ids != nil { ids!.append(contentsOf: part.ids) }
                rows += part.rowCount
                consumed = part.consumed
            }
            if endOfInput { break }
            if !reserved && rows > 0 {
                // Reserve for the whole file from the first block's bytes per row (+5 %).
                reserved = true
                let bytesPerRow = Double(consumed) / Double(rows)
                let estimate = Int(Double(source.size) / Swift.max(1, bytesPerRow) * 1.05) + 1
                if estimate * layout.featureCount > values.capacity {
                    values.reserveCapacity(estimate * layout.featureCount)
                    ids?.reserveCapacity(estimate)
                }
            }
            try advance(past: consumed)
            begin = 0
        }
        return (values, ids, rows)
    }

    /// Part boundaries over `[begin, filled)`: split at line ends when the block has no quotes.
    func splitPoints(_ begin: Int, partCount: Int) -> [Int] {
        let length = filled - begin
        guard partCount > 1, length >= 2 * Self.minimumPartBytes,
              memchr(buffer + begin, Int32(CSVRecordParser.quote), length) == nil else { return [begin, filled] }
        var bounds = [begin]
        let parts = Swift.min(partCount, length / Self.minimumPartBytes)
        for k in 1..<parts {
            let target = Swift.max(begin + length * k / parts, bounds.last!)
            guard let hit = memchr(buffer + target, 0x0A, filled - target) else { break }
            let cut = hit.assumingMemoryBound(to: UInt8.self) - buffer + 1
            if cut >= filled { break }
            if cut > bounds.last! { bounds.append(cut) }
        }
        bounds.append(filled)
        return bounds
    }

    func error(_ failure: CSVParseFailure, layout: CSVLayout) -> DataError {
        let file = layout.file
        func line(_ offset: Int) -> Int { linesBefore + Self.countNewlines(buffer, 0, offset) + 1 }
        switch failure {
        case .ragged(let start, let found):
            return .raggedRow(file: file, line: line(start), expected: layout.headerNames.count, found: found)
        case .notNumeric(let start, let field, let value):
            return .notNumeric(file: file, line: line(start), column: field + 1,
                               columnName: layout.headerNames[field], value: value)
        case .missing(let start, let field):
            return .missingValue(file: file, line: line(start), column: field + 1, columnName: layout.headerNames[field])
        case .malformedQuote(let start, let field):
            return .malformedQuote(file: file, line: line(start), column: field + 1)
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}
