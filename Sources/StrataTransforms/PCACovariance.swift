import StrataCore

/// Column means and the centred scatter matrix `Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ` of a Float matrix, in Double.
///
/// Two passes over the rows, both split over the cores in fixed chunks and reduced in chunk
/// order (deterministic on any thread count). Centring before the products (rather than
/// sklearn's `XᵀX − n μμᵀ`) keeps full precision for data far from the origin. The second pass
/// transposes 64-row blocks into a feature-major Double buffer and keeps one `SIMD8<Double>`
/// accumulator per pair of features (upper triangle), so the inner loop is pure FMAs on
/// contiguous memory; lanes are summed once at the end.
enum PCACovariance {
    static let blockRows = 64

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
                    var index = 0
                    for f in 0..<d {
                        let a = block + f * lanesPerFeature
                        let a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4], a5 = a[5], a6 = a[6], a7 = a[7]
                        for g in f..<d {
                            let b = block + g * lanesPerFeature
                            var s = acc[index]
                            var t = a0 * b[0]
                            s.addProduct(a1, b[1]); t.addProduct(a2, b[2])
                            s.addProduct(a3, b[3]); t.addProduct(a4, b[4])
                            s.addProduct(a5, b[5]); t.addProduct(a6, b[6])
                            s.addProduct(a7, b[7])
                            acc[index] = s + t
                            index += 1
                        }
                    }
                    start += count
                }
                var out = [Double](repeating: 0, count: pairs)
                for i in 0..<pairs { out[i] = acc[i].sum() }
                return out
            }
        }
        var scatter = [Double](repeating: 0, count: d * d)
        for part in scatterParts {
            var index = 0
            for f in 0..<d {
                for g in f..<d { scatter[f * d + g] += part[index]; index += 1 }
            }
        }
        for f in 0..<d { for g in 0..<f { scatter[f * d + g] = scatter[g * d + f] } }
        return (mean, scatter)
    }
}
