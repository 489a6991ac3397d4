import Foundation

/// The tree a ``BinaryModelEncoder`` builds and a ``BinaryModelDecoder`` reads: Codable values
/// with large numeric arrays kept as raw little-endian blocks (a fitted HDBSCAN or UMAP holds
/// millions of floats; element-by-element coding would be slow and large).
indirect enum BinaryValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case float(Float)
    case string(String)
    case keyed([(String, BinaryValue)])
    case unkeyed([BinaryValue])
    case floats([Float])
    case doubles([Double])
    case ints([Int])

    static func == (lhs: BinaryValue, rhs: BinaryValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.int(let a), .int(let b)): a == b
        case (.uint(let a), .uint(let b)): a == b
        case (.double(let a), .double(let b)): a.bitPattern == b.bitPattern
        case (.float(let a), .float(let b)): a.bitPattern == b.bitPattern
        case (.string(let a), .string(let b)): a == b
        case (.keyed(let a), .keyed(let b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.unkeyed(let a), .unkeyed(let b)): a == b
        case (.floats(let a), .floats(let b)): a.map(\.bitPattern) == b.map(\.bitPattern)
        case (.doubles(let a), .doubles(let b)): a.map(\.bitPattern) == b.map(\.bitPattern)
        case (.ints(let a), .ints(let b)): a == b
        default: false
        }
    }

    private enum Tag: UInt8 {
        case null, bool, int, uint, double, float, string, keyed, unkeyed, floats, doubles, ints
    }

    /// Appends the value's bytes.
    func write(to out: inout [UInt8]) {
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func bytes(_ s: String) { let utf8 = Array(s.utf8); u64(UInt64(utf8.count)); out.append(contentsOf: utf8) }
        switch self {
        case .null: out.append(Tag.null.rawValue)
        case .bool(let v): out.append(Tag.bool.rawValue); out.append(v ? 1 : 0)
        case .int(let v): out.append(Tag.int.rawValue); u64(UInt64(bitPattern: v))
        case .uint(let v): out.append(Tag.uint.rawValue); u64(v)
        case .double(let v): out.append(Tag.double.rawValue); u64(v.bitPattern)
        case .float(let v): out.append(Tag.float.rawValue); u64(UInt64(v.bitPattern))
        case .string(let v): out.append(Tag.string.rawValue); bytes(v)
        case .keyed(let entries):
            out.append(Tag.keyed.rawValue); u64(UInt64(entries.count))
            for (key, value) in entries { bytes(key); value.write(to: &out) }
        case .unkeyed(let items):
            out.append(Tag.unkeyed.rawValue); u64(UInt64(items.count))
            for item in items { item.write(to: &out) }
        case .floats(let values):
            out.append(Tag.floats.rawValue); u64(UInt64(values.count))
            values.withUnsafeBytes { out.append(contentsOf: $0) }
        case .doubles(let values):
            out.append(Tag.doubles.rawValue); u64(UInt64(values.count))
            values.withUnsafeBytes { out.append(contentsOf: $0) }
        case .ints(let values):
            out.append(Tag.ints.rawValue); u64(UInt64(values.count))
            for v in values { u64(UInt64(bitPattern: Int64(v))) }
        }
    }

    /// Reads one value; every length is checked against the bytes left, nesting is bounded.
    static func read(_ bytes: UnsafeRawBufferPointer, offset: inout Int, depth: Int = 0) throws(ModelFileError) -> BinaryValue {
        guard depth < 64 else { throw .corrupt("values nested deeper than 64 levels") }
        func need(_ count: Int) throws(ModelFileError) {
            guard count >= 0, count <= bytes.count - offset else { throw .corrupt("a value runs past the end of its section") }
        }
        func u64() throws(ModelFileError) -> UInt64 {
            try need(8)
            let v = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            offset += 8
            return UInt64(littleEndian: v)
        }
        func count(_ width: Int) throws(ModelFileError) -> Int {
            let n = try u64()
            guard n <= UInt64(bytes.count - offset) / UInt64(max(width, 1)) else { throw .corrupt("a length (\(n)) exceeds the bytes left") }
            return Int(n)
        }
        func string() throws(ModelFileError) -> String {
            let n = try count(1)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]), as: UTF8.self)
            offset += n
            return text
        }
        try need(1)
        guard let tag = Tag(rawValue: bytes[offset]) else { throw .corrupt("unknown value tag \(bytes[offset])") }
        offset += 1
        switch tag {
        case .null: return .null
        case .bool:
            try need(1)
            let v = bytes[offset]; offset += 1
            guard v <= 1 else { throw .corrupt("a boolean holds \(v)") }
            return .bool(v == 1)
        case .int: return .int(Int64(bitPattern: try u64()))
        case .uint: return .uint(try u64())
        case .double: return .double(Double(bitPattern: try u64()))
        case .float:
            let raw = try u64()
            guard raw <= UInt64(UInt32.max) else { throw .corrupt("a float holds more than 32 bits") }
            return .float(Float(bitPattern: UInt32(raw)))
        case .string: return .string(try string())
        case .keyed:
            let n = try count(9)
            var entries: [(String, BinaryValue)] = []
            entries.reserveCapacity(n)
            for _ in 0..<n { entries.append((try string(), try read(bytes, offset: &offset, depth: depth + 1))) }
            return .keyed(entries)
        case .unkeyed:
            let n = try count(1)
            var items: [BinaryValue] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(try read(bytes, offset: &offset, depth: depth + 1)) }
            return .unkeyed(items)
        case .floats:
            let n = try count(4)
            var values = [Float](repeating: 0, count: n)
            values.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4 * n)])) }
            offset += 4 * n
            return .floats(values)
        case .doubles:
            let n = try count(8)
            var values = [Double](repeating: 0, count: n)
            values.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 8 * n)])) }
            offset += 8 * n
            return .doubles(values)
        case .ints:
            let n = try count(8)
            var values = [Int](repeating: 0, count: n)
            for i in 0..<n { values[i] = Int(Int64(bitPattern: try u64())) }
            return .ints(values)
        }
    }
}
