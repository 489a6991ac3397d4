/// Blocked squared Euclidean distances by the row-norm identity ‖q − r‖² = ‖q‖² + ‖r‖² − 2 q·r.
///
/// The inner product is a register-tiled micro-kernel: 8 query rows × 32 packed reference rows
/// (16 `SIMD16<Float>` accumulators), one fused multiply-add per query row and vector per
/// dimension — the same arithmetic shape as a GEMM, written in Swift so the numeric modules depend
/// on nothing. Results are approximate (Float32, cancellation when q ≈ r); callers that need
/// exact distances recompute their winners (see `ExactNeighbors`).
///
/// ```swift
/// let panels = DistancePanels(reference)
/// DistanceKernel.squaredDistances(queries: q, queryNorms: qn, rowCount: 128, columns: d,
///                                 panels: pv, panelNorms: pn, panelCount: 8, out: buf, outStride: 256)
/// ```
/// Complexity: `rowCount × panelCount × 32 × columns` multiply-adds.
public enum DistanceKernel {
    /// Writes `out[r * outStride + p * 32 + lane]` = approximate squared distance between query
    /// row `r` and lane `lane` of panel `p` (`+infinity` for padding lanes).
    ///
    /// - Parameters:
    ///   - queries: `rowCount` rows of `columns` values, row-major and contiguous.
    ///   - queryNorms: the `rowCount` squared norms of the query rows.
    ///   - panels: the first panel to use, laid out as ``DistancePanels/values``.
    ///   - panelNorms: the norms of that panel, laid out as ``DistancePanels/norms``.
    public static func squaredDistances(queries: UnsafePointer<Float>, queryNorms: UnsafePointer<Float>,
                                        rowCount: Int, columns d: Int,
                                        panels: UnsafePointer<Float>, panelNorms: UnsafePointer<Float>,
                                        panelCount: Int,
                                        out: UnsafeMutablePointer<Float>, outStride: Int) {
        let w = 32
        for p in 0..<panelCount {
            let panel = UnsafeRawPointer(panels + (p &* d &* w))
            let rnLo = UnsafeRawPointer(panelNorms + p &* w).loadUnaligned(as: SIMD16<Float>.self)
            let rnHi = UnsafeRawPointer(panelNorms + (p &* w &+ 16)).loadUnaligned(as: SIMD16<Float>.self)
            var r = 0
            while r &+ 8 <= rowCount {
                tile8(queries + r &* d, d, panel, queryNorms + r, rnLo, rnHi, out + (r &* outStride &+ p &* w), outStride)
                r &+= 8
            }
            while r < rowCount {
                tile1(queries + r &* d, d, panel, queryNorms[r], rnLo, rnHi, out + (r &* outStride &+ p &* w))
                r &+= 1
            }
        }
    }

    @inline(__always)
    static func tile1(_ q: UnsafePointer<Float>, _ d: Int, _ panel: UnsafeRawPointer, _ qn: Float,
                      _ rnLo: SIMD16<Float>, _ rnHi: SIMD16<Float>, _ out: UnsafeMutablePointer<Float>) {
        var lo = SIMD16<Float>(), hi = SIMD16<Float>()
        for c in 0..<d {
            let a = SIMD16<Float>(repeating: q[c])
            let off = c &* 128
            lo.addProduct(a, panel.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self))
            hi.addProduct(a, panel.loadUnaligned(fromByteOffset: off &+ 64, as: SIMD16<Float>.self))
        }
        store(out, qn, rnLo, rnHi, lo, hi)
    }

    @inline(__always)
    static func store(_ out: UnsafeMutablePointer<Float>, _ qn: Float, _ rnLo: SIMD16<Float>, _ rnHi: SIMD16<Float>,
                      _ lo: SIMD16<Float>, _ hi: SIMD16<Float>) {
        let q = SIMD16<Float>(repeating: qn)
        let two = SIMD16<Float>(repeating: -2)
        var a = q + rnLo, b = q + rnHi
        a.addProduct(two, lo)
        b.addProduct(two, hi)
        UnsafeMutableRawPointer(out).storeBytes(of: a, as: SIMD16<Float>.self)
        UnsafeMutableRawPointer(out + 16).storeBytes(of: b, as: SIMD16<Float>.self)
    }

    @inline(__always)
    static func tile8(_ q: UnsafePointer<Float>, _ d: Int, _ panel: UnsafeRawPointer, _ qn: UnsafePointer<Float>,
                      _ rnLo: SIMD16<Float>, _ rnHi: SIMD16<Float>, _ out: UnsafeMutablePointer<Float>, _ stride: Int) {
        var l0 = SIMD16<Float>(), l1 = SIMD16<Float>(), l2 = SIMD16<Float>(), l3 = SIMD16<Float>()
        var l4 = SIMD16<Float>(), l5 = SIMD16<Float>(), l6 = SIMD16<Float>(), l7 = SIMD16<Float>()
        var h0 = SIMD16<Float>(), h1 = SIMD16<Float>(), h2 = SIMD16<Float>(), h3 = SIMD16<Float>()
        var h4 = SIMD16<Float>(), h5 = SIMD16<Float>(), h6 = SIMD16<Float>(), h7 = SIMD16<Float>()
        let q1 = q + d, q2 = q1 + d, q3 = q2 + d, q4 = q3 + d, q5 = q4 + d, q6 = q5 + d, q7 = q6 + d
        for c in 0..<d {
            let off = c &* 128
            let lo = panel.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let hi = panel.loadUnaligned(fromByteOffset: off &+ 64, as: SIMD16<Float>.self)
            var a = SIMD16<Float>(repeating: q[c]); l0.addProduct(a, lo); h0.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q1[c]); l1.addProduct(a, lo); h1.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q2[c]); l2.addProduct(a, lo); h2.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q3[c]); l3.addProduct(a, lo); h3.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q4[c]); l4.addProduct(a, lo); h4.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q5[c]); l5.addProduct(a, lo); h5.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q6[c]); l6.addProduct(a, lo); h6.addProduct(a, hi)
            a = SIMD16<Float>(repeating: q7[c]); l7.addProduct(a, lo); h7.addProduct(a, hi)
        }
        store(out, qn[0], rnLo, rnHi, l0, h0)
        store(out + stride, qn[1], rnLo, rnHi, l1, h1)
        store(out + 2 &* stride, qn[2], rnLo, rnHi, l2, h2)
        store(out + 3 &* stride, qn[3], rnLo, rnHi, l3, h3)
        store(out + 4 &* stride, qn[4], rnLo, rnHi, l4, h4)
        store(out + 5 &* stride, qn[5], rnLo, rnHi, l5, h5)
        store(out + 6 &* stride, qn[6], rnLo, rnHi, l6, h6)
        store(out + 7 &* stride, qn[7], rnLo, rnHi, l7, h7)
    }
}
