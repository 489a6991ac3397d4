import Testing
import StrataPipelines
import _StrataTestSupport

@Suite struct SearchSpaceValidationTests {
    private func error(_ parameters: [SearchParameter]) -> String? {
        do { try SearchSpace(parameters: parameters).validate(); return nil } catch { return error.description }
    }

    @Test func validSpacePasses() throws {
        try SweepObjective.mixed.space.validate()
    }

    @Test(arguments: [
        (ParameterDomain.int(low: 5, high: 2), "empty"),
        (.int(low: 0, high: 10, log: true), "low ≥ 1"),
        (.int(low: 1, high: 10, step: 0), "positive"),
        (.int(low: 1, high: 10, log: true, step: 2), "log and step"),
        (.float(low: 1, high: 0), "empty"),
        (.float(low: 0, high: 1, log: true), "low > 0"),
        (.float(low: 0, high: .infinity), "finite"),
        (.float(low: .nan, high: 1), "finite"),
        (.float(low: 0, high: 1, step: -0.1), "positive"),
        (.float(low: 0.1, high: 1, log: true, step: 0.1), "log and step"),
        (.int(low: Int.min, high: Int.max), "too wide"),
        (.float(low: 0, high: 1, step: 1e-15), "larger step"),
        (.choice([]), "no value"),
        (.choice([.string("a"), .string("a")]), "twice"),
    ])
    func badDomainIsRejectedNamingTheParameter(_ domain: ParameterDomain, _ expected: String) throws {
        let message = try #require(error([SearchParameter(name: "steps.cluster.eps", domain: domain)]))
        #expect(message.contains("steps.cluster.eps"), "\(message)")
        #expect(message.contains(expected), "\(message)")
    }

    @Test func badConditionsAreRejected() throws {
        let method = SearchParameter(name: "method", domain: .choice([.string("kmeans"), .string("dbscan")]))
        let later = SearchParameter(name: "k", domain: .int(low: 2, high: 9), condition: ["method": [.string("kmeans")]])
        #expect(try #require(error([later, method])).contains("listed before"))
        let unknown = SearchParameter(name: "k", domain: .int(low: 2, high: 9), condition: ["algo": [.string("kmeans")]])
        #expect(try #require(error([method, unknown])).contains("not a parameter"))
        let impossible = SearchParameter(name: "k", domain: .int(low: 2, high: 9), condition: ["method": [.string("kmean")]])
        #expect(try #require(error([method, impossible])).contains("cannot take"))
        #expect(try #require(error([method, method])).contains("twice"))
        #expect(try #require(error([])).contains("no parameters"))
    }

    @Test func everySamplerRejectsAnInvalidSpace() {
        let space = SearchSpace(parameters: [SearchParameter(name: "x", domain: .float(low: 0, high: 1, log: true))])
        let samplers: [any Sampler] = [GridSampler(), RandomSampler(seed: 1), TPESampler(seed: 1)]
        for sampler in samplers {
            #expect(throws: SweepSpaceError.self) { try sampler.suggest(number: 0, space: space, history: []) }
        }
    }
}
