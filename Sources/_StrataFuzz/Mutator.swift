import StrataCore

/// Seeded mutations of valid inputs, libFuzzer-style: bit flips, byte and number overwrites,
/// truncation, deletion, duplication and splices of two seeds. The same seed gives the same
/// sequence of inputs, so a failing input in the test suite can be reproduced by its index.
///
/// ```swift
/// var mutator = Mutator(seeds: entry.seeds(), seed: 1)
/// for _ in 0..<4000 { _ = entry.check(mutator.next()) }
/// ```
public struct Mutator {
    let seeds: [[UInt8]]
    var random: SeededGenerator

    /// Bytes that change meaning in CSV, JSON and the search language.
    static let specialBytes: [UInt8] = Array("\0\"',;\n\r\t-+.eE0()=<>{}[]:\\ ".utf8) + [0x7F, 0x80, 0xC3, 0xFF]
    /// Numbers that sit on limits: signs, zero, 2^31, 2^53, Int64 extremes, Float/Double extremes.
    static let specialNumbers = ["-1", "0", "1", "-0", "2147483648", "9007199254740993", "9223372036854775807",
                                 "-9223372036854775808", "18446744073709551616", "1e308", "-1e309", "3.5e38",
                                 "1e-400", "NaN", "inf", "\"x\"", "null", "[]", "{}", "true"]
    /// Little-endian integers for binary length and count fields.
    static let specialWords: [UInt64] = [0, 1, 0x7F, 0xFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 1 << 32,
                                         UInt64(Int64.max), 1 << 63, UInt64.max, UInt64.max - 7]

    public init(seeds: [[UInt8]], seed: UInt64) {
        precondition(!seeds.isEmpty, "a mutator needs at least one seed input")
        self.seeds = seeds
        self.random = SeededGenerator(seed: seed)
    }

    /// The next mutated input: a seed with one to four mutations.
    public mutating func next() -> [UInt8] {
        var bytes = seeds[random.nextInt(below: seeds.count)]
        for _ in 0...random.nextInt(below: 4) { mutate(&bytes) }
        return bytes
    }

    mutating func position(_ count: Int) -> Int { count == 0 ? 0 : random.nextInt(below: count) }

    mutating func mutate(_ bytes: inout [UInt8]) {
        let n = bytes.count
        switch random.nextInt(below: 9) {
        case 0 where n > 0:
            bytes[position(n)] ^= 1 << UInt8(random.nextInt(below: 8))
        case 1 where n > 0:
            bytes[position(n)] = Self.specialBytes[random.nextInt(below: Self.specialBytes.count)]
        case 2:
            bytes.removeSubrange(position(n + 1)...)
        case 3 where n > 0:
            let start = position(n)
            bytes.removeSubrange(start..<Swift.min(n, start + 1 + random.nextInt(below: 16)))
        case 4 where n > 0:
            let start = position(n), end = Swift.min(n, start + 1 + random.nextInt(below: 32))
            bytes.insert(contentsOf: bytes[start..<end], at: position(n + 1))
        case 5:
            let other = seeds[random.nextInt(below: seeds.count)]
            bytes = Array(bytes[..<position(n + 1)]) + other[position(other.count + 1)...]
        case 6:
            replaceNumber(&bytes)
        case 7 where n >= 8:
            let at = position(n - 7), word = Self.specialWords[random.nextInt(below: Self.specialWords.count)]
            for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(i))) }
        default:
            bytes.insert(Self.specialBytes[random.nextInt(below: Self.specialBytes.count)], at: position(n + 1))
        }
    }

    /// Replaces one run of digits (a number in text) with a limit value, keeping the text around it.
    mutating func replaceNumber(_ bytes: inout [UInt8]) {
        let digits = bytes.indices.filter { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 }
        guard !digits.isEmpty else { return }
        var start = digits[random.nextInt(below: digits.count)]
        while start > 0, bytes[start - 1] >= 0x30, bytes[start - 1] <= 0x39 || bytes[start - 1] == 0x2E { start -= 1 }
        var end = start
        while end < bytes.count, (bytes[end] >= 0x30 && bytes[end] <= 0x39) || bytes[end] == 0x2E { end += 1 }
        let number = Self.specialNumbers[random.nextInt(below: Self.specialNumbers.count)]
        bytes.replaceSubrange(start..<end, with: Array(number.utf8))
    }
}
