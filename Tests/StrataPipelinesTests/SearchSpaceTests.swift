import Testing
import StrataPipelines

@Suite struct SearchSpaceTests {
    @Test func conditionalParameterIsActiveOnlyUnderItsCondition() {
        let minSamples = SearchParameter(name: "steps.cluster.min_samples", domain: .int(low: 3, high: 30),
                                         condition: ["steps.cluster.method": [.string("dbscan"), .string("hdbscan")]])
        #expect(minSamples.isActive(in: ["steps.cluster.method": .string("hdbscan")]))
        #expect(!minSamples.isActive(in: ["steps.cluster.method": .string("kmeans")]))
        #expect(!minSamples.isActive(in: [:]))
        #expect(SearchParameter(name: "x", domain: .float(low: 0, high: 1)).isActive(in: [:]))
    }
}
