import StrataCore

extension PCACovariance {
    /// Rows per Float accumulation block: products are summed in Float over this many rows, then
    /// folded into Double. 64 keeps the Float partial sums short (rounding ~√64 · 2⁻²⁴ relative)
    /// while the fold costs about one instruction in eight.
    static let floatBlockRows = 64
    /// Rows of the evenly spaced sample whose mean becomes the shift.
    static let shiftSampleRows = 4096

    /// Column means and centred scatter in one pass over the data, with Float products.
    ///
    /// Each row is shifted by `m` (the mean of an evenly spaced sample of rows, rounded to Float),
    /// `y = x − m`, and `Σ y yᵀ` is accumulated as 16 × 16 tiles of `SIMD16<Float>` FMAs over
    /// 64-row blocks, each block folded into Double. The same pass sums `x` in Double, which gives
    /// the exact mean μ and `s = Σ y = n (μ − m)`; then `Σ (x − μ)(x − μ)ᵀ = Σ y yᵀ − s sᵀ / n`
    /// exactly (the "assumed mean" identity), so the shift need not be the mean, only close to it.
    ///
    /// Throws ``StrataError/nonFinite(row:column:)`` for a NaN or infinite cell (a Double column
    /// sum of finite Floats cannot overflow, so a non-finite sum means a non-finite cell; the
    /// serial scan that names it runs only then). Returns nil, so the caller takes the Double
    /// path, when Float products would lose precision: a column whose mean square about the shift
    /// is outside [2⁻⁸⁰, 2¹⁰⁰] (underflow/overflow of products), a non-finite product sum, or a
    /// shift more than ¼ of the column's spread from its mean (the correction `s sᵀ / n` would
    /// cancel more than a few bits).
    static func shiftedScatter(_ data: Matrix) throws(StrataError) -> (mean: [Double], scatter: [Double])? {
        let n = data.rows, d = data.columns
        let tiles = (d + 15) / 16, width = tiles * 16
        let pairs = tiles * (tiles + 1) / 2
        // Evenly spaced rows, so data sorted by segment still give a central shift.
        var shift = [Float](repeating: 0, count: width)
        data.storage.withUnsafeBufferPointer { x in
            let sample = Swift.min(n, shiftSampleRows)
            var total = [Double](repeating: 0, count: d)
            for j in 0..<sample {
                let row = x.baseAddress! + (j * n / sample) * d
                for f in 0..<d { total[f] += Double(row[f]) }
            }
            for f in 0..<d { shift[f] = Float(total[f] / Double(sample)) }
        }
        let rowBlock = floatBlockRows
        let parts: [(sum: [Double], tiles: [Double])] = data.storage.withUnsafeBufferPointer { x in
            shift.withUnsafeBufferPointer { sh in
                let base = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                let shiftBase = SendablePointer(UnsafeMutablePointer(mutating: sh.baseAddress!))
                return Parallel.mapChunks(count: n, minimumChunk: 16_384) { range in
                    chunkScatter(base.base, rows: n, columns: d, range: range, shift: shiftBase.base,
                                 tiles: tiles, width: width, pairs: pairs, rowBlock: rowBlock)
                }
            }
        }
        var sum = [Double](repeating: 0, count: d)
        var raw = [Double](repeating: 0, count: d * d)      // Σ y yᵀ, upper triangle
        for part in parts {
            for f in 0..<d { sum[f] += part.sum[f] }
            for f in 0..<d {
                let ft = f / 16, q = f % 16
                for g in f..<d {
                    let gt = g / 16
                    raw[f * d + g] += part.tiles[pairIndex(ft, gt) * 256 + q * 16 + g % 16]
                }
            }
        }
        for f in 0..<d where !sum[f].isFinite {
            try data.validateFinite()
            return nil     // finite cells whose Double sum overflowed cannot happen; be safe anyway
        }
        let count = Double(n)
        let mean = sum.map { $0 / count }
        // s = Σ y = Σ x − n m, exact enough in Double (no cancellation below |μ|/σ ≈ 10⁹).
        let offset = (0..<d).map { sum[$0] - count * Double(shift[$0]) }
        for f in 0..<d {
            let square = raw[f * d + f]
            guard square.isFinite else { return nil }
            if square > 0 {
                let meanSquare = square / count
                guard meanSquare >= 0x1p-80, meanSquare <= 0x1p100 else { return nil }
            }
            // Shift far from the mean: (s²/n) is the part of Σ y² the correction removes.
            guard offset[f] * offset[f] / count <= square / 16 else { return nil }
        }
        var scatter = [Double](repeating: 0, count: d * d)
        for f in 0..<d {
            for g in f..<d {
                let value = raw[f * d + g] - offset[f] * offset[g] / count
                guard value.isFinite else { return nil }
                scatter[f * d + g] = value
                scatter[g * d + f] = value
            }
        }
        return (mean, scatter)
    }

    /// Tile pair (row tile a ≤ column tile b) → position in the packed upper triangle of tiles.
    @inline(__always)
    static func pairIndex(_ a: Int, _ b: Int) -> Int { b * (b + 1) / 2 + a }

