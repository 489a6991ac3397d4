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
struct UMAPLayout {
    var a: Float
    var b: Float
    var repulsionStrength: Float
    var initialAlpha: Float
    var negativeSampleRate: Float
    var epochCount: Int
    var seed: UInt64

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
        var nextSample = [Double](repeating: 0, count: edgeTotal)
        var nextNegative = [Double](repeating: 0, count: edgeTotal)
        let epochs = Double(epochCount), rate = Double(negativeSampleRate)
        for e in 0..<edgeTotal {
            let samples = epochs * (Double(graph.weights[e]) / maxWeight)
            let eps = samples > 0 ? epochs / samples : -1
            nextSample[e] = eps
            nextNegative[e] = eps / rate
        }
        let fixedTails = tails != nil
        let moveFactor: Float = fixedTails ? 1 : 2
        var snapshot = tails ?? embedding
        let vertexCount = fixedTails ? graph.columnCount : n
        let random = CounterRandom(seed: seed)
        let a = self.a, b = self.b, gamma = repulsionStrength
        var alpha = initialAlpha
        for epoch in 0..<epochCount {
            if !fixedTails { snapshot = embedding }
            let epochValue = Double(epoch)
            let currentAlpha = alpha
            embedding.withUnsafeMutableBufferPointer { eb in
                nextSample.withUnsafeMutableBufferPointer { nsb in
                    nextNegative.withUnsafeMutableBufferPointer { nnb in
                        let head = SendablePointer(eb.baseAddress!), ns = SendablePointer(nsb.baseAddress!),
                            nn = SendablePointer(nnb.baseAddress!)
                        snapshot.withUnsafeBufferPointer { tb in
                            graph.rowStarts.withUnsafeBufferPointer { sb in
                                graph.columns.withUnsafeBufferPointer { cb in
                                    graph.weights.withUnsafeBufferPointer { wb in
                                        nonisolated(unsafe) let tail = tb.baseAddress!, starts = sb.baseAddress!,
                                            cols = cb.baseAddress!, ws = wb.baseAddress!
                                        let streamBox = streams
                                        Parallel.forEachChunk(count: n, minimumChunk: 512) { _, range in
                                            var current = [Float](repeating: 0, count: dim)
                                            for j in range {
                                                let rowStream = streamBox?[j]
                                                for t in 0..<dim { current[t] = head[j * dim + t] }
                                                for e in starts[j]..<starts[j + 1] {
                                                    if ns[e] > epochValue || ns[e] < 0 { continue }
                                                    let k = Int(cols[e])
                                                    let other = tail + k * dim
                                                    var d2: Float = 0
                                                    for t in 0..<dim { let x = current[t] - other[t]; d2 += x * x }
                                                    if d2 > 0 {
                                                        let powB = expf(b * logf(d2))
                                                        var coeff = -2 * a * b * powB / d2
                                                        coeff /= a * powB + 1
                                                        for t in 0..<dim {
                                                            let g = clip(coeff * (current[t] - other[t]))
                                                            current[t] += moveFactor * g * currentAlpha
                                                        }
                                                    }
                                                    let eps = maxWeight / Double(ws[e])
                                                    let epn = eps / rate
                                                    ns[e] += eps
                                                    let negatives = Int((epochValue - nn[e]) / epn)
                                                    let stream = rowStream.map { $0 &+ UInt64(e - starts[j]) } ?? UInt64(e)
                                                    for p in 0..<max(negatives, 0) {
                                                        let kk = random.int(below: vertexCount, stream: stream,
                                                                            counter: UInt64(epoch) << 24 | UInt64(p))
                                                        if !fixedTails && kk == j { continue }
                                                        let o = tail + kk * dim
                                                        var dn: Float = 0
                                                        for t in 0..<dim { let x = current[t] - o[t]; dn += x * x }
                                                        if dn > 0 {
                                                            let powB = expf(b * logf(dn))
                                                            let coeff = 2 * gamma * b / ((0.001 + dn) * (a * powB + 1))
                                                            if coeff > 0 {
                                                                for t in 0..<dim {
                                                                    current[t] += clip(coeff * (current[t] - o[t])) * currentAlpha
                                                                }
                                                            }
                                                        }
                                                    }
                                                    nn[e] += Double(max(negatives, 0)) * epn
                                                }
                                                for t in 0..<dim { head[j * dim + t] = current[t] }
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
}

@inline(__always) func clip(_ v: Float) -> Float { v > 4 ? 4 : (v < -4 ? -4 : v) }
