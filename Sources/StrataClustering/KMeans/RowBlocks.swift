import StrataCore

/// The data re-laid in blocks of 16 rows, feature-major inside a block: one `SIMD16<Float>` holds
/// one feature of 16 rows. Distances from 16 rows to one centre then take `d` vector FMAs, and
/// the nearest centre is tracked with lane-wise compare-and-select — no horizontal reductions.
/// Costs one extra copy of the data (4 · n · d bytes), built once per fit.
///
/// The copy is centred on the column means (as sklearn centres X before k-means), which keeps the
/// expanded form ‖c‖² − 2 x·c used for ranking centres accurate in `Float`.
struct RowBlocks: @unchecked Sendable {
    let rows: Int
    let columns: Int
    let blockCount: Int
    let storage: UnsafeMutablePointer<SIMD16<Float>>   // blockCount × columns
    let mean: [Float]

    init(_ data: Matrix) {
        rows = data.rows
        columns = data.columns
        blockCount = (data.rows + 15) / 16
        let d = columns, n = rows
        let mean = KMeansKernels.columnSums(data).map { Float($0 / Double(max(1, n))) }
        self.mean = mean
        storage = .allocate(capacity: max(1, blockCount * d))
        storage.initialize(repeating: .zero, count: max(1, blockCount * d))
        let out = SendablePointer(storage)
        data.storage.withUnsafeBufferPointer { x in
            nonisolated(unsafe) let xp = x.baseAddress!
            Parallel.forEachChunk(count: blockCount, minimumChunk: 512) { _, range in
                for b in range {
                    let lanes = min(16, n - b * 16)
                    for lane in 0..<lanes {
                        let row = xp + (b * 16 + lane) * d
                        for j in 0..<d { out.base[b * d + j][lane] = row[j] - mean[j] }
                    }
                }
            }
        }
    }

    func deallocate() { storage.deallocate() }

    /// Centres prepared for ``nearest(block:prepared:clusterCount:)``, in groups of four: per
    /// group, d × 4 values −2(c − mean) (feature-major) then the four ‖c − mean‖². Missing centres
    /// of the last group get +∞ norms and never win.
    func prepare(_ centers: [Double], clusterCount k: Int) -> [Float] {
        let d = columns
        let groups = (k + 3) / 4
        var out = [Float](repeating: 0, count: groups * 4 * (d + 1))
        for c in 0..<(groups * 4) {
            let g = c / 4, slot = c % 4, base = g * 4 * (d + 1)
            guard c < k else { out[base + 4 * d + slot] = .infinity; continue }
            var norm = 0.0
            for j in 0..<d {
                let v = centers[c * d + j] - Double(mean[j])
                out[base + j * 4 + slot] = Float(-2 * v)
                norm += v * v
            }
            out[base + 4 * d + slot] = Float(norm)
        }
        return out
    }

    /// Nearest of `k` prepared centres for the 16 rows of block `b` (first centre on ties), ranking
    /// by ‖c‖² − 2 x·c. Four centres at a time keep four independent FMA chains in flight.
    @inline(__always)
    func nearest(block b: Int, prepared: UnsafePointer<Float>, clusterCount k: Int) -> SIMD16<Int32> {
        BlockKernels.nearest(block: storage + b &* columns, columns: columns, prepared: prepared, clusterCount: k)
    }

    /// A row of the original data moved into this copy's centred frame.
    func centred(_ row: UnsafePointer<Float>) -> [Float] {
        (0..<columns).map { row[$0] - mean[$0] }
    }

    /// Squared distances from the 16 rows of block `b` to one point given in the centred frame.
    @inline(__always)
    func distances(block b: Int, to point: UnsafePointer<Float>) -> SIMD16<Float> {
        BlockKernels.squaredDistances(block: storage + b &* columns, columns: columns, to: point)
    }

    /// Rows of block `b` that exist (the last block may be partial).
    @inline(__always)
    func laneCount(_ b: Int) -> Int { min(16, rows &- b &* 16) }

    /// Parallel chunks over blocks: ≈ 4096 rows per chunk, fixed by the row count alone.
    static let minimumChunkBlocks = 256
}
