import Foundation
import Strata

/// Times Strata's vector kernels on generated data, to compare builds (for example the default
/// build against one with `STRATA_TARGET_CPU=none`, or Strata consumed as a dependency).
///
///   bench-kernels [--quick] [--only name,name]
///
/// Each line: `<name> <best seconds> <detail>`; best of three runs on the same data. Data: seeded
/// Gaussian blobs, so every build fits identical inputs and prints the same quality figures.
@main
struct KernelsBench {
    static func blobs(rows: Int, columns: Int, centers: Int, seed: UInt64, spread: Double = 4) throws -> Matrix {
        var g = SeededGenerator(seed: seed)
        let means = (0..<(centers * columns)).map { _ in Float(g.nextGaussian() * spread) }
        var values = [Float](repeating: 0, count: rows * columns)
        for r in 0..<rows {
            let c = g.nextInt(below: centers)
            for j in 0..<columns { values[r * columns + j] = means[c * columns + j] + Float(g.nextGaussian()) }
        }
        return try Matrix(rows: rows, columns: columns, values: values)
    }

    static func best(_ runs: Int = 3, _ body: () throws -> String) rethrows -> (Double, String) {
        var fastest = Double.infinity, detail = ""
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            detail = try body()
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return (fastest, detail)
    }

    static func main() throws {
        let args = CommandLine.arguments
        let quick = args.contains("--quick")
        let only = args.firstIndex(of: "--only").map { Set(args[$0 + 1].split(separator: ",").map(String.init)) }
        let s = quick ? 10 : 1
        func run(_ name: String, _ body: () throws -> String) rethrows {
            guard only?.contains(name) ?? true else { return }
            let (t, detail) = try best(3, body)
            print(name.padding(toLength: 12, withPad: " ", startingAt: 0) + String(format: "%8.4f s  ", t) + detail)
        }

        let x16 = try blobs(rows: 200_000 / s, columns: 16, centers: 12, seed: 1)
        run("panel") {
            // One core, the tiled kernel alone: 1,024 queries against 8,192 packed rows.
            let q = x16.selectingRows(0..<1024), r = x16.selectingRows(0..<min(8192, x16.rows))
            let panels = DistancePanels(r)
            let qn = (0..<q.rows).map { i in (0..<16).reduce(Float(0)) { $0 + q[i, $1] * q[i, $1] } }
            var out = [Float](repeating: 0, count: 64 * 512)
            var sink: Float = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<4 {
                q.storage.withUnsafeBufferPointer { qb in qn.withUnsafeBufferPointer { nb in
                panels.values.withUnsafeBufferPointer { pv in panels.norms.withUnsafeBufferPointer { pn in
                out.withUnsafeMutableBufferPointer { ob in
                    for qs in stride(from: 0, to: q.rows, by: 64) {
                        for p in stride(from: 0, to: panels.panelCount, by: 16) {
                            DistanceKernel.squaredDistances(queries: qb.baseAddress! + qs * 16, queryNorms: nb.baseAddress! + qs,
                                rowCount: 64, columns: 16, panels: pv.baseAddress! + p * 16 * 32,
                                panelNorms: pn.baseAddress! + p * 32, panelCount: min(16, panels.panelCount - p),
                                out: ob.baseAddress!, outStride: 512)
                            sink += ob[0]
                        }
                    }
                }}}}}
            }
            let t = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            return String(format: "%.1f GFLOP/s (sink %g)", 4 * 2.0 * 1024 * Double(r.rows) * 16 / t / 1e9, Double(sink))
        }
        // Overlapping blobs, so Lloyd takes tens of iterations rather than two.
        let overlapping = try blobs(rows: 200_000 / s, columns: 16, centers: 12, seed: 8, spread: 0.5)
        try run("kmeans") {
            let m = try KMeans(clusterCount: 12, initCount: 1, maxIterations: 100, seed: 3).fit(overlapping)
            return String(format: "200k x 16, k 12: inertia %.6g, %d iterations", m.inertia, m.iterationCount)
        }
        try run("exact-knn") {
            let g = try ExactNeighbors(k: 15).fit(x16.selectingRows(0..<(20_000 / s)))
            return "20k x 16, k 15: first row \(g.indices.prefix(3).map { $0 })"
        }
        let x8 = try blobs(rows: 50_000 / s, columns: 8, centers: 10, seed: 2)
        try run("nndescent") {
            let g = try NNDescent(k: 15, seed: 4).fit(x8)
            return "50k x 8, k 15: first row \(g.indices.prefix(3).map { $0 })"
        }
        try run("umap") {
            let m = try UMAP(seed: 5).fit(x8.selectingRows(0..<(20_000 / s)))
            return String(format: "20k x 8 -> 2: embedding[0] (%.4f, %.4f)", m.embedding[0, 0], m.embedding[0, 1])
        }
        let x32 = try blobs(rows: 200_000 / s, columns: 32, centers: 8, seed: 6)
        try run("pca") {
            let m = try PCA(componentCount: 8).fit(x32)
            return String(format: "200k x 32 -> 8: first variance %.6g", m.explainedVariance[0])
        }
        try run("silhouette") {
            let sub = x8.selectingRows(0..<(10_000 / s))
            let labels = try KMeans(clusterCount: 10, initCount: 1, seed: 7).fit(sub).labels
            return String(format: "10k x 8 (k-means labels): %.6f", try silhouetteScore(sub, labels: labels).score)
        }
    }
}
