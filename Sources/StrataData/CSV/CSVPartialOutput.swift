/// Parsed rows of one slice of a buffer; reused from chunk to chunk.
///
/// Ids are kept as offsets into the buffer while the records are parsed (no `String`, no array
/// growth in the record loop) and made into strings by ``writeIDs(_:into:)`` straight into the
/// table's id array, on all cores, before the buffer moves on.
final class CSVPartialOutput: @unchecked Sendable {
    var values: UnsafeMutablePointer<Float>
    var capacity: Int
    var count = 0
    var rowCount = 0
    var failure: CSVParseFailure?
    /// Offset just past the last complete record parsed.
    var consumed = 0
    /// Where this part's first record starts (its speculative split point).
    var start = 0
    /// Line ends in `[start, consumed)`, for error line numbers.
    var lineEnds = 0
    /// Field ends for the whole-record fast path.
    let index = CSVSeparatorIndex()
    /// Per row, its id's text: `[2r]` its first byte, `[2r + 1]` its end, or the end's complement
    /// when quotes inside are escaped (`""`).
    private var idSpans: UnsafeMutablePointer<Int>
    private var idCapacity: Int

    init() {
        capacity = 1 << 16
        values = .allocate(capacity: capacity)
        idCapacity = 1 << 12
        idSpans = .allocate(capacity: 2 * idCapacity)
    }

    deinit {
        values.deallocate()
        idSpans.deallocate()
    }

    func reset() {
        count = 0
        rowCount = 0
        failure = nil
        consumed = 0
        lineEnds = 0
        index.reset()
    }

    @inline(__always)
    func appendRow(_ width: Int) -> UnsafeMutablePointer<Float> {
        if count &+ width > capacity {
            let newCapacity = Swift.max(capacity * 2, count + width)
            let grown = UnsafeMutablePointer<Float>.allocate(capacity: newCapacity)
            grown.update(from: values, count: count)
            values.deallocate()
            values = grown
            capacity = newCapacity
        }
        let row = values + count
        count &+= width
        return row
    }

    /// Notes the id of the record being parsed (row `rowCount`); `end` is complemented when the
    /// text holds escaped quotes.
    @inline(__always)
    func setID(_ start: Int, _ end: Int) {
        if rowCount >= idCapacity { growIDs() }
        idSpans[2 &* rowCount] = start
        idSpans[2 &* rowCount &+ 1] = end
    }

    private func growIDs() {
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: 4 * idCapacity)
        grown.update(from: idSpans, count: 2 * idCapacity)
        idSpans.deallocate()
        idSpans = grown
        idCapacity *= 2
    }

    /// Initializes `slots[0 ..< rowCount]` (uninitialized memory) with the ids of the rows as
    /// strings, read from the buffer they were parsed from.
    func writeIDs(_ base: UnsafePointer<UInt8>, into slots: UnsafeMutablePointer<String>) {
        for r in 0..<rowCount {
            let start = idSpans[2 &* r]
            let end = idSpans[2 &* r &+ 1]
            (slots + r).initialize(to: end >= 0
                ? CSVRecordParser.fieldText(base, start, end, escaped: false)
                : CSVRecordParser.fieldText(base, start, ~end, escaped: true))
        }
    }
}
