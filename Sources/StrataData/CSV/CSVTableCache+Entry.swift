import Dispatch
import Foundation
import StrataCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry file: `STRATATB`, the header's length (UInt64, little-endian), the header (JSON),
/// zero padding to 8 bytes, the values (Float, row-major), padding to 8, then with ids their
/// rows + 1 byte offsets (UInt64) and UTF-8 bytes, and last a UInt64 checksum of the sections.
extension CSVTableCache {
    static let magic: [UInt8] = Array("STRATATB".utf8)

    struct Header: Codable {
        var key: Key
        var rows: Int
        var columns: Int
        var columnNames: [String]
        var idByteCount: Int?
        var missingCounts: [Int]
        var imputedValues: [Float?]
    }

    /// The entry's table, or nil when the file is missing, foreign, damaged or for another key.
    static func readEntry(_ path: String, expecting key: Key) -> CSVReader.Result? {
        guard let source = try? CSVByteSource(path: path), source.readsAtOffsets else { return nil }
        let size = source.size
        var prefix = [UInt8](repeating: 0, count: 16)
        guard size >= 24, (try? source.read(into: &prefix, count: 16, at: 0)) == 16,
              Array(prefix[0..<8]) == magic else { return nil }
        let headerLength = prefix[8..<16].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= 1 << 24, Int(headerLength) <= size - 24 else { return nil }
        var headerBytes = [UInt8](repeating: 0, count: Int(headerLength))
        guard (try? source.read(into: &headerBytes, count: headerBytes.count, at: 16)) == headerBytes.count,
              let header = try? JSONDecoder().decode(Header.self, from: Data(headerBytes)),
              header.key == key, header.rows > 0, header.columns > 0,
              header.columnNames.count == header.columns, header.missingCounts.count == header.columns,
              header.imputedValues.count == header.columns else { return nil }
        let (cells, overflow) = header.rows.multipliedReportingOverflow(by: header.columns)
        guard !overflow, cells <= size / 4 else { return nil }
        let valuesAt = align8(16 + headerBytes.count)
        var end = align8(valuesAt + cells * 4)
        var offsetsAt = 0, bytesAt = 0
        if let idBytes = header.idByteCount {
            guard idBytes >= 0, idBytes <= size, header.rows < size / 8 else { return nil }
            offsetsAt = end
            bytesAt = offsetsAt + (header.rows + 1) * 8
            end = bytesAt + idBytes
        }
        guard end + 8 == size else { return nil }
        var sections = [UInt64]()
        headerBytes.withUnsafeBytes { sections.append(ContentHash.of($0)) }
        var failed = false
        let values = [Float](unsafeUninitializedCapacity: cells) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            guard readFully(source, raw, at: valuesAt) else { failed = true; return }
            sections.append(ContentHash.of(UnsafeRawBufferPointer(raw)))
            initialized = cells
        }
        guard !failed else { return nil }
        var offsets = [UInt64]()
        var bytes = [UInt8]()
        if let idBytes = header.idByteCount {
            offsets = [UInt64](repeating: 0, count: header.rows + 1)
            bytes = [UInt8](repeating: 0, count: idBytes)
            let okay = offsets.withUnsafeMutableBytes { readFully(source, $0, at: offsetsAt) }
                && bytes.withUnsafeMutableBytes { readFully(source, $0, at: bytesAt) }
            guard okay else { return nil }
            offsets.withUnsafeBytes { sections.append(ContentHash.of($0)) }
            bytes.withUnsafeBytes { sections.append(ContentHash.of($0)) }
        }
        var stored: UInt64 = 0
        guard (try? withUnsafeMutableBytes(of: &stored) {
            try source.read(into: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 8, at: size - 8)
        }) == 8, UInt64(littleEndian: stored) == checksum(sections) else { return nil }
        var ids: [String]?
        if let idBytes = header.idByteCount {
            // Checked even after the checksum: a trap must be impossible whatever the bytes.
            guard offsets[0] == 0, offsets[header.rows] == UInt64(idBytes) else { return nil }
            var list = [String]()
            list.reserveCapacity(header.rows)
            let okay = bytes.withUnsafeBufferPointer { all -> Bool in
                for r in 0..<header.rows {
                    let lo = offsets[r], hi = offsets[r + 1]
                    guard lo <= hi, hi <= UInt64(idBytes) else { return false }
                    list.append(String(decoding: UnsafeBufferPointer(rebasing: all[Int(lo)..<Int(hi)]), as: UTF8.self))
                }
                return true
            }
            guard okay else { return nil }
            ids = list
        }
        guard let matrix = try? Matrix(rows: header.rows, columns: header.columns, values: values),
              let table = try? FeatureTable(columnNames: header.columnNames, ids: ids, matrix: matrix) else { return nil }
        return CSVReader.Result(table: table, missingCounts: header.missingCounts, imputedValues: header.imputedValues)
    }

    /// Writes an entry beside its final name and renames it into place; failures leave no entry.
    static func writeEntry(_ result: CSVReader.Result, key: Key, to path: String) {
        let table = result.table
        var idBytes: [UInt8]?
        var offsets: [UInt64]?
        if let ids = table.ids {
            var bytes = [UInt8](), starts = [UInt64(0)]
            starts.reserveCapacity(ids.count + 1)
            for id in ids { bytes.append(contentsOf: id.utf8); starts.append(UInt64(bytes.count)) }
            idBytes = bytes
            offsets = starts
        }
        let header = Header(key: key, rows: table.rowCount, columns: table.columnCount, columnNames: table.columnNames,
                            idByteCount: idBytes?.count, missingCounts: result.missingCounts,
                            imputedValues: result.imputedValues)
        guard let json = try? encoder.encode(header) else { return }
        let headerBytes = Array(json)
        var sections = [headerBytes.withUnsafeBytes { ContentHash.of($0) }]
        sections.append(table.matrix.storage.withUnsafeBytes { ContentHash.of($0) })
        if let offsets, let idBytes {
            sections.append(offsets.withUnsafeBytes { ContentHash.of($0) })
            sections.append(idBytes.withUnsafeBytes { ContentHash.of($0) })
        }
        var prefix = magic
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { prefix.append(contentsOf: $0) }
        prefix.append(contentsOf: headerBytes)
        prefix.append(contentsOf: [UInt8](repeating: 0, count: align8(prefix.count) - prefix.count))
        let valueBytes = table.matrix.storage.count * 4
        let padding = [UInt8](repeating: 0, count: align8(valueBytes) - valueBytes)
        let temporary = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { return }
        var okay = writeAll(fd, prefix) && table.matrix.storage.withUnsafeBytes { writeAll(fd, $0) } && writeAll(fd, padding)
        if okay, let offsets, let idBytes {
            okay = offsets.withUnsafeBytes { writeAll(fd, $0) } && writeAll(fd, idBytes)
        }
        okay = okay && withUnsafeBytes(of: checksum(sections).littleEndian) { writeAll(fd, $0) }
        okay = close(fd) == 0 && okay
        if !okay || rename(temporary, path) != 0 { unlink(temporary) }
    }

    static func checksum(_ sections: [UInt64]) -> UInt64 {
        sections.withUnsafeBytes { ContentHash.of($0) }
    }

    static func align8(_ n: Int) -> Int { (n + 7) & ~7 }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { writeAll(fd, $0) }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Fills `buffer` from `offset`, in 8 MiB slices read concurrently; false on a short read.
    static func readFully(_ source: CSVByteSource, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return true }
        let slice = 8 << 20
        let slices = (buffer.count + slice - 1) / slice
        let good = ResultSlots<Bool>(count: slices)
        let target = SendablePointer(base.assumingMemoryBound(to: UInt8.self))
        let count = buffer.count
        DispatchQueue.concurrentPerform(iterations: slices) { i in
            let lo = i * slice
            let want = Swift.min(slice, count - lo)
            good[i] = (try? source.read(into: target.base + lo, count: want, at: offset + lo)) == want
        }
        return (0..<slices).allSatisfy { good[$0] == true }
    }
}
