import CStrataKernels
import Foundation
import StrataCore
import StrataData
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The vector whole-record kernel (`strata_csv_record`) called directly: every value it accepts
/// equals strtod's rounded to `Float` (what the Swift paths give), it accepts the common shapes
/// (so the reader's speed does not rest on a path that silently declines), and it declines
/// whatever the Swift paths must parse or report. Runs where the CPU has the kernel.
@Suite(.enabled(if: strata_csv_record_supported(-1) != 0, "the CPU lacks AVX-512 byte permutes"))
struct CSVRecordKernelTests {
    /// The kernel on one record (`text` without its line feed), with the index built over it as
    /// the reader builds it: the offset after the record or -1, the row and the id span.
    static func parse(_ text: String, fields: Int, roles: [Int32]? = nil) -> (next: Int, row: [Float], id: (Int, Int)) {
        let bytes = Array((text + "\n").utf8)
        // The reader's buffer stays readable 64 bytes past its data.
        let padded = bytes + [UInt8](repeating: 0, count: 64)
        var words = [UInt64](repeating: 0, count: bytes.count / 64 + 1)
        let width = roles.map { $0.filter { $0 >= 0 }.count } ?? fields
        var row = [Float](repeating: .nan, count: Swift.max(width, 1))
        var span = [-1, -1]
        let roleList = roles ?? []
        let next = padded.withUnsafeBufferPointer { base in
            strata_separator_index(-1, base.baseAddress, bytes.count, 0x2C, &words)
            return roleList.withUnsafeBufferPointer { r in
                strata_csv_record(base.baseAddress, 0, words, 0, (bytes.count - 1) >> 6, 0x2C,
                                  roles == nil ? nil : r.baseAddress, fields, &row, &span)
            }
        }
        return (next, row, (span[0], span[1]))
    }

    static func expected(_ text: String) -> Float { Float(strtod(text, nil)) }

    /// `[-]digits[.digits]`, at most 32 bytes after the sign, 19 significant and 22 fraction digits.
    static func inDomain(_ text: String) -> Bool {
        let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard body.count <= 32, parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              parts.joined().count > 0 else { return false }
        let digits = parts.joined().drop { $0 == "0" }
        return digits.count <= 19 && (parts.count == 1 || parts[1].count <= 22 || digits.isEmpty)
    }

    @Test func acceptedValuesEqualStrtodAndCommonShapesAreAccepted() {
        // The reader's own adversarial sets: random shapes, 15-19 significant digits in the
        // whole-record domain, the edges (7/8 integer digits, 19/20 significant digits, 24/25
        // fraction digits), plus midpoints between Floats and the Doubles next to them.
        let midpoints = CSVReaderNumberTests.midpoints(seed: 41, count: 4_000, in: 0.0001...10_000_000)
        let texts = CSVReaderNumberTests.texts(seed: 43) + CSVReaderNumberTests.edgeShapes + midpoints
        var mismatches = [String]()
        var accepted = 0
        var plain = 0
        for (i, text) in texts.enumerated() {
            // In a first, middle and last field of three.
            let other = ["1.5", "-22.75", "0.125"]
            var cells = other
            cells[i % 3] = text
            let result = Self.parse(cells.joined(separator: ","), fields: 3)
            // Midpoints are meant to be declined (their 17 digits are too many for the exact divide).
            let isPlain = i < texts.count - midpoints.count && Self.inDomain(text)
            if isPlain { plain += 1 }
            guard result.next >= 0 else { continue }
            if isPlain { accepted += 1 }
            if result.row[i % 3].bitPattern != Self.expected(text).bitPattern {
                mismatches.append("\(text): \(result.row[i % 3]) vs \(Self.expected(text))")
            }
            for c in 0..<3 where c != i % 3 && result.row[c] != Float(other[c])! {
                mismatches.append("\(text): neighbour \(c) is \(result.row[c])")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        // Nearly every decimal in the kernel's domain stays there (the rest lie too close to a
        // Float rounding midpoint for one multiply).
        #expect(plain > 20_000 && Double(accepted) >= 0.999 * Double(plain), "accepted \(accepted) of \(plain)")
    }

    @Test func declinesWhatTheSwiftPathsMustParseOrReport() {
        for bad in ["1e5", "1.5E-3", " 1", "1 ", "+1", "1.2.3", "--1", "-", ".", "-.", "", "0x10", "1,5x", "\"1\"",
                    "NaN", "NA", "inf", "12:30", "123456789012345678901234567890123",
                    "0.12345678901234567890123", "12345678901234567890"] {
            #expect(Self.parse("1.5,\(bad),2", fields: 3).next == -1, "\(bad)")
        }
        // Too few fields (the line ends early) or too many (a delimiter where the line should end).
        #expect(Self.parse("1,2", fields: 3).next == -1)
        #expect(Self.parse("1,2,3,4", fields: 3).next == -1)
    }

    @Test func rolesPlaceFeaturesAndNoteTheID() {
        let id = Int32(STRATA_CSV_ID)
        // id quoted, a skipped text field, features out of file order; CRLF line end.
        var result = Self.parse("\"C0000042\",-0.6726170219181086,skip me,7.72,13\r", fields: 5,
                                roles: [id, 2, -1, 0, 1])
        #expect(result.next == 48)
        #expect(result.row.map(\.bitPattern) == [Self.expected("7.72"), Self.expected("13"),
                                                 Self.expected("-0.6726170219181086")].map(\.bitPattern))
        #expect(result.id == (1, 9))
        result = Self.parse("4.5,C42", fields: 2, roles: [0, id])
        #expect(result.next == 8 && result.row == [4.5] && result.id == (4, 7))
        // A quote inside a quoted field, or one that does not close before the separator, is the
        // Swift paths' to handle.
        #expect(Self.parse("\"a\"\"b\",1", fields: 2, roles: [id, 0]).next == -1)
        #expect(Self.parse("\"a,b\",1", fields: 2, roles: [id, 0]).next == -1)
    }

    @Test func readerValuesAndLocatedErrorsThroughTheKernel() throws {
        // Enough records to be split over parts; a bad cell far in is still named by line and column.
        var rng = SeededGenerator(seed: 47)
        var lines = ["id,a,b,c"]
        var values = [[String]]()
        for r in 0..<5_000 {
            let cells = [String(format: "%.17g", Double.random(in: -1...1, using: &rng)),
                         String(format: "%.2f", Double.random(in: 0...500, using: &rng)),
                         String(Int.random(in: 0...40, using: &rng))]
            values.append(cells)
            lines.append("\"C\(r)\"," + cells.joined(separator: ","))
        }
        let table = try CSVReader().read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
        #expect(table.ids?[4_321] == "C4321")
        var mismatches = 0
        for r in 0..<values.count {
            for c in 0..<3 where table.matrix[r, c].bitPattern != Self.expected(values[r][c]).bitPattern { mismatches += 1 }
        }
        #expect(mismatches == 0)
        lines[3_001] = "\"C3000\",0.25,12.5.1,3"
        do {
            _ = try CSVReader().read(bytes: Array((lines.joined(separator: "\n") + "\n").utf8))
            Issue.record("12.5.1 accepted")
        } catch {
            guard case .notNumeric(_, 3_002, 3, "b", "12.5.1") = error else { Issue.record("got \(error)"); return }
        }
    }
}
