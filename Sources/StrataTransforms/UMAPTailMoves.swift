import StrataCore

/// The tail moves of one SGD epoch (umap-learn's `move_other`), collected while the heads move
/// and applied when the sweep ends.
///
/// Each concurrent task adds its attractions' tail moves to its own accumulator in fixed point
/// (2⁻³² units, `Int64`): integer addition is exact, so the epoch's total move of a vertex is the
/// same whichever task ran which chunk and however many tasks there were — the layout stays a
/// pure function of (graph, start, seed). A `Float` sum would depend on the split.
///
/// Memory: `tasks × vertices × dim` × 8 bytes (tasks ≤ 8); O(vertices × dim) per epoch to apply.
final class UMAPTailMoves: @unchecked Sendable {
    private let storage: UnsafeMutablePointer<Int64>
    private let values: Int
    let tasks: Int

    /// 2³²: one unit is far below a `Float` step at the embedding's scale (|x| ≲ 30: 2⁻¹⁹).
    static let scale: Float = 4_294_967_296
    /// Moves are clipped to ±4·learning rate; anything beyond this bound cannot be a move (and
    /// would not fit the conversion), so it counts as none.
    static let bound: Float = 268_435_456

    init(tasks: Int, values: Int) {
        self.tasks = tasks
        self.values = values
        storage = .allocate(capacity: Swift.max(1, tasks * values))
        storage.initialize(repeating: 0, count: tasks * values)
    }

    deinit { storage.deallocate() }

    /// `move` in fixed point; non-finite or absurd moves as 0 (never a trap).
    @inline(__always)
    static func fixedPoint(_ move: Float) -> Int64 {
        abs(move) < bound ? Int64(move * scale) : 0
    }

    /// Task `t`'s accumulator, `values` entries (vertex-major); each task writes only its own.
    func accumulator(_ t: Int) -> UnsafeMutablePointer<Int64> { storage + t * values }

    /// Adds every task's moves to `embedding` and clears the accumulators.
    func apply(to embedding: inout [Float]) {
        let values = self.values, tasks = self.tasks
        guard tasks > 0 else { return }
        let sums = SendablePointer(storage)
        embedding.withUnsafeMutableBufferPointer { eb in
            let points = SendablePointer(eb.baseAddress!)
            Parallel.forEachChunk(count: values, minimumChunk: 4096) { _, range in
                for i in range {
                    var total: Int64 = 0
                    for t in 0..<tasks {
                        total &+= sums[t * values + i]
                        sums[t * values + i] = 0
                    }
                    if total != 0 { points[i] += Float(Double(total) / Double(UMAPTailMoves.scale)) }
                }
            }
        }
    }
}
