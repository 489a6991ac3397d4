internal import CStrataKernels

/// The instruction-set level of Strata's C vector kernels (``DistanceKernel``, ``BlockKernels``).
///
/// Each kernel is compiled for AVX-512, for AVX2 with FMA and for the baseline (SSE2 on x86-64,
/// the native vector unit elsewhere), and runs at the best level the CPU supports, whatever
/// `-target-cpu` the package was built with. The kernels also take a level explicitly, which
/// serves tests that compare the variants; a level the CPU lacks falls back to ``current``.
///
/// ```swift
/// print(KernelLevel.current)        // e.g. avx512
/// ```
public enum KernelLevel: Int, Sendable, CaseIterable, Comparable {
    /// SSE2 on x86-64; the native vector unit elsewhere. Products are a multiply and an add.
    case baseline = 0
    /// 256-bit AVX2 with fused multiply-add.
    case avx2 = 1
    /// 512-bit AVX-512F with fused multiply-add.
    case avx512 = 2

    /// The best level this CPU supports (detected once).
    public static var current: KernelLevel { KernelLevel(rawValue: Int(strata_kernels_level())) ?? .baseline }

    public static func < (a: KernelLevel, b: KernelLevel) -> Bool { a.rawValue < b.rawValue }
}
