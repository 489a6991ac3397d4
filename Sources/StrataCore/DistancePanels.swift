/// Rows of a matrix packed for the blocked squared-distance kernel.
///
/// Rows are grouped into panels of ``width`` (32) rows; inside a panel the values are stored
/// dimension after dimension (`panel[dim * 32 + lane]`), so one dimension of 32 rows is two
/// contiguous `SIMD16<Float>` loads. Each row's squared norm is kept beside it; lanes past the
/// last row get norm `+infinity`, so their distances are `+infinity` and never selected.
///
/// ```swift
/// let panels = DistancePanels(reference)               // once per reference set
/// DistanceKernel.squaredDistances(...)                  // many query blocks against it
/// ```
/// Memory: one extra copy of the reference matrix (rounded up to 32 rows) plus one `Float` per row.
public struct DistancePanels: Sendable {
    /// Rows per panel (two 16-lane vectors).
    public static let width = 32
    /// Number of packed rows.
    public let rows: Int
    /// Dimensions per row.
    public let columns: Int
    /// Number of panels (`ceil(rows / 32)`).
    public let panelCount: Int
    /// Packed values: panel `p`, dimension `c`, lane `l` at `p * columns * 32 + c * 32 + l`.
    public let values: [Float]
    /// Squared norms by panel lane (`panelCount * 32`), `+infinity` for padding lanes.
    public let norms: [Float]

    /// Packs the rows of `matrix`.
    public init(_ matrix: Matrix) {
        let w = DistancePanels.width
        let n = matrix.rows, d = matrix.columns
        let pc = (n + w - 1) / w
        var packed = [Float](repeating: 0, count: pc * d * w)
        var norms = [Float](repeating: .infinity, count: pc * w)
        matrix.storage.withUnsafeBufferPointer { src in
            packed.withUnsafeMutableBufferPointer { dst in
                norms.withUnsafeMutableBufferPointer { nb in
                    let s = SendablePointer(UnsafeMutablePointer(mutating: src.baseAddress ?? UnsafePointer(bitPattern: 8)!))
                    let p = SendablePointer(dst.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                    let q = SendablePointer(nb.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                    Parallel.forEachChunk(count: pc, minimumChunk: 64) { _, range in
                        for panel in range {
                            let base = panel * d * w
                            for lane in 0..<w {
                                let r = panel * w + lane
                                guard r < n else { break }
                                var norm: Float = 0
                                for c in 0..<d {
                                    let v = s[r * d + c]
                                    p[base + c * w + lane] = v
                                    norm += v * v
                                }
                                q[panel * w + lane] = norm
                            }
                        }
                    }
                }
            }
        }
        self.rows = n
        self.columns = d
        self.panelCount = pc
        self.values = packed
        self.norms = norms
    }
}
