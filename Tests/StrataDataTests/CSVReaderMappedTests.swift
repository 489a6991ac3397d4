import Foundation
import StrataCore
import StrataData
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Regular files are read in blocks that move over the file (ending anywhere against a page), and the
/// whole-record path finds field ends from a separator index built in 64 KiB windows. Each test
/// compares a file read with the same text read from memory (the copied-block path) and with
/// values known without the parser.
@Suite struct CSVReaderMappedTests {
    /// A row of `a,b,c`: an integer, two decimals and a 17-digit value (exact expectations from strtod).
    static func row(_ r: Int) -> [String] {
        ["\(r % 1000)", "\(r % 977).\(r % 100)", "\(Double(r) * 1.0000000123 + 0.1234567)"]
    }

    static func expectRows(_ table: FeatureTable, _ rows: Int, from first: Int = 0) {
        #expect(table.rowCount == rows)
        var bad = 0
        for i in 0..<Swift.min(rows, table.rowCount) {
            for (c, text) in row(first + i).enumerated() where table.matrix[i, c] != Float(strtod(text, nil)) { bad += 1 }
        }
        #expect(bad == 0)
    }

    @Test func fileEndsAtEveryOffsetAroundAPage() throws {
        // The last number runs to the file's end (no final line end) with the file's size on,
        // just below and just above a page multiple: the parser's word loads past the end must
        // read zeros, never fault, and never extend the number.
        var text = "a,b,c\n"
        var r = 0
        while text.utf8.count < 2 * 4096 { text += Self.row(r).joined(separator: ",") + "\n"; r += 1 }
        for size in [3 * 4096 - 1, 3 * 4096, 3 * 4096 + 1, 4 * 4096 - 40, 4 * 4096] {
            var body = text
            while body.utf8.count + 20 < size { body += "1,2.5,3\n" }
            // The last record's number is as long as it takes to end the file at exactly `size`.
            let digits = size - body.utf8.count - "7,8.5,9.".utf8.count
            let lastCell = "9." + String(repeating: "7", count: digits)
            body += "7,8.5," + lastCell
            #expect(body.utf8.count == size)
            let url = temporaryDirectory().appendingPathComponent("page.csv")
            try Data(body.utf8).write(to: url)
            let fromFile = try CSVReader().read(url)
            #expect(fromFile == (try CSVReader().read(bytes: Array(body.utf8))), "size \(size)")
            #expect(fromFile.matrix[fromFile.rowCount - 1, 2] == Float(strtod(lastCell, nil)), "size \(size)")
        }
    }

    @Test func smallWindowsOverAMappedFileKeepValuesAndLines() throws {
        // 4 KiB blocks move over the file and grow past a 20 KiB record; an error far into
        // the file still names its line and column.
        var text = "id,a,b,c\n"
        let rows = 30_000
        for r in 0..<rows {
            let id = r == 7_000 ? String(repeating: "x", count: 20_000) : "r\(r)"
            text += "\(id)," + Self.row(r).joined(separator: ",") + "\n"
        }
        let url = csvFile(text)
        let whole = try CSVReader().read(bytes: Array(text.utf8))
        for blockSize in [4096, 4099, 1 << 16] {
            let table = try CSVReader(blockSize: blockSize).read(url)
            #expect(table == whole, "block \(blockSize)")
        }
        Self.expectRows(whole, rows)
        let bad = csvFile(text + "r\(rows),1,2x,3\n")
        do {
            _ = try CSVReader(blockSize: 4099).read(bad)
            Issue.record("2x accepted")
        } catch {
            guard case .notNumeric(_, rows + 2, 3, "b", "2x") = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func recordsAcrossSeparatorIndexWindows() throws {
        // Records of irregular length (text fields of 0 to 6,000 bytes, tab-delimited, CRLF on
        // odd rows) cross the index's 64 KiB windows at every offset; some are longer than the
        // window margin and one longer than the window itself.
        var text = "note\ta\tb\tc\r\n"
        let rows = 20_000
        for r in 0..<rows {
            let length = r == 4_321 ? 70_000 : (r % 97 == 0 ? 6_000 : (r * 31) % 23)
            let fields = [String(repeating: "n", count: length)] + Self.row(r)
            text += fields.joined(separator: "\t") + (r % 2 == 1 ? "\r\n" : "\n")
        }
        let reader = CSVReader(columns: ["a", "b", "c"], delimiter: "\t")
        let table = try reader.read(csvFile(text))
        Self.expectRows(table, rows)
        #expect(table == (try reader.read(bytes: Array(text.utf8))))
    }

    @Test func quotesOnlyLaterInTheFileStillCutAtRecords() throws {
        // The first part of each block holds no quote, later records hold quoted line breaks:
        // cuts guessed inside them must be caught and the parts parsed again.
        var text = "id,a,b,c\n"
        let rows = 60_000
        for r in 0..<rows {
            let id = r < 30_000 ? "r\(r)" : "\"r\(r)\nq\""
            text += "\(id)," + Self.row(r).joined(separator: ",") + "\n"
        }
        let table = try CSVReader().read(csvFile(text))
        Self.expectRows(table, rows)
        #expect((0..<rows).allSatisfy { table.id(at: $0) == ($0 < 30_000 ? "r\($0)" : "r\($0)\nq") })
    }
}
