extension SegmentationModel {
    /// The same file with its payload length and checksum recomputed, or nil when the bytes have
    /// no header lines and payload magic to find. Fuzzing only: random changes to a sealed payload
    /// almost always fail the checksum, so a fuzzer reseals a copy to reach the decoder behind it.
    public static func _resealedForFuzzing(_ bytes: [UInt8]) -> [UInt8]? {
        guard let firstEnd = bytes.firstIndex(of: 10),
              let headerEnd = bytes[(firstEnd + 1)...].firstIndex(of: 10) else { return nil }
        let sealed = headerEnd + 1
        let start = sealed + payloadMagic.count + 8
        guard bytes.count >= start + 16, Array(bytes[sealed..<(sealed + payloadMagic.count)]) == payloadMagic else { return nil }
        let payload = Array(bytes[start..<(bytes.count - 16)])
        var out = Array(bytes[..<(sealed + payloadMagic.count)])
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: payload)
        out.append(contentsOf: SealedPayload.fingerprint(payload))
        return out
    }
}
