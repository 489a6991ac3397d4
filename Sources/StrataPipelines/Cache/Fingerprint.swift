import Foundation

/// A fast 128-bit fingerprint (two independent 64-bit multiply–rotate lanes over 8-byte
/// words) for cache keys: it tells whether a data file or a step's inputs changed, at memory
/// speed. Not a cryptographic hash — the cache trusts its own directory.
public struct Fingerprint: Sendable, Hashable {
    private var a: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var length: UInt64 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let words = bytes.count / 8
        var a = self.a, b = self.b
        for i in 0..<words {
            let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
            a = ((a ^ w) &* 0xFF51_AFD7_ED55_8CCD)
            a = (a << 31) | (a >> 33)
            b = ((b &+ w) &* 0xC4CE_B9FE_1A85_EC53)
            b = (b << 29) | (b >> 35)
        }
        var tail: UInt64 = 0
        for i in (words * 8)..<bytes.count { tail = (tail << 8) | UInt64(bytes[i]) }
        a = (a ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        b = (b &+ tail &+ 1) &* 0xC4CE_B9FE_1A85_EC53
        self.a = a; self.b = b
        length &+= UInt64(bytes.count)
    }

    public mutating func update(_ text: String) {
        var copy = text
        copy.withUTF8 { update(UnsafeRawBufferPointer($0)) }
        update(withUnsafeBytes(of: UInt64(0xFF)) { Array($0) })
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// 32 hex digits.
    public var hex: String {
        func mix(_ x: UInt64) -> UInt64 {
            var z = x &+ length
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let high = String(mix(a ^ (b << 1)), radix: 16), low = String(mix(b ^ 0x5555_5555_5555_5555), radix: 16)
        return String(repeating: "0", count: 16 - high.count) + high + String(repeating: "0", count: 16 - low.count) + low
    }
}
