import Foundation
import StrataCore

/// UMAP's stochastic gradient descent on the fuzzy graph (umap-learn's
/// `optimize_layout_euclidean`): edges sampled on the epochs-per-sample schedule, attraction
/// `−2ab·d^{2(b−1)} / (1 + a·d^{2b})`, `negativeSampleRate` repulsive samples per attraction with
/// `2γb / ((0.001 + d²)(1 + a·d^{2b}))`, every gradient component clipped to ±4, learning rate
/// decaying linearly to 0.
///
/// **Deterministic two-core scheme** (umap-learn's seeded runs are single-threaded; its parallel
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
/// 4. negative samples are `CounterRandom(seed)` draws indexed by (edge, epoch, sample), not a
///    shared generator state.
/// Result: a pure function of (graph, initial layout, seed), the same on 1, 2 or 64 cores.
///
/// Speed: `d^(2b)` by ``UMAPFastMath`` (no libm calls), positions of up to 4 components held in
/// `SIMD4<Float>` registers with the dimension a compile-time constant for 2 and 3, each edge's
/// random key hashed once per epoch (one SplitMix round per negative sample after that), and
/// no closures or heap traffic inside the edge loop.
struct UMAPLayout {
    var a: Float
    var b: Float
    var repulsionStrength: Float
    var initialAlpha: Float
    var negativeSampleRate: Float
    var epochCount: Int
    var seed: UInt64

    /// Read-only inputs of one epoch's sweep, shared by both cores.
    struct Sweep: @unchecked Sendable {
        var head: UnsafeMutablePointer<Float>
        var tail: UnsafePointer<Float>
        var starts: UnsafePointer<Int>
        var columns: UnsafePointer<Int32>
        var epochsPerSample: UnsafePointer<Double>
        var nextSample: UnsafeMutablePointer<Double>
        var nextNegative: UnsafeMutablePointer<Double>
        var streams: UnsafePointer<UInt64>?
        var a: Float, b: Float, gamma: Float, alpha: Float, moveFactor: Float
        var rate: Double
        var epoch: Int
        var vertexCount: Int
        var fixedTails: Bool
        var seed: UInt64

        /// Moves edge `e`'s next attraction past `next` and returns how many negative samples
        /// are due by `epochValue` (umap-learn's epochs-per-sample bookkeeping), shared by the
        /// SIMD-lane and scalar sweeps so both follow one schedule.
        @inline(__always)
        func advanceSchedule(edge e: Int, from next: Double, epoch epochValue: Double) -> Int {
            let eps = epochsPerSample[e]
            let epn = eps / rate
            nextSample[e] = next + eps
            let negatives = max(Int((epochValue - nextNegative[e]) / epn), 0)
            nextNegative[e] += Double(negatives) * epn
            return negatives
        }
    }

