/// Strata's binary coding of `Codable` models (the payload of model files and step-cache
/// entries): a tagged tree whose `[Float]`, `[Double]` and `[Int]` arrays are raw little-endian
/// blocks. Decoding checks every length against the bytes present and bounds nesting, so damaged
/// bytes give a thrown error, never a trap.
///
/// ```swift
/// let bytes = try BinaryModelCoding.encode(model)
/// let again = try BinaryModelCoding.decode(KMeans.Model.self, from: bytes)
/// ```
public enum BinaryModelCoding {
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try BinaryModelEncoder.encode(value).write(to: &bytes)
        return bytes
    }

    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try bytes.withUnsafeBytes { raw in
            var offset = 0
            let value = try BinaryValue.read(raw, offset: &offset)
            guard offset == raw.count else { throw ModelFileError.corrupt("\(raw.count - offset) bytes follow the value") }
            return try BinaryModelDecoder.decode(type, from: value)
        }
    }
}
