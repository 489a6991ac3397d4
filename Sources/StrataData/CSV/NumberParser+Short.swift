/// The common cell shape, `[-]digits[.digits]` with at most 19 significant digits, read a word
/// at a time.
///
/// Nearly every cell of a numeric CSV has this shape. Eight bytes are loaded at once, the run of
/// leading digits is found from a mask (no per-byte branch) and converted with a few multiplies;
/// the value then takes correctly rounded routes like ``NumberParser/scan(_:_:_:)`` (Clinger's
/// exact divide, Eisel–Lemire). Anything else (exponents, spaces, longer numbers, markers)
/// returns nil and the caller falls back to the general path, so the result is the same.
extension NumberParser {
    /// Bytes the whole-field parser and the separator search may read past the offset they
    /// start at; the block buffer keeps at least this many readable bytes after its end.
    static let shortReadAhead = 64

    /// The value of `[start, end)` when the whole field is `[-]digits[.digits]` with fewer than
    /// eight integer digits, at most 24 fraction digits and at most 19 significant digits; nil
    /// otherwise (the caller falls back).
    ///
    /// With the end known, the fraction's length is too: its words are converted without a loop
    /// and the route to the `Double` depends on the magnitude class, which stays the same down a
    /// column, so the branches are predicted.
    @inline(__always)
    static func fieldNumber(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Float? {
        let negative = base[start] == 0x2D
        let s = negative ? start &+ 1 : start
        let length = end &- s
        let head = load(base + s)
        let integerDigits = leadingDigitCount(head)
        guard integerDigits < 8 else { return nil }
        let integer = digitsValue(head, integerDigits)
        // The byte at `end` is a separator, so the digit run never passes it.
        if integerDigits == length {
            guard length > 0 else { return nil }
            // Below 10^7 < 2^24: exact in `Float` as in `Double`, so no detour through `Double`.
            let v = Float(integer)
            return negative ? -v : v
        }
        guard base[s &+ integerDigits] == 0x2E else { return nil }
        if length <= 8 {
            // The whole number is in `head`: drop the point's byte and read the digits at once.
            let below = integerDigits == 0 ? 0 : ~UInt64(0) &>> UInt64(64 &- 8 &* integerDigits)
            let digits = (head & below) | ((head &>> 8) & ~below)
            let count = length &- 1
            guard count > 0, leadingDigitCount(digits) >= count else { return nil }
            let mantissa = digitsValue(digits, count)
            let fractionDigits = count &- integerDigits
            // Below 10^7: Clinger's exact divide where the product is too close to call.
            let v = Float(nearFloat(mantissa, fractionDigits) ?? Double(mantissa) / powersOfTen[fractionDigits])
            return negative ? -v : v
        }
        let fractionDigits = length &- integerDigits &- 1
        guard fractionDigits <= 24 else { return nil }
        let f = base + (s &+ integerDigits &+ 1)
        let first = load(f)
        let n0 = Swift.min(fractionDigits, 8)
        guard leadingDigitCount(first) >= n0 else { return nil }
        // Zeros after the point count only after a non-zero digit: 0.0012… has room for
        // more fraction digits in 64 bits.
        let zeros = integer == 0 ? Swift.min((first ^ 0x3030_3030_3030_3030).trailingZeroBitCount &>> 3, n0) : 0
        guard integerDigits &+ fractionDigits &- zeros <= 19 else { return nil }
        var fraction = digitsValue(first, n0)
        if fractionDigits > 8 {
            let second = load(f + 8)
            let n1 = Swift.min(fractionDigits &- 8, 8)
            guard leadingDigitCount(second) >= n1 else { return nil }
            fraction = fraction &* integerPowersOfTen[n1] &+ digitsValue(second, n1)
            if fractionDigits > 16 {
                let third = load(f + 16)
                let n2 = fractionDigits &- 16
                guard leadingDigitCount(third) >= n2 else { return nil }
                fraction = fraction &* integerPowersOfTen[n2] &+ digitsValue(third, n2)
            }
        }
        // A non-zero integer part leaves at most 19 - 1 fraction digits.
        let mantissa = integer == 0 ? fraction : integer &* integerPowersOfTen[fractionDigits] &+ fraction
        guard integerDigits &+ fractionDigits > 0 else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0 }
        if fractionDigits <= 22, let near = nearFloat(mantissa, fractionDigits) {
            let v = Float(near)
            return negative ? -v : v
        }
        let value: Double
        if mantissa < 1_000_000_000_000_000 && fractionDigits <= 22 {
            // Below 10^15 < 2^53: Clinger's exact divide. (Not up to 2^53: 16-digit values would
            // then split between the two routes at random and the branch would be mispredicted.)
            value = Double(mantissa) / powersOfTen[fractionDigits]
        } else if let v = eiselLemire(mantissa, -fractionDigits) {
            value = v
        } else {
            return nil
        }
        return Float(negative ? -value : value)
    }

