/// Branch-light `Float` replacements for `powf` in UMAP's SGD: `x^b = 2^(b · log2 x)` with
/// polynomial `log2` and `exp2`.
///
/// ```swift
/// UMAPFastMath.pow(2.5, 0.895)   // ≈ powf(2.5, 0.895), relative error < 1e-6
/// ```
/// Why: the SGD evaluates `d^(2b)` about (1 + negativeSampleRate) times per sampled edge —
/// around a billion times for 100,000 points — and glibc's `logf` + `expf` calls were a third
/// of the whole fit. These inline, call-free versions are accurate to better than 1e-6 relative over the range the
/// layout sees (positive normal floats); the gradient is clipped to ±4 anyway.
/// Cost: ~20 flops, one division, no table, no call.
enum UMAPFastMath {
    /// log2(x) for a positive normal `x`: exponent plus `log2(1 + r)` for the mantissa folded into
    /// [√½, √2), by a degree-7 least-squares (Chebyshev nodes) polynomial, |error| < 4e-7,
    /// evaluated in Estrin form so the dependency chain is short (the SGD is latency-bound:
    /// every sample moves the point the next sample starts from).
    @inline(__always)
    static func log2(_ x: Float) -> Float {
        let bits = x.bitPattern
        var exponent = Int32(bitPattern: (bits >> 23) & 0xFF) - 127
        var m = Float(bitPattern: (bits & 0x007F_FFFF) | 0x3F80_0000)
        if m > 1.414_213_6 { m *= 0.5; exponent += 1 }
        let r = m - 1
        let r2 = r * r, r4 = r2 * r2
        let p01 = fma(-0.721_368_40, r, 1.442_701_0)
        let p23 = fma(-0.359_203_38, r, 0.480_402_23)
        let p45 = fma(-0.270_932_54, r, 0.298_261_75)
        let p456 = fma(0.165_178_64, r2, p45)
        let q = fma(r4, p456, fma(r2, p23, p01))
        return fma(r, q, Float(exponent))
    }

    /// 2^y, `y` clamped to [−126, 126]: the nearest integer goes into the exponent bits, the
    /// fraction in [−½, ½] through a degree-5 least-squares polynomial (relative error < 2e-7).
    @inline(__always)
    static func exp2(_ y: Float) -> Float {
        let c = Swift.min(Swift.max(y, -126), 126)
        let r = c.rounded(.toNearestOrEven)
        let f = c - r
        let f2 = f * f
        let p01 = fma(0.693_147_21, f, 1.000_000_1)
        let p23 = fma(0.055_503_272, f, 0.240_221_07)
        let p45 = fma(0.001_340_044_2, f, 0.009_676_046_8)
        let p = fma(f2 * f2, p45, fma(f2, p23, p01))
        return p * Float(bitPattern: UInt32(bitPattern: Int32(r) + 127) << 23)
    }

    /// x^b for x > 0.
    @inline(__always)
    static func pow(_ x: Float, _ b: Float) -> Float { exp2(b * log2(x)) }

    /// `a · b + c`, fused (one rounding; a single instruction with the native target).
    @inline(__always)
    static func fma(_ a: Float, _ b: Float, _ c: Float) -> Float { c.addingMul(a, b) }
}

extension UMAPFastMath {
    /// Sixteen lanes of ``pow(_:_:)`` at once (same polynomials; rounding by the 1.5·2²³ trick so
    /// everything stays in vector registers). `x > 0` and normal in every lane that is used; other
    /// lanes give finite garbage.
    @inline(__always)
    static func pow(_ x: SIMD16<Float>, _ b: Float) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<Int32>.self)
        var exponent = ((bits &>> 23) & 0xFF) &- 127
        var m = unsafeBitCast((bits & 0x007F_FFFF) | 0x3F80_0000, to: SIMD16<Float>.self)
        let fold = m .> 1.414_213_6
        m = m.replacing(with: m * 0.5, where: fold)
        exponent = exponent.replacing(with: exponent &+ 1, where: fold)
        let r = m - 1
        let r2 = r * r, r4 = r2 * r2
        let p01 = SIMD16<Float>(repeating: 1.442_701_0).addingMul(r, -0.721_368_40)
        let p23 = SIMD16<Float>(repeating: 0.480_402_23).addingMul(r, -0.359_203_38)
        let p45 = SIMD16<Float>(repeating: 0.298_261_75).addingMul(r, -0.270_932_54)
        let p456 = p45.addingMul(r2, 0.165_178_64)
        let q = p01.addingMul(r2, p23).addingMul(r4, p456)
        // Int32 → Float without the generic SIMD initialiser (an out-of-line call that forces
        // every vector register to be spilled): e + 1.5·2²³ as a bit pattern is a float whose
        // value is exactly 1.5·2²³ + e.
        let magicBits = SIMD16<Int32>(repeating: 0x4B40_0000)
        let exponentValue = unsafeBitCast(exponent &+ magicBits, to: SIMD16<Float>.self) - 12_582_912
        let logarithm = exponentValue.addingMul(r, q)
        var y = logarithm * b
        y = y.replacing(with: -126, where: y .< -126)
        y = y.replacing(with: 126, where: y .> 126)
        let magic = SIMD16<Float>(repeating: 12_582_912)   // 1.5 · 2²³: adding it rounds to an integer
        let shifted = y + magic
        let rounded = shifted - magic
        let f = y - rounded
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- 0x4B40_0000
        let f2 = f * f
        let e01 = SIMD16<Float>(repeating: 1.000_000_1).addingMul(f, 0.693_147_21)
        let e23 = SIMD16<Float>(repeating: 0.240_221_07).addingMul(f, 0.055_503_272)
        let e45 = SIMD16<Float>(repeating: 0.009_676_046_8).addingMul(f, 0.001_340_044_2)
        let p = e01.addingMul(f2, e23).addingMul(f2 * f2, e45)
        return p * unsafeBitCast((integer &+ 127) &<< 23, to: SIMD16<Float>.self)
    }
}
