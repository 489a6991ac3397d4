import Foundation
import StrataData
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A file that another process truncates, rewrites or extends while it is read gives a clear
/// error naming it, never a signal (a read-only mapping of a file cut short raises SIGBUS on the
/// pages past its new end) and never silently fewer rows. The change is made deterministically
/// between opening the file (its size is taken then) and reading it.
@Suite struct CSVReaderFileChangeTests {
    /// A CSV of `rows` records of `a,b,c` (about 20 bytes each).
    static func file(rows: Int) -> URL {
        var text = "a,b,c\n"
        for r in 0..<rows { text += "\(r),\(r % 97).25,\(Double(r) * 0.001)\n" }
        return csvFile(text)
    }

    static func expectChangedError(_ url: URL, blockSize: Int, change: (URL) -> Void) {
        let source = try! CSVByteSource(path: url.path)
        change(url)
        do {
            let result = try CSVReader(blockSize: blockSize).readWithSummary(source)
            Issue.record("read \(result.table.rowCount) rows of a file that changed while it was read")
        } catch {
            let message = "\(error)"
            #expect(message.contains(url.path) && message.contains("changed while it was read"), "\(message)")
        }
    }

    @Test(arguments: [1 << 12, 1 << 16, 8 << 20])
    func truncatedAfterOpeningIsAnError(blockSize: Int) {
        let url = Self.file(rows: 100_000)
        let size = try! FileManager.default.attributesOfItem(atPath: url.path)[.size] as! Int
        // Cut mid-file, so the pages past the new end are more than a page beyond it.
        Self.expectChangedError(url, blockSize: blockSize) { #expect(truncate($0.path, off_t(size / 3)) == 0) }
    }

    @Test func truncatedAtARecordBoundaryIsAnError() {
        // Whole records remain: without the check this would be a silent read of fewer rows.
        let url = Self.file(rows: 50_000)
        let bytes = try! Data(contentsOf: url)
        let cut = bytes.prefix(bytes.count / 2).lastIndex(of: 0x0A)! + 1
        Self.expectChangedError(url, blockSize: 1 << 16) { #expect(truncate($0.path, off_t(cut)) == 0) }
    }

    @Test func emptiedAfterOpeningIsAnError() {
        Self.expectChangedError(Self.file(rows: 10_000), blockSize: 1 << 16) { #expect(truncate($0.path, 0) == 0) }
    }

    @Test func extendedAfterOpeningIsAnError() {
        Self.expectChangedError(Self.file(rows: 10_000), blockSize: 1 << 16) { url in
            let handle = try! FileHandle(forWritingTo: url)
            handle.seekToEndOfFile()
            handle.write(Data("1,2,3\n".utf8))
            try! handle.close()
        }
    }

    @Test func unchangedFileOpenedEarlierReadsEveryRow() throws {
        let url = Self.file(rows: 10_000)
        let source = try CSVByteSource(path: url.path)
        let table = try CSVReader(blockSize: 1 << 12).readWithSummary(source).table
        #expect(table.rowCount == 10_000)
        #expect(table.matrix[9_999, 0] == 9_999)
    }
}
