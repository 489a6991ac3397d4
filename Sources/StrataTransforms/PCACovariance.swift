import StrataCore

/// Column means and the centred scatter matrix `Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ` of a Float matrix, in Double.
///
/// ``shiftedScatter(_:)`` is the fast path (one pass, Float products); ``meanAndScatter(_:)`` is
/// the all-Double two-pass path it falls back to when the data are out of Float's comfortable
/// range or the shift was a poor guess of the mean. Both split the rows over the cores in fixed
/// chunks and reduce in chunk order (deterministic on any thread count).
enum PCACovariance {
    static let blockRows = 64

    /// Two passes: column means, then the centred outer products, all in Double. Centring before
    /// the products (rather than sklearn's `XᵀX − n μμᵀ`) keeps full precision for data far from
    /// the origin. The second pass transposes 64-row blocks into a feature-major Double buffer
    /// and keeps one `SIMD8<Double>` accumulator per pair of features (upper triangle), so the
    /// inner loop is pure FMAs on contiguous memory; lanes are summed once at the end.
    static func meanAndScatter(_ data: Matrix) -> (mean: [Double], scatter: [Double]) {
        let n = data.rows, d = data.columns
        let mean: [Double] = data.storage.withUnsafeBufferPointer { x in
            let base = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
            let parts = Parallel.mapChunks(count: n, minimumChunk: 16_384) { range -> [Double] in
                var s = [Double](repeating: 0, count: d)
                s.withUnsafeMutableBufferPointer { sp in
                    for i in range {
                        let row = base.base + i * d
                        for f in 0..<d { sp[f] += Double(row[f]) }
                    }
                }
                return s
            }
            var total = [Double](repeating: 0, count: d)
            for p in parts { for f in 0..<d { total[f] += p[f] } }
            return total.map { $0 / Double(n) }
        }
        let pairs = d * (d + 1) / 2
        let scatterParts: [[Double]] = data.storage.withUnsafeBufferPointer { x in
            let base = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
            return Parallel.mapChunks(count: n, minimumChunk: 16_384) { range -> [Double] in
                let acc = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: pairs)
                acc.initialize(repeating: SIMD8<Double>(), count: pairs)
                let block = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: d * blockRows / 8)
                defer { acc.deallocate(); block.deallocate() }
                let lanesPerFeature = blockRows / 8
                var start = range.lowerBound
                while start < range.upperBound {
                    let count = Swift.min(blockRows, range.upperBound - start)
                    // Transpose + centre; rows past the end are zero and add nothing.
                    let raw = UnsafeMutableRawPointer(block).assumingMemoryBound(to: Double.self)
                    for f in 0..<d {
                        let column = raw + f * blockRows
                        let m = mean[f]
                        for r in 0..<count { column[r] = Double(base.base[(start + r) * d + f]) - m }
                        for r in count..<blockRows { column[r] = 0 }
                    }
                    // Two features per pass share every load of the partner feature's lanes.
                    var f = 0
                    while f < d {
                        let a = block + f * lanesPerFeature
                        let a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7]
                        let rowF = triangleIndex(f, f, d)
                        if f + 1 < d {
                            let c = block + (f + 1) * lanesPerFeature
                            let c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7]
                            acc[rowF] = pairProduct(acc[rowF], a0, a1, a2, a3, a4, a5, a6, a7, a)
                            let rowC = triangleIndex(f + 1, f + 1, d)
                            for g in (f + 1)..<d {
                                let bb = block + g * lanesPerFeature
                                let b0 = bb[0], b1 = bb[1], b2 = bb[2], b3 = bb[3], b4 = bb[4], b5 = bb[5], b6 = bb[6], b7 = bb[7]
                                var s = acc[rowF + g - f], t = acc[rowC + g - f - 1]
                                s.addProduct(a0, b0); t.addProduct(c0, b0)
                                s.addProduct(a1, b1); t.addProduct(c1, b1)
                                s.addProduct(a2, b2); t.addProduct(c2, b2)
                                s.addProduct(a3, b3); t.addProduct(c3, b3)
                                s.addProduct(a4, b4); t.addProduct(c4, b4)
                                s.addProduct(a5, b5); t.addProduct(c5, b5)
                                s.addProduct(a6, b6); t.addProduct(c6, b6)
                                s.addProduct(a7, b7); t.addProduct(c7, b7)
                                acc[rowF + g - f] = s
                                acc[rowC + g - f - 1] = t
                            }
                        } else {
                            acc[rowF] = pairProduct(acc[rowF], a0, a1, a2, a3, a4, a5, a6, a7, a)
                        }
                        f += 2
                    }
                    start += count
                }
                var out = [Double](repeating: 0, count: pairs)
                for i in 0..<pairs { out[i] = acc[i].sum() }
                return out
            }
        }
        var scatter = [Double](repeating: 0, count: d * d)
        // Parts are laid out by triangleIndex: row f holds (f, f), (f, f+1), …, (f, d−1).
        for part in scatterParts {
            var index = 0
            for f in 0..<d {
                for g in f..<d { scatter[f * d + g] += part[index]; index += 1 }
            }
        }
        for f in 0..<d { for g in 0..<f { scatter[f * d + g] = scatter[g * d + f] } }
        return (mean, scatter)
    }

    /// Position of pair (f, g ≥ f) in the packed upper triangle, row after row.
    @inline(__always)
    static func triangleIndex(_ f: Int, _ g: Int, _ d: Int) -> Int { f * d - f * (f - 1) / 2 + (g - f) }

    @inline(__always)
    static func pairProduct(_ acc: SIMD8<Double>, _ a0: SIMD8<Double>, _ a1: SIMD8<Double>, _ a2: SIMD8<Double>, _ a3: SIMD8<Double>,
                            _ a4: SIMD8<Double>, _ a5: SIMD8<Double>, _ a6: SIMD8<Double>, _ a7: SIMD8<Double>,
                            _ b: UnsafeMutablePointer<SIMD8<Double>>) -> SIMD8<Double> {
        var s = acc
        s.addProduct(a0, b[0]); s.addProduct(a1, b[1]); s.addProduct(a2, b[2]); s.addProduct(a3, b[3])
        s.addProduct(a4, b[4]); s.addProduct(a5, b[5]); s.addProduct(a6, b[6]); s.addProduct(a7, b[7])
        return s
    }
}
