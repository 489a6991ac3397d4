import Foundation
import StrataCore

/// Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011; Watanabe, "Tree-Structured
/// Parzen Estimator: Understanding Its Algorithm Components…", 2023) with Optuna 5.0's
/// `TPESampler` defaults for one objective.
///
/// - The first ``startupTrials`` (10) finished trials are drawn by ``RandomSampler`` with the same
///   seed.
/// - Then the finished trials (complete and infeasible; failed ones are ignored) are split: the
///   best γ(n) = min(⌈0.1 n⌉, 25) form the "below" group, the rest "above". Infeasible trials rank
///   after every feasible one. With ``constantLiar`` every running trial joins "above", as if it
///   had the worst value, so parallel workers steer away from points already being tried.
/// - Multivariate: parameters that the finished trials always set together form a group
///   (Optuna's group decomposition: `method` alone, `n_clusters` with what shares its condition…),
///   and each group is drawn jointly from l(x) / g(x), two ``ParzenEstimator``s over the trials
///   that set the whole group. ``candidateCount`` (24) points are drawn from l and the one with the
///   largest log l − log g (expected improvement) is kept.
/// - Only parameters active under the values chosen so far are set (`when` conditions).
///
/// ```swift
/// let tpe = TPESampler(seed: 7)
/// let next = try tpe.suggest(number: history.count, space: space, history: history)
/// ```
///
/// Deterministic: a function of `(seed, number, history)` (the history's order does not matter).
/// Complexity per suggestion: O(n·p) to split and group the history plus
/// O(candidates · n · p) kernel evaluations for n trials and p parameters.
public struct TPESampler: Sampler {
    public var seed: UInt64
    /// Finished trials drawn at random before the model takes over (Optuna `n_startup_trials`).
    public var startupTrials: Int
    /// Points drawn from l(x) per group and suggestion (Optuna `n_ei_candidates`).
    public var candidateCount: Int
    /// Count running trials as the worst ones (Optuna `constant_liar`).
    public var constantLiar: Bool
    /// Weight of the prior kernel in both estimators (Optuna `prior_weight`).
    public var priorWeight: Double

    public init(seed: UInt64, startupTrials: Int = 10, candidateCount: Int = 24,
                constantLiar: Bool = true, priorWeight: Double = 1) {
        self.seed = seed; self.startupTrials = startupTrials; self.candidateCount = candidateCount
        self.constantLiar = constantLiar; self.priorWeight = priorWeight
    }

    /// Size of the "below" group among `n` finished trials: min(⌈0.1 n⌉, 25).
    public static func gamma(_ n: Int) -> Int { min((n + 9) / 10, 25) }

    public func suggest(number: Int, space: SearchSpace, history: [SweepObservation]) throws -> ParameterAssignment? {
        try space.validate()
        if candidateCount < 1 || startupTrials < 0 || !(priorWeight > 0) {
            throw SweepSpaceError(parameter: "", reason: "TPE needs candidateCount ≥ 1, startupTrials ≥ 0 and priorWeight > 0")
        }
        let others = history.filter { $0.number != number }.sorted { $0.number < $1.number }
        // A complete trial without a usable value is treated as failed; an infeasible one without a
        // value still ranks, last.
        let finished = others.filter { $0.state == .infeasible || ($0.state == .complete && $0.value.map { !$0.isNaN } == true) }
        if finished.count < startupTrials {
            return RandomSampler(seed: seed).sample(number: number, space: space)
        }
        let running = constantLiar ? others.filter { $0.state == .running } : []
        let (below, above) = Self.split(finished: finished, running: running)
        let groups = Self.groups(of: finished, in: space)

        var assignment: ParameterAssignment = [:]
        var drawn: [String: SweepValue] = [:]
        for (index, parameter) in space.parameters.enumerated() where parameter.isActive(in: assignment) {
            if drawn[parameter.name] == nil {
                let group = groups[parameter.name] ?? [index]
                var rng = RandomSampler.stream(seed: seed, purpose: 0x54504531, number: number, index: group[0])
                let values = sample(group.map { space.parameters[$0] }, below: below, above: above, using: &rng)
                for (member, value) in zip(group, values) { drawn[space.parameters[member].name] = value }
            }
            assignment[parameter.name] = drawn[parameter.name]
        }
        return assignment
    }

