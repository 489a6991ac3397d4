import StrataCore
#if canImport(Glibc)
import Glibc
#endif

/// The projection `(x − mean) · axes · diag(scale)` of every row, in Float, on every core.
///
/// 64-row blocks are centred into an aligned buffer (four vector ops per row for 60 features),
/// then eight rows at a time take one broadcast FMA per feature against the feature-major axes
/// (`SIMD16<Float>` per 16 components): eight independent accumulator chains hide FMA latency.
/// Rows are written with whole-vector stores whose spill into the next row is overwritten when
/// that row is stored (never across a chunk boundary), so k = 10 costs one store per row.
enum PCAProjection {
    static let blockRows = 64

    /// Returns the projection and whether any output was NaN or infinite (then the caller scans
    /// the input for the cell to report; a non-finite input always makes its row non-finite).
    static func project(_ data: Matrix, center: [Float], axes: [Float], scale: [Float],
                        components k: Int) -> (Matrix, sawNonFinite: Bool) {
        let n = data.rows, d = data.columns
        guard n > 0 else { return (Matrix(rows: 0, columns: k), false) }
        let groups = (k + 15) / 16, width = groups * 16
        let dWidth = (d + 15) / 16 * 16
        var paddedCenter = center
        paddedCenter += [Float](repeating: 0, count: dWidth - d)
        let chunks = Parallel.chunkCount(count: n, minimumChunk: 4096)
        var flags = [Bool](repeating: false, count: Swift.max(chunks, 1))
        let values = [Float](unsafeUninitializedCapacity: n * k) { buffer, initialized in
            adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            data.storage.withUnsafeBufferPointer { x in
            axes.withUnsafeBufferPointer { a in
            scale.withUnsafeBufferPointer { sc in
            paddedCenter.withUnsafeBufferPointer { c in
            flags.withUnsafeMutableBufferPointer { fl in
                let xb = SendablePointer(UnsafeMutablePointer(mutating: x.baseAddress!))
                let ob = SendablePointer(buffer.baseAddress!)
                let ab = SendablePointer(UnsafeMutablePointer(mutating: a.baseAddress!))
                let sb = SendablePointer(UnsafeMutablePointer(mutating: sc.baseAddress!))
                let cb = SendablePointer(UnsafeMutablePointer(mutating: c.baseAddress!))
                let flagBase = SendablePointer(fl.baseAddress!)
                Parallel.forEachChunk(count: n, minimumChunk: 4096) { chunk, range in
                    flagBase[chunk] = projectChunk(xb.base, columns: d, paddedColumns: dWidth, total: n, range: range,
                                                   center: cb.base, axes: ab.base, scale: sb.base,
                                                   components: k, groups: groups, width: width, out: ob.base)
                }
            }
            }
            }
            }
            }
            initialized = n * k
        }
        return (try! Matrix(rows: n, columns: k, values: values), flags.contains(true))
    }

