import Foundation
import StrataDashboard
import StrataTracking
import Testing

/// `ReportData.gather` on a store filled by a real `strata quickstart`.
@Suite struct ReportDataTests {
    @Test func listsTheAttemptsInTheObjectivesOrderAndChoosesTheSweepsWinner() async throws {
        let fixture = try await ReportFixture.shared.value
        let store = try fixture.store()
        let report = try await ReportData.gather(from: store, experiment: fixture.experiment)

        // The expected order, from the trials' recorded metadata.
        let trials = try await store.trials(experiment: fixture.experiment)
        let metric = try #require(trials.compactMap { $0.metadata["objective.metric"] }.first)
        let maximize = metric.hasSuffix("(maximize)")
        func value(_ t: Trial) -> Double? { t.metadata["objective.value"].flatMap(Double.init) }
        let feasible = trials.filter { $0.metadata["feasible"] == "true" && value($0) != nil }
            .sorted { a, b in value(a)! != value(b)! ? (maximize ? value(a)! > value(b)! : value(a)! < value(b)!) : a.name < b.name }
        #expect(!feasible.isEmpty, "the quickstart should record feasible attempts")
        let shownFeasible = report.attempts.top.filter { $0.feasible == true }.map(\.trial)
        #expect(shownFeasible == Array(feasible.map(\.name).prefix(shownFeasible.count)))
        #expect(report.attempts.top.first?.trial == feasible.first?.name)
        #expect(report.attempts.total == trials.count)
        #expect(report.objective?.recorded == metric)

        // A sweep with several feasible attempts records its winner on the experiment (objective ×
        // consensus); the report shows that trial, else the best objective.
        let experiment = try await store.experiment(named: fixture.experiment)
        if let winner = experiment.tags.first(where: { $0.key.hasSuffix(":winner") })?.value {
            #expect(report.choice.trial == winner)
            #expect(report.choice.rule == .sweepWinner)
        } else {
            #expect(report.choice.trial == feasible.first?.name)
            #expect(report.choice.rule == .bestObjective)
        }
        #expect(report.choice.compared == feasible.count)
        if let runnerUp = report.choice.runnerUp {
            #expect(runnerUp.trial != report.choice.trial)
            #expect(runnerUp.margin >= 0)
        }
    }

    @Test func theChosenSegmentationsSizesComeFromItsLabels() async throws {
        let fixture = try await ReportFixture.shared.value
        let store = try fixture.store()
        let trial = try await fixture.trialWithEmbedding(store)
        let report = try await ReportData.gather(from: store, experiment: fixture.experiment, trial: trial)
        #expect(report.choice.trial == trial)
        #expect(report.choice.rule == .given)

        let cluster = try #require(report.segmentation.component)
        let labels = try await ReportFixture.csvRows(store, component: cluster, artifact: "labels.csv").map { Int($0.last!)! }
        #expect(report.segmentation.rows == labels.count)
        #expect(report.segmentation.noise == labels.filter { $0 == -1 }.count)
        for segment in report.segmentation.segments {
            #expect(segment.size == labels.filter { $0 == segment.label }.count)
        }
        let profile = try #require(report.segmentation.profile)
        #expect(profile.rowCount == labels.count)
        #expect(Set(profile.segments.map(\.label)) == Set(labels))
    }

    @Test func missingNamesAreClearErrors() async throws {
        let fixture = try await ReportFixture.shared.value
        let store = try fixture.store()
        await #expect(throws: ReportError.experimentNotFound("nope")) {
            _ = try await ReportData.gather(from: store, experiment: "nope")
        }
        await #expect(throws: ReportError.trialNotFound(trial: "no-such-trial", experiment: fixture.experiment)) {
            _ = try await ReportData.gather(from: store, experiment: fixture.experiment, trial: "no-such-trial")
        }
        _ = try await store.loadOrCreateExperiment("empty")
        await #expect(throws: ReportError.noAttempts(experiment: "empty")) {
            _ = try await ReportData.gather(from: store, experiment: "empty")
        }
    }
}
