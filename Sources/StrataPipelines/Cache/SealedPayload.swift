import Foundation

/// A file layout shared by cache entries and model files' payloads: a magic line, the payload
/// length, the payload, and the payload's fingerprint — so a truncated or altered file is
/// detected before anything is decoded. Written atomically.
enum SealedPayload {
    static func write(_ payload: [UInt8], magic: [UInt8], to url: URL) throws {
        var out = magic
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: payload)
        out.append(contentsOf: fingerprint(payload))
        try Data(out).write(to: url, options: .atomic)
    }

    /// The payload of a sealed buffer, checked.
    static func open(_ raw: UnsafeRawBufferPointer, magic: [UInt8]) throws(ModelFileError) -> UnsafeRawBufferPointer {
        guard raw.count >= magic.count + 8 + 16, Array(raw[0..<magic.count]) == magic else { throw .notAModelFile }
        let length = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: magic.count, as: UInt64.self))
        let start = magic.count + 8
        guard length == UInt64(raw.count - start - 16) else {
            throw .corrupt("it holds \(raw.count - start - 16) payload bytes where its header says \(length) (truncated?)")
        }
        let payload = UnsafeRawBufferPointer(rebasing: raw[start..<(raw.count - 16)])
        guard Array(raw[(raw.count - 16)...]) == fingerprint(payload) else {
            throw .corrupt("its checksum does not match its content")
        }
        return payload
    }

    static func fingerprint(_ payload: [UInt8]) -> [UInt8] { payload.withUnsafeBytes { fingerprint($0) } }

    static func fingerprint(_ payload: UnsafeRawBufferPointer) -> [UInt8] {
        var hash = Fingerprint()
        hash.update(payload)
        let hex = Array(hash.hex.utf8)
        return (0..<16).map { i in UInt8(hexDigit(hex[2 * i]) << 4 | hexDigit(hex[2 * i + 1])) }
    }

    private static func hexDigit(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
}

extension SealedPayload {
    /// Writes a large payload without concatenating it: header, payload and fingerprint go to a
    /// temporary file beside `url`, which then replaces `url` atomically.
    static func write(_ payload: UnsafeRawBufferPointer, magic: [UInt8], to url: URL) throws {
        var header = magic
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { header.append(contentsOf: $0) }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(header)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.seekToEnd()
            if let base = payload.baseAddress {
                try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: payload.count, deallocator: .none))
            }
            try handle.write(contentsOf: Data(fingerprint(payload)))
            guard rename(temporary.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