    /// Asks Linux for 2 MB pages on a fresh, untouched output buffer: 1,000,000 × 10 Floats are
    /// otherwise 10,000 first-touch page faults, a quarter of the projection's time. Harmless
    /// where transparent huge pages are off; only whole 2 MB pages inside the buffer are advised.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        let page = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 2 * page else { return }
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + buffer.count) / page * page
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    static func projectChunk(_ x: UnsafeMutablePointer<Float>, columns d: Int, paddedColumns dWidth: Int, total n: Int,
                             range: Range<Int>, center: UnsafeMutablePointer<Float>, axes: UnsafeMutablePointer<Float>,
                             scale: UnsafeMutablePointer<Float>, components k: Int, groups: Int, width: Int,
                             out: UnsafeMutablePointer<Float>) -> Bool {
        let yRaw = UnsafeMutableRawPointer.allocate(byteCount: blockRows * dWidth * 4, alignment: 64)
        let y = yRaw.bindMemory(to: Float.self, capacity: blockRows * dWidth)
        defer { yRaw.deallocate() }
        let tiles = dWidth / 16
        let tailLanes = d - (tiles - 1) * 16
        let tailMask = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) .>= SIMD16<Int32>(repeating: Int32(tailLanes))
        let end = n * d
        // (v − v) is 0 for finite lanes and NaN otherwise; summed, it flags any non-finite output.
        var poison = SIMD16<Float>()
        var start = range.lowerBound
        while start < range.upperBound {
            let count = Swift.min(blockRows, range.upperBound - start)
            for i in 0..<count {
                let row = x + (start + i) * d
                let o = UnsafeMutableRawPointer(y + i * dWidth)
                for t in 0..<tiles {
                    let f0 = t * 16
                    var v: SIMD16<Float>
                    if (start + i) * d + f0 + 16 <= end {
                        v = UnsafeRawPointer(row + f0).loadUnaligned(as: SIMD16<Float>.self)
                    } else {
                        v = SIMD16<Float>()
                        for l in 0..<(d - f0) { v[l] = row[f0 + l] }
                    }
                    var c = v - UnsafeRawPointer(center + f0).loadUnaligned(as: SIMD16<Float>.self)
                    if t == tiles - 1 { c.replace(with: 0, where: tailMask) }
                    o.storeBytes(of: c, toByteOffset: f0 * 4, as: SIMD16<Float>.self)
                }
            }
            if count < blockRows { (y + count * dWidth).initialize(repeating: 0, count: (blockRows - count) * dWidth) }
            var r = 0
            while r < count {
                for g in 0..<groups {
                    var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>(), c3 = SIMD16<Float>()
                    var c4 = SIMD16<Float>(), c5 = SIMD16<Float>(), c6 = SIMD16<Float>(), c7 = SIMD16<Float>()
                    let y0 = y + r * dWidth
                    var column = UnsafeRawPointer(axes + g * 16)
                    for f in 0..<d {
                        let w = column.loadUnaligned(as: SIMD16<Float>.self)
                        c0.addMul(y0[f], w); c1.addMul(y0[dWidth + f], w)
                        c2.addMul(y0[2 * dWidth + f], w); c3.addMul(y0[3 * dWidth + f], w)
                        c4.addMul(y0[4 * dWidth + f], w); c5.addMul(y0[5 * dWidth + f], w)
                        c6.addMul(y0[6 * dWidth + f], w); c7.addMul(y0[7 * dWidth + f], w)
                        column += width * MemoryLayout<Float>.stride
                    }
                    poison += (c0 - c0) + (c1 - c1) + (c2 - c2) + (c3 - c3) + (c4 - c4) + (c5 - c5) + (c6 - c6) + (c7 - c7)
                    let s = UnsafeRawPointer(scale + g * 16).loadUnaligned(as: SIMD16<Float>.self)
                    let rows = Swift.min(8, count - r)
                    @inline(__always) func store(_ q: Int, _ value: SIMD16<Float>) {
                        guard q < rows else { return }
                        let i = start + r + q
                        let target = out + i * k + g * 16
                        // A whole-vector store may spill into the rows after it in this chunk,
                        // which are stored later (one group per row only: with several, row i + 1
                        // group 0 is stored before row i's last group); never past the chunk.
                        if g * 16 + 16 <= k || (groups == 1 && i * k + 16 <= range.upperBound * k) {
                            UnsafeMutableRawPointer(target).storeBytes(of: value, as: SIMD16<Float>.self)
                        } else {
                            for l in 0..<Swift.min(16, k - g * 16) { target[l] = value[l] }
                        }
                    }
                    store(0, c0 * s); store(1, c1 * s); store(2, c2 * s); store(3, c3 * s)
                    store(4, c4 * s); store(5, c5 * s); store(6, c6 * s); store(7, c7 * s)
                }
                r += 8
            }
            start += count
        }
        return any(poison .!= poison)
    }
}
