import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a CSV's bytes come from: a file read in large blocks, or memory.
///
/// Regular files and memory can be read at any offset, from several threads at once
/// (``read(into:count:at:)`` changes no state); pipes only in order. Files are read, never
/// mapped: a mapped file that another process truncates raises SIGBUS on the pages past its new
/// end, while a read just comes back short (and ``checkUnchanged()`` reports the change).
package final class CSVByteSource: @unchecked Sendable {
    private let descriptor: Int32
    private let memory: [UInt8]?
    let name: String
    /// Total bytes when known (used to reserve the output once instead of growing it).
    private(set) var size: Int = 0
    /// The file's modification time when opened (nanoseconds since the epoch).
    private let modified: Int
    /// Whether ``read(into:count:at:)`` works (a regular file or memory).
    let readsAtOffsets: Bool
    /// The offset of the next in-order read.
    var position = 0

    package init(path: String) throws(DataError) {
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
        readsAtOffsets = (info.st_mode & S_IFMT) == S_IFREG
        size = readsAtOffsets ? Int(info.st_size) : 0
        modified = Self.modified(info)
    }

    init(bytes: [UInt8], name: String) {
        descriptor = -1
        memory = bytes
        self.name = name
        size = bytes.count
        readsAtOffsets = true
        modified = 0
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Throws when the file's size or modification time differs from when it was opened: a
    /// file rewritten, cut short or extended while it was read would otherwise give a mix of
    /// old and new records, or silently fewer rows.
    func checkUnchanged() throws(DataError) {
        guard descriptor >= 0, readsAtOffsets else { return }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .io(file: name, reason: "cannot check the file after reading it (\(String(cString: strerror(errno))))")
        }
        guard Int(info.st_size) == size, Self.modified(info) == modified else {
            throw changed(now: Int(info.st_size))
        }
    }

    /// The error for a file that changed while it was read.
    func changed(now: Int) -> DataError {
        .io(file: name, reason: "the file changed while it was read (\(size) bytes when opened, \(now) now); read it again once it is complete")
    }

    private static func modified(_ info: stat) -> Int {
        #if canImport(Darwin)
        return info.st_mtimespec.tv_sec * 1_000_000_000 + info.st_mtimespec.tv_nsec
        #else
        return info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec
        #endif
    }

    /// Reads up to `count` bytes into `buffer` in order; 0 means end of input.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(DataError) -> Int {
        if readsAtOffsets {
            let n = try read(into: buffer, count: count, at: position)
            position += n
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
        position += total
        return total
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the input.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) throws(DataError) -> Int {
        if let memory {
            let n = Swift.max(0, Swift.min(count, memory.count - offset))
            memory.withUnsafeBufferPointer { src in
                if n > 0 { buffer.update(from: src.baseAddress! + offset, count: n) }
            }
            return n
        }
        var total = 0
        while total < count {
            let n = pread(descriptor, buffer + total, count - total, off_t(offset + total))
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
