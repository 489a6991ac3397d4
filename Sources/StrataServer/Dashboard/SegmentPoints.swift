import Foundation
import NIOCore
import StrataCore

/// The binary body of `GET /dashboard/api/segments/<C>/points`: little-endian `"SEG1"`,
/// `u32 n`, `u32 dims`, `f32[n·dims]` positions (row-major), `i32[n]` labels (-1 = noise),
/// `u32[n]` row indices into the clustering's rows (ascending).
///
/// With `max < count` the rows are a seeded uniform sample without replacement of `max` rows
/// (Knuth's selection sampling, Algorithm S: one pass, indices come out sorted); the same
/// `max` always gives the same rows. Written in chunks of ``chunkRows`` rows, so a million
/// points stream without a second copy of the table.
struct SegmentPoints {
    static let magic: [UInt8] = Array("SEG1".utf8)
    static let chunkRows = 65_536
    static let seed: UInt64 = 0x5E6

    let table: SegmentTable
    let rows: [UInt32]?

    init(table: SegmentTable, maximum: Int) {
        self.table = table
        rows = maximum < table.count ? Self.sample(maximum, of: table.count) : nil
    }

    var count: Int { rows?.count ?? table.count }
    var byteCount: Int { 12 + count * (table.dimensions * 4 + 8) }

    static func sample(_ wanted: Int, of total: Int) -> [UInt32] {
        var generator = SeededGenerator(seed: seed)
        var out: [UInt32] = []
        out.reserveCapacity(wanted)
        var i = 0
        while out.count < wanted {
            // Keep row i with probability (still wanted) / (rows left).
            if Double(wanted - out.count) > generator.nextUnit() * Double(total - i) { out.append(UInt32(i)) }
            i += 1
        }
        return out
    }

    /// Writes the body through `write`, one chunk at a time.
    func write(_ write: (ByteBuffer) async throws -> Void) async throws {
        var header = ByteBuffer()
        header.writeBytes(Self.magic)
        header.writeInteger(UInt32(count), endianness: .little)
        header.writeInteger(UInt32(table.dimensions), endianness: .little)
        try await write(header)
        let dims = table.dimensions, positions = table.positions ?? []
        try await chunks { range in
            var words = [UInt32](repeating: 0, count: range.count * dims)
            for (j, k) in range.enumerated() {
                let row = self.row(k) * dims
                for d in 0..<dims { words[j * dims + d] = positions[row + d].bitPattern.littleEndian }
            }
            return words
        } write: { try await write($0) }
        try await chunks { range in range.map { UInt32(bitPattern: self.table.labels[self.row($0)]).littleEndian } } write: { try await write($0) }
        try await chunks { range in range.map { UInt32(self.row($0)).littleEndian } } write: { try await write($0) }
    }

    private func row(_ k: Int) -> Int { rows.map { Int($0[k]) } ?? k }

    private func chunks(_ make: (Range<Int>) -> [UInt32], write: (ByteBuffer) async throws -> Void) async throws {
        var start = 0
        while start < count {
            let range = start..<min(count, start + Self.chunkRows)
            let words = make(range)
            try await write(words.withUnsafeBytes { ByteBuffer(bytes: $0) })
            start = range.upperBound
        }
    }
}
