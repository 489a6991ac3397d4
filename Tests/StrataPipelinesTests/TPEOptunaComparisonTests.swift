import Foundation
import Testing
import StrataPipelines
import _StrataTestSupport

/// `Tests/Fixtures/tpe/tpe_reference.json`, written by `make_tpe.py` (Optuna 5.0.0): per objective
/// and sampler, the best value after 50 and after 100 trials for seeds 0…39.
private struct TPEReference: Decodable {
    struct Runs: Decodable {
        let best50: [Double]
        let best100: [Double]
        func best(after trials: Int) -> [Double] { trials == 50 ? best50 : best100 }
    }
    let optuna: String
    let trials: Int
    let seeds: Int
    let objectives: [String: [String: Runs]]

    static func load() throws -> TPEReference {
        let url = fixturesDirectory().appendingPathComponent("tpe/tpe_reference.json")
        return try JSONDecoder().decode(TPEReference.self, from: Data(contentsOf: url))
    }
}

/// Strata runs seeds 0…19 of each sampler.
private let strataSeeds = 20

/// Mean and (population) standard deviation over seeds.
private func meanAndDeviation(_ values: [Double]) -> (mean: Double, std: Double) {
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
}

/// Best value after 50 and 100 trials of `sampler(seed)` for every seed.
private func bests(_ objective: SweepObjective, seeds: Int, sampler: (UInt64) -> any Sampler) throws -> [Int: [Double]] {
    var out: [Int: [Double]] = [50: [], 100: []]
    for seed in 0..<seeds {
        let values = try objective.run(sampler(UInt64(seed)), trials: 100)
        for checkpoint in [50, 100] { out[checkpoint]!.append(values.prefix(checkpoint).min()!) }
    }
    return out
}

/// Strata's TPE against Optuna 5.0's on the same objectives and budgets (Strata 20 seeds, Optuna 40).
///
/// Spread = Optuna's mean ± one seed-to-seed standard deviation. Strata's mean best must lie
/// within the spread of the Optuna configuration it mirrors (the defaults — multivariate, with
/// group decomposition for the conditional objective) and be no worse than the upper end of
/// Optuna's default spread; it must also beat the mean of random search, Strata's and Optuna's.
@Suite struct TPEOptunaComparisonTests {
    @Test(arguments: ["branin", "hartmann6", "mixed"])
    func strataTPEMatchesOptunaAndBeatsRandom(_ name: String) throws {
        let reference = try TPEReference.load()
        #expect(reference.optuna == "5.0.0")
        let objective = SweepObjective.all.first { $0.name == name }!
        let optuna = try #require(reference.objectives[name])
        let tpe = try bests(objective, seeds: strataSeeds) { TPESampler(seed: $0) }
        let random = try bests(objective, seeds: strataSeeds) { RandomSampler(seed: $0) }
        let mirrored = optuna["optuna_tpe_group"] ?? optuna["optuna_tpe"]!

        for checkpoint in [50, 100] {
            let strata = meanAndDeviation(tpe[checkpoint]!).mean
            let twin = meanAndDeviation(mirrored.best(after: checkpoint))
            let defaults = meanAndDeviation(optuna["optuna_tpe"]!.best(after: checkpoint))
            let optunaRandom = meanAndDeviation(optuna["optuna_random"]!.best(after: checkpoint)).mean
            let strataRandom = meanAndDeviation(random[checkpoint]!).mean
            let context = "\(name) after \(checkpoint): Strata TPE \(strata), Optuna TPE \(twin.mean) ± \(twin.std) (defaults \(defaults.mean) ± \(defaults.std)), random Strata \(strataRandom) Optuna \(optunaRandom)"
            #expect(abs(strata - twin.mean) <= twin.std, "\(context)")
            #expect(strata <= defaults.mean + defaults.std, "\(context)")
            #expect(strata < optunaRandom, "\(context)")
            #expect(strata < strataRandom, "\(context)")
        }
    }

    /// Strata's random search is random search: its mean best lies within Optuna's random spread.
    @Test(arguments: ["branin", "hartmann6", "mixed"])
    func strataRandomMatchesOptunaRandom(_ name: String) throws {
        let reference = try TPEReference.load()
        let objective = SweepObjective.all.first { $0.name == name }!
        let random = try bests(objective, seeds: strataSeeds) { RandomSampler(seed: $0) }
        for checkpoint in [50, 100] {
            let strata = meanAndDeviation(random[checkpoint]!).mean
            let optuna = meanAndDeviation(reference.objectives[name]!["optuna_random"]!.best(after: checkpoint))
            #expect(abs(strata - optuna.mean) <= optuna.std, "\(name) after \(checkpoint): Strata \(strata), Optuna \(optuna.mean) ± \(optuna.std)")
        }
    }
}
