import Foundation
import StrataCore

/// A mixture of product kernels, one per observation plus a broad prior kernel: the l(x) and g(x)
/// densities of ``TPESampler``.
///
/// Numeric dimensions use truncated Gaussians in kernel space (log space for log ranges); the
/// bandwidth of an observation is the larger gap to its sorted neighbours (the outermost two take
/// the gap to their inner neighbour), clipped to [range / min(100, kernels + 1), range]; the prior
/// sits at the centre with the whole range as bandwidth. Stepped dimensions integrate the kernel
/// over each value's cell. A categorical dimension gives each observation a one-hot row plus
/// `priorWeight / kernels` on every choice, and the prior a uniform row. Observations are weighted
/// flat up to 25, older ones ramped down beyond (Bergstra et al. 2013); the prior weighs
/// `priorWeight`.
struct ParzenEstimator {
    private enum Component {
        case numeric(mus: [Double], sigmas: [Double], logNormalizers: [Double], dimension: ParzenDimension)
        /// Row-major kernels × choices.
        case categorical(logProbabilities: [Double], probabilities: [Double], count: Int)
    }

    private let weights: [Double]
    private let logWeights: [Double]
    private let components: [Component]

    /// `observations[i][d]`: the coordinate of observation i (oldest first) in dimension d.
    init(observations: [[Double]], dimensions: [ParzenDimension], priorWeight: Double = 1) {
        let n = observations.count
        var w = Self.observationWeights(n)
        w.append(priorWeight)
        let total = w.reduce(0, +)
        weights = w.map { $0 / total }
        logWeights = weights.map { Foundation.log($0) }
        components = dimensions.enumerated().map { d, dimension in
            let column = observations.map { $0[d] }
            switch dimension.kind {
            case .categorical(let count):
                return Self.categorical(column, count: count, priorWeight: priorWeight)
            case .numeric(_, _, let step, _):
                let (low, high) = dimension.kernelBounds
                var mus = column.map(dimension.toKernelSpace)
                var sigmas = Self.bandwidths(mus, low: low, high: high)
                mus.append(0.5 * (low + high)); sigmas.append(high - low)
                let normalizers = zip(mus, sigmas).map { mu, sigma in
                    TruncatedNormal.logMass((low - mu) / sigma, (high - mu) / sigma) + (step > 0 ? 0 : Foundation.log(sigma))
                }
                return .numeric(mus: mus, sigmas: sigmas, logNormalizers: normalizers, dimension: dimension)
            }
        }
    }

    /// Optuna's default weights: 1 each below 25 observations; beyond, the oldest n − 25 rise
    /// linearly from 1/n to 1 and the newest 25 weigh 1.
    static func observationWeights(_ n: Int) -> [Double] {
        if n < 25 { return Array(repeating: 1, count: n) }
        let ramp = n - 25
        let start = 1 / Double(n)
        let increment = ramp > 1 ? (1 - start) / Double(ramp - 1) : 0
        let rising: [Double] = (0..<ramp).map { i in start + increment * Double(i) }
        return rising + Array(repeating: 1, count: 25)
    }

    static func bandwidths(_ mus: [Double], low: Double, high: Double) -> [Double] {
        let n = mus.count
        guard n > 0 else { return [] }
        let order = mus.indices.sorted { mus[$0] < mus[$1] || (mus[$0] == mus[$1] && $0 < $1) }
        var sorted: [Double] = [low]
        for index in order { sorted.append(mus[index]) }
        sorted.append(high)
        var bySorted: [Double] = (1...n).map { (i: Int) -> Double in
            let left: Double = sorted[i] - sorted[i - 1]
            let right: Double = sorted[i + 1] - sorted[i]
            return max(left, right)
        }
        if n >= 2 {
            // The outermost kernels ignore the domain's ends (Optuna's consider_endpoints=False).
            bySorted[0] = sorted[2] - sorted[1]
            bySorted[n - 1] = sorted[n] - sorted[n - 1]
        }
        let range = high - low
        let minimum = range / min(100, Double(n + 2))
        var sigmas = [Double](repeating: 0, count: n)
        for (rank, index) in order.enumerated() { sigmas[index] = min(max(bySorted[rank], minimum), range) }
        return sigmas
    }

    private static func categorical(_ column: [Double], count: Int, priorWeight: Double) -> Component {
        let kernels = column.count + 1
        var probabilities = [Double](repeating: 0, count: kernels * count)
        let floor = priorWeight / Double(kernels)
        for (i, x) in column.enumerated() {
            let rowSum = 1 + floor * Double(count)
            for c in 0..<count { probabilities[i * count + c] = floor / rowSum }
            probabilities[i * count + Int(x)] += 1 / rowSum
        }
        for c in 0..<count { probabilities[column.count * count + c] = 1 / Double(count) }
        return .categorical(logProbabilities: probabilities.map { Foundation.log($0) }, probabilities: probabilities, count: count)
    }

    /// `count` draws: a kernel by weight, then each dimension from that kernel.
    func sample(_ count: Int, using rng: inout SeededGenerator) -> [[Double]] {
        (0..<count).map { _ in
            let kernel = Self.pick(weights, u: rng.nextUnit())
            return components.map { component in
                switch component {
                case .categorical(_, let probabilities, let choices):
                    return Double(Self.pick(probabilities[(kernel * choices)..<((kernel + 1) * choices)], u: rng.nextUnit()))
                case .numeric(let mus, let sigmas, _, let dimension):
                    let (low, high) = dimension.kernelBounds
                    let mu = mus[kernel], sigma = sigmas[kernel]
                    let z = TruncatedNormal.quantile(rng.nextUnit(), (low - mu) / sigma, (high - mu) / sigma)
                    return dimension.fromKernelSpace(mu + sigma * z)
                }
            }
        }
    }

    private static func pick<C: Collection>(_ probabilities: C, u: Double) -> Int where C.Element == Double {
        var cumulative = 0.0
        for (offset, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative { return offset }
        }
        return probabilities.count - 1
    }

    /// log of the mixture density (of the cell's mass for stepped dimensions) at each point.
    func logDensity(_ points: [[Double]]) -> [Double] {
        let kernels = weights.count
        var out: [Double] = []
        out.reserveCapacity(points.count)
        var terms = [Double](repeating: 0, count: kernels)
        for point in points {
            for j in 0..<kernels { terms[j] = logWeights[j] }
            for (d, component) in components.enumerated() {
                let x = point[d]
                switch component {
                case .categorical(let logProbabilities, _, let choices):
                    let c = Int(x)
                    for j in 0..<kernels { terms[j] += logProbabilities[j * choices + c] }
                case .numeric(let mus, let sigmas, let normalizers, let dimension):
                    guard case .numeric(_, _, let step, _) = dimension.kind else { continue }
                    if step > 0 {
                        let left = dimension.toKernelSpace(x - step / 2), right = dimension.toKernelSpace(x + step / 2)
                        for j in 0..<kernels {
                            terms[j] += TruncatedNormal.logMass((left - mus[j]) / sigmas[j], (right - mus[j]) / sigmas[j]) - normalizers[j]
                        }
                    } else {
                        let t = dimension.toKernelSpace(x)
                        for j in 0..<kernels {
                            let z = (t - mus[j]) / sigmas[j]
                            terms[j] += -0.5 * z * z - TruncatedNormal.logSqrtTwoPi - normalizers[j]
                        }
                    }
                }
            }
            let m = terms.max() ?? -.infinity
            if m == -.infinity { out.append(m); continue }
            var s = 0.0
            for t in terms { s += exp(t - m) }
            out.append(m + Foundation.log(s))
        }
        return out
    }
}
