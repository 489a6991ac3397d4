// `addProduct` / `addingProduct` are one fused instruction on a CPU target with FMA, but a call to
// the software `fma` routine (tens of times slower) when Swift compiles for baseline x86-64, as it
// does for a package built as another one's dependency (no `-target-cpu` there). Strata's numeric
// code multiplies and adds through these instead: fused where the build targets FMA (the package
// defines STRATA_FMA together with `-target-cpu`, and on arm64), otherwise a multiply and an add.

extension SIMD where Scalar: FloatingPoint {
    /// `self += a · b`: fused when the build targets FMA, else a multiply and an add.
    @inlinable @inline(__always)
    public mutating func addMul(_ a: Self, _ b: Self) {
        #if STRATA_FMA
        addProduct(a, b)
        #else
        self = self + a * b
        #endif
    }

    /// `self += a · b` with a scalar `a`.
    @inlinable @inline(__always)
    public mutating func addMul(_ a: Scalar, _ b: Self) {
        #if STRATA_FMA
        addProduct(a, b)
        #else
        self = self + a * b
        #endif
    }

    /// `self + a · b`: fused when the build targets FMA, else a multiply and an add.
    @inlinable @inline(__always)
    public func addingMul(_ a: Self, _ b: Self) -> Self {
        #if STRATA_FMA
        addingProduct(a, b)
        #else
        self + a * b
        #endif
    }

    /// `self + a · b` with a scalar `a`.
    @inlinable @inline(__always)
    public func addingMul(_ a: Scalar, _ b: Self) -> Self {
        #if STRATA_FMA
        addingProduct(a, b)
        #else
        self + a * b
        #endif
    }

    /// `self + a · b` with a scalar `b`.
    @inlinable @inline(__always)
    public func addingMul(_ a: Self, _ b: Scalar) -> Self {
        #if STRATA_FMA
        addingProduct(a, b)
        #else
        self + a * b
        #endif
    }
}

extension FloatingPoint {
    /// `self + a · b`: fused when the build targets FMA, else a multiply and an add.
    @inlinable @inline(__always)
    public func addingMul(_ a: Self, _ b: Self) -> Self {
        #if STRATA_FMA
        addingProduct(a, b)
        #else
        self + a * b
        #endif
    }
}
