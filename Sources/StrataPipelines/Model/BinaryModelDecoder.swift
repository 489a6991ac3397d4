/// Decodes a `Decodable` model from a ``BinaryValue`` tree. A tree that does not fit the type
/// throws `DecodingError`, never traps.
struct BinaryModelDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from value: BinaryValue) throws -> T {
        if let fast = fastPath(type, value) { return fast }
        return try T(from: DecoderState(value: value, codingPath: []))
    }

    static func fastPath<T: Decodable>(_ type: T.Type, _ value: BinaryValue) -> T? {
        switch value {
        case .floats(let v) where T.self == [Float].self: v as? T
        case .doubles(let v) where T.self == [Double].self: v as? T
        case .ints(let v) where T.self == [Int].self: v as? T
        default: nil
        }
    }
}

private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) { self.stringValue = String(intValue); self.intValue = intValue }
}

private func mismatch(_ expected: String, _ value: BinaryValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(Any.self, .init(codingPath: path, debugDescription: "expected \(expected), found \(value)"))
}

private func decodeValue<T: Decodable>(_ type: T.Type, _ value: BinaryValue, _ path: [any CodingKey]) throws -> T {
    if let fast = BinaryModelDecoder.fastPath(type, value) { return fast }
    return try T(from: DecoderState(value: value, codingPath: path))
}

/// Scalar reads shared by the three container kinds.
private struct Scalars {
    let value: BinaryValue
    let path: [any CodingKey]

    func bool() throws -> Bool { if case .bool(let v) = value { return v }; throw mismatch("a boolean", value, path) }
    func string() throws -> String { if case .string(let v) = value { return v }; throw mismatch("a string", value, path) }
    func double() throws -> Double {
        switch value {
        case .double(let v): return v
        case .float(let v): return Double(v)
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        default: throw mismatch("a number", value, path)
        }
    }
    func float() throws -> Float {
        switch value {
        case .float(let v): return v
        case .double(let v): return Float(v)
        default: throw mismatch("a number", value, path)
        }
    }
    func integer<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        switch value {
        case .int(let v): if let r = I(exactly: v) { return r }
        case .uint(let v): if let r = I(exactly: v) { return r }
        default: break
        }
        throw mismatch("an integer fitting \(I.self)", value, path)
    }
}

private struct DecoderState: Decoder {
    let value: BinaryValue
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .keyed(let entries) = value else { throw mismatch("a keyed value", value, codingPath) }
        var lookup: [String: BinaryValue] = [:]
        for (key, child) in entries { lookup[key] = child }
        return KeyedDecodingContainer(KeyedReader<Key>(entries: lookup, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        switch value {
        case .unkeyed(let items): return UnkeyedReader(items: items, codingPath: codingPath)
        case .floats(let v): return UnkeyedReader(items: v.map { .float($0) }, codingPath: codingPath)
        case .doubles(let v): return UnkeyedReader(items: v.map { .double($0) }, codingPath: codingPath)
        case .ints(let v): return UnkeyedReader(items: v.map { .int(Int64($0)) }, codingPath: codingPath)
        default: throw mismatch("a list", value, codingPath)
        }
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleReader(value: value, codingPath: codingPath) }
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [String: BinaryValue]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { entries.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { entries[key.stringValue] != nil }
    func child(_ key: Key) throws -> BinaryValue {
        guard let value = entries[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }
    func scalars(_ key: Key) throws -> Scalars { Scalars(value: try child(key), path: codingPath + [key]) }

    func decodeNil(forKey key: Key) throws -> Bool { entries[key.stringValue].map { $0 == .null } ?? true }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalars(key).bool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalars(key).string() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalars(key).double() }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try scalars(key).float() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalars(key).integer(Int.self) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try scalars(key).integer(Int8.self) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try scalars(key).integer(Int16.self) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalars(key).integer(Int32.self) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalars(key).integer(Int64.self) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try scalars(key).integer(UInt.self) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try scalars(key).integer(UInt8.self) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try scalars(key).integer(UInt16.self) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalars(key).integer(UInt32.self) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try scalars(key).integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(type, try child(key), codingPath + [key])
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try DecoderState(value: try child(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try DecoderState(value: try child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { DecoderState(value: entries["super"] ?? .null, codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { DecoderState(value: try child(key), codingPath: codingPath + [key]) }
}

private struct UnkeyedReader: UnkeyedDecodingContainer {
    let items: [BinaryValue]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    init(items: [BinaryValue], codingPath: [any CodingKey]) { self.items = items; self.codingPath = codingPath }

    mutating func next() throws -> Scalars {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the list has only \(items.count) items"))
        }
        defer { currentIndex += 1 }
        return Scalars(value: items[currentIndex], path: codingPath + [AnyKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().bool() }
    mutating func decode(_ type: String.Type) throws -> String { try next().string() }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().double() }
    mutating func decode(_ type: Float.Type) throws -> Float { try next().float() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().integer(Int.self) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try next().integer(Int32.self) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try next().integer(Int64.self) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try next().integer(UInt32.self) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try next().integer(UInt64.self) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let item = try next()
        return try decodeValue(type, item.value, item.path)
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let item = try next()
        return try DecoderState(value: item.value, codingPath: item.path).container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let item = try next()
        return try DecoderState(value: item.value, codingPath: item.path).unkeyedContainer()
    }
    mutating func superDecoder() throws -> any Decoder {
        let item = try next()
        return DecoderState(value: item.value, codingPath: item.path)
    }
}

private struct SingleReader: SingleValueDecodingContainer {
    let value: BinaryValue
    var codingPath: [any CodingKey]
    var scalars: Scalars { Scalars(value: value, path: codingPath) }

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try scalars.bool() }
    func decode(_ type: String.Type) throws -> String { try scalars.string() }
    func decode(_ type: Double.Type) throws -> Double { try scalars.double() }
    func decode(_ type: Float.Type) throws -> Float { try scalars.float() }
    func decode(_ type: Int.Type) throws -> Int { try scalars.integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try scalars.integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try scalars.integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalars.integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalars.integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try scalars.integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try scalars.integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try scalars.integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalars.integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try scalars.integer(UInt64.self) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type, value, codingPath) }
}
