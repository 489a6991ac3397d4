/// umap-learn's epochs-per-sample schedule in closed, fixed-point form.
///
/// umap-learn keeps two `float64` clocks per edge (`epoch_of_next_sample`,
/// `epoch_of_next_negative_sample`) and walks every edge every epoch. With `r = w / w_max` the
/// clock arithmetic reduces to:
/// - edge `e` is sampled in epoch `n ≥ 1` exactly when `⌊n·r⌋ > ⌊(n−1)·r⌋` (its clock advances
///   by `1/r ≥ 1`, so at most once per epoch, in the epochs `⌈m/r⌉`);
/// - a sample in epoch `n` brings `⌊rate·n·r⌋ − S` negative samples, where `S` starts at 1 and
///   becomes `⌊rate·n·r⌋` (umap-learn's `int((n − next_negative) / epochs_per_negative_sample)`
///   with `next_negative = (S) · epochs_per_negative_sample`).
///
/// Why: the firing test needs no per-edge state — `r` in Q1.31 makes it one wrapping multiply and
/// a compare — and the only state is a 4-byte negative mark written when the edge fires. Three
/// `Double`s read and two written per edge per epoch (most edges do not fire) were the largest
/// memory stream of the whole SGD. The rounding of `r` to 31 bits moves a firing by one epoch
/// only when `n·r` lies within `n·2⁻³¹` of an integer; umap-learn's accumulated `float64` sums
/// are inexact in the same way.
package struct UMAPSchedule {
    /// `w / w_max` in Q1.31 (2³¹ = every epoch, 0 = never), one per edge.
    package let rate: [UInt32]
    /// `negativeSampleRate` in Q16.16.
    package let negativeRate: UInt64

    /// - Parameters:
    ///   - weights: edge weights; zero or negative ones never fire (umap-learn's −1 schedule).
    package init(weights: [Float], maximumWeight: Float, negativeSampleRate: Float) {
        let scale = maximumWeight > 0 ? Double(1 << 31) / Double(maximumWeight) : 0
        rate = weights.map { w in
            w > 0 ? UInt32(Swift.min(Swift.max((Double(w) * scale).rounded(), 1), Double(1 << 31))) : 0
        }
        negativeRate = UInt64((Double(Swift.max(negativeSampleRate, 0)) * 65_536).rounded())
    }

    /// The initial negative mark of every edge (umap-learn's first `next_negative` is one
    /// negative period in).
    static let initialMark: UInt32 = 1

    /// 1 when an edge with Q1.31 rate `rate` is sampled in `epoch ≥ 1`, else 0: the fraction of
    /// `epoch·r` is below `r` exactly when `⌊epoch·r⌋` stepped. Computed by a borrow (the sign of
    /// `fraction − rate`), not a comparison, so the compiler cannot turn it back into a branch —
    /// which edges fire is random, and mispredicted branches were the schedule's main cost.
    /// Epoch 0 samples nothing (umap-learn's clocks start one period in); callers skip it.
    @inline(__always)
    static func firing(rate: UInt32, epoch: UInt32) -> Int {
        let fraction = (epoch &* rate) & 0x7FFF_FFFF
        return Int((fraction &- rate) >> 31)
    }

    /// `⌊negativeSampleRate · epoch · r⌋` for an edge of Q1.31 rate `rate`.
    @inline(__always)
    static func negativeTotal(rate: UInt32, negativeRate: UInt64, epoch: UInt32) -> UInt32 {
        let scaled = (UInt64(rate) &* negativeRate) >> 16          // rate · r in Q·31
        let (high, low) = UInt64(epoch).multipliedFullWidth(by: scaled)
        return UInt32(truncatingIfNeeded: high << 33 | low >> 31)
    }
}

extension UMAPSchedule {
    /// The whole schedule of edge `e` over `epochCount` epochs: the epochs in which it is sampled
    /// and how many negative samples each brings (what the SGD does with it, for inspection and
    /// for comparing with umap-learn's clocks).
    package func samples(edge e: Int, epochCount: Int) -> [(epoch: Int, negatives: Int)] {
        var mark = UMAPSchedule.initialMark
        var out: [(epoch: Int, negatives: Int)] = []
        for epoch in 1..<max(epochCount, 1) where UMAPSchedule.firing(rate: rate[e], epoch: UInt32(epoch)) == 1 {
            let due = UMAPSchedule.negativeTotal(rate: rate[e], negativeRate: negativeRate, epoch: UInt32(epoch))
            let extra = due > mark ? due - mark : 0
            mark += extra
            out.append((epoch, Int(extra)))
        }
        return out
    }
}