    /// Below: the best γ(n) finished trials, feasible before infeasible, each by value (ties by
    /// number). Above: the other finished trials and the running ones. Both in trial order, which
    /// the weights' ramp reads as age.
    public static func split(finished: [SweepObservation], running: [SweepObservation]) -> (below: [SweepObservation], above: [SweepObservation]) {
        func rankValue(_ o: SweepObservation) -> Double { o.value.flatMap { $0.isNaN ? nil : $0 } ?? .infinity }
        let byValue: (SweepObservation, SweepObservation) -> Bool = { a, b in
            rankValue(a) < rankValue(b) || (rankValue(a) == rankValue(b) && a.number < b.number)
        }
        let feasible = finished.filter { $0.state == .complete }.sorted(by: byValue)
        let infeasible = finished.filter { $0.state == .infeasible }.sorted(by: byValue)
        let ranked = feasible + infeasible
        let count = gamma(finished.count)
        let below = ranked.prefix(count).sorted { $0.number < $1.number }
        let above = (ranked.dropFirst(count) + running).sorted { $0.number < $1.number }
        return (Array(below), above)
    }

    /// Parameter name → indices (in space order) of its group: the coarsest partition of the
    /// parameters such that every finished trial sets each group entirely or not at all.
    /// Parameters no finished trial has set have no group (they are drawn alone).
    static func groups(of finished: [SweepObservation], in space: SearchSpace) -> [String: [Int]] {
        var partition: [Set<Int>] = []
        for trial in finished {
            var incoming = Set(space.parameters.indices.filter { trial.assignment[space.parameters[$0].name] != nil })
            var next: [Set<Int>] = []
            for group in partition {
                let shared = group.intersection(incoming)
                if !shared.isEmpty { next.append(shared) }
                let rest = group.subtracting(incoming)
                if !rest.isEmpty { next.append(rest) }
                incoming.subtract(group)
            }
            if !incoming.isEmpty { next.append(incoming) }
            partition = next
        }
        var byName: [String: [Int]] = [:]
        for group in partition {
            let members = group.sorted()
            for member in members { byName[space.parameters[member].name] = members }
        }
        return byName
    }

    /// Joint draw of `parameters` by expected improvement; single-valued domains keep their value.
    private func sample(_ parameters: [SearchParameter], below: [SweepObservation], above: [SweepObservation],
                        using rng: inout SeededGenerator) -> [SweepValue] {
        var result = parameters.map { $0.domain.valueCount == 1 ? $0.domain.value(at: 0) : nil as SweepValue? }
        let free = parameters.indices.filter { result[$0] == nil }
        guard !free.isEmpty else { return result.map { $0! } }
        let dimensions = free.map { ParzenDimension(parameters[$0].domain) }
        func coordinates(_ trials: [SweepObservation]) -> [[Double]] {
            trials.compactMap { trial in
                var row: [Double] = []
                for (k, i) in free.enumerated() {
                    guard let value = trial.assignment[parameters[i].name], let x = dimensions[k].coordinate(of: value) else { return nil }
                    row.append(x)
                }
                return row
            }
        }
        let l = ParzenEstimator(observations: coordinates(below), dimensions: dimensions, priorWeight: priorWeight)
        let g = ParzenEstimator(observations: coordinates(above), dimensions: dimensions, priorWeight: priorWeight)
        let candidates = l.sample(candidateCount, using: &rng)
        let lowScores = l.logDensity(candidates), highScores = g.logDensity(candidates)
        var best = 0, bestScore = -Double.infinity
        for i in candidates.indices {
            let score = lowScores[i] - highScores[i]
            if score > bestScore { best = i; bestScore = score }
        }
        for (k, i) in free.enumerated() { result[i] = dimensions[k].value(at: candidates[best][k]) }
        return result.map { $0! }
    }
}
