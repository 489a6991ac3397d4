import Foundation
import StrataCore

/// UMAP's stochastic gradient descent on the fuzzy graph (umap-learn's
/// `optimize_layout_euclidean`): edges sampled on the epochs-per-sample schedule, attraction
/// `−2ab·d^{2(b−1)} / (1 + a·d^{2b})`, `negativeSampleRate` repulsive samples per attraction with
/// `2γb / ((0.001 + d²)(1 + a·d^{2b}))`, every gradient component clipped to ±4, learning rate
/// decaying linearly to 0.
///
/// **Deterministic multi-core scheme** (umap-learn's seeded runs are single-threaded; its parallel
/// runs are Hogwild and differ run to run). Each epoch:
/// 1. the positions are snapshotted;
/// 2. vertices are cut into fixed chunks (depending only on n); each chunk processes the edges of
///    its own head vertices, in edge order, moving only those heads. The head's own position is
///    read live (updates within an epoch accumulate, as in umap-learn); every other vertex is read
///    from the snapshot, so nothing a thread reads is written concurrently.
/// 3. umap-learn's `move_other` (the tail also moves by −grad) is realised through the graph's
///    symmetry: the edge (k, j) exists with the same weight and is sampled in the same epochs, so
///    when k is processed as a head it receives that move. With snapshot reads both moves are the
///    same value, so the head takes `2 · clip(grad)` for a symmetric fit and `clip(grad)` in
///    `transform` (fixed tails).
/// 4. negative samples are drawn from a counter-based stream keyed by (head, epoch) — the head's
///    index in a fit, its row's own stream in `transform` — never from shared generator state.
/// Result: a pure function of (graph, initial layout, seed), the same on 1, 2 or 64 cores.
///
/// Each chunk first writes every head's sample sequence as a list of operations
/// (``buildOperations(_:rows:scratch:)``), then applies them: 32 heads side by side in SIMD lanes
/// for up to 4 components (``sweepLanes(_:rows:_:scratch:)``), one head at a time above.
struct UMAPLayout {
    var a: Float
    var b: Float
    var repulsionStrength: Float
    var initialAlpha: Float
    var negativeSampleRate: Float
    var epochCount: Int
    var seed: UInt64

    /// Read-only inputs of one epoch's sweep, shared by every core.
    struct Sweep: @unchecked Sendable {
        var head: UnsafeMutablePointer<Float>
        /// Tail positions, `tailStride` floats per vertex (3-D points padded to 4 so one 16-byte
        /// load fetches a point).
        var tail: UnsafePointer<Float>
        var tailStride: Int
        var starts: UnsafePointer<Int>
        var columns: UnsafePointer<Int32>
        var rate: UnsafePointer<UInt32>
        var negativeMark: UnsafeMutablePointer<UInt32>
        var negativeRate: UInt64
        var streams: UnsafePointer<UInt64>?
        var a: Float, b: Float, gamma: Float, alpha: Float, moveFactor: Float
        var epoch: UInt32
        var vertexCount: Int
        var fixedTails: Bool
        var seed: UInt64
    }

    /// Per-chunk buffers reused across epochs (a chunk is run by one thread at a time).
    final class Scratch: @unchecked Sendable {
        var operations = GrowableBuffer<UInt32>()
        var interleaved = GrowableBuffer<UInt32>()
        var fired = GrowableBuffer<Int32>()
        var negatives = GrowableBuffer<UInt32>()
        var draws = GrowableBuffer<UInt32>()
        var operationStart = GrowableBuffer<Int>()
        var order = GrowableBuffer<Int32>()
        var lengthCounts = GrowableBuffer<Int>()
        deinit {
            operations.free(); interleaved.free(); fired.free(); negatives.free(); draws.free()
            operationStart.free(); order.free(); lengthCounts.free()
        }
    }

    /// Operation codes: `target << 2 | noOperation | repel`.
    static let repelFlag: UInt32 = 1
    static let noOperation: UInt32 = 2

