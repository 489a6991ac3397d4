import Foundation
import Testing
import StrataPipelines
import _StrataTestSupport

@Suite struct RandomSamplerTests {
    static let space = SearchSpace(parameters: [
        SearchParameter(name: "lr", domain: .float(low: 1e-4, high: 1, log: true)),
        SearchParameter(name: "n", domain: .int(low: 1, high: 1000, log: true)),
        SearchParameter(name: "m", domain: .float(low: 0, high: 1, step: 0.25)),
        SearchParameter(name: "k", domain: .int(low: 2, high: 10, step: 4)),
        SearchParameter(name: "u", domain: .float(low: -1, high: 1)),
    ])

    @Test func sameSeedAndTrialGiveTheSamePointWhateverTheHistory() throws {
        let sampler = RandomSampler(seed: 11)
        let point = try sampler.suggest(number: 7, space: SweepObjective.mixed.space, history: [])
        let history = (0..<5).map { SweepObservation(number: $0, assignment: [:], state: .failed) }
        #expect(try sampler.suggest(number: 7, space: SweepObjective.mixed.space, history: history) == point)
        #expect(try RandomSampler(seed: 11).suggest(number: 7, space: SweepObjective.mixed.space, history: []) == point)
        #expect(try RandomSampler(seed: 12).suggest(number: 7, space: SweepObjective.mixed.space, history: []) != point)
        #expect(try sampler.suggest(number: 8, space: SweepObjective.mixed.space, history: []) != point)
    }

    @Test func logStepAndIntDomainsAreRespected() throws {
        let sampler = RandomSampler(seed: 3)
        var lowerDecades = 0, smallInts = 0
        var steps: Set<SweepValue> = [], ks: Set<SweepValue> = []
        let draws = 4000
        for number in 0..<draws {
            let point = try #require(try sampler.suggest(number: number, space: Self.space, history: []))
            for parameter in Self.space.parameters {
                #expect(parameter.domain.contains(point[parameter.name]!), "\(parameter.name) = \(point[parameter.name]!)")
            }
            if point["lr"]!.number! < 1e-2 { lowerDecades += 1 }
            if point["n"]!.number! < 31.6 { smallInts += 1 }
            steps.insert(point["m"]!); ks.insert(point["k"]!)
        }
        // Log-uniform: half the floats below the geometric midpoint; ints are log-uniform over
        // [0.5, 1000.5] then rounded, so P(n ≤ 31) = ln(31.5 / 0.5) / ln(1000.5 / 0.5) ≈ 0.545.
        // Binomial sd ≈ 0.008.
        #expect(abs(Double(lowerDecades) / Double(draws) - 0.5) < 0.03)
        #expect(abs(Double(smallInts) / Double(draws) - log(63) / log(2001)) < 0.03)
        #expect(steps == [.double(0), .double(0.25), .double(0.5), .double(0.75), .double(1)])
        #expect(ks == [.int(2), .int(6), .int(10)])
    }

    @Test func inactiveParametersAreNeverSet() throws {
        let space = SweepObjective.mixed.space
        for number in 0..<300 {
            let point = try #require(try RandomSampler(seed: 5).suggest(number: number, space: space, history: []))
            try expectExactlyActive(point, in: space)
        }
    }
}

/// Every parameter active under `point` (front to back) is set, and no other.
func expectExactlyActive(_ point: ParameterAssignment, in space: SearchSpace, sourceLocation: SourceLocation = #_sourceLocation) throws {
    var active: Set<String> = []
    var prefix: ParameterAssignment = [:]
    for parameter in space.parameters where parameter.isActive(in: prefix) {
        active.insert(parameter.name)
        prefix[parameter.name] = point[parameter.name]
        if let value = point[parameter.name] {
            #expect(parameter.domain.contains(value), "\(parameter.name) = \(value)", sourceLocation: sourceLocation)
        }
    }
    #expect(Set(point.keys) == active, "\(point)", sourceLocation: sourceLocation)
}
