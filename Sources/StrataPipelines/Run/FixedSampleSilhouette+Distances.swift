import Foundation
import StrataCore

extension FixedSampleSilhouette {
    /// The packed upper triangle of Euclidean distances between `rows` of `data`.
    ///
    /// The sampled rows are copied feature-major so each row's distances to the next 16 rows
    /// are one `SIMD16<Float>` accumulation per feature. Each squared distance adds its terms
    /// in feature order and takes a correctly rounded square root, as the plain scalar loop
    /// does. Rows are spread over the
    /// cores one per iteration (row i has s − i − 1 distances, so a dynamic spread balances).
    /// `prefix` bytes before the distances are filled by `header` (a cache entry's header, so the
    /// table is written out without a copy).
    static func distances(_ data: Matrix, rows: [Int], prefix: Int = 0,
                          header: (UnsafeMutableRawBufferPointer) -> Void = { _ in }) -> DistanceTable {
        let s = rows.count, d = data.columns
        let lanes = 16
        let stride = s + lanes
        var soa = [Float](repeating: 0, count: Swift.max(1, d * stride))
        data.storage.withUnsafeBufferPointer { x in
            for (t, r) in rows.enumerated() {
                for f in 0..<d { soa[f * stride + t] = x[r * d + f] }
            }
        }
        var bytes = Data(count: prefix + Swift.max(1, tableCount(s)) * MemoryLayout<Float>.stride)
        bytes.withUnsafeMutableBytes { raw in
            header(UnsafeMutableRawBufferPointer(rebasing: raw[0..<prefix]))
            let table = SendablePointer((raw.baseAddress! + prefix).assumingMemoryBound(to: Float.self))
            soa.withUnsafeBufferPointer { soaBuffer in
                let columns = SendablePointer(UnsafeMutablePointer(mutating: soaBuffer.baseAddress!))
                Parallel.perform(iterations: s) { i in
                    let out = table.base + rowStart(i, s) - (i + 1)
                    var j = i + 1
                    while j < s {
                        var sum = SIMD16<Float>()
                        var p = columns.base + j
                        var q = columns.base + i
                        for _ in 0..<d {
                            let t = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self) - SIMD16(repeating: q[0])
                            sum += t * t
                            p += stride; q += stride
                        }
                        for lane in 0..<Swift.min(lanes, s - j) { out[j + lane] = sum[lane].squareRoot() }
                        j += lanes
                    }
                }
            }
        }
        return DistanceTable(owner: bytes, offset: prefix)
    }
}
