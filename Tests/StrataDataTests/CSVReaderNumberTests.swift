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

    @Test func malformedNumbersAreErrors() {
        for bad in ["1.2.3", "1e", "e5", "-", ".", "1e+", "--1", "0x10", "1_000"] {
            #expect(throws: DataError.self, "\(bad)") { try CSVReader().read(bytes: Array("x\n\(bad)\n".utf8)) }
        }
    }
}