    /// Optimises `embedding` (head positions, `graph.rowCount × dim`) in place.
    /// - Parameters:
    ///   - tails: when nil the graph is the symmetric fit graph and heads are also the tails;
    ///     otherwise tails are fixed (transform) and `streams[i]` seeds row i's randomness.
    func optimize(_ embedding: inout [Float], dimension dim: Int, graph: FuzzyGraph,
                  tails: [Float]? = nil, streams: [UInt64]? = nil, progress: ((Int) -> Void)? = nil) {
        let n = graph.rowCount, edgeTotal = graph.edgeCount
        guard edgeTotal > 0, epochCount > 0 else { return }
        precondition(max(n, graph.columnCount) < 1 << 30, "UMAP's operation codes hold vertex indices below 2^30")
        let schedule = UMAPSchedule(weights: graph.weights, maximumWeight: graph.maximumWeight,
                                    negativeSampleRate: negativeSampleRate)
        var negativeMark = [UInt32](repeating: UMAPSchedule.initialMark, count: edgeTotal)
        let fixedTails = tails != nil
        let tailStride = dim == 3 ? 4 : dim
        var snapshot = UMAPLayout.padded(tails ?? embedding, dimension: dim, stride: tailStride)
        let vertexCount = fixedTails ? graph.columnCount : n
        let minimumChunk = 512
        let scratches = (0..<Parallel.chunkCount(count: n, minimumChunk: minimumChunk)).map { _ in Scratch() }
        var alpha = initialAlpha
        for epoch in 0..<epochCount {
            if !fixedTails { UMAPLayout.pad(embedding, dimension: dim, into: &snapshot, stride: tailStride) }
            embedding.withUnsafeMutableBufferPointer { eb in
                negativeMark.withUnsafeMutableBufferPointer { mb in
                    snapshot.withUnsafeBufferPointer { tb in
                        graph.rowStarts.withUnsafeBufferPointer { sb in
                            graph.columns.withUnsafeBufferPointer { cb in
                                schedule.rate.withUnsafeBufferPointer { rb in
                                    (streams ?? []).withUnsafeBufferPointer { hb in
                                        let sweep = Sweep(
                                            head: eb.baseAddress!, tail: tb.baseAddress!, tailStride: tailStride, starts: sb.baseAddress!,
                                            columns: cb.baseAddress!, rate: rb.baseAddress!,
                                            negativeMark: mb.baseAddress!, negativeRate: schedule.negativeRate,
                                            streams: streams == nil ? nil : hb.baseAddress,
                                            a: a, b: b, gamma: repulsionStrength, alpha: alpha,
                                            moveFactor: fixedTails ? 1 : 2, epoch: UInt32(epoch),
                                            vertexCount: vertexCount, fixedTails: fixedTails, seed: seed)
                                        Parallel.forEachChunk(count: n, minimumChunk: minimumChunk) { c, range in
                                            let scratch = scratches[c]
                                            switch dim {
                                            case 1: UMAPLayout.sweepLanes(sweep, rows: range, OneDimension.self, scratch: scratch)
                                            case 2: UMAPLayout.sweepLanes(sweep, rows: range, TwoDimensions.self, scratch: scratch)
                                            case 3: UMAPLayout.sweepLanes(sweep, rows: range, ThreeDimensions.self, scratch: scratch)
                                            case 4: UMAPLayout.sweepLanes(sweep, rows: range, FourDimensions.self, scratch: scratch)
                                            default: UMAPLayout.sweepGeneric(sweep, rows: range, dim: dim, scratch: scratch)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            alpha = initialAlpha * (1 - Float(epoch) / Float(epochCount))
            progress?(epoch + 1)
        }
    }

    /// One chunk of heads for any dimension, one head at a time (the lane sweep's arithmetic).
    static func sweepGeneric(_ s: Sweep, rows: Range<Int>, dim: Int, scratch: Scratch) {
        buildOperations(s, rows: rows, scratch: scratch)
        let a = s.a, b = s.b, repulsion = 2 * s.gamma * b, attraction = -2 * a * b
        let attractStep = s.moveFactor * s.alpha, repelStep = s.alpha
        let ops = scratch.operations.base, starts = scratch.operationStart.base
        withUnsafeTemporaryAllocation(of: Float.self, capacity: dim) { buffer in
            let current = buffer.baseAddress!
            for l in 0..<rows.count {
                let j = rows.lowerBound + l
                for t in 0..<dim { current[t] = s.head[j * dim + t] }
                for i in starts[l]..<starts[l + 1] {
                    let code = ops[i]
                    if code & noOperation != 0 { continue }
                    let other = s.tail + Int(code >> 2) * s.tailStride
                    var d2: Float = 0
                    for t in 0..<dim { let x = current[t] - other[t]; d2 += x * x }
                    guard d2 > 0 else { continue }
                    let powB = UMAPFastMath.pow(d2, b)
                    let repel = code & repelFlag != 0
                    let coefficient = repel ? repulsion / ((d2 + 0.001) * (a * powB + 1))
                                            : attraction * powB / (d2 * (a * powB + 1))
                    let step = repel ? repelStep : attractStep
                    for t in 0..<dim { current[t] += clip(coefficient * (current[t] - other[t])) * step }
                }
                for t in 0..<dim { s.head[j * dim + t] = current[t] }
            }
        }
    }
}

extension UMAPLayout {
    /// `points` (`dim` floats each) copied with `stride` floats per point, padding zero.
    static func padded(_ points: [Float], dimension dim: Int, stride: Int) -> [Float] {
        if stride == dim { return points }
        var out = [Float](repeating: 0, count: points.count / max(dim, 1) * stride)
        pad(points, dimension: dim, into: &out, stride: stride)
        return out
    }

    static func pad(_ points: [Float], dimension dim: Int, into out: inout [Float], stride: Int) {
        if stride == dim { out = points; return }
        points.withUnsafeBufferPointer { p in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<(p.count / dim) { for t in 0..<dim { o[i * stride + t] = p[i * dim + t] } }
            }
        }
    }
}

@inline(__always) func clip(_ v: Float) -> Float { v > 4 ? 4 : (v < -4 ? -4 : v) }

/// A manually managed buffer of trivial values that keeps its storage between uses.
struct GrowableBuffer<T> {
    private(set) var base: UnsafeMutablePointer<T> = .allocate(capacity: 64)
    private(set) var capacity = 64
    /// Valid elements (kept across `reserve`).
    var count = 0

    /// Ensures room for `minimum` elements, keeping the first `count`.
    mutating func reserve(_ minimum: Int) {
        guard minimum > capacity else { return }
        let grown = UnsafeMutablePointer<T>.allocate(capacity: minimum)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = minimum
    }

    /// Releases the storage (the owner's `deinit`).
    func free() { base.deallocate() }
}