    /// One chunk: column sums of x (Double, padded lanes ignored) and the tiles of Σ y yᵀ
    /// (Double, 16 × 16 per tile pair, row-major inside the tile).
    static func chunkScatter(_ x: UnsafeMutablePointer<Float>, rows n: Int, columns d: Int, range: Range<Int>,
                             shift: UnsafeMutablePointer<Float>, tiles: Int, width: Int, pairs: Int,
                             rowBlock: Int) -> (sum: [Double], tiles: [Double]) {
        let yRaw = UnsafeMutableRawPointer.allocate(byteCount: rowBlock * width * 4, alignment: 64)
        let y = yRaw.bindMemory(to: Float.self, capacity: rowBlock * width)
        let acc = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: pairs * 32)
        acc.initialize(repeating: SIMD8<Double>(), count: pairs * 32)
        let sums = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: tiles * 2)
        sums.initialize(repeating: SIMD8<Double>(), count: tiles * 2)
        defer { yRaw.deallocate(); acc.deallocate(); sums.deallocate() }
        let tailLanes = d - (tiles - 1) * 16
        let tailMask = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .>= SIMD16<Int32>(repeating: Int32(tailLanes))
        let end = n * d
        var start = range.lowerBound
        while start < range.upperBound {
            let count = Swift.min(rowBlock, range.upperBound - start)
            // Shift rows into the block buffer; padded columns and rows are zero and add nothing.
            for i in 0..<count {
                let row = x + (start + i) * d
                let out = UnsafeMutableRawPointer(y + i * width)
                for t in 0..<tiles {
                    let f0 = t * 16
                    var v: SIMD16<Float>
                    if (start + i) * d + f0 + 16 <= end {
                        // The tail tile may read into the next row; those lanes are masked below.
                        v = UnsafeRawPointer(row + f0).loadUnaligned(as: SIMD16<Float>.self)
                    } else {
                        v = SIMD16<Float>()
                        for l in 0..<(d - f0) { v[l] = row[f0 + l] }
                    }
                    let m = UnsafeRawPointer(shift + f0).loadUnaligned(as: SIMD16<Float>.self)
                    var c = v - m
                    if t == tiles - 1 {
                        c.replace(with: 0, where: tailMask)
                        v.replace(with: 0, where: tailMask)
                    }
                    sums[2 * t] += SIMD8<Double>(v.lowHalf)
                    sums[2 * t + 1] += SIMD8<Double>(v.highHalf)
                    out.storeBytes(of: c, toByteOffset: f0 * 4, as: SIMD16<Float>.self)
                }
            }
            if count < rowBlock {
                (y + count * width).initialize(repeating: 0, count: (rowBlock - count) * width)
            }
            for b in 0..<tiles {
                for a in 0...b {
                    tileProduct(y, width: width, rowTile: a, columnTile: b, rows: rowBlock,
                                into: acc + pairIndex(a, b) * 32)
                }
            }
            start += count
        }
        var sum = [Double](repeating: 0, count: d)
        for f in 0..<d { sum[f] = sums[f / 8][f % 8] }
        var out = [Double](repeating: 0, count: pairs * 256)
        for p in 0..<(pairs * 32) { for l in 0..<8 { out[p * 8 + l] = acc[p][l] } }
        return (sum, out)
    }

    /// acc[q][·] += Σ_rows y[row, 16a + q] · y[row, 16b ..< 16b + 16]: sixteen `SIMD16<Float>`
    /// accumulators stay in registers for the whole block, then fold into Double.
    @inline(__always)
    static func tileProduct(_ y: UnsafeMutablePointer<Float>, width: Int, rowTile a: Int, columnTile b: Int,
                            rows: Int, into acc: UnsafeMutablePointer<SIMD8<Double>>) {
        var a0 = SIMD16<Float>(), a1 = SIMD16<Float>(), a2 = SIMD16<Float>(), a3 = SIMD16<Float>()
        var a4 = SIMD16<Float>(), a5 = SIMD16<Float>(), a6 = SIMD16<Float>(), a7 = SIMD16<Float>()
        var a8 = SIMD16<Float>(), a9 = SIMD16<Float>(), a10 = SIMD16<Float>(), a11 = SIMD16<Float>()
        var a12 = SIMD16<Float>(), a13 = SIMD16<Float>(), a14 = SIMD16<Float>(), a15 = SIMD16<Float>()
        var p = y
        for _ in 0..<rows {
            let v = UnsafeRawPointer(p + 16 * b).load(as: SIMD16<Float>.self)
            let s = p + 16 * a
            a0.addProduct(s[0], v); a1.addProduct(s[1], v); a2.addProduct(s[2], v); a3.addProduct(s[3], v)
            a4.addProduct(s[4], v); a5.addProduct(s[5], v); a6.addProduct(s[6], v); a7.addProduct(s[7], v)
            a8.addProduct(s[8], v); a9.addProduct(s[9], v); a10.addProduct(s[10], v); a11.addProduct(s[11], v)
            a12.addProduct(s[12], v); a13.addProduct(s[13], v); a14.addProduct(s[14], v); a15.addProduct(s[15], v)
            p += width
        }
        @inline(__always) func fold(_ q: Int, _ v: SIMD16<Float>) {
            acc[2 * q] += SIMD8<Double>(v.lowHalf)
            acc[2 * q + 1] += SIMD8<Double>(v.highHalf)
        }
        fold(0, a0); fold(1, a1); fold(2, a2); fold(3, a3); fold(4, a4); fold(5, a5); fold(6, a6); fold(7, a7)
        fold(8, a8); fold(9, a9); fold(10, a10); fold(11, a11); fold(12, a12); fold(13, a13); fold(14, a14); fold(15, a15)
    }
}
