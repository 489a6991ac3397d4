import Foundation
import StrataCore
import StrataData
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The reader's number parsing against the C library's correctly rounded `strtod`, then rounded
/// to `Float` (numpy's `float32(float(text))`), on seeded random decimals of every shape.
@Suite struct CSVReaderNumberTests {
    static func texts(seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        var texts = [String]()
        for i in 0..<30_000 {
            switch i % 6 {
            case 0: texts.append("\(Double.random(in: -1e6...1e6, using: &rng))")            // 15-17 digits
            case 1:                                                                            // any exponent
                let d = Double(bitPattern: rng.next() & 0xFFEF_FFFF_FFFF_FFFF)
                texts.append("\(abs(d) < 1e38 ? d : d / 1e300)")
            case 2: texts.append("\(Int.random(in: -1_000_000...1_000_000, using: &rng)).\(Int.random(in: 0...99, using: &rng))")
            case 3: texts.append("\(UInt64.random(in: 1...UInt64.max, using: &rng))e\(Int.random(in: -60...18, using: &rng))")
            case 4: texts.append("0.\(String(repeating: "0", count: Int.random(in: 0...40, using: &rng)))\(rng.next() % 100_000)")
            default: texts.append("\(Float.random(in: -10...10, using: &rng))")
            }
        }
        return texts + ["0", "-0", "+1", "1.", ".5", "-.25", "00012.50", "1E+05", "1e-400", "3.4028235e38",
                        "1.17549435e-38", "1e-45", "123456789012345678901234567890", "9007199254740993",
                        "1.000000059604644775390625", "1.00000005960464477539062500001", "2.2250738585072014e-308"]
    }

