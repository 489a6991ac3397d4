import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a CSV's bytes come from: a file read in large blocks, or memory.
///
/// Regular files and memory can be read at any offset, from several threads at once
/// (``read(into:count:at:)`` changes no state); pipes only in order.
final class CSVByteSource: @unchecked Sendable {
    private let descriptor: Int32
    private let memory: [UInt8]?
    let name: String
    /// Total bytes when known (used to reserve the output once instead of growing it).
    private(set) var size: Int = 0
    /// Whether ``read(into:count:at:)`` works (a regular file or memory).
    let readsAtOffsets: Bool
    /// The offset of the next in-order read.
    var position = 0

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
        readsAtOffsets = (info.st_mode & S_IFMT) == S_IFREG
        size = readsAtOffsets ? Int(info.st_size) : 0
    }

    init(bytes: [UInt8], name: String) {
        descriptor = -1
        memory = bytes
        self.name = name
        size = bytes.count
        readsAtOffsets = true
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// The whole regular file mapped read-only, followed by at least `padding` zero bytes (the
    /// parser's word loads past the end); nil for memory, pipes, empty files or a failed map, which
    /// are read with ``read(into:count:)`` instead. Parsing straight from the page cache saves
    /// copying every byte into a block buffer. Release with ``unmap(_:)``.
    func map(padding: Int) -> UnsafeMutableRawBufferPointer? {
        #if os(Linux) || canImport(Darwin)
        guard descriptor >= 0, readsAtOffsets, size > 0 else { return nil }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let length = (size + padding + page - 1) / page * page
        // An anonymous (zero) reservation first, then the file over its start: the bytes after the
        // file's end are zeros however its size falls against the page size.
        guard let region = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              region != MAP_FAILED else { return nil }
        guard let file = mmap(region, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, descriptor, 0),
              file != MAP_FAILED else {
            munmap(region, length)
            return nil
        }
        return UnsafeMutableRawBufferPointer(start: region, count: length)
        #else
        return nil
        #endif
    }

    /// Releases a region from ``map(padding:)``.
    func unmap(_ region: UnsafeMutableRawBufferPointer) {
        munmap(region.baseAddress, region.count)
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
