import StrataCore

/// Column means and the centred scatter matrix `Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ` of a Float matrix, in Double,
/// for the exact PCA solver. Rows are split over the cores in fixed chunks and reduced in chunk
/// order, so the result is the same on any thread count.
enum PCACovariance {
    /// Rows centred into the Double block buffer at a time (32 × 64 Doubles = 16 KB, L1-resident
    /// next to the tile accumulators).
    static let shiftBlockRows = 32
    /// Rows of the evenly spaced sample whose mean becomes the shift.
    static let shiftSampleRows = 4096

    /// Column means and centred scatter, normally in one pass over the data.
    ///
    /// Each row is shifted by `m` (the mean of an evenly spaced sample of rows), `y = x − m` in
    /// Double, and `Σ y yᵀ` is accumulated over the upper triangle of 8 × 8 tiles: for every
    /// 32-row block, eight `SIMD8<Double>` accumulators per tile take one broadcast FMA per row
    /// and feature straight from the row-major block (no transposes). The same pass sums `y`,
    /// which gives the exact mean `μ = m + s/n` with `s = Σ y`, and then
    /// `Σ (x − μ)(x − μ)ᵀ = Σ y yᵀ − s sᵀ / n` exactly (the "assumed mean" identity): the shift
    /// need not be the mean, only close to it. When it is not (a column whose mean lies more
    /// than ¼ of its spread from the sample mean, where the correction would cancel bits), a
    /// second pass uses the exact mean as the shift, like the classic two-pass algorithm.
    ///
    /// Products stay in Double: Float products summed in Float over 64-row blocks were tried and lose
    /// ~1e-5 in the trailing components of the fixtures, against a 1e-6 tolerance.
    ///
    /// Throws ``StrataError/nonFinite(row:column:)`` for a NaN or infinite cell: a Double sum of
    /// finite Floats cannot overflow, so a non-finite column sum means a non-finite cell, and the
    /// serial scan that names it runs only then.
    static func shiftedScatter(_ data: Matrix) throws(StrataError) -> (mean: [Double], scatter: [Double]) {
        let n = data.rows, d = data.columns
        // Evenly spaced rows, so data sorted by segment still give a central shift.
        var shift = [Double](repeating: 0, count: d)
        data.storage.withUnsafeBufferPointer { x in
            let sample = Swift.min(n, shiftSampleRows)
            for j in 0..<sample {
                let row = x.baseAddress! + (j * n / sample) * d
                for f in 0..<d { shift[f] += Double(row[f]) }
            }
            for f in 0..<d { shift[f] /= Double(sample) }
        }
        var (offset, raw) = shiftedProducts(data, shift: shift)
        if offset.contains(where: { !$0.isFinite }) {
            try data.validateFinite()
        }
        let count = Double(n)
        // (s²/n) is the part of Σ y² the correction removes; keep it a small part.
        if (0..<d).contains(where: { offset[$0] * offset[$0] / count > raw[$0 * d + $0] / 16 }) {
            shift = (0..<d).map { shift[$0] + offset[$0] / count }
            (offset, raw) = shiftedProducts(data, shift: shift)
        }
        let mean = (0..<d).map { shift[$0] + offset[$0] / count }
        var scatter = [Double](repeating: 0, count: d * d)
        for f in 0..<d {
            for g in f..<d {
                let value = raw[f * d + g] - offset[f] * offset[g] / count
                scatter[f * d + g] = value
                scatter[g * d + f] = value
            }
        }
        return (mean, scatter)
    }

    /// `s = Σ y` and the upper triangle of `Σ y yᵀ` (d × d, row-major) for `y = x − shift`,
    /// over fixed chunks of rows on every core, reduced in chunk order.
    static func shiftedProducts(_ data: Matrix, shift: [Double]) -> (sum: [Double], products: [Double]) {
        let n = data.rows, d = data.columns
        let tiles = (d + 7) / 8, width = tiles * 8
        let pairs = tiles * (tiles + 1) / 2
        let paddedShift = shift + [Double](repeating: 0, count: width - d)
        let parts: [(sum: [Double], tiles: [Double])] = data.storage.withUnsafeBufferPointer { x in
            paddedShift.withUnsafeBufferPointer { sh in
                let base = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                let shiftBase = SendablePointer(UnsafeMutablePointer(mutating: sh.baseAddress!))
                return Parallel.mapChunks(count: n, minimumChunk: 16_384) { range in
                    chunkProducts(base.base, rows: n, columns: d, range: range, shift: shiftBase.base,
                                  tiles: tiles, width: width, pairs: pairs)
                }
            }
        }
        var sum = [Double](repeating: 0, count: d)
        var products = [Double](repeating: 0, count: d * d)
        for part in parts {
            for f in 0..<d { sum[f] += part.sum[f] }
            for f in 0..<d {
                for g in f..<d {
                    products[f * d + g] += part.tiles[pairIndex(f / 8, g / 8) * 64 + (f % 8) * 8 + g % 8]
                }
            }
        }
        return (sum, products)
    }

