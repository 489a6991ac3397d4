import Foundation
import StrataTracking
import Testing

@Suite struct MetricSummaryTests {
    @Test(arguments: TrackingFixtures.shared.series.map(\.name))
    func welfordMatchesNumPy(series name: String) {
        let reference = TrackingFixtures.shared.series.first { $0.name == name }!
        var summary = MetricSummary()
        for (step, value) in reference.values.enumerated() { summary.add(value, step: step, timestamp: 0) }
        #expect(summary.count == reference.count)
        #expect(summary.minimum == reference.min)
        #expect(summary.maximum == reference.max)
        #expect(abs(summary.average - reference.avg) <= 1e-12 * max(1, abs(reference.avg)))
        #expect(abs(summary.standardDeviation - reference.std) <= 1e-9 * max(1, reference.std))
        #expect(summary.last == reference.last)
    }

    @Test func lastFollowsStepThenTimestampThenArrival() {
        var summary = MetricSummary()
        summary.add(1, step: 5, timestamp: 10)
        summary.add(2, step: 4, timestamp: 99)
        #expect(summary.last == 1)
        summary.add(3, step: 5, timestamp: 9)
        #expect(summary.last == 1)
        summary.add(4, step: 5, timestamp: 10)
        #expect(summary.last == 4)
        summary.add(5, step: nil, timestamp: 1_000)
        #expect(summary.last == 4)
        #expect(summary.lastStep == 5)
    }

    @Test func emptySummaryHasZeroDeviation() {
        #expect(MetricSummary().standardDeviation == 0)
        #expect(MetricSummary().count == 0)
    }
}