    /// `mantissa × 10^-fractionDigits` (`fractionDigits` ≤ 22) as a `Double` that rounds to the
    /// same `Float` as the correctly rounded one, or nil when that cannot be told.
    ///
    /// One multiply by the nearest `Double` to 10^-k: the three roundings (mantissa, power,
    /// product) put the result within 3 ulps of the exact value, so within 3.5 ulps of the
    /// correctly rounded `Double`. Both round to the same `Float` unless a `Float` rounding midpoint
    /// (the 29 bits `Float` drops equal to 2^28) lies within 8 ulps; then nil, and the exact routes
    /// decide (about one value in 30 million). The values here lie between 10^-22 and 10^19,
    /// far inside `Float`'s normal range. No divide and no 128-bit product on the common path.
    @inline(__always)
    static func nearFloat(_ mantissa: UInt64, _ fractionDigits: Int) -> Double? {
        let value = Double(mantissa) * negativePowersOfTen[fractionDigits]
        return (value.bitPattern & 0x1FFF_FFFF) &- ((1 << 28) &- 8) > 16 ? value : nil
    }

    /// The `Double`s nearest to 10^0 ... 10^-22 (literals: rounded at compile time).
    static let negativePowersOfTen: [Double] = [1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10,
                                                1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19,
                                                1e-20, 1e-21, 1e-22]

    /// 10^0 ... 10^19 (the largest power of ten below 2^64); literal, so it is laid out at
    /// compile time instead of behind a lazy initialiser checked on every access.
    static let integerPowersOfTen: [UInt64] = [
        1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// How many of the word's bytes, from its first, are ASCII digits (0...8).
    @inline(__always)
    static func leadingDigitCount(_ word: UInt64) -> Int {
        let low = word & 0x7F7F_7F7F_7F7F_7F7F
        // Per byte, no carries between bytes: the high bit is set for ≥ 0x3A, and for < 0x30 after
        // the complement; a byte with its own high bit is not ASCII.
        let above = low &+ 0x4646_4646_4646_4646
        let below = ~((low | 0x8080_8080_8080_8080) &- 0x3030_3030_3030_3030)
        let nonDigits = (word | above | below) & 0x8080_8080_8080_8080
        return nonDigits.trailingZeroBitCount &>> 3
    }

    /// The value of the word's first `count` bytes (digits, 0...8 of them).
    @inline(__always)
    static func digitsValue(_ word: UInt64, _ count: Int) -> UInt64 {
        // A borrow from the byte after the digits only reaches later bytes, which the shift drops;
        // the bytes shifted in at the front are leading zeros. `<<` by 64 (no digits) gives 0.
        var v = (word &- 0x3030_3030_3030_3030) << UInt64(64 &- 8 &* count)
        v = (v &* 10) &+ (v >> 8)
        let pairs = v & 0x00FF_00FF_00FF_00FF
        let fours = (pairs &* (100 << 16 | 1)) >> 16 & 0x0000_FFFF_0000_FFFF
        return (fours &* (10_000 << 32 | 1)) >> 32
    }
}