    /// Optimises `embedding` (head positions, `graph.rowCount × dim`) in place.
    /// - Parameters:
    ///   - tails: when nil the graph is the symmetric fit graph and heads are also the tails;
    ///     otherwise tails are fixed (transform) and `streams[i]` seeds row i's randomness.
    func optimize(_ embedding: inout [Float], dimension dim: Int, graph: FuzzyGraph,
                  tails: [Float]? = nil, streams: [UInt64]? = nil, progress: ((Int) -> Void)? = nil) {
        let n = graph.rowCount, edgeTotal = graph.edgeCount
        guard edgeTotal > 0, epochCount > 0 else { return }
        let maxWeight = Double(graph.maximumWeight)
        // umap-learn: epochs_per_sample = n_epochs / (n_epochs · w / w_max); −1 ("never") when w = 0.
        var epochsPerSample = [Double](repeating: 0, count: edgeTotal)
        var nextSample = [Double](repeating: 0, count: edgeTotal)
        var nextNegative = [Double](repeating: 0, count: edgeTotal)
        let epochs = Double(epochCount), rate = Double(negativeSampleRate)
        for e in 0..<edgeTotal {
            let samples = epochs * (Double(graph.weights[e]) / maxWeight)
            let eps = samples > 0 ? epochs / samples : -1
            epochsPerSample[e] = eps
            nextSample[e] = eps
            nextNegative[e] = eps / rate
        }
        let fixedTails = tails != nil
        var snapshot = tails ?? embedding
        let vertexCount = fixedTails ? graph.columnCount : n
        var alpha = initialAlpha
        for epoch in 0..<epochCount {
            if !fixedTails { snapshot = embedding }
            embedding.withUnsafeMutableBufferPointer { eb in
                nextSample.withUnsafeMutableBufferPointer { nsb in
                    nextNegative.withUnsafeMutableBufferPointer { nnb in
                        snapshot.withUnsafeBufferPointer { tb in
                            graph.rowStarts.withUnsafeBufferPointer { sb in
                                graph.columns.withUnsafeBufferPointer { cb in
                                    epochsPerSample.withUnsafeBufferPointer { pb in
                                        (streams ?? []).withUnsafeBufferPointer { rb in
                                            let sweep = Sweep(
                                                head: eb.baseAddress!, tail: tb.baseAddress!, starts: sb.baseAddress!,
                                                columns: cb.baseAddress!, epochsPerSample: pb.baseAddress!,
                                                nextSample: nsb.baseAddress!, nextNegative: nnb.baseAddress!,
                                                streams: streams == nil ? nil : rb.baseAddress,
                                                a: a, b: b, gamma: repulsionStrength, alpha: alpha,
                                                moveFactor: fixedTails ? 1 : 2, rate: rate, epoch: epoch,
                                                vertexCount: vertexCount, fixedTails: fixedTails, seed: seed)
                                            Parallel.forEachChunk(count: n, minimumChunk: 512) { _, range in
                                                switch dim {
                                                case 1: UMAPLayout.sweepLanes(sweep, rows: range, dim: 1)
                                                case 2: UMAPLayout.sweepLanes(sweep, rows: range, dim: 2)
                                                case 3: UMAPLayout.sweepLanes(sweep, rows: range, dim: 3)
                                                case 4: UMAPLayout.sweepLanes(sweep, rows: range, dim: 4)
                                                default: UMAPLayout.sweepGeneric(sweep, rows: range, dim: dim)
                                                }
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

    /// The key of `CounterRandom(seed).bits(stream:counter:)` for a stream: `bits = mix(key + counter)`.
    @inline(__always)
    static func streamKey(seed: UInt64, stream: UInt64) -> UInt64 {
        SplitMix64.mix(seed ^ SplitMix64.mix(stream &+ 0x632B_E59B_D9B4_E019))
    }

    /// The random stream of edge `e` whose head is `j` (row-keyed in transform, edge-keyed in fit).
    @inline(__always)
    static func stream(_ s: Sweep, head j: Int, edge e: Int) -> UInt64 {
        if let streams = s.streams { return streams[j] &+ UInt64(e - s.starts[j]) }
        return UInt64(e)
    }

    /// One chunk of heads for `dim ≤ 4`; inlined with a literal `dim` so the lane loops unroll.
    @inline(__always)
    static func sweepSmall(_ s: Sweep, rows: Range<Int>, dim: Int) {
        let a = s.a, b = s.b, alpha = s.alpha, move = s.moveFactor
        let repulsion = 2 * s.gamma * b, attraction = -2 * a * b
        let epochValue = Double(s.epoch), counterBase = UInt64(s.epoch) << 24
        let limit = SIMD4<Float>(repeating: 4)
        let vertices = UInt64(s.vertexCount)
        @inline(__always) func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
            var v = SIMD4<Float>()
            for t in 0..<dim { v[t] = p[t] }
            return v
        }
        for j in rows {
            var current = load(s.head + j * dim)
            for e in s.starts[j]..<s.starts[j + 1] {
                let next = s.nextSample[e]
                if next > epochValue || next < 0 { continue }
                let other = load(s.tail + Int(s.columns[e]) * dim)
                let delta = current - other
                let d2 = (delta * delta).sum()
                if d2 > 0 {
                    let powB = UMAPFastMath.pow(d2, b)
                    let coeff = attraction * powB / (d2 * (a * powB + 1))
                    let g = (coeff * delta).clamped(lowerBound: -limit, upperBound: limit)
                    current += (move * alpha) * g
                }
                let negatives = s.advanceSchedule(edge: e, from: next, epoch: epochValue)
                if negatives == 0 { continue }
                let key = streamKey(seed: s.seed, stream: stream(s, head: j, edge: e))
                for p in 0..<negatives {
                    let bits = SplitMix64.mix(key &+ (counterBase | UInt64(p)))
                    let kk = Int(((bits >> 32) &* vertices) >> 32)
                    if !s.fixedTails && kk == j { continue }
                    let diff = current - load(s.tail + kk * dim)
                    let dn = (diff * diff).sum()
                    if dn > 0 {
                        let powB = UMAPFastMath.pow(dn, b)
                        let coeff = repulsion / ((0.001 + dn) * (a * powB + 1))
                        let g = (coeff * diff).clamped(lowerBound: -limit, upperBound: limit)
                        current += alpha * g
                    }
                }
            }
            let h = s.head + j * dim
            for t in 0..<dim { h[t] = current[t] }
        }
    }

    /// One chunk of heads for any dimension (positions in a per-chunk scratch row).
    static func sweepGeneric(_ s: Sweep, rows: Range<Int>, dim: Int) {
        let a = s.a, b = s.b, alpha = s.alpha, move = s.moveFactor
        let repulsion = 2 * s.gamma * b, attraction = -2 * a * b
        let epochValue = Double(s.epoch), counterBase = UInt64(s.epoch) << 24
        let vertices = UInt64(s.vertexCount)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: dim) { buffer in
            let current = buffer.baseAddress!
            for j in rows {
                for t in 0..<dim { current[t] = s.head[j * dim + t] }
                for e in s.starts[j]..<s.starts[j + 1] {
                    let next = s.nextSample[e]
                    if next > epochValue || next < 0 { continue }
                    let other = s.tail + Int(s.columns[e]) * dim
                    var d2: Float = 0
                    for t in 0..<dim { let x = current[t] - other[t]; d2 += x * x }
                    if d2 > 0 {
                        let powB = UMAPFastMath.pow(d2, b)
                        let coeff = attraction * powB / (d2 * (a * powB + 1))
                        for t in 0..<dim { current[t] += move * clip(coeff * (current[t] - other[t])) * alpha }
                    }
                    let negatives = s.advanceSchedule(edge: e, from: next, epoch: epochValue)
                    if negatives == 0 { continue }
                    let key = streamKey(seed: s.seed, stream: stream(s, head: j, edge: e))
                    for p in 0..<negatives {
                        let bits = SplitMix64.mix(key &+ (counterBase | UInt64(p)))
                        let kk = Int(((bits >> 32) &* vertices) >> 32)
                        if !s.fixedTails && kk == j { continue }
                        let o = s.tail + kk * dim
                        var dn: Float = 0
                        for t in 0..<dim { let x = current[t] - o[t]; dn += x * x }
                        if dn > 0 {
                            let powB = UMAPFastMath.pow(dn, b)
                            let coeff = repulsion / ((0.001 + dn) * (a * powB + 1))
                            for t in 0..<dim { current[t] += clip(coeff * (current[t] - o[t])) * alpha }
                        }
                    }
                }
                for t in 0..<dim { s.head[j * dim + t] = current[t] }
            }
        }
    }
}

@inline(__always) func clip(_ v: Float) -> Float { v > 4 ? 4 : (v < -4 ? -4 : v) }
