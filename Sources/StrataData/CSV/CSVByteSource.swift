import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a CSV's bytes come from: a file read with `read(2)` in large blocks, or memory.
final class CSVByteSource {
    private let descriptor: Int32
    private let memory: [UInt8]?
    private var memoryOffset = 0
    let name: String
    /// Total bytes when known (used to reserve the output once instead of growing it).
    private(set) var size: Int = 0

    init(path: String) throws(DataError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .io(file: path, reason: "cannot open for reading (\(String(cString: strerror(errno))))")
        }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .io(file: path, reason: "is a directory, not a CSV file")
        }
        descriptor = fd
        memory = nil
        name = path
        size = Int(info.st_size)
    }

    init(bytes: [UInt8], name: String) {
        descriptor = -1
        memory = bytes
        self.name = name
        size = bytes.count
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Reads up to `count` bytes into `buffer`; 0 means end of input.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(DataError) -> Int {
        if let memory {
            let n = Swift.min(count, memory.count - memoryOffset)
            memory.withUnsafeBufferPointer { src in
                buffer.update(from: src.baseAddress! + memoryOffset, count: n)
            }
            memoryOffset += n
            return n
        }
        var total = 0
        while total < count {
            let n = systemRead(descriptor, buffer + total, count - total)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(file: name, reason: "read failed (\(String(cString: strerror(errno))))")
            }
            if n == 0 { break }
            total += n
        }
        return total
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
