/// Lower-case hex of digests and MACs: how token hashes and SigV4 signatures are written.
extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in self { bytes.append(digits[Int(byte >> 4)]); bytes.append(digits[Int(byte & 0xf)]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
