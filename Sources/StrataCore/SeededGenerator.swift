/// A fast, seedable random number generator (xoshiro256**, seeded through SplitMix64).
///
/// Every random algorithm in Strata takes a `seed: UInt64` and draws from this generator, so the
/// same seed gives the same result on every machine. For parallel work that must not depend on
/// thread scheduling, use ``CounterRandom`` instead.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable, Codable {
    private var s0, s1, s2, s3: UInt64

    public init(seed: UInt64) {
        var sm = seed
        s0 = SplitMix64.next(&sm); s1 = SplitMix64.next(&sm)
        s2 = SplitMix64.next(&sm); s3 = SplitMix64.next(&sm)
    }

    @inlinable @inline(__always)
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 &- k)) }

    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotl(s3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1).
    public mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A uniform `Float` in [0, 1).
    public mutating func nextUnitFloat() -> Float { Float(next() >> 40) * 0x1.0p-24 }

    /// A uniform integer in `0..<upperBound` (unbiased).
    public mutating func nextInt(below upperBound: Int) -> Int { Int.random(in: 0..<upperBound, using: &self) }

    /// A standard normal draw (Box–Muller; one value per call for reproducibility).
    public mutating func nextGaussian() -> Double {
        var u1 = nextUnit()
        while u1 <= .leastNormalMagnitude { u1 = nextUnit() }
        let u2 = nextUnit()
        return (-2 * _log(u1)).squareRoot() * _cos(2 * .pi * u2)
    }
}

/// SplitMix64: used to expand seeds and as a stateless hash for counter-based streams.
public enum SplitMix64 {
    @inlinable @inline(__always)
    public static func next(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    @inlinable @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Counter-based randomness: a pure function of (seed, stream, counter).
///
/// Parallel loops draw from it by item index, so results do not depend on how work is split
/// across threads — the property umap-learn's seeded runs lack.
public struct CounterRandom: Sendable, Hashable {
    public let seed: UInt64
    public init(seed: UInt64) { self.seed = seed }

    /// 64 random bits for `(stream, counter)`.
    @inlinable @inline(__always)
    public func bits(stream: UInt64, counter: UInt64) -> UInt64 {
        SplitMix64.mix(SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019)) &+ counter)
    }

    /// A uniform `Float` in [0, 1) for `(stream, counter)`.
    @inlinable @inline(__always)
    public func unitFloat(stream: UInt64, counter: UInt64) -> Float {
        Float(bits(stream: stream, counter: counter) >> 40) * 0x1.0p-24
    }

    /// A uniform integer in `0..<upperBound` for `(stream, counter)` (multiply-shift, bias < 2⁻³²).
    @inlinable @inline(__always)
    public func int(below upperBound: Int, stream: UInt64, counter: UInt64) -> Int {
        let r = bits(stream: stream, counter: counter) >> 32
        return Int((r &* UInt64(upperBound)) >> 32)
    }
}

#if canImport(Glibc)
import Glibc
@usableFromInline func _log(_ x: Double) -> Double { Glibc.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#elseif canImport(Darwin)
import Darwin
@usableFromInline func _log(_ x: Double) -> Double { Darwin.log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
