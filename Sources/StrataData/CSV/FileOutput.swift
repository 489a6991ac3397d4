import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An output file written with `write(2)` from byte blocks the caller formats (often in parallel).
final class FileOutput {
    private let descriptor: Int32
    let path: String

    init(path: String) throws(DataError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw .io(file: path, reason: "cannot open for writing (\(String(cString: strerror(errno))))")
        }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    func write(_ bytes: [UInt8]) throws(DataError) {
        try bytes.withUnsafeBufferPointer { (b) throws(DataError) in
            var offset = 0
            while offset < b.count {
                let n = systemWrite(descriptor, b.baseAddress! + offset, b.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw .io(file: path, reason: "write failed (\(String(cString: strerror(errno))))")
                }
                offset += n
            }
        }
    }
}

@inline(__always)
private func systemWrite(_ fd: Int32, _ buffer: UnsafePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, buffer, count)
    #else
    return Darwin.write(fd, buffer, count)
    #endif
}

/// Byte formatting helpers for CSV output.
enum CSVFormat {
    /// Appends the decimal digits of `value`.
    @inline(__always)
    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(0x2D) }
        var v = value.magnitude
        if v < 10 { out.append(0x30 &+ UInt8(v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = 0x30 &+ UInt8(v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    /// Appends the shortest text that reads back as exactly `value` (integers without ".0").
    @inline(__always)
    static func appendFloat(_ value: Float, to out: inout [UInt8]) {
        if value == value.rounded(), abs(value) < 1e9 {
            appendInteger(Int(value), to: &out)
        } else {
            out.append(contentsOf: value.description.utf8)
        }
    }

    /// Appends a value with exactly `places` decimals (for money and other fixed-point columns); zero is `0`.
    @inline(__always)
    static func appendFixed(_ value: Double, places: Int, to out: inout [UInt8]) {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((abs(value) * Double(scale)).rounded())
        if scaled == 0 { out.append(0x30); return }   // sparse tables: "0", not "0.00"
        if value < 0 && scaled != 0 { out.append(0x2D) }
        appendInteger(scaled / scale, to: &out)
        if places > 0 {
            out.append(0x2E)
            var frac = scaled % scale
            var divisor = scale / 10
            while divisor > 0 { out.append(0x30 &+ UInt8(frac / divisor)); frac %= divisor; divisor /= 10 }
        }
    }

    /// Appends a text field, quoted per RFC 4180 when it holds the delimiter, a quote or a line end.
    static func appendText(_ text: String, delimiter: UInt8, to out: inout [UInt8]) {
        let bytes = Array(text.utf8)
        if bytes.contains(where: { $0 == delimiter || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
            out.append(0x22)
            for b in bytes {
                if b == 0x22 { out.append(0x22) }
                out.append(b)
            }
            out.append(0x22)
        } else {
            out.append(contentsOf: bytes)
        }
    }
}