    @Test func valuesEqualCorrectlyRoundedStrtod() throws {
        let texts = Self.texts(seed: 7)
        let csv = "x\n" + texts.joined(separator: "\n") + "\n"
        let m = try CSVReader().read(bytes: Array(csv.utf8)).matrix
        var mismatches = [String]()
        for (i, text) in texts.enumerated() {
            let expected = Float(strtod(text, nil))
            if m[i, 0].bitPattern != expected.bitPattern { mismatches.append("\(text): \(m[i, 0]) vs \(expected)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    /// Shapes at the edges of the whole-record fast path (7 vs 8 integer digits, 19 vs 20
    /// significant digits, zeros after the point that do not count, 24 vs 25 fraction digits).
    static let edgeShapes = [
        "1234567.5", "12345678.25", "-9999999.999999999999", "0.0063446527473017215", "-0.0009704729266150361",
        "0.000000001234567890123456", "0.0000000012345678901234567", "0.1234567890123456789", "0.12345678901234567891",
        "1234567890123456789", "12345678901234567890", "1.2345678901234567890", "0.30000000000000004", "1.", ".5",
        "-0", "-0.0", "-.25", "007", "0.000000000000000000000001", "0.0000000000000000000000001", "9007199254740993",
        "999999999999999.9", "1000000000000000.5", "0.9999999999999999999", "0.000000000000000000000000",
        "-0.00000000000000000000000", "0.00000000", "9999999", "9999999.", "-1234567.1234567890123",
    ] + fastPathDomain(seed: 5)

    /// Random cells in the whole-record path's domain: up to 7 integer digits, up to 24
    /// fraction digits (leading zeros included), 15 to 19 significant digits, either sign.
    static func fastPathDomain(seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        return (0..<20_000).map { _ in
            let significant = Int.random(in: 15...19, using: &rng)
            var digits = String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<significant { digits += String(Int.random(in: 0...9, using: &rng)) }
            let integerDigits = Int.random(in: 0...7, using: &rng)
            let sign = Bool.random(using: &rng) ? "-" : ""
            if integerDigits == 0 {
                let zeros = String(repeating: "0", count: Int.random(in: 0...Swift.max(0, 24 - significant), using: &rng))
                return sign + "0." + zeros + digits
            }
            return sign + digits.prefix(integerDigits) + "." + digits.dropFirst(integerDigits)
        }
    }

    @Test func everyFieldPositionEqualsCorrectlyRoundedStrtod() throws {
        // Three values per record (first, middle, last field) behind an id, mixed LF and CRLF:
        // the whole-record path must agree with strtod wherever a value sits.
        let texts = Self.texts(seed: 11) + Self.edgeShapes
        var csv = "id,a,b,c\n"
        var r = 0
        while r * 3 < texts.count {
            let cells = (0..<3).map { texts[(r * 3 + $0) % texts.count] }
            csv += "r\(r),\(cells.joined(separator: ","))" + (r % 2 == 0 ? "\n" : "\r\n")
            r += 1
        }
        let table = try CSVReader().read(bytes: Array(csv.utf8))
        #expect(table.rowCount == r)
        var mismatches = [String]()
        for i in 0..<r {
            if table.id(at: i) != "r\(i)" { mismatches.append("id \(i): \(table.id(at: i))") }
            for c in 0..<3 {
                let text = texts[(i * 3 + c) % texts.count]
                let expected = Float(strtod(text, nil))
                let got = table.matrix[i, c]
                if got.bitPattern != expected.bitPattern { mismatches.append("\(text): \(got) vs \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func malformedNumbersAreErrors() {
        for bad in ["1.2.3", "1e", "e5", "-", ".", "1e+", "--1", "0x10", "1_000", "-.", "1.-2", "12345678.1.2", "0.5x"] {
            #expect(throws: DataError.self, "\(bad)") { try CSVReader().read(bytes: Array("x\n\(bad)\n".utf8)) }
        }
    }

    @Test func numbersOfAtMostEightBytesEqualStrtodAndMalformedOnesAreLocated() throws {
        // Up to eight bytes after the sign the whole number is read from one word with the
        // point's byte dropped: every split of up to seven digits around the point, either sign,
        // zeros, in a first, middle and last field.
        var rng = SeededGenerator(seed: 21)
        var texts = ["0.0", "-0.00", ".0", "0.", "-.5", "5.", "1234567.", ".1234567", "-0.0000001", "9999.999"]
        for _ in 0..<6_000 {
            let integer = Int.random(in: 0...7, using: &rng)
            let fraction = Int.random(in: 0...(7 - integer), using: &rng)
            guard integer + fraction > 0 else { continue }
            let digits = (0..<(integer + fraction)).map { _ in String(rng.next() % 10) }.joined()
            let sign = rng.next() % 2 == 0 ? "-" : ""
            texts.append(sign + digits.prefix(integer) + "." + digits.dropFirst(integer))
        }
        try Self.expectStrtodInThreeColumns(texts)
        for bad in ["1.2.3", "12.3x", "1..2", ".", "-.", "1.-2", "1.2 3", "12:34.5"] {
            do {
                _ = try CSVReader().read(bytes: Array("a,b,c\n1.5,2.5,3.5\n4.5,\(bad),6.5\n".utf8))
                Issue.record("\(bad) accepted")
            } catch {
                guard case .notNumeric(_, 3, 2, "b", bad) = error else { Issue.record("\(bad): got \(error)"); continue }
            }
        }
    }

    @Test func decimalsNextToFloatRoundingMidpointsEqualStrtod() throws {
        // Halfway between two Floats a one-multiply approximation can round either way: such
        // cells must go to the exact routes. Midpoints (ties to even) and the Doubles just above
        // and below them, printed with 17 digits, in every field position.
        let texts = Self.midpoints(seed: 33, count: 3_000, in: 0.001...1_000_000)
        // The inputs discriminate: the plain product (mantissa × nearest Double to 10^-k) lands
        // on the wrong Float for some of them.
        let tenths = (0...22).map { Double("1e-\($0)")! }
        let naiveWrong = texts.filter { text in
            let parts = text.split(separator: ".")
            let fraction = parts.count == 2 ? parts[1] : ""
            let mantissa = Double(UInt64(parts[0] + fraction)!) * tenths[fraction.count]
            return Float(mantissa) != Float(strtod(text, nil))
        }
        #expect(naiveWrong.count > 10)
        try Self.expectStrtodInThreeColumns(texts)
    }

    /// `count` Floats' upper rounding midpoints (ties to even) and the Doubles just above and
    /// below them, printed with 17 digits.
    static func midpoints(seed: UInt64, count: Int, in range: ClosedRange<Float>) -> [String] {
        var rng = SeededGenerator(seed: seed)
        var texts = [String]()
        for _ in 0..<count {
            let f = Float.random(in: range, using: &rng)
            let mid = (Double(f) + Double(f.nextUp)) / 2
            for d in [mid, mid.nextUp, mid.nextDown] { texts.append(String(format: "%.17g", d)) }
        }
        return texts
    }

    /// Reads `texts` three to a record (so each lands in a first, middle and last field) and
    /// expects every value to equal strtod's, rounded to `Float`.
    static func expectStrtodInThreeColumns(_ texts: [String]) throws {
        var csv = "a,b,c\n"
        var r = 0
        while r * 3 < texts.count {
            csv += (0..<3).map { texts[(r * 3 + $0) % texts.count] }.joined(separator: ",") + "\n"
            r += 1
        }
        let m = try CSVReader().read(bytes: Array(csv.utf8)).matrix
        var mismatches = [String]()
        for i in 0..<r {
            for c in 0..<3 {
                let text = texts[(i * 3 + c) % texts.count]
                if m[i, c].bitPattern != Float(strtod(text, nil)).bitPattern { mismatches.append("\(text): \(m[i, c])") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
