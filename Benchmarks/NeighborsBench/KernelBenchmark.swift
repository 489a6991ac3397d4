import Foundation
import Strata

/// One core: 1024 query rows against 8192 reference rows of `data` (the first rows), two ways —
/// the register-tiled row-norm kernel (GEMM-shaped) and the pairwise SIMD difference kernel.
func kernelBenchmark(_ data: Matrix) {
    let d = data.columns
    let nq = Swift.min(1024, data.rows), nr = Swift.min(8192, data.rows)
    let q = data.selectingRows(0..<nq), r = data.selectingRows(0..<nr)
    let panels = DistancePanels(r)
    let outStride = 512
    var out = [Float](repeating: 0, count: 64 * outStride)
    let qn = (0..<nq).map { i in (0..<d).reduce(Float(0)) { $0 + q[i, $1] * q[i, $1] } }
    // The machine is shared: each 64-row block is timed 7 times and its fastest run kept, so the
    // figure approaches what one uncontended core does.
    func best(_ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<7 {
            let s = DispatchTime.now().uptimeNanoseconds
            body()
            best = Swift.min(best, Double(DispatchTime.now().uptimeNanoseconds - s) / 1e9)
        }
        return best
    }
    var sink: Float = 0
    var tiled = 0.0, pairwise = 0.0
    q.storage.withUnsafeBufferPointer { qb in qn.withUnsafeBufferPointer { nb in
    panels.values.withUnsafeBufferPointer { pv in panels.norms.withUnsafeBufferPointer { pn in
    r.storage.withUnsafeBufferPointer { rb in
    out.withUnsafeMutableBufferPointer { ob in
        for qs in stride(from: 0, to: nq, by: 64) {
            let rows = Swift.min(64, nq - qs)
            tiled += best {
                for p in stride(from: 0, to: panels.panelCount, by: 16) {
                    DistanceKernel.squaredDistances(queries: qb.baseAddress! + qs * d, queryNorms: nb.baseAddress! + qs,
                        rowCount: rows, columns: d, panels: pv.baseAddress! + p * d * 32,
                        panelNorms: pn.baseAddress! + p * 32, panelCount: Swift.min(16, panels.panelCount - p),
                        out: ob.baseAddress!, outStride: outStride)
                    sink += ob[0]
                }
            }
            pairwise += best {
                for i in qs..<(qs + rows) {
                    for j in 0..<nr {
                        ob[j & 511] = Distance.squaredEuclidean(qb.baseAddress! + i * d, rb.baseAddress! + j * d, count: d)
                    }
                    sink += ob[0]
                }
            }
        }
    }}}}}}
    let flops = 2.0 * Double(nq) * Double(nr) * Double(d)
    print(String(format: "kernel d=%d tiled=%.4fs (%.1f GFLOP/s) pairwise=%.4fs (%.1f GFLOP/s) sink=%g",
                 d, tiled, flops / tiled / 1e9, pairwise, flops / pairwise / 1e9, Double(sink)))
}
