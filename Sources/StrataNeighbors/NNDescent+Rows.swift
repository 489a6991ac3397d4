import StrataCore
internal import CStrataKernels

/// NN-descent's private copy of the rows: in a chosen order, each row zero-padded to a multiple
/// of 16 floats and 64-byte aligned, so a squared distance is whole 16-lane vectors (AVX-512)
/// with no scalar tail, and a 60-column row is exactly four cache lines instead of straddling five.
final class PaddedRows: @unchecked Sendable {
    let count: Int
    let columns: Int
    /// Floats per row (columns rounded up to 16).
    let stride: Int
    let base: UnsafeMutablePointer<Float>

    /// The rows of `data` listed in `order` (nil: as they are).
    init(_ data: Matrix, order: [Int32]?) {
        count = data.rows
        columns = data.columns
        stride = (data.columns + 15) / 16 * 16
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count * stride) * 4, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(1, count * stride))
        let o = SendablePointer(base), d = columns, s = stride
        data.storage.withUnsafeBufferPointer { xb in
            nonisolated(unsafe) let x = xb.baseAddress!
            Parallel.forEachChunk(count: count, minimumChunk: 8192) { _, range in
                for p in range {
                    let source = order.map { Int($0[p]) } ?? p
                    let row = o.base + p * s
                    row.update(from: x + source * d, count: d)
                    (row + d).update(repeating: 0, count: s - d)
                }
            }
        }
    }

    deinit { base.deallocate() }

    @inline(__always) func row(_ i: Int) -> UnsafeMutablePointer<Float> { base + i &* stride }

    /// Asks for row i's cache lines ahead of use.
    @inline(__always) func prefetch(_ i: Int) {
        let r = UnsafeRawPointer(row(i))
        var offset = 0
        while offset < stride &* 4 { prefetchLine(r + offset); offset &+= 64 }
    }

    /// Squared Euclidean distance of two padded rows of `stride` floats (a multiple of 16).
    @inline(__always)
    static func squaredDistance(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int) -> Float {
        let va = UnsafeRawPointer(a), vb = UnsafeRawPointer(b)
        var e = va.load(as: SIMD16<Float>.self) - vb.load(as: SIMD16<Float>.self)
        var acc = e * e
        var offset = 64
        let bytes = stride &* 4
        while offset < bytes {
            e = va.load(fromByteOffset: offset, as: SIMD16<Float>.self) - vb.load(fromByteOffset: offset, as: SIMD16<Float>.self)
            acc.addMul(e, e)
            offset &+= 64
        }
        return PaddedRows.sum(acc)
    }

    /// The lanes' sum as a tree of halvings: `SIMD16.sum()` adds the 16 lanes one after another
    /// (a 16-add dependency chain, the larger part of a 60-column distance's latency).
    @inline(__always)
    static func sum(_ v: SIMD16<Float>) -> Float {
        let h = v.lowHalf + v.highHalf
        let q = h.lowHalf + h.highHalf
        let r = q.lowHalf + q.highHalf
        return r[0] + r[1]
    }

    /// Dot product of two padded rows.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, stride: Int) -> Float {
        let va = UnsafeRawPointer(a), vb = UnsafeRawPointer(b)
        var acc = va.load(as: SIMD16<Float>.self) * vb.load(as: SIMD16<Float>.self)
        var offset = 64
        let bytes = stride &* 4
        while offset < bytes {
            acc.addMul(va.load(fromByteOffset: offset, as: SIMD16<Float>.self), vb.load(fromByteOffset: offset, as: SIMD16<Float>.self))
            offset &+= 64
        }
        return PaddedRows.sum(acc)
    }
}

/// A software prefetch of the cache line holding `p` (read, keep in all levels), which the
/// standard library does not expose. Through C rather than `@_silgen_name("llvm.prefetch.p0")`:
/// a Swift declaration of the intrinsic may throw as far as LLVM knows, so ThreadSanitizer's
/// instrumentation turned its calls into `invoke`s, which LLVM rejects for intrinsics (the
/// compiler crashed on `--sanitize thread`).
@inline(__always) func prefetchLine(_ p: UnsafeRawPointer) { strata_prefetch_read(p) }
