import CStrataKernels
import Testing

/// The kernel behind the fixed-sample silhouette: rows of a packed distance triangle laid out
/// column by column. Every level this CPU runs (the register transpose on AVX-512, plain C
/// otherwise) gives the matrix's entries exactly, for full and partial blocks at any offset.
@Suite struct TriangleBlockColumnsTests {
    @Test func everyLevelLaysOutTheBlockColumnByColumn() {
        for s in [1, 5, 16, 17, 40, 83] {
            // A symmetric matrix with distinct entries, packed as its upper triangle.
            func entry(_ i: Int, _ j: Int) -> Float { Float(min(i, j) * 1_000 + max(i, j)) + 0.5 }
            var table = [Float]()
            for i in 0..<s { for j in (i + 1)..<max(s, i + 1) { table.append(entry(i, j)) } }
            table.append(0)  // never read: keeps the buffer non-empty at s = 1
            for first in stride(from: 0, to: s, by: 16) {
                let count = min(16, s - first)
                for level in 0...Int(strata_kernels_level()) {
                    var columns = [Float](repeating: -1, count: s * 16)
                    table.withUnsafeBufferPointer { t in
                        columns.withUnsafeMutableBufferPointer { c in
                            strata_triangle_block_columns(Int32(level), t.baseAddress!, s, first, count, c.baseAddress!)
                        }
                    }
                    var wrong = 0
                    for j in 0..<s {
                        for r in 0..<16 {
                            let expected: Float = r >= count || first + r == j ? 0 : entry(first + r, j)
                            if columns[j * 16 + r] != expected { wrong += 1 }
                        }
                    }
                    #expect(wrong == 0, "s \(s), rows \(first)..<\(first + count), level \(level): \(wrong) wrong values")
                }
            }
        }
    }
}
