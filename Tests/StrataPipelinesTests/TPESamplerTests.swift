import Foundation
import Testing
import StrataPipelines
import _StrataTestSupport

@Suite struct TPESamplerTests {
    /// A complete history of `count` sequential trials of `objective` under `sampler`.
    private func replay(_ objective: SweepObjective, _ sampler: some Sampler, count: Int) throws -> [SweepObservation] {
        var out: [SweepObservation] = []
        for number in 0..<count {
            let point = try #require(try sampler.suggest(number: number, space: objective.space, history: out))
            out.append(SweepObservation(number: number, assignment: point, state: .complete, value: objective.evaluate(point)))
        }
        return out
    }

    @Test func gammaFollowsOptuna() {
        #expect([0, 1, 10, 11, 100, 240, 241, 1000].map(TPESampler.gamma) == [0, 1, 1, 2, 10, 24, 25, 25])
    }

    @Test func startupTrialsAreTheRandomSamplersPoints() throws {
        let space = SweepObjective.mixed.space
        let tpe = try replay(.mixed, TPESampler(seed: 9), count: 10)
        for observation in tpe {
            #expect(observation.assignment == (try RandomSampler(seed: 9).suggest(number: observation.number, space: space, history: [])))
        }
    }

    @Test func deterministicGivenSeedNumberAndHistoryInAnyOrder() throws {
        let past = try replay(.mixed, TPESampler(seed: 4), count: 40)
        let space = SweepObjective.mixed.space
        let point = try TPESampler(seed: 4).suggest(number: 40, space: space, history: past)
        #expect(try TPESampler(seed: 4).suggest(number: 40, space: space, history: past.reversed()) == point)
        #expect(try TPESampler(seed: 4).suggest(number: 40, space: space, history: past.shuffled()) == point)
        #expect(try TPESampler(seed: 5).suggest(number: 40, space: space, history: past) != point)
    }

    @Test func failedTrialsAreIgnored() throws {
        let past = try replay(.branin, TPESampler(seed: 2), count: 30)
        let space = SweepObjective.branin.space
        let failed = (30..<40).map { SweepObservation(number: $0, assignment: ["x1": .double(Double($0 - 35)), "x2": .double(1)], state: .failed) }
        #expect(try TPESampler(seed: 2).suggest(number: 40, space: space, history: past + failed)
                == TPESampler(seed: 2).suggest(number: 40, space: space, history: past))
    }

    @Test func conditionalParametersAreSetExactlyWhenActiveAndDomainsRespected() throws {
        for observation in try replay(.mixed, TPESampler(seed: 1), count: 80) {
            try expectExactlyActive(observation.assignment, in: SweepObjective.mixed.space)
        }
    }

    @Test func wideLogAndSteppedRangesStayInTheirDomains() throws {
        let space = SearchSpace(parameters: [
            SearchParameter(name: "tiny", domain: .float(low: 1e-12, high: 1e12, log: true)),
            SearchParameter(name: "count", domain: .int(low: 1, high: 1_000_000_000, log: true)),
            SearchParameter(name: "fine", domain: .float(low: -1, high: 1, step: 0.001)),
            SearchParameter(name: "flag", domain: .choice([.bool(false), .bool(true)])),
            SearchParameter(name: "fixed", domain: .int(low: 7, high: 7)),
        ])
        let objective = SweepObjective(name: "wide", space: space) { p in
            let t = log10(p["tiny"]!.number!) - 9, c = log10(p["count"]!.number!) - 8
            return t * t + c * c + abs(p["fine"]!.number! - 0.123) + (p["flag"] == .bool(true) ? 0 : 1)
        }
        let trials = try replay(objective, TPESampler(seed: 8), count: 60)
        for trial in trials { try expectExactlyActive(trial.assignment, in: space) }
        #expect(trials.allSatisfy { $0.assignment["fixed"] == .int(7) })
        #expect(trials.suffix(20).map(\.value!).min()! < trials.prefix(10).map(\.value!).min()!)
        // Without start-up trials the first point comes from the prior alone.
        let first = try #require(try TPESampler(seed: 1, startupTrials: 0).suggest(number: 0, space: SweepObjective.mixed.space, history: []))
        try expectExactlyActive(first, in: SweepObjective.mixed.space)
    }

    @Test func learnsTheBestMethodOfTheConditionalObjective() throws {
        let trials = try replay(.mixed, TPESampler(seed: 3), count: 80)
        let late = trials.suffix(30).filter { $0.assignment["method"] == .string("b") }.count
        #expect(late >= 20, "TPE should concentrate on method b, chose it \(late) of the last 30 times")
    }

    @Test func infeasibleTrialsRankBelowEveryFeasibleOne() {
        let point: ParameterAssignment = ["x": .double(0)]
        let finished = [
            SweepObservation(number: 0, assignment: point, state: .infeasible, value: -100),
            SweepObservation(number: 1, assignment: point, state: .complete, value: 5),
            SweepObservation(number: 2, assignment: point, state: .complete, value: 3),
        ] + (3..<20).map { SweepObservation(number: $0, assignment: point, state: .complete, value: Double(10 + $0)) }
        let running = [SweepObservation(number: 20, assignment: point, state: .running)]
        let (below, above) = TPESampler.split(finished: finished, running: running)
        #expect(below.map(\.number) == [1, 2])             // γ(20) = 2: the two best feasible
        #expect(above.map(\.number) == [0] + Array(3...20))
        let onlyInfeasible = (0..<12).map { SweepObservation(number: $0, assignment: point, state: .infeasible, value: Double(-$0)) }
        #expect(TPESampler.split(finished: onlyInfeasible + [finished[1]], running: []).below.map(\.number) == [1, 11])
        // An infeasible trial recorded without a value ranks after every infeasible one with a value.
        let unvalued = SweepObservation(number: 30, assignment: point, state: .infeasible)
        let mixedInfeasible = [unvalued] + (0..<20).map { SweepObservation(number: $0, assignment: point, state: .infeasible, value: Double($0)) }
        #expect(TPESampler.split(finished: mixedInfeasible, running: []).below.map(\.number) == [0, 1, 2])
    }

    /// Four workers ask one after the other while the earlier asks are still running. With the
    /// constant liar the pending points sit in g(x), so the asks spread out instead of piling onto
    /// the current favourite.
    @Test func constantLiarSpreadsParallelSuggestions() throws {
        let space = SearchSpace(parameters: [SearchParameter(name: "x", domain: .int(low: 0, high: 40))])
        func parallelAsks(liar: Bool, seed: UInt64) throws -> (repeats: Int, points: [Int]) {
            var history = (0..<30).map { n -> SweepObservation in
                let x = (n * 17) % 41
                return SweepObservation(number: n, assignment: ["x": .int(x)], state: .complete, value: Double((x - 12) * (x - 12)))
            }
            var asked: [Int] = []
            var repeats = 0
            for number in 30..<34 {
                let point = try #require(try TPESampler(seed: seed, constantLiar: liar).suggest(number: number, space: space, history: history))
                let x = Int(point["x"]!.number!)
                if asked.contains(x) { repeats += 1 }
                asked.append(x)
                history.append(SweepObservation(number: number, assignment: point, state: .running))
            }
            return (repeats, asked)
        }
        var withLiar = 0, withoutLiar = 0
        for seed in UInt64(0)..<20 {
            withLiar += try parallelAsks(liar: true, seed: seed).repeats
            withoutLiar += try parallelAsks(liar: false, seed: seed).repeats
        }
        #expect(withLiar < withoutLiar, "repeated points with the liar \(withLiar), without \(withoutLiar)")
    }
}
