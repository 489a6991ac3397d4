import CStrataKernels
import StrataCore
import Testing

/// The separator index kernel behind the CSV reader's whole-record path, at every instruction-set
/// level this CPU runs (the reader uses the best one; the others run on other machines), against
/// a byte-by-byte reference.
@Suite struct CSVSeparatorIndexTests {
    static func reference(_ bytes: [UInt8], delimiter: UInt8) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: (bytes.count + 63) / 64)
        for (i, b) in bytes.enumerated() where b == delimiter || b == 0x0A { words[i / 64] |= 1 << UInt64(i % 64) }
        return words
    }

    @Test func everyLevelMarksDelimitersAndLineFeedsOnly() {
        var rng = SeededGenerator(seed: 3)
        // Mostly separators and near misses (0x0B, 0x2D, quotes, CR), every length up to 300 and
        // one long run, read from an odd offset.
        let alphabet: [UInt8] = [0x2C, 0x0A, 0x0D, 0x22, 0x2C ^ 0x80, 0x0B, 0x09, 0x30, 0x31, 0x2E, 0x2D, 0xFF]
        let levels = KernelLevel.allCases.filter { $0 <= KernelLevel.current }
        for delimiter: UInt8 in [0x2C, 0x09, 0x3B] {
            for count in Array(0...300) + [70_001] {
                let padded = (0..<count + 1).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                let bytes = Array(padded.dropFirst())
                let expected = Self.reference(bytes, delimiter: delimiter)
                for level in levels {
                    var words = [UInt64](repeating: .max, count: expected.count)
                    padded.withUnsafeBufferPointer { p in
                        words.withUnsafeMutableBufferPointer { w in
                            strata_separator_index(Int32(level.rawValue), p.baseAddress! + 1, count, delimiter, w.baseAddress)
                        }
                    }
                    #expect(words == expected, "level \(level), delimiter \(delimiter), \(count) bytes")
                }
            }
        }
    }
}
