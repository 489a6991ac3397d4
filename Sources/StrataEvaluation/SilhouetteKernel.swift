import StrataCore

/// The exact silhouette of every scored point, without an n × n matrix.
///
/// Points are copied once into a feature-major (structure-of-arrays) buffer, grouped by
/// cluster and padded to 16 lanes per cluster. Each query point then streams over every
/// cluster's contiguous run: 16 distances at a time (`SIMD16<Float>` differences, FMA, square
/// root), four query rows sharing every load, folded into one per-cluster sum per tile of 256
/// points. Per-cluster sums go to `Double` per tile, so the `Float` part only ever adds 16
/// terms per lane. Grouping by cluster turns sklearn's `bincount` scatter into plain
/// contiguous reductions. Query rows are split over the cores in fixed chunks; every row's
/// result depends on that row alone, so the output is identical on any number of threads.
///
/// Memory: the copy (n × d floats, padded) plus 4·k doubles per thread.
/// Time: n² · d fused multiply-adds, n² square roots.
enum SilhouetteKernel {
    static let lanes = 16
    /// Points per Float partial sum before it is folded into the Double cluster sum.
    static let tile = 256
    /// Query rows sharing each loaded vector of candidate points.
    static let block = 4

    /// Silhouette values for the points `rows` of `data`, with cluster codes `codes` and
    /// cluster sizes `sizes`; sklearn's conventions (singleton clusters score 0, 0/0 → 0).
    static func values(data: Matrix, rows: [Int], codes: [Int32], sizes: [Int]) -> [Double] {
        let m = rows.count, d = data.columns, k = sizes.count
        guard m > 0 else { return [] }
        var starts = [Int](repeating: 0, count: k)
        var padded = 0
        for c in 0..<k {
            starts[c] = padded
            padded += (sizes[c] + lanes - 1) / lanes * lanes
        }
        let stride = padded
        let clusterStarts = starts
        var soa = [Float](repeating: 0, count: Swift.max(1, d * stride))
        var fill = starts
        data.storage.withUnsafeBufferPointer { x in
            soa.withUnsafeMutableBufferPointer { s in
                for t in 0..<m {
                    let c = Int(codes[t])
                    let pos = fill[c]; fill[c] += 1
                    let row = x.baseAddress! + rows[t] * d
                    for f in 0..<d { s[f * stride + pos] = row[f] }
                }
            }
        }
        var result = [Double](repeating: 0, count: m)
        withPointers(soa, data, &result) { soaBase, xBase, outBase in
            Parallel.forEachChunk(count: m, minimumChunk: 16) { _, range in
                let broadcasts = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: Swift.max(1, d * block))
                defer { broadcasts.deallocate() }
                var sums = [Double](repeating: 0, count: block * k)
                var q = range.lowerBound
                while q < range.upperBound {
                    let live = Swift.min(block, range.upperBound - q)
                    for r in 0..<block {
                        // A short last block repeats its final row; the copies are discarded.
                        let row = xBase.base + rows[q + Swift.min(r, live - 1)] * d
                        for f in 0..<d { broadcasts[f * block + r] = SIMD16(repeating: row[f]) }
                    }
                    for i in 0..<(block * k) { sums[i] = 0 }
                    for c in 0..<k {
                        accumulate(cluster: c, count: sizes[c], start: clusterStarts[c], stride: stride, d: d,
                                   soa: soaBase.base, broadcasts: broadcasts, into: &sums, k: k)
                    }
                    for r in 0..<live {
                        outBase[q + r] = silhouette(own: Int(codes[q + r]), sums: sums, offset: r * k, sizes: sizes)
                    }
                    q += live
                }
            }
        }
        return result
    }

    /// Runs `body` with pointers that concurrent chunks may share: the points copy, the
    /// data, and the output (each chunk writes its own rows).
    static func withPointers(_ points: [Float], _ data: Matrix, _ result: inout [Double],
                             _ body: (SendablePointer<Float>, SendablePointer<Float>, SendablePointer<Double>) -> Void) {
        points.withUnsafeBufferPointer { pointBuffer in
            data.storage.withUnsafeBufferPointer { xBuffer in
                result.withUnsafeMutableBufferPointer { out in
                    body(SendablePointer(UnsafeMutablePointer(mutating: pointBuffer.baseAddress!)),
                         SendablePointer(UnsafeMutablePointer(mutating: xBuffer.baseAddress!)),
                         SendablePointer(out.baseAddress!))
                }
            }
        }
    }

    @inline(__always)
    static func accumulate(cluster c: Int, count: Int, start: Int, stride: Int, d: Int,
                           soa: UnsafeMutablePointer<Float>, broadcasts: UnsafeMutablePointer<SIMD16<Float>>,
                           into sums: inout [Double], k: Int) {
        let laneIndex = SIMD16<Float>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
        var j = 0
        while j < count {
            let tileEnd = Swift.min(j &+ tile, count)
            var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
            while j < tileEnd {
                var d0 = SIMD16<Float>(), d1 = SIMD16<Float>(), d2 = SIMD16<Float>(), d3 = SIMD16<Float>()
                var p = soa + (start &+ j)
                var b = broadcasts
                for _ in 0..<d {
                    let y = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
                    let t0 = y - b[0], t1 = y - b[1], t2 = y - b[2], t3 = y - b[3]
                    d0.addMul(t0, t0); d1.addMul(t1, t1)
                    d2.addMul(t2, t2); d3.addMul(t3, t3)
                    p += stride
                    b += 4
                }
                var s0 = squareRoot(d0), s1 = squareRoot(d1), s2 = squareRoot(d2), s3 = squareRoot(d3)
                let remaining = count &- j
                if remaining < lanes {
                    // Padding lanes hold zeros; their distances must not count.
                    let outside = laneIndex .>= SIMD16<Float>(repeating: Float(remaining))
                    s0.replace(with: 0, where: outside); s1.replace(with: 0, where: outside)
                    s2.replace(with: 0, where: outside); s3.replace(with: 0, where: outside)
                }
                a0 += s0; a1 += s1; a2 += s2; a3 += s3
                j &+= lanes
            }
            sums[c] += Double(a0.sum())
            sums[k &+ c] += Double(a1.sum())
            sums[2 &* k &+ c] += Double(a2.sum())
            sums[3 &* k &+ c] += Double(a3.sum())
        }
    }

    /// Square roots of non-negative lanes, vectorised.
    ///
    /// `Float.squareRoot()` compiles to `vsqrtss` plus a libm `sqrtf` fallback (for errno on
    /// negative input), which blocks vectorisation. This is the reciprocal-square-root bit
    /// trick refined by two Newton steps (relative error < 5e-6), then one Heron step on the
    /// root itself, which squares that error away: the result is within a few ulp of the
    /// correctly rounded root. Zero maps to zero.
    @inline(__always)
    static func squareRoot(_ x: SIMD16<Float>) -> SIMD16<Float> {
        let bits = unsafeBitCast(x, to: SIMD16<UInt32>.self)
        var y = unsafeBitCast(SIMD16<UInt32>(repeating: 0x5F37_59DF) &- (bits &>> 1), to: SIMD16<Float>.self)
        let half = 0.5 * x
        y = y * (1.5 - half * y * y)
        y = y * (1.5 - half * y * y)
        var s = x * y
        s.addMul(0.5 * y, x - s * s)
        return s
    }

    /// `(b − a) / max(a, b)` with sklearn's conventions.
    @inline(__always)
    static func silhouette(own: Int, sums: [Double], offset: Int, sizes: [Int]) -> Double {
        let ownSize = sizes[own]
        if ownSize <= 1 { return 0 }
        let a = sums[offset + own] / Double(ownSize - 1)
        var b = Double.infinity
        for c in 0..<sizes.count where c != own && sizes[c] > 0 {
            b = Swift.min(b, sums[offset + c] / Double(sizes[c]))
        }
        let denominator = Swift.max(a, b)
        if denominator == 0 || !denominator.isFinite { return 0 }
        return (b - a) / denominator
    }
}
