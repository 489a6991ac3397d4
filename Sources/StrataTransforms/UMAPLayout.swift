import Foundation
import StrataCore

/// UMAP's stochastic gradient descent on the fuzzy graph (umap-learn's
/// `optimize_layout_euclidean`): edges sampled on the epochs-per-sample schedule, attraction
/// `−2ab·d^{2(b−1)} / (1 + a·d^{2b})`, `negativeSampleRate` repulsive samples per attraction with
/// `2γb / ((0.001 + d²)(1 + a·d^{2b}))`, every gradient component clipped to ±4, learning rate
/// decaying linearly to 0.
///
/// **Deterministic multi-core scheme** (umap-learn's seeded runs are single-threaded; its
/// parallel runs are Hogwild and differ run to run). Each epoch:
/// 1. the positions are snapshotted;
/// 2. vertices are cut into fixed chunks (depending only on n); each chunk processes the edges of
///    its own head vertices, in edge order, moving only those heads. The head's own position is
///    read live (updates within an epoch accumulate, as in umap-learn); every other vertex is read
///    from the snapshot, so nothing a thread reads is written concurrently.
/// 3. umap-learn's `move_other` (the tail moves by −grad at the same event) is kept: every
///    attraction's tail move is written to its chunk's event list, sorted by the tail's vertex
///    block, and applied when the epoch's sweep ends — block by block, chunk by chunk in order
///    (``applyTailMoves(_:dimension:scratches:blocks:)``), so every vertex sums its moves in one
///    fixed order whichever thread ran which chunk.
///    (Standing in for the tail move by moving the head twice, through the graph's symmetry, made
///    cliques of near-duplicate rows overshoot: every member jumped twice the contraction towards
///    the others' old positions at once, and cost 0.01–0.05 trustworthiness on duplicate-heavy
///    data — Guides/UMAP.md.) In `transform` the tails are fixed and only heads move.
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
        var a: Float, b: Float, gamma: Float, alpha: Float
        var epoch: UInt32
        var vertexCount: Int
        var dimension: Int
        var fixedTails: Bool
        /// Tail blocks of `1 << blockShift` vertices (the buckets of the tail-move lists).
        var blockShift: Int
        var blockCount: Int
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
        /// Where each head's attractions sit in `operations` (head `l`: `attractionStart[l] ..<
        /// attractionStart[l + 1]`), to find their tail moves after a lane group.
        var attractions = GrowableBuffer<Int32>()
        var attractionStart = GrowableBuffer<Int>()
        /// One lane group's head increments, step-major (the tail of an attraction moves by minus it).
        var moves = GrowableBuffer<Float>()
        /// Tail moves of the epoch: attraction `a` writes event `eventSlot[a]` — the tail's index
        /// (bit pattern) then `dim` floats; events of tail block `b` are
        /// `blockStart[b] ..< blockStart[b + 1]`, in attraction order.
        var eventSlot = GrowableBuffer<Int32>()
        var events = GrowableBuffer<Float>()
        var blockStart = GrowableBuffer<Int>()
        deinit {
            operations.free(); interleaved.free(); fired.free(); negatives.free(); draws.free()
            operationStart.free(); order.free(); lengthCounts.free()
            attractions.free(); attractionStart.free(); moves.free()
            eventSlot.free(); events.free(); blockStart.free()
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
        let chunks = Parallel.chunkCount(count: n, minimumChunk: minimumChunk)
        let scratches = (0..<chunks).map { _ in Scratch() }
        // At most 64 tail blocks, each small enough to stay in cache while its moves are added.
        var blockShift = 0
        while (vertexCount + (1 << blockShift) - 1) >> blockShift > 64 { blockShift += 1 }
        let blockCount = (vertexCount + (1 << blockShift) - 1) >> blockShift
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
                                            a: a, b: b, gamma: repulsionStrength, alpha: alpha, epoch: UInt32(epoch),
                                            vertexCount: vertexCount, dimension: dim, fixedTails: fixedTails,
                                            blockShift: blockShift, blockCount: blockCount, seed: seed)
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
            if !fixedTails {
                UMAPLayout.applyTailMoves(&embedding, dimension: dim, scratches: scratches,
                                          blocks: (shift: blockShift, count: blockCount))
            }
            alpha = initialAlpha * (1 - Float(epoch) / Float(epochCount))
            progress?(epoch + 1)
        }
    }

    /// One chunk of heads for any dimension, one head at a time (the lane sweep's arithmetic).
    static func sweepGeneric(_ s: Sweep, rows: Range<Int>, dim: Int, scratch: Scratch) {
        buildOperations(s, rows: rows, scratch: scratch)
        let attractions = scratch.attractions.base, attractionStart = scratch.attractionStart.base
        let slots = scratch.eventSlot.base, events = scratch.events.base
        let a = s.a, b = s.b, repulsion = 2 * s.gamma * b, attraction = -2 * a * b
        let step = s.alpha
        let ops = scratch.operations.base, starts = scratch.operationStart.base
        withUnsafeTemporaryAllocation(of: Float.self, capacity: dim) { buffer in
            let current = buffer.baseAddress!
            for l in 0..<rows.count {
                let j = rows.lowerBound + l
                for t in 0..<dim { current[t] = s.head[j * dim + t] }
                var nextAttraction = attractionStart[l]
                for i in starts[l]..<starts[l + 1] {
                    let code = ops[i]
                    // This head's next attraction (its tail move is recorded below).
                    let event = !s.fixedTails && nextAttraction < attractionStart[l + 1] && Int(attractions[nextAttraction]) == i
                        ? events + Int(slots[nextAttraction]) * (dim + 1) : nil
                    if let event {
                        nextAttraction += 1
                        event[0] = Float(bitPattern: code >> 2)
                        for t in 0..<dim { event[1 + t] = 0 }
                    }
                    if code & noOperation != 0 { continue }
                    let other = s.tail + Int(code >> 2) * s.tailStride
                    var d2: Float = 0
                    for t in 0..<dim { let x = current[t] - other[t]; d2 += x * x }
                    guard d2 > 0 else { continue }
                    let powB = UMAPFastMath.pow(d2, b)
                    let repel = code & repelFlag != 0
                    let coefficient = repel ? repulsion / ((d2 + 0.001) * (a * powB + 1))
                                            : attraction * powB / (d2 * (a * powB + 1))
                    for t in 0..<dim {
                        let move = clip(coefficient * (current[t] - other[t])) * step
                        current[t] += move
                        event?[1 + t] = -move
                    }
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
