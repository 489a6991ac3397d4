internal import CStrataKernels
import Foundation
import StrataCore

extension FixedSampleSilhouette {
    /// The Euclidean distances between `rows` of `data`, in half precision, in the square
    /// blocked layout of `strata_half_mirror_block`: block b, vector j, lane r holds
    /// d(j, 16·b + r) × `scale` (see ``distanceScale(_:rows:)``).
    ///
    /// The sampled rows are copied feature-major so a block's 16 rows are one `SIMD16<Float>`
    /// per feature, and each earlier row is broadcast against them. Each squared distance adds its
    /// terms in feature order and takes a correctly rounded square root, as the plain scalar loop
    /// does, so d(i, j) and d(j, i) are the same value. Each block's vectors up to its own rows
    /// are computed (block b has b + 1 tiles, so a dynamic spread over the cores balances); the
    /// rest are then copied from the later blocks' tiles, transposed. `prefix` bytes before
    /// the distances are filled by `header` (a cache entry's header, so the table is written out
    /// without a copy).
    static func distances(_ data: Matrix, rows: [Int], prefix: Int = 0,
                          header: (UnsafeMutableRawBufferPointer) -> Void = { _ in }) -> DistanceTable {
        let s = rows.count, d = data.columns
        let lanes = block
        let blocks = (s + lanes - 1) / lanes
        // Feature-major, padded with zeros to whole blocks.
        let stride = blocks * lanes
        var soa = [Float](repeating: 0, count: Swift.max(1, d * stride))
        data.storage.withUnsafeBufferPointer { x in
            for (t, r) in rows.enumerated() {
                for f in 0..<d { soa[f * stride + t] = x[r * d + f] }
            }
        }
        let scale = SIMD16<Float>(repeating: distanceScale(data, rows: rows))
        // Zero-filled: lanes and vectors past the last row stay 0.
        var bytes = Data(count: prefix + Swift.max(1, tableCount(s)) * MemoryLayout<UInt16>.stride)
        bytes.withUnsafeMutableBytes { raw in
            header(UnsafeMutableRawBufferPointer(rebasing: raw[0..<prefix]))
            let table = SendablePointer((raw.baseAddress! + prefix).assumingMemoryBound(to: UInt16.self))
            soa.withUnsafeBufferPointer { soaBuffer in
                let columns = SendablePointer(UnsafeMutablePointer(mutating: soaBuffer.baseAddress!))
                Parallel.perform(iterations: blocks) { b in
                    let first = b * lanes, live = Swift.min(lanes, s - first)
                    let count = Swift.min((b + 1) * lanes, s)
                    // Float distances of the block, then one conversion to halves.
                    let scratch = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: Swift.max(1, count))
                    defer { scratch.deallocate() }
                    for j in 0..<count {
                        var sum = SIMD16<Float>()
                        var p = columns.base + first
                        var q = columns.base + j
                        for _ in 0..<d {
                            let t = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) - SIMD16(repeating: q[0])
                            sum += t * t
                            p += stride; q += stride
                        }
                        var distance = SIMD16<Float>()
                        for lane in 0..<live { distance[lane] = sum[lane].squareRoot() }
                        scratch[j] = distance * scale
                    }
                    UnsafeMutableRawPointer(scratch).withMemoryRebound(to: Float.self, capacity: 16 * count) { floats in
                        strata_halves_from_floats(-1, floats, table.base + blockStart(b, s: s), 16 * count)
                    }
                }
                Parallel.perform(iterations: blocks) { b in strata_half_mirror_block(-1, table.base, s, b) }
            }
        }
        return DistanceTable(owner: bytes, offset: prefix)
    }

    /// The power of two every stored distance is multiplied by, so the largest fits half
    /// precision's range with room (≤ 2¹⁵, the largest half is 65,504) and small ones keep their
    /// relative precision: from the sampled rows' bounding box, whose diagonal bounds every
    /// distance. A power of two changes no value's significand, and the silhouette is the same
    /// for distances scaled alike.
    static func distanceScale(_ data: Matrix, rows: [Int]) -> Float {
        guard let first = rows.first else { return 1 }
        let d = data.columns
        var low = [Double](repeating: 0, count: d), high = low
        data.storage.withUnsafeBufferPointer { x in
            for f in 0..<d { low[f] = Double(x[first * d + f]); high[f] = low[f] }
            for r in rows {
                for f in 0..<d {
                    let v = Double(x[r * d + f])
                    if v < low[f] { low[f] = v } else if v > high[f] { high[f] = v }
                }
            }
        }
        var squared = 0.0
        for f in 0..<d { squared += (high[f] - low[f]) * (high[f] - low[f]) }
        // A little room for the Float rounding of the distances themselves.
        let diagonal = squared.squareRoot() * 1.001
        guard diagonal > 0, diagonal.isFinite else { return 1 }
        let exponent = Swift.max(-100, Swift.min(100, Int((32_768 / diagonal).exponent)))
        return Float(sign: .plus, exponent: exponent, significand: 1)
    }
}
