import Foundation
import StrataCore
import StrataData
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Files large enough (> 1 MiB) that each block is cut into parts parsed on several threads:
/// the result must not depend on where the cuts fall.
@Suite struct CSVReaderParallelTests {
    static let rows = 60_000
    /// Twice the reader's smallest part (256 KiB): a block of this many bytes is split.
    static let partBytes = 1 << 19

    /// Exact values (quarters) so the expected floats are known without parsing.
    static func value(_ r: Int, _ c: Int) -> Float { Float((r * 7 + c * 13) % 4001) / 4 }

    /// A file of `rows` rows: `id,a,b,c`, ids built by `id(r)` (already quoted when needed).
    static func text(lineEnd: String = "\n", bom: Bool = false, id: (Int) -> String) -> String {
        var text = (bom ? "\u{FEFF}" : "") + "id,a,b,c" + lineEnd
        text.reserveCapacity(rows * 40)
        for r in 0..<rows {
            text += "\(id(r)),\(value(r, 0)),\(value(r, 1)),\(value(r, 2))" + lineEnd
        }
        return text
    }

    static func expectRows(_ table: FeatureTable, ids: (Int) -> String) {
        #expect(table.rowCount == rows && table.columnNames == ["a", "b", "c"])
        var bad = 0
        for r in 0..<rows {
            for c in 0..<3 where table.matrix[r, c] != value(r, c) { bad += 1 }
            if table.id(at: r) != ids(r) { bad += 1 }
        }
        #expect(bad == 0)
    }

    @Test func quotedLineBreaksAcrossEveryCut() throws {
        // Every record holds a quoted line break, so most guessed cuts land inside a field.
        let url = csvFile(Self.text { "\"C\($0)\nx\"" })
        #expect(try Data(contentsOf: url).count > 3 * CSVReaderParallelTests.partBytes)
        Self.expectRows(try CSVReader().read(url)) { "C\($0)\nx" }
    }

    @Test func strayQuotesMisleadTheQuoteCountButNotTheResult() throws {
        // An unquoted field with one quote flips the quote parity; the cut check must catch it.
        var text = "id,note,a\n"
        for r in 0..<Self.rows * 2 { text += "r\(r),\(r % 1000 == 0 ? "5\"" : "x"),\(r % 97)\n" }
        let table = try CSVReader(columns: ["a"]).read(csvFile(text))
        #expect(table.rowCount == Self.rows * 2)
        #expect((0..<table.rowCount).allSatisfy { table.matrix[$0, 0] == Float($0 % 97) && table.id(at: $0) == "r\($0)" })
    }

    @Test func crlfAndByteOrderMark() throws {
        let table = try CSVReader().read(csvFile(Self.text(lineEnd: "\r\n", bom: true) { "C\($0)" }))
        Self.expectRows(table) { "C\($0)" }
    }

    @Test func errorInTheSecondHalfNamesItsLine() {
        for (bad, expected) in [("7,abc", "notNumeric"), ("7", "ragged"), (",", "missing")] {
            var text = "a,b\n"
            for r in 0..<Self.rows * 2 { text += r == Self.rows * 2 - 1000 ? "\(bad)\n" : "\(r),\(r % 5)\n" }
            do {
                _ = try CSVReader().read(csvFile(text))
                Issue.record("\(expected) accepted")
            } catch {
                let line = Self.rows * 2 - 1000 + 2
                switch (error, expected) {
                case (.notNumeric(_, line, 2, "b", "abc"), "notNumeric"), (.raggedRow(_, line, 2, 1), "ragged"),
                     (.missingValue(_, line, 1, "a"), "missing"): break
                default: Issue.record("\(expected): got \(error)")
                }
            }
        }
    }

    @Test func missingCellsInTheSecondHalfAreImputed() throws {
        var text = "a,b\n"
        for r in 0..<Self.rows * 2 { text += r % 10_000 == 9_999 ? ",\(r % 5)\n" : "\(r % 3),\(r % 5)\n" }
        let result = try CSVReader(missingValues: .impute(.constant(-1))).readWithSummary(bytes: Array(text.utf8))
        #expect(result.missingCounts == [Self.rows * 2 / 10_000, 0])
        let m = result.table.matrix
        #expect((0..<m.rows).allSatisfy { m[$0, 0] == ($0 % 10_000 == 9_999 ? -1 : Float($0 % 3)) })
    }

    @Test func recordsLeavingTheFastPathKeepTheirValues() throws {
        // Every 7th record has a cell the whole-record path hands back (spaces, quotes, an
        // exponent, a plus sign, a missing marker) in a middle column, after fast cells.
        let shapes = [" 5", "\"6\"", "7e0", "+8", "NA", "9 "]
        let expected: [Float] = [5, 6, 7, 8, -1, 9]
        var text = "a,b,c,d\n"
        for r in 0..<Self.rows * 2 {
            let c = r % 7 == 3 ? shapes[r / 7 % shapes.count] : "\(Self.value(r, 1))"
            text += "\(Self.value(r, 0)),\(Self.value(r, 2)),\(c),0.\(r)\n"
        }
        let m = try CSVReader(missingValues: .impute(.constant(-1))).read(csvFile(text)).matrix
        var bad = 0
        for r in 0..<Self.rows * 2 {
            let c = r % 7 == 3 ? expected[r / 7 % shapes.count] : Self.value(r, 1)
            if m[r, 0] != Self.value(r, 0) || m[r, 1] != Self.value(r, 2) || m[r, 2] != c
                || m[r, 3] != Float(strtod("0.\(r)", nil)) { bad += 1 }
        }
        #expect(bad == 0)
    }

    @Test func errorAfterFastFieldsNamesItsColumn() {
        // The bad cell follows cells the fast path already read; the general path must report it.
        var text = "a,b,c,d\n"
        for r in 0..<Self.rows * 2 { text += r == Self.rows + 17 ? "1.5,2.25,3x,4\n" : "\(r),\(r % 5).5,7,0.25\n" }
        do {
            _ = try CSVReader().read(csvFile(text))
            Issue.record("3x accepted")
        } catch {
            guard case .notNumeric(_, Self.rows + 19, 3, "c", "3x") = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test func numbersCutByTheBlockEndAreNotCompletedFromStaleBytes() throws {
        // Small blocks end inside long numbers; bytes past the block's end are left from the
        // previous block and must never be read as the rest of a number.
        var text = "a,b\n"
        for r in 0..<20_000 { text += "\(Double(r) * 1.0000001 + 0.123456789),-\(r).\(r % 1000)\n" }
        let bytes = Array(text.utf8)
        let whole = try CSVReader().read(bytes: bytes)
        for blockSize in [4096, 4099, 5003] {
            #expect(try CSVReader(blockSize: blockSize).read(bytes: bytes) == whole)
        }
        #expect(whole.matrix[19_999, 0] == Float(strtod("\(19_999 * 1.0000001 + 0.123456789)", nil)))
        #expect(whole.matrix[12_345, 1] == Float(strtod("-12345.345", nil)))
    }

    @Test func sameResultWhateverTheBlockSize() throws {
        let text = Array(Self.text { "\"C\($0)\nx\"" }.utf8)
        let big = try CSVReader().read(bytes: text)
        let small = try CSVReader(blockSize: 1 << 12).read(bytes: text)
        #expect(big == small)
    }
}
