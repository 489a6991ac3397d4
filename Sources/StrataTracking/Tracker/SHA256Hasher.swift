import CStrataDigest

/// Streaming SHA-256 (FIPS 180-4), used to fingerprint artifact files without loading them
/// whole; Foundation on Linux has no CryptoKit.
///
/// ```swift
/// var hasher = SHA256Hasher()
/// hasher.update(Array("abc".utf8))
/// hasher.finalize()   // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
///
/// O(n) time, O(1) memory (one 64-byte block buffered).
public struct SHA256Hasher: Sendable {
    /// a … h; the compression runs in C (CStrataDigest), on the CPU's SHA instructions where it
    /// has them: artifacts are hashed as they are logged, a sweep logs megabytes per attempt.
    private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    private var buffer: [UInt8] = []
    private var totalBytes: UInt64 = 0

    public init() {}

    /// Whether this CPU's SHA instructions do the work (portable C otherwise).
    public static var usesSHAExtensions: Bool { strata_sha256_uses_sha_extensions() != 0 }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var index = 0
        // Fill a partial block first, then compress whole blocks straight from the input.
        if !buffer.isEmpty {
            let take = min(64 - buffer.count, bytes.count)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            index = take
            if buffer.count == 64 { compressBuffer() }
        }
        let blocks = (bytes.count - index) / 64
        if blocks > 0 {
            state.withUnsafeMutableBufferPointer { s in
                strata_sha256_blocks(s.baseAddress!, base.advanced(by: index).assumingMemoryBound(to: UInt8.self), blocks)
            }
            totalBytes &+= UInt64(blocks * 64)
            index += blocks * 64
        }
        if index < bytes.count { buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index...])) }
    }

    /// Pads, processes the last block and returns the digest as 64 lowercase hex digits.
    public mutating func finalize() -> String {
        let bitLength = (totalBytes &+ UInt64(buffer.count)) &* 8
        buffer.append(0x80)
        if buffer.count > 56 {
            while buffer.count < 64 { buffer.append(0) }
            compressBuffer(countBytes: false)
        }
        while buffer.count < 56 { buffer.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { buffer.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        compressBuffer(countBytes: false)
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { hex.append(hexDigits[Int((word >> UInt32(shift)) & 0xf)]) }
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private mutating func compressBuffer(countBytes: Bool = true) {
        let block = buffer
        state.withUnsafeMutableBufferPointer { s in
            block.withUnsafeBufferPointer { strata_sha256_blocks(s.baseAddress!, $0.baseAddress!, 1) }
        }
        if countBytes { totalBytes &+= 64 }
        buffer.removeAll(keepingCapacity: true)
    }
}
