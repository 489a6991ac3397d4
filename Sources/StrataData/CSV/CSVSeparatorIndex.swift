import CStrataKernels

/// One bit per byte over a window of a block: set on delimiters and line feeds.
///
/// The whole-record fast path takes each field's end from this index with a bit scan, so no
/// field waits on a byte search of the previous one: consecutive fields (and their number
/// parses) overlap. Built in windows of 64 KiB (an 8 KiB bitmap, L1-resident) by a vector kernel
/// chosen at run time (AVX-512, AVX2 or scalar) as the parse moves on. One per part; used by one
/// thread at a time.
final class CSVSeparatorIndex {
    static let window = 1 << 16
    /// A record starting closer than this to the window's end gets a fresh window first (a longer
    /// record that runs off the window takes the general path).
    static let margin = 1 << 12

    let words: UnsafeMutablePointer<UInt64>
    /// The indexed bytes: `[start, end)` of the buffer.
    private(set) var start = 0
    private(set) var end = 0

    init() { words = .allocate(capacity: Self.window / 64 + 1) }
    deinit { words.deallocate() }

    /// Forgets the window (the buffer's bytes are about to change or a part restarts).
    func reset() { start = 0; end = 0 }

    /// Indexes from `position` on unless the window already covers `[position, position + margin)`
    /// (or everything up to `limit`).
    @inline(__always)
    func cover(_ base: UnsafePointer<UInt8>, _ position: Int, _ limit: Int, delimiter: UInt8) {
        if position >= start && position < end && (position &+ Self.margin <= end || end == limit) { return }
        let count = Swift.min(limit &- position, Self.window)
        strata_separator_index(-1, base + position, count, delimiter, words)
        start = position
        end = position &+ count
    }

    /// Whether ``parseRecord(_:_:delimiter:roles:fieldCount:row:out:)`` runs on this CPU.
    static let vectorRecords = strata_csv_record_supported(-1) != 0

    /// Parses the record at `start` (in the window) with the vector kernel (`strata_csv_record`):
    /// the offset after its line end, or -1 when a field needs the Swift paths. `roles` nil:
    /// field i is feature i. Notes the id's span in `out`.
    @inline(__always)
    func parseRecord(_ base: UnsafePointer<UInt8>, _ start: Int, delimiter: UInt8, roles: UnsafePointer<Int32>?,
                     fieldCount: Int, row: UnsafeMutablePointer<Float>, out: CSVPartialOutput) -> Int {
        var span = (-1, -1)
        let next = withUnsafeMutablePointer(to: &span) { pointer in
            pointer.withMemoryRebound(to: Int.self, capacity: 2) { span in
                strata_csv_record(base, start, words, self.start, (end &- self.start &- 1) &>> 6, delimiter,
                                  roles, fieldCount, row, span)
            }
        }
        if next >= 0 && span.0 >= 0 { out.setID(span.0, span.1) }
        return next
    }

    /// Walks the separators from a record's first byte: each ``next()`` is one bit scan.
    struct Cursor {
        private let words: UnsafeMutablePointer<UInt64>
        private let origin: Int
        private let lastWord: Int
        private var word: Int
        private var bits: UInt64

        /// `start` must lie in the window.
        @inline(__always)
        init(_ index: CSVSeparatorIndex, from start: Int) {
            words = index.words
            origin = index.start
            lastWord = (index.end &- origin &- 1) &>> 6
            let offset = start &- origin
            word = offset &>> 6
            bits = words[word] & (~0 << UInt64(offset & 63))
        }

        /// The offset of the next delimiter or line feed, or -1 past the window's end.
        @inline(__always)
        mutating func next() -> Int {
            while bits == 0 {
                word &+= 1
                guard word <= lastWord else { return -1 }
                bits = words[word]
            }
            let end = origin &+ (word &<< 6) &+ bits.trailingZeroBitCount
            bits &= bits &- 1
            return end
        }
    }
}
