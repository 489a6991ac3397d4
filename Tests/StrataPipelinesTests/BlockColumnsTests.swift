import CStrataKernels
import StrataCore
import StrataEvaluation
import StrataPipelines
import Testing

/// The fixed-sample silhouette behind every run's segmentation score: its distance matrix is
/// stored in blocks of 16 rows, and each block's columns for the later rows come from those
/// blocks' tiles, transposed.
@Suite struct BlockColumnsTests {
    /// Every level this CPU runs (the register transpose on AVX-512, plain C otherwise) gives the
    /// matrix's entries exactly, for full and partial last blocks.
    @Test func everyLevelLaysOutTheLaterColumnsOfABlock() {
        for s in [1, 5, 16, 17, 40, 83] {
            // A symmetric matrix with distinct entries, in the blocked layout (0 past row s).
            func entry(_ i: Int, _ j: Int) -> Float { Float(min(i, j) * 1_000 + max(i, j)) + 0.5 }
            let blocks = (s + 15) / 16
            var table = [Float]()
            for b in 0..<blocks {
                for j in 0..<(16 * (b + 1)) {
                    for r in 0..<16 { table.append(j < s && 16 * b + r < s ? entry(j, 16 * b + r) : 0) }
                }
            }
            for block in 0..<blocks {
                for level in 0...Int(strata_kernels_level()) {
                    var columns = [Float](repeating: -1, count: blocks * 256)
                    table.withUnsafeBufferPointer { t in
                        columns.withUnsafeMutableBufferPointer { c in
                            strata_block_columns(Int32(level), t.baseAddress!, s, block, c.baseAddress!)
                        }
                    }
                    var wrong = 0
                    for j in 0..<(16 * blocks) {
                        for r in 0..<16 {
                            // Below the block's end the columns are its own vectors: left unwritten.
                            let expected: Float = j < 16 * (block + 1) ? -1 : (j < s && 16 * block + r < s ? entry(16 * block + r, j) : 0)
                            if columns[j * 16 + r] != expected { wrong += 1 }
                        }
                    }
                    #expect(wrong == 0, "s \(s), block \(block), level \(level): \(wrong) wrong values")
                }
            }
        }
    }

    /// Scored on every row (sample size ≥ rows), the segmentation score is the exact silhouette
    /// with noise counted as 0, for sample sizes that leave the last block partial or full.
    @Test func scoringEveryRowMatchesTheExactSilhouette() throws {
        var generator = SeededGenerator(seed: 5)
        for n in [5, 16, 33, 95, 160, 301] {
            let d = 4
            var values = [Float]()
            var labels = [Int]()
            for i in 0..<n {
                let label = i % 7 == 6 ? -1 : i % 3
                labels.append(label)
                for f in 0..<d { values.append(Float(label == 1 && f == 0 ? 3 : 0) + Float.random(in: 0..<1, using: &generator) + Float(f)) }
            }
            let data = try Matrix(rows: n, columns: d, values: values)
            let sizes = try ClusterSizeSummary(labels: labels)
            let score = try #require(PipelineScoring.segmentationScore(shared: data, labels: labels, sizes: sizes, sampleSize: n))
            let exact = try silhouetteScore(data, labels: labels).score * (1 - sizes.noiseFraction)
            #expect(abs(score - exact) < 1e-6, "n \(n): \(score) vs exact \(exact)")
        }
    }
}
