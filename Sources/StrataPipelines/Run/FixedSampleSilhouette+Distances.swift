import Foundation
import StrataCore

extension FixedSampleSilhouette {
    /// The Euclidean distances between `rows` of `data` in the blocked layout of
    /// `strata_block_columns`: block b, vector j, lane r holds d(j, 16·b + r) for j < 16·(b + 1).
    ///
    /// The sampled rows are copied feature-major so a block's 16 rows are one `SIMD16<Float>`
    /// per feature, and each earlier row is broadcast against them. Each squared distance adds its
    /// terms in feature order and takes a correctly rounded square root, as the plain scalar loop
    /// does, so d(i, j) and d(j, i) are the same value. Blocks are spread over the cores one per
    /// iteration (block b has b + 1 tiles, so a dynamic spread balances). `prefix` bytes before
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
        // Zero-filled: lanes and vectors past the last row stay 0.
        var bytes = Data(count: prefix + Swift.max(1, tableCount(s)) * MemoryLayout<Float>.stride)
        bytes.withUnsafeMutableBytes { raw in
            header(UnsafeMutableRawBufferPointer(rebasing: raw[0..<prefix]))
            let table = SendablePointer((raw.baseAddress! + prefix).assumingMemoryBound(to: Float.self))
            soa.withUnsafeBufferPointer { soaBuffer in
                let columns = SendablePointer(UnsafeMutablePointer(mutating: soaBuffer.baseAddress!))
                Parallel.perform(iterations: blocks) { b in
                    let out = UnsafeMutableRawPointer(table.base + blockStart(b))
                    let first = b * lanes, live = Swift.min(lanes, s - first)
                    for j in 0..<Swift.min((b + 1) * lanes, s) {
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
                        out.storeBytes(of: distance, toByteOffset: j * 64, as: SIMD16<Float>.self)
                    }
                }
            }
        }
        return DistanceTable(owner: bytes, offset: prefix)
    }
}
