import Testing
import StrataCore

@Test(arguments: [(1, 1, 1), (9, 33, 3), (17, 64, 16), (40, 70, 61)])
func blockedKernelMatchesDirectDistances(rows: Int, refs: Int, d: Int) throws {
    var g = SeededGenerator(seed: UInt64(rows * 100 + d))
    let q = try Matrix(rows: rows, columns: d, values: (0..<(rows * d)).map { _ in Float(g.nextGaussian()) })
    let r = try Matrix(rows: refs, columns: d, values: (0..<(refs * d)).map { _ in Float(g.nextGaussian()) })
    let panels = DistancePanels(r)
    #expect(panels.panelCount == (refs + 31) / 32)
    let stride = panels.panelCount * 32
    var out = [Float](repeating: 0, count: rows * stride)
    let qn = (0..<rows).map { i in (0..<d).reduce(Float(0)) { $0 + q[i, $1] * q[i, $1] } }
    q.storage.withUnsafeBufferPointer { qb in
        qn.withUnsafeBufferPointer { nb in
            panels.values.withUnsafeBufferPointer { pv in
                panels.norms.withUnsafeBufferPointer { pn in
                    out.withUnsafeMutableBufferPointer { ob in
                        DistanceKernel.squaredDistances(queries: qb.baseAddress!, queryNorms: nb.baseAddress!, rowCount: rows,
                                                        columns: d, panels: pv.baseAddress!, panelNorms: pn.baseAddress!,
                                                        panelCount: panels.panelCount, out: ob.baseAddress!, outStride: stride)
                    }
                }
            }
        }
    }
    for i in 0..<rows {
        for j in 0..<stride {
            if j >= refs { #expect(out[i * stride + j] == .infinity); continue }
            let exact = q.storage.withUnsafeBufferPointer { a in
                r.storage.withUnsafeBufferPointer { b in
                    Distance.squaredEuclideanExact(a.baseAddress! + i * d, b.baseAddress! + j * d, count: d)
                }
            }
            #expect(abs(Double(out[i * stride + j]) - exact) <= 1e-4 * Double(4 * d))
        }
    }
}

@Test func exactDistanceAgreesWithDoubleLoop() {
    let a: [Float] = [1, 2, 3, 4, 5, 6, 7], b: [Float] = [0.5, -2, 3.25, 9, 1, 0, 7]
    let expected = zip(a, b).reduce(0.0) { $0 + (Double($1.0) - Double($1.1)) * (Double($1.0) - Double($1.1)) }
    #expect(Distance.squaredEuclideanExact(a, b, count: 7) == expected)
}
