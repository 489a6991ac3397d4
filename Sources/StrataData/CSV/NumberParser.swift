#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from bytes, without creating a `String` per cell.
///
/// The `Double` nearest to the decimal is found first and the `Float` is rounded from it, like
/// numpy's `astype(float32)` after `float()`. Three routes, fastest first:
/// - Clinger's fast path (≤ 2^53 mantissa, exponent within ±22): one exact multiply or divide.
/// - Eisel–Lemire (≤ 19 significant digits, any exponent): one 64 × 64-bit product with a
///   power of five (``powersOfFive``), exact unless the product lands too close to a rounding
///   boundary to decide.
/// - `strtod` on a stack copy for what remains (more than 19 significant digits, subnormals,
///   undecidable products): correctly rounded, slow.
///
/// Reference: Clinger, "How to Read Floating Point Numbers Accurately", PLDI 1990; Lemire,
/// "Number Parsing at a Gigabyte per Second", Software: Practice and Experience 51(8), 2021.
enum NumberParser {
    /// The outcome for one cell.
    enum Cell {
        case number(Float)
        case missing
        case invalid
    }

    /// Parses bytes `[start, end)` (surrounding spaces and tabs allowed).
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        var p = start
        var e = end
        while p < e && (base[p] == 0x20 || base[p] == 0x09) { p &+= 1 }
        while e > p && (base[e &- 1] == 0x20 || base[e &- 1] == 0x09) { e &-= 1 }
        if p == e { return .missing }
        let (cell, stop) = scan(base, p, e)
        if case .number = cell, stop == e { return cell }
        return special(base, p, e)
    }

    /// Reads a number at the front of `[start, end)`: `[+-]digits[.digits][(e|E)[+-]digits]`.
    ///
    /// Returns the cell and the offset of the first byte after the number (the caller checks
    /// that a delimiter or line end follows). No digits, or an exponent marker without digits,
    /// is `.invalid`. More than 19 significant digits go to `strtod`.
    @inline(__always)
    static func scan(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Cell, Int) {
        var p = start
        var negative = false
        if p < end {
            if base[p] == 0x2D { negative = true; p &+= 1 } else if base[p] == 0x2B { p &+= 1 }
        }
        let integerStart = p
        while p < end && base[p] == 0x30 { p &+= 1 }
        var mantissa: UInt64 = 0
        var significantStart = p
        while p &+ 8 <= end, let eight = eightDigits(base + p) {
            mantissa = mantissa &* 100_000_000 &+ eight
            p &+= 8
        }
        while p < end {
            let d = base[p] &- 0x30
            if d > 9 { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            p &+= 1
        }
        var significant = p &- significantStart
        var digits = p &- integerStart
        var exponent = 0
        if p < end && base[p] == 0x2E {
            p &+= 1
            let fractionStart = p
            // Zeros right after the point are significant only after a non-zero digit.
            if significant == 0 { while p < end && base[p] == 0x30 { p &+= 1 } }
            significantStart = p
            while p &+ 8 <= end, let eight = eightDigits(base + p) {
                mantissa = mantissa &* 100_000_000 &+ eight
                p &+= 8
            }
            while p < end {
                let d = base[p] &- 0x30
                if d > 9 { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                p &+= 1
            }
            significant &+= p &- significantStart
            digits &+= p &- fractionStart
            exponent = fractionStart &- p
        }
        if digits == 0 { return (.invalid, p) }
        if p < end && (base[p] | 0x20) == 0x65 {
            p &+= 1
            var expNegative = false
            if p < end && base[p] == 0x2D { expNegative = true; p &+= 1 } else if p < end && base[p] == 0x2B { p &+= 1 }
            var value = 0
            let expStart = p
            while p < end {
                let d = base[p] &- 0x30
                if d > 9 { break }
                if value < 100_000 { value = value &* 10 &+ Int(d) }
                p &+= 1
            }
            if p == expStart { return (.invalid, p) }
            exponent &+= expNegative ? -value : value
        }
        if significant > 19 { return (slowPath(base, start, p), p) }
        if mantissa == 0 { return (.number(negative ? -0.0 : 0), p) }
        if let v = nearestDouble(mantissa, exponent) {
            let f = Float(negative ? -v : v)
            return (f.isFinite ? .number(f) : .invalid, p)
        }
        return (slowPath(base, start, p), p)
    }

    /// The value of eight ASCII digits at `p` (the first is the most significant), or nil when
    /// any of the eight bytes is not a digit: a few word operations instead of eight steps.
    @inline(__always)
    static func eightDigits(_ p: UnsafePointer<UInt8>) -> UInt64? {
        let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        // Every byte must be 0x30...0x39: high nibble 3, and adding 6 must not carry into it.
        let highNibbles = word & 0xF0F0_F0F0_F0F0_F0F0
        let carried = (word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0
        guard highNibbles | (carried >> 4) == 0x3333_3333_3333_3333 else { return nil }
        // Digits d0 (lowest byte) ... d7; combine neighbours, then pairs of pairs, then halves.
        var v = word &- 0x3030_3030_3030_3030
        v = (v &* 10) &+ (v >> 8)                              // bytes 0,2,4,6 hold two-digit values
        let pairs = v & 0x00FF_00FF_00FF_00FF
        let fours = (pairs &* (100 << 16 | 1)) >> 16 & 0x0000_FFFF_0000_FFFF   // four-digit values
        return (fours &* (10_000 << 32 | 1)) >> 32
    }

    /// The `Double` nearest to `mantissa × 10^exponent` (mantissa > 0), or `nil` when neither fast
    /// route can decide it.
    @inline(__always)
    static func nearestDouble(_ mantissa: UInt64, _ exponent: Int) -> Double? {
        if mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            let v = Double(mantissa)
            return exponent >= 0 ? v * powersOfTen[exponent] : v / powersOfTen[-exponent]
        }
        return eiselLemire(mantissa, exponent)
    }

    /// Eisel–Lemire: `w × 10^q` correctly rounded, from the 128-bit product of the normalised
    /// mantissa and the truncated 64-bit power of five; `nil` when the product's discarded bits
    /// could change the rounding, or the result is subnormal.
    @inline(__always)
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        // Below 10^-342 even a 19-digit mantissa rounds to zero; above 10^308 it overflows.
        if q < powersOfFiveSmallest { return 0 }
        if q > 308 { return .infinity }
        let shift = w.leadingZeroBitCount
        let x = w &<< UInt64(shift)
        let (high, low) = x.multipliedFullWidth(by: powersOfFive[q &- powersOfFiveSmallest])
        // The exact product lies in [x·t, x·t + x): the high word is settled unless adding x to
        // the low word can carry into nine all-ones rounding bits.
        if high & 0x1FF == 0x1FF && low &+ x < low { return nil }
        let top = Int(high >> 63)
        var significand = high >> UInt64(top &+ 9)
        var exponent2 = ((217_706 &* q) >> 16) &+ 1024 &+ 63 &- shift &- (1 ^ top)
        // Exactly halfway between two doubles: round-to-even needs more than this product shows.
        if low == 0 && high & 0x1FF == 0 && significand & 3 == 1 { return nil }
        significand = (significand &+ (significand & 1)) >> 1
        if significand >= (1 << 53) {
            significand = 1 << 52
            exponent2 &+= 1
        }
        guard exponent2 >= 1 && exponent2 <= 2046 else { return nil }
        return Double(bitPattern: (significand & ~(1 << 52)) | (UInt64(exponent2) << 52))
    }

    /// `strtod` for long mantissas, subnormals and undecidable products.
    static func slowPath(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Cell in
            for i in 0..<length { buffer[i] = CChar(bitPattern: base[start + i]) }
            buffer[length] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(buffer.baseAddress!, &stop)
            guard let stop, stop - buffer.baseAddress! == length else { return .invalid }
            let f = Float(v)
            return f.isFinite ? .number(f) : .invalid
        }
    }

    /// 10^0 ... 10^22, all exact in `Double`.
    static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
                                        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// pandas' default missing markers (`na_values`), matched exactly.
    static let missingMarkers: Set<[UInt8]> = Set([
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ].map { Array($0.utf8) })

    static func special(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        guard end - start <= 8 else { return .invalid }
        let bytes = Array(UnsafeBufferPointer(start: base + start, count: end - start))
        return missingMarkers.contains(bytes) ? .missing : .invalid
    }
}
