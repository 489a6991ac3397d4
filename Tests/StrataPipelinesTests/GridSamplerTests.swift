import Testing
import StrataPipelines
import _StrataTestSupport

@Suite struct GridSamplerTests {
    /// method × (3 n_clusters | 4 min_samples) × 3 eps = (3 + 4) × 3 = 21 points.
    static let space = SearchSpace(parameters: [
        SearchParameter(name: "method", domain: .choice([.string("kmeans"), .string("dbscan")])),
        SearchParameter(name: "n_clusters", domain: .int(low: 3, high: 5), condition: ["method": [.string("kmeans")]]),
        SearchParameter(name: "min_samples", domain: .int(low: 2, high: 9, step: 2), condition: ["method": [.string("dbscan")]]),
        SearchParameter(name: "eps", domain: .float(low: 0.1, high: 0.3, step: 0.1)),
    ])

    @Test func conditionalParametersExpandOnlyUnderTheirCondition() throws {
        let grid = GridSampler()
        let points = try grid.points(Self.space)
        #expect(try grid.count(Self.space) == 21)
        #expect(try grid.pointLimit(Self.space) == 21)
        #expect(try RandomSampler(seed: 1).pointLimit(Self.space) == nil)
        #expect(points.count == 21)
        #expect(Set(points).count == 21)
        for point in points {
            let method = point["method"]
            #expect((point["n_clusters"] != nil) == (method == .string("kmeans")))
            #expect((point["min_samples"] != nil) == (method == .string("dbscan")))
            #expect(point["eps"] != nil)
        }
        #expect(Set(points.compactMap { $0["min_samples"] }) == [.int(2), .int(4), .int(6), .int(8)])
        #expect(Set(points.compactMap { $0["eps"] }) == [.double(0.1), .double(0.2), .double(0.3)])
    }

    @Test func orderIsDeterministicWithTheFirstParameterSlowest() throws {
        let points = try GridSampler().points(Self.space)
        #expect(points[0] == ["method": .string("kmeans"), "n_clusters": .int(3), "eps": .double(0.1)])
        #expect(points[1] == ["method": .string("kmeans"), "n_clusters": .int(3), "eps": .double(0.2)])
        #expect(points[3] == ["method": .string("kmeans"), "n_clusters": .int(4), "eps": .double(0.1)])
        #expect(points[9] == ["method": .string("dbscan"), "min_samples": .int(2), "eps": .double(0.1)])
        #expect(try GridSampler().points(Self.space) == points)
    }

    @Test func sequentialTrialsVisitEveryPointOnceThenStop() throws {
        let grid = GridSampler()
        var history: [SweepObservation] = []
        for number in 0..<21 {
            let point = try #require(try grid.suggest(number: number, space: Self.space, history: history))
            history.append(SweepObservation(number: number, assignment: point, state: .complete, value: Double(number)))
        }
        #expect(Set(history.map(\.assignment)) == Set(try grid.points(Self.space)))
        #expect(try grid.suggest(number: 21, space: Self.space, history: history) == nil)
    }

    @Test func resumedSweepNeverRepeatsAnAskedPoint() throws {
        let grid = GridSampler()
        let points = try grid.points(Self.space)
        // A sweep stopped after 5 trials in mixed states, its history read back out of order and
        // with ints stored as doubles.
        let states: [SweepObservation.State] = [.complete, .failed, .running, .infeasible, .complete]
        var history = (0..<5).map { SweepObservation(number: $0, assignment: points[$0], state: states[$0], value: 1) }.reversed().map { $0 }
        history[0].assignment = history[0].assignment.mapValues { if case .int(let v) = $0 { .double(Double(v)) } else { $0 } }
        var asked = Set(points.prefix(5))
        for number in 5..<21 {
            let point = try #require(try grid.suggest(number: number, space: Self.space, history: history))
            #expect(!asked.contains(point))
            asked.insert(point)
            history.append(SweepObservation(number: number, assignment: point, state: .running))
        }
        #expect(asked.count == 21)
        #expect(try grid.suggest(number: 21, space: Self.space, history: history) == nil)
    }

    @Test func parallelAsksWithoutEachOthersHistoryGetDistinctPoints() throws {
        // Workers asking trials 3, 4, 5 at once, each seeing only trials 0…2.
        let grid = GridSampler()
        let points = try grid.points(Self.space)
        let history = (0..<3).map { SweepObservation(number: $0, assignment: points[$0], state: .complete, value: 0) }
        let asked = try (3..<6).map { try grid.suggest(number: $0, space: Self.space, history: history) }
        #expect(asked == [points[3], points[4], points[5]])
    }

    @Test func floatWithoutStepIsAnErrorNamingTheParameter() {
        let space = SearchSpace(parameters: [
            SearchParameter(name: "steps.cluster.n_clusters", domain: .int(low: 2, high: 8)),
            SearchParameter(name: "steps.reduce.min_dist", domain: .float(low: 0, high: 0.5)),
        ])
        #expect(throws: SweepSpaceError.self) { try GridSampler().count(space) }
        do {
            _ = try GridSampler().suggest(number: 0, space: space, history: [])
            Issue.record("a float range without a step must not make a grid")
        } catch {
            #expect("\(error)".contains("steps.reduce.min_dist"))
            #expect("\(error)".contains("step"))
        }
    }

    @Test func steppedFloatValuesAreTheOnesUsersWrote() throws {
        let space = SearchSpace(parameters: [SearchParameter(name: "x", domain: .float(low: 0, high: 1, step: 0.1))])
        let values = try GridSampler().points(space).map { $0["x"]! }
        #expect(values.count == 11)
        #expect(values[3] == .double(0.3))
        #expect(values.last == .double(1))
    }

    @Test func largeGridIsWalkedWithoutMaterialisingIt() throws {
        let space = SearchSpace(parameters: (0..<4).map { SearchParameter(name: "p\($0)", domain: .int(low: 0, high: 99)) })
        let grid = GridSampler()
        #expect(try grid.count(space) == 100_000_000)
        #expect(throws: SweepSpaceError.self) { try grid.points(space) }
        let point = try grid.suggest(number: 1_234_567, space: space, history: [])
        #expect(point == ["p0": .int(1), "p1": .int(23), "p2": .int(45), "p3": .int(67)])
    }

    @Test func suggestAgreesWithTheMaterialisedOrder() throws {
        let grid = GridSampler()
        for space in [Self.space, SweepObjective.mixed.space.withSteps()] {
            let points = try grid.points(space)
            for (n, point) in points.enumerated() {
                #expect(try grid.suggest(number: n, space: space, history: []) == point)
            }
        }
    }
}

extension SearchSpace {
    /// The space with a step on every continuous float range, so a grid can span it.
    fileprivate func withSteps() -> SearchSpace {
        SearchSpace(parameters: parameters.map { parameter in
            var p = parameter
            if case .float(let low, let high, _, nil) = p.domain { p.domain = .float(low: low, high: high, step: (high - low) / 4) }
            return p
        })
    }
}
