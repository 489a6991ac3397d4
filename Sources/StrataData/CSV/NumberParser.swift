#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parses decimal numbers straight from bytes, without creating a `String` per cell.
///
/// Clinger's fast path covers what CSV exports hold (≤ 19 significant digits, exponent within
/// ±22): the `Double` is then exactly rounded and the `Float` is rounded from it, like numpy's
/// `astype(float32)` after `float()`. Anything longer falls back to `strtod` on a stack copy.
enum NumberParser {
    /// The outcome for one cell.
    enum Cell {
        case number(Float)
        case missing
        case invalid
    }

    /// 10^0 ... 10^22, all exact in `Double` (a tuple: no lazy-global check in the hot loop).
    static let powersOfTen: (Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double,
                             Double, Double, Double, Double, Double, Double, Double, Double, Double, Double, Double) =
        (1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
         1e20, 1e21, 1e22)

    @inline(__always)
    static func powerOfTen(_ e: Int) -> Double {
        withUnsafeBytes(of: powersOfTen) { $0.load(fromByteOffset: e &* 8, as: Double.self) }
    }

    /// Parses bytes `[start, end)` (surrounding spaces and tabs allowed).
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        var p = start
        var e = end
        while p < e && (base[p] == 0x20 || base[p] == 0x09) { p &+= 1 }
        while e > p && (base[e &- 1] == 0x20 || base[e &- 1] == 0x09) { e &-= 1 }
        if p == e { return .missing }
        let first = p
        var negative = false
        if base[p] == 0x2D { negative = true; p &+= 1 } else if base[p] == 0x2B { p &+= 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var digits = 0
        while p < e {
            let d = base[p] &- 0x30
            if d > 9 { break }
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                if mantissa != 0 { significant &+= 1 }
            } else {
                exponent &+= 1
            }
            digits &+= 1
            p &+= 1
        }
        if p < e && base[p] == 0x2E {
            p &+= 1
            while p < e {
                let d = base[p] &- 0x30
                if d > 9 { break }
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    if mantissa != 0 { significant &+= 1 }
                    exponent &-= 1
                }
                digits &+= 1
                p &+= 1
            }
        }
        if digits == 0 { return special(base, first, e) }
        if p < e && (base[p] | 0x20) == 0x65 {
            p &+= 1
            var expNegative = false
            if p < e && base[p] == 0x2D { expNegative = true; p &+= 1 } else if p < e && base[p] == 0x2B { p &+= 1 }
            var value = 0
            var expDigits = 0
            while p < e {
                let d = base[p] &- 0x30
                if d > 9 { break }
                if value < 100_000 { value = value &* 10 &+ Int(d) }
                expDigits &+= 1
                p &+= 1
            }
            if expDigits == 0 { return special(base, first, e) }
            exponent &+= expNegative ? -value : value
        }
        if p != e { return special(base, first, e) }
        if mantissa == 0 { return .number(negative ? -0.0 : 0) }
        if mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent >= 0 { v *= powerOfTen(exponent) } else { v /= powerOfTen(-exponent) }
            let f = Float(negative ? -v : v)
            return f.isFinite ? .number(f) : .invalid
        }
        return slowPath(base, first, e)
    }

    /// `strtod` for long mantissas or large exponents.
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
