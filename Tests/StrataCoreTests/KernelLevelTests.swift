import Testing
import StrataCore

/// Every instruction-set variant of the C kernels this CPU can run, best last.
private let levels = KernelLevel.allCases.filter { $0 <= KernelLevel.current }

private func gaussian(_ count: Int, seed: UInt64) -> [Float] {
    var g = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float(g.nextGaussian()) }
}

@Test(arguments: [(13, 70, 19), (8, 32, 1), (3, 100, 64)])
func panelKernelVariantsAgree(rows: Int, refs: Int, d: Int) throws {
    let q = try Matrix(rows: rows, columns: d, values: gaussian(rows * d, seed: UInt64(d)))
    let r = try Matrix(rows: refs, columns: d, values: gaussian(refs * d, seed: UInt64(d + 1)))
    let panels = DistancePanels(r)
    let stride = panels.panelCount * 32
    let qn = (0..<rows).map { i in (0..<d).reduce(Float(0)) { $0 + q[i, $1] * q[i, $1] } }
    var results: [KernelLevel: [Float]] = [:]
    for level in levels {
        var out = [Float](repeating: .nan, count: rows * stride)
        q.storage.withUnsafeBufferPointer { qb in qn.withUnsafeBufferPointer { nb in
        panels.values.withUnsafeBufferPointer { pv in panels.norms.withUnsafeBufferPointer { pn in
        out.withUnsafeMutableBufferPointer { ob in
            DistanceKernel.squaredDistances(queries: qb.baseAddress!, queryNorms: nb.baseAddress!, rowCount: rows,
                                            columns: d, panels: pv.baseAddress!, panelNorms: pn.baseAddress!,
                                            panelCount: panels.panelCount, out: ob.baseAddress!, outStride: stride,
                                            level: level)
        }}}}}
        for i in 0..<rows {
            for j in 0..<stride {
                let value = out[i * stride + j]
                if j >= refs { #expect(value == .infinity, "\(level) padding lane"); continue }
                let exact = (0..<d).reduce(0.0) { s, c in let t = Double(q[i, c]) - Double(r[j, c]); return s + t * t }
                #expect(abs(Double(value) - exact) <= 1e-4 * Double(4 * d), "\(level) row \(i) ref \(j)")
            }
        }
        results[level] = out
    }
    // AVX2 and AVX-512 fuse the same products in the same order: identical bits.
    if let a = results[.avx2], let b = results[.avx512] { #expect(a == b) }
}

/// k centres in the kernel's layout: groups of four, −2c feature-major, then the four ‖c‖².
private func prepared(_ centres: [[Float]], columns d: Int) -> [Float] {
    let groups = (centres.count + 3) / 4
    var out = [Float](repeating: 0, count: groups * 4 * (d + 1))
    for slot in 0..<(groups * 4) {
        let base = (slot / 4) * 4 * (d + 1)
        guard slot < centres.count else { out[base + 4 * d + slot % 4] = .infinity; continue }
        for j in 0..<d { out[base + j * 4 + slot % 4] = -2 * centres[slot][j] }
        out[base + 4 * d + slot % 4] = centres[slot].reduce(0) { $0 + $1 * $1 }
    }
    return out
}

@Test(arguments: [(7, 5), (4, 16), (9, 1)])
func blockKernelsMatchExactNearestAndDistances(k: Int, d: Int) {
    let values = gaussian(16 * d, seed: UInt64(k * 10 + d))
    // Feature-major block: vector j holds feature j of the 16 rows.
    let block = (0..<d).map { j in SIMD16<Float>((0..<16).map { values[$0 * d + j] }) }
    let raw = gaussian(k * d, seed: 99)
    var centres = (0..<k).map { c in Array(raw[(c * d)..<((c + 1) * d)]) }
    if k > 2 { centres[k - 1] = centres[1] }   // a duplicate centre: the first of equals must win
    let table = prepared(centres, columns: d)
    let point = centres[0]
    for level in levels {
        let (labels, distances) = block.withUnsafeBufferPointer { b in
            table.withUnsafeBufferPointer { p in
                point.withUnsafeBufferPointer { x in
                    (BlockKernels.nearest(block: b.baseAddress!, columns: d, prepared: p.baseAddress!, clusterCount: k, level: level),
                     BlockKernels.squaredDistances(block: b.baseAddress!, columns: d, to: x.baseAddress!, level: level))
                }
            }
        }
        for row in 0..<16 {
            let x = (0..<d).map { Double(values[row * d + $0]) }
            let exact = centres.map { c in zip(x, c).reduce(0.0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) } }
            let best = exact.indices.min { exact[$0] < exact[$1] }!
            #expect(Int(labels[row]) == best, "\(level) row \(row)")
            #expect(abs(Double(distances[row]) - exact[0]) <= 1e-4 * Double(4 * d), "\(level) row \(row)")
        }
    }
}