    /// Tile pair (row tile a ≤ column tile b) → position in the packed upper triangle of tiles.
    @inline(__always)
    static func pairIndex(_ a: Int, _ b: Int) -> Int { b * (b + 1) / 2 + a }

    /// One chunk: column sums of y (padded lanes ignored) and the 8 × 8 tiles of Σ y yᵀ
    /// (row-major inside each tile).
    static func chunkProducts(_ x: UnsafeMutablePointer<Float>, rows n: Int, columns d: Int, range: Range<Int>,
                              shift: UnsafeMutablePointer<Double>, tiles: Int, width: Int,
                              pairs: Int) -> (sum: [Double], tiles: [Double]) {
        let rowBlock = shiftBlockRows
        let yRaw = UnsafeMutableRawPointer.allocate(byteCount: rowBlock * width * 8, alignment: 64)
        let y = yRaw.bindMemory(to: Double.self, capacity: rowBlock * width)
        let acc = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: pairs * 8)
        acc.initialize(repeating: SIMD8<Double>(), count: pairs * 8)
        let sums = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: tiles)
        sums.initialize(repeating: SIMD8<Double>(), count: tiles)
        defer { yRaw.deallocate(); acc.deallocate(); sums.deallocate() }
        let tailLanes = d - (tiles - 1) * 8
        let tailMask = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int64>(repeating: Int64(tailLanes))
        // Rows are first copied in runs of ~128 KB (512 rows at d = 60, L2-resident) to a staging
        // buffer: a long plain copy streams from DRAM faster than the converting loop, which
        // stalled on each cache-line miss (4 % of the fit's CPU time at 1M × 60). Eight spare
        // Floats let the last row's tail tile read past it; those lanes are masked.
        let stageRows = Swift.max(rowBlock, 32_768 / d / rowBlock * rowBlock)
        let stage = UnsafeMutablePointer<Float>.allocate(capacity: stageRows * d + 8)
        stage.initialize(repeating: 0, count: stageRows * d + 8)
        defer { stage.deallocate() }
        var stageStart = range.lowerBound, stageEnd = range.lowerBound
        var start = range.lowerBound
        while start < range.upperBound {
            let count = Swift.min(rowBlock, range.upperBound - start)
            if start + count > stageEnd {
                stageStart = start
                stageEnd = Swift.min(start + stageRows, range.upperBound)
                UnsafeMutableRawPointer(stage).copyMemory(from: x + start * d, byteCount: (stageEnd - start) * d * 4)
                (stage + (stageEnd - start) * d).initialize(repeating: 0, count: 8)
            }
            // Shift rows into the block buffer; padded columns and rows are zero and add nothing.
            for i in 0..<count {
                let row = stage + (start - stageStart + i) * d
                let out = y + i * width
                for t in 0..<tiles {
                    let f0 = t * 8
                    let v = UnsafeRawPointer(row + f0).loadUnaligned(as: SIMD8<Float>.self)
                    var c = SIMD8<Double>(v) - UnsafeRawPointer(shift + f0).load(as: SIMD8<Double>.self)
                    if t == tiles - 1 { c.replace(with: 0, where: tailMask) }
                    UnsafeMutableRawPointer(out + f0).storeBytes(of: c, as: SIMD8<Double>.self)
                }
            }
            if count < rowBlock {
                (y + count * width).initialize(repeating: 0, count: (rowBlock - count) * width)
            }
            // Column sums from the L1-resident block, four chains per tile in registers (summing
            // row by row into memory would serialise on store-to-load forwarding).
            for t in 0..<tiles {
                var s0 = SIMD8<Double>(), s1 = SIMD8<Double>(), s2 = SIMD8<Double>(), s3 = SIMD8<Double>()
                var p = UnsafeRawPointer(y + 8 * t)
                let stride = width * 8
                for _ in 0..<(rowBlock / 4) {
                    s0 += p.load(as: SIMD8<Double>.self)
                    s1 += p.load(fromByteOffset: stride, as: SIMD8<Double>.self)
                    s2 += p.load(fromByteOffset: 2 * stride, as: SIMD8<Double>.self)
                    s3 += p.load(fromByteOffset: 3 * stride, as: SIMD8<Double>.self)
                    p += 4 * stride
                }
                sums[t] += (s0 + s1) + (s2 + s3)
            }
            for b in 0..<tiles {
                let narrow = b == tiles - 1 && tailLanes <= 4
                for a in 0...b {
                    if a == b && !narrow {
                        diagonalTileProduct(y, width: width, tile: b, rows: rowBlock, into: acc + pairIndex(a, b) * 8)
                    } else if narrow {
                        tileProduct(SIMD4<Double>.self, y, width: width, rowTile: a, columnTile: b, rows: rowBlock,
                                    into: acc + pairIndex(a, b) * 8)
                    } else {
                        tileProduct(SIMD8<Double>.self, y, width: width, rowTile: a, columnTile: b, rows: rowBlock,
                                    into: acc + pairIndex(a, b) * 8)
                    }
                }
            }
            start += count
        }
        var sum = [Double](repeating: 0, count: d)
        for f in 0..<d { sum[f] = sums[f / 8][f % 8] }
        var out = [Double](repeating: 0, count: pairs * 64)
        for p in 0..<(pairs * 8) { for l in 0..<8 { out[p * 8 + l] = acc[p][l] } }
        return (sum, out)
    }

    /// acc[q] += Σ_rows y[row, 8a + q] · y[row, 8b ..< 8b + lanes]: eight independent FMA chains
    /// in registers for the whole block, each a broadcast from the row-major buffer. `V` is
    /// `SIMD8<Double>`, or `SIMD4<Double>` for a last column tile with at most 4 real lanes (half
    /// the FMA cost; 60 features waste 4 of 8 lanes there).
    @inline(__always)
    static func tileProduct<V: SIMD>(_: V.Type, _ y: UnsafeMutablePointer<Double>, width: Int, rowTile a: Int, columnTile b: Int,
                                     rows: Int, into acc: UnsafeMutablePointer<SIMD8<Double>>) where V.Scalar == Double {
        let slots = UnsafeMutableRawPointer(acc)
        @inline(__always) func slot(_ q: Int) -> V { slots.load(fromByteOffset: q * 64, as: V.self) }
        var a0 = slot(0), a1 = slot(1), a2 = slot(2), a3 = slot(3), a4 = slot(4), a5 = slot(5), a6 = slot(6), a7 = slot(7)
        var p = y
        for _ in 0..<rows {
            let v = UnsafeRawPointer(p + 8 * b).load(as: V.self)
            let s = p + 8 * a
            a0.addMul(s[0], v); a1.addMul(s[1], v); a2.addMul(s[2], v); a3.addMul(s[3], v)
            a4.addMul(s[4], v); a5.addMul(s[5], v); a6.addMul(s[6], v); a7.addMul(s[7], v)
            p += width
        }
        @inline(__always) func put(_ q: Int, _ v: V) { slots.storeBytes(of: v, toByteOffset: q * 64, as: V.self) }
        put(0, a0); put(1, a1); put(2, a2); put(3, a3); put(4, a4); put(5, a5); put(6, a6); put(7, a7)
    }

    /// A diagonal tile needs only its upper triangle: rows 4–7 of the tile take the upper four
    /// lanes (`SIMD4`, half an FMA each on AVX-512 hardware that splits 512-bit operations).
    @inline(__always)
    static func diagonalTileProduct(_ y: UnsafeMutablePointer<Double>, width: Int, tile b: Int, rows: Int,
                                    into acc: UnsafeMutablePointer<SIMD8<Double>>) {
        let slots = UnsafeMutableRawPointer(acc)
        var a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3]
        var a4 = slots.load(fromByteOffset: 4 * 64 + 32, as: SIMD4<Double>.self)
        var a5 = slots.load(fromByteOffset: 5 * 64 + 32, as: SIMD4<Double>.self)
        var a6 = slots.load(fromByteOffset: 6 * 64 + 32, as: SIMD4<Double>.self)
        var a7 = slots.load(fromByteOffset: 7 * 64 + 32, as: SIMD4<Double>.self)
        var p = y + 8 * b
        for _ in 0..<rows {
            let v = UnsafeRawPointer(p).load(as: SIMD8<Double>.self)
            let upper = UnsafeRawPointer(p + 4).load(as: SIMD4<Double>.self)
            a0.addMul(p[0], v); a1.addMul(p[1], v); a2.addMul(p[2], v); a3.addMul(p[3], v)
            a4.addMul(p[4], upper); a5.addMul(p[5], upper); a6.addMul(p[6], upper); a7.addMul(p[7], upper)
            p += width
        }
        acc[0] = a0; acc[1] = a1; acc[2] = a2; acc[3] = a3
        slots.storeBytes(of: a4, toByteOffset: 4 * 64 + 32, as: SIMD4<Double>.self)
        slots.storeBytes(of: a5, toByteOffset: 5 * 64 + 32, as: SIMD4<Double>.self)
        slots.storeBytes(of: a6, toByteOffset: 6 * 64 + 32, as: SIMD4<Double>.self)
        slots.storeBytes(of: a7, toByteOffset: 7 * 64 + 32, as: SIMD4<Double>.self)
    }
}
