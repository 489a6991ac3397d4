import Foundation

extension BoruvkaMST {
    /// The per-component lightest edges of one Borůvka round, folded from chunk results as they
    /// finish. The fold keeps the minimum under ``BoruvkaMST/precedes(_:_:_:_:_:_:_:_:)``, a strict
    /// total order on distinct edges (chunks own disjoint `from` rows), so the outcome does not
    /// depend on which chunk finishes first. Each chunk's arrays are freed once absorbed, so at most
    /// as many are alive as threads run, not one per chunk.
    final class ChunkReduction: @unchecked Sendable {
        private let lock = NSLock()
        private var merged: ChunkBest?

        func absorb(_ other: ChunkBest) {
            lock.lock()
            defer { lock.unlock() }
            guard var best = merged else { merged = other; return }
            merged = nil  // keep `best` the only reference, so it is changed in place
            for c in 0..<other.from.count where other.from[c] >= 0 {
                if best.from[c] < 0 || BoruvkaMST.precedes(other.weight[c], other.raw[c], other.from[c], other.to[c],
                                                           best.weight[c], best.raw[c], best.from[c], best.to[c]) {
                    best.weight[c] = other.weight[c]; best.raw[c] = other.raw[c]
                    best.from[c] = other.from[c]; best.to[c] = other.to[c]
                }
            }
            merged = best
        }

        /// The folded result; call after every chunk is absorbed.
        var best: ChunkBest { merged! }
    }
}
