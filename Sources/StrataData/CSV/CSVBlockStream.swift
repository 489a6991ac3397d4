import CStrataKernels
import Dispatch
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The read loop: one growing block buffer, the leftover partial record carried to the next block,
/// line numbers counted only for consumed bytes (errors turn byte offsets into lines lazily).
///
/// A regular file is read up to the size it had when opened, in slices read concurrently; a
/// short read, or a size or modification time changed by the end, is an error (the file changed
/// while it was read).
final class CSVBlockStream {
    let source: CSVByteSource
    /// The block's first byte.
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var filled = 0
    var endOfInput = false
    /// Line ends before `buffer[0]`.
    var linesBefore = 0

    /// The smallest part of a block worth parsing on its own thread.
    static let minimumPartBytes = 1 << 18

    init(source: CSVByteSource, blockSize: Int) throws(DataError) {
        self.source = source
        // A file smaller than the block needs no more room than itself.
        capacity = source.readsAtOffsets && source.size > 0 ? Swift.min(blockSize, source.size + 1) : blockSize
        buffer = Self.allocateBuffer(capacity)
        try fill()
    }

    deinit { buffer.deallocate() }

    /// A buffer with ``NumberParser/shortReadAhead`` zero bytes past `capacity`: the number
    /// parser loads whole words near the end of the data. Large ones ask for 2 MiB pages.
    static func allocateBuffer(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        let count = capacity + NumberParser.shortReadAhead
        let huge = 2 << 20
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: count >= 2 * huge ? huge : 64)
        adviseHugePages(UnsafeMutableRawBufferPointer(start: raw, count: count))
        let buffer = raw.bindMemory(to: UInt8.self, capacity: count)
        (buffer + capacity).initialize(repeating: 0, count: NumberParser.shortReadAhead)
        return buffer
    }

    /// Reads until the buffer is full or the input ends; large reads of a regular file are
    /// split into slices read concurrently. A regular file is read up to its size when opened.
    func fill() throws(DataError) {
        defer {
            // The bytes after the data read as zeros (no stale digit extends a number).
            (buffer + filled).update(repeating: 0, count: NumberParser.shortReadAhead)
        }
        // Pipes, and files that report no size (such as /proc's), are read in order to their end.
        guard source.readsAtOffsets && source.size > 0 else {
            while !endOfInput && filled < capacity {
                let n = try source.read(into: buffer + filled, count: capacity - filled)
                if n == 0 { endOfInput = true }
                filled += n
            }
            return
        }
        let wanted = Swift.min(capacity - filled, source.size - source.position)
        if wanted >= 2 << 20 && Parallel.coreCount > 1 {
            let slices = Swift.min(2 * Parallel.coreCount, wanted >> 20)
            let got = ResultSlots<Result<Int, DataError>>(count: slices)
            let target = SendablePointer(buffer + filled)
            let source = self.source
            let origin = source.position
            DispatchQueue.concurrentPerform(iterations: slices) { i in
                let lo = wanted * i / slices
                let hi = wanted * (i + 1) / slices
                got[i] = Result { () throws(DataError) -> Int in
                    try source.read(into: target.base + lo, count: hi - lo, at: origin + lo)
                }
            }
            for i in 0..<slices {
                let n = try got[i]!.get()
                // A short slice: the file was cut while it was read.
                if n < wanted * (i + 1) / slices - wanted * i / slices { throw source.changed(now: origin + wanted * i / slices + n) }
            }
        } else if wanted > 0 {
            let n = try source.read(into: buffer + filled, count: wanted, at: source.position)
            if n < wanted { throw source.changed(now: source.position + n) }
        }
        filled += wanted
        source.position += wanted
        if source.position == source.size {
            endOfInput = true
            try source.checkUnchanged()
        }
    }

    /// Drops `[0, consumed)`, counting its line ends (unless the parser counted them), and
    /// refills (growing when one record fills it).
    func advance(past consumed: Int, lineEnds: Int? = nil) throws(DataError) {
        linesBefore += lineEnds ?? Self.countNewlines(buffer, 0, consumed)
        let rest = filled - consumed
        if consumed > 0 { (buffer).update(from: buffer + consumed, count: rest) }
        filled = rest
        if filled == capacity {
            let grown = Self.allocateBuffer(capacity * 2)
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
    func readHeader(delimiter: UInt8, mode: CSVHeader) throws(DataError) -> (names: [String], next: Int) {
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
                if mode == .absent {
                    return (record.fields.indices.map(CSVHeader.generatedName), start)
                }
                let allNumeric = mode == .automatic && record.fields.allSatisfy { field in
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
    ///
    /// Values go straight into the result's storage, sized from the first block's bytes per row
    /// (a larger file than estimated spills into a second array appended once at the end).
    func readRecords(from start: Int, layout: CSVLayout) throws(DataError) -> ([Float], [String]?, Int) {
        let width = layout.featureCount
        let wantsIDs = layout.roles.contains(CSVLayout.id)
        let parts = (0..<Swift.min(16 * Parallel.coreCount, 32)).map { _ in CSVPartialOutput() }
        // The header (and blank lines before it) precede the first block's records.
        var headerLines = Self.countNewlines(buffer, 0, start)
        var block = try parseBlock(from: start, layout: layout, parts: parts)
        let firstRows = block.kept.reduce(0) { $0 + parts[$1].rowCount }
        var estimate = firstRows
        if !endOfInput {
            let bytesPerRow = Swift.max(1, Double(block.consumed - start) / Double(Swift.max(1, firstRows)))
            // Every record holds at least one byte per field (delimiters and its line end).
            let ceiling = source.size / Swift.max(1, layout.roles.count) + 2
            estimate = Swift.min(ceiling, Int(Double(source.size) / bytesPerRow * 1.05) + 1)
            estimate = Swift.max(estimate, 2 * firstRows)
        }
        var rows = 0
        var spill = [Float]()
        var ids: [String]?
        var idSpill = [String]()
        var failure: DataError?
        // At least one element: with none, the standard library writes the count into the
        // storage every empty array shares (a race ThreadSanitizer reports between readers).
        let values = [Float](unsafeUninitializedCapacity: Swift.max(1, estimate * width)) { storage, initialized in
            Self.adviseHugePages(UnsafeMutableRawBufferPointer(storage))
            let destination = SendablePointer(storage.baseAddress!)
            var written = 0
            // Ids are initialized in place too (no placeholder strings to overwrite).
            let idColumn = [String](unsafeUninitializedCapacity: wantsIDs ? Swift.max(1, estimate) : 1) { idStorage, idCount in
                do {
                    while true {
                        let kept = block.kept
                        let cells = kept.reduce(0) { $0 + parts[$1].count }
                        if spill.isEmpty && written + cells <= storage.count {
                            var next = written
                            let offsets = kept.map { i in defer { next += parts[i].count }; return next }
                            DispatchQueue.concurrentPerform(iterations: kept.count) { j in
                                let part = parts[kept[j]]
                                (destination.base + offsets[j]).update(from: part.values, count: part.count)
                            }
                            written = next
                        } else {
                            for i in kept { spill.append(contentsOf: UnsafeBufferPointer(start: parts[i].values, count: parts[i].count)) }
                        }
                        let blockRows = kept.reduce(0) { $0 + parts[$1].rowCount }
                        if wantsIDs {
                            if idSpill.isEmpty && idCount + blockRows <= idStorage.count {
                                writeIDs(into: idStorage.baseAddress! + idCount, kept: kept, parts: parts)
                                idCount += blockRows
                            } else {
                                idSpill += [String](unsafeUninitializedCapacity: blockRows) { more, count in
                                    if blockRows > 0 { writeIDs(into: more.baseAddress!, kept: kept, parts: parts) }
                                    count = blockRows
                                }
                            }
                        }
                        rows += blockRows
                        if endOfInput { break }
                        try advance(past: block.consumed, lineEnds: block.lineEnds + headerLines)
                        headerLines = 0
                        block = try parseBlock(from: 0, layout: layout, parts: parts)
                    }
                } catch {
                    failure = (error as? DataError) ?? .io(file: source.name, reason: "\(error)")
                }
            }
            if wantsIDs { ids = idSpill.isEmpty ? idColumn : idColumn + idSpill }
            initialized = written
        }
        if let failure { throw failure }
        if spill.isEmpty { return (values, ids, rows) }
        var all = values
        all.append(contentsOf: spill)
        return (all, ids, rows)
    }

    /// Initializes `target[0 ..< rows]` with the ids of the kept parts' rows, made into strings
    /// on all cores while the block is still in the buffer.
    func writeIDs(into target: UnsafeMutablePointer<String>, kept: [Int], parts: [CSVPartialOutput]) {
        var next = 0
        let offsets = kept.map { i in defer { next += parts[i].rowCount }; return next }
        let base = SendablePointer(buffer)
        let slots = SendablePointer(target)
        DispatchQueue.concurrentPerform(iterations: kept.count) { j in
            parts[kept[j]].writeIDs(base.base, into: slots.base + offsets[j])
        }
    }

    /// Parses the records in `[begin, filled)` into `parts`.
    ///
    /// The block is cut at guessed record boundaries and the parts are parsed concurrently. A
    /// guess is kept only when the part before it, parsed from a known boundary, ends exactly
    /// there; otherwise that part is parsed again from where the previous one really ended. So
    /// quoted fields holding line ends never change the result, only the speed. Returns the
    /// parts holding the block's records in order, the offset after the last complete record and
    /// the line ends before it.
    func parseBlock(from begin: Int, layout: CSVLayout,
                    parts: [CSVPartialOutput]) throws(DataError) -> (kept: [Int], consumed: Int, lineEnds: Int) {
        let bounds = splitPoints(begin, partCount: parts.count)
        let used = bounds.count - 1
        let base = SendablePointer(buffer)
        let final = endOfInput
        let limit = filled
        DispatchQueue.concurrentPerform(iterations: used) { i in
            parts[i].reset()
            parts[i].start = bounds[i]
            CSVRecordParser.parse(base.base, start: bounds[i], stopAt: bounds[i + 1], limit: limit,
                                  final: final, layout: layout, into: parts[i])
        }
        var kept = [Int]()
        var consumed = begin
        var lineEnds = 0
        for i in 0..<used {
            // Swallowed by a record of an earlier part that ran past this part's end.
            if consumed >= bounds[i + 1] { continue }
            let part = parts[i]
            if part.start != consumed {
                part.reset()
                part.start = consumed
                CSVRecordParser.parse(base.base, start: consumed, stopAt: bounds[i + 1], limit: limit,
                                      final: final, layout: layout, into: part)
            }
            if let failure = part.failure { throw error(failure, layout: layout) }
            kept.append(i)
            consumed = part.consumed
            lineEnds += part.lineEnds
            // Stopped short: the rest of the buffer is one incomplete record.
            if consumed < bounds[i + 1] { break }
        }
        return (kept, consumed, lineEnds)
    }

    /// Asks for 2 MiB pages over a large fresh buffer: far fewer page faults while it fills.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        let huge = 2 << 20
        guard let start = buffer.baseAddress, buffer.count >= 2 * huge else { return }
        let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let last = (Int(bitPattern: start) + buffer.count) & ~(huge - 1)
        if last > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, MADV_HUGEPAGE) }
        #endif
    }

    /// Part boundaries over `[begin, filled)`: just after a line end near each even share.
    ///
    /// When the block's first share holds quotes, a cut is taken only where the quotes counted
    /// since `begin` are even (outside a quoted field in well-formed CSV); ``parseBlock(from:layout:parts:)``
    /// verifies every cut anyway, so stray quotes cost time, never correctness.
    func splitPoints(_ begin: Int, partCount: Int) -> [Int] {
        let length = filled - begin
        guard partCount > 1, length >= 2 * Self.minimumPartBytes else { return [begin, filled] }
        var bounds = [begin]
        let parts = Swift.min(partCount, length / Self.minimumPartBytes)
        // Quotes are looked for in the first share only (files that quote do so throughout);
        // a block quoting only later costs re-parses at wrong cuts, never a wrong result.
        let quoted = memchr(buffer + begin, Int32(CSVRecordParser.quote), length / parts) != nil
        // Quotes per even share, counted on all cores: the parity at a cut needs every quote
        // before it.
        var before = [Int](repeating: 0, count: parts)
        if quoted {
            let shares = ResultSlots<Int>(count: parts)
            let base = SendablePointer(buffer)
            DispatchQueue.concurrentPerform(iterations: parts - 1) { k in
                shares[k] = Self.countQuotes(base.base, begin + length * k / parts, begin + length * (k + 1) / parts)
            }
            for k in 1..<parts { before[k] = before[k - 1] &+ shares[k - 1]! }
        }
        var counted = begin
        var quotes = 0
        for k in 1..<parts {
            let target = Swift.max(begin + length * k / parts, bounds.last!)
            var cut = -1
            if quoted {
                // Unless the last cut's search already ran past this share's start.
                if counted <= begin + length * k / parts {
                    counted = begin + length * k / parts
                    quotes = before[k]
                }
                var p = counted
                while p < filled {
                    let b = buffer[p]
                    if b == CSVRecordParser.quote { quotes &+= 1 }
                    p += 1
                    if b == CSVRecordParser.newline && quotes & 1 == 0 { cut = p; break }
                }
                counted = p
            } else if let hit = memchr(buffer + target, 0x0A, filled - target) {
                cut = hit.assumingMemoryBound(to: UInt8.self) - buffer + 1
            }
            if cut < 0 || cut >= filled { break }
            if cut > bounds.last! { bounds.append(cut) }
        }
        bounds.append(filled)
        return bounds
    }

    /// Quote bytes in `[start, end)` (a vector kernel: this pass runs on one thread).
    static func countQuotes(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        end > start ? strata_count_byte(-1, base + start, end - start, CSVRecordParser.quote) : 0
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
