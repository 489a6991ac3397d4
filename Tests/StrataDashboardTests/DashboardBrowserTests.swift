import Foundation
import StrataSQLite
import StrataTracking
import Testing
import _StrataTestSupport

/// The dashboard in a real browser: a real `strata serve` with an admin, an editor and a viewer
/// (granted only `quickstart`), on a store filled by `strata quickstart`, a `strata sweep`, a
/// 100,000-customer `strata run`, a running `strata job run` and 100,000 bulk components;
/// Tests/Browser/dashboard_check.py drives headless Chromium through every page (sign-in,
/// console, search, sort, charts' pixels, the viewer's limits, the offline report) and saves
/// a screenshot of each to Tests/Browser/screenshots/. Fails, never skips, without the tools.
@Suite(.serialized) struct DashboardBrowserTests {
    @Test func everyPageWorksInHeadlessChromium() async throws {
        try BrowserCheck.requireTools()
        let started = Date()
        let server = try await LiveServer.start(users: [
            .init(name: "ada", role: "admin"),
            .init(name: "ana", role: "editor"),
            .init(name: "acme", role: "viewer", experiments: [DashboardStore.experiment]),
        ])
        defer { server.stop() }
        let record = try await DashboardStore.fill(server)
        defer { record.stopJob() }
        let filled = Date()
        let store = try openSQLiteTrackingStore(url: server.storeURL)
        try await Self.expectBulkRowsReadBack(record.bulk, store)

        let report = server.directory.appendingPathComponent("report.html")
        let reportRun = try await CommandRun.run(try LiveServer.strataExecutable(),
                                                 ["report", "--experiment", DashboardStore.experiment, "--out", report.path,
                                                  "--store", server.storeURL], in: server.directory)
        #expect(reportRun.status == 0, "strata report failed: \(reportRun.stderr)")

        let configuration = try await Self.configuration(server: server, record: record, store: store,
                                                         report: reportRun.status == 0 ? report.path : nil)
        let results = try await BrowserCheck.run(configuration, scratch: server.directory)
        for check in results.checks {
            #expect(check.ok, "\(check.name): \(check.message)")
        }
        if results.checks.contains(where: { !$0.ok }) {
            // The server's request log around a failure: which requests it saw and how long each took.
            print("strata serve request log (last 60 lines):\n" + server.stderr.split(separator: "\n").suffix(60).joined(separator: "\n"))
        }
        #expect(results.checks.count >= 20, "the browser script ran \(results.checks.count) checks")
        let timings = results.timings.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let seconds = { (date: Date) in String(format: "%.1f s", date.timeIntervalSince(started)) }
        print("dashboard browser test: store filled in \(seconds(filled)), whole test \(seconds(Date())); \(timings); "
              + "screenshots in \(BrowserCheck.screenshots.path)")
    }

    /// The bulk rows are what the store itself reads back (parameters, summaries, links).
    static func expectBulkRowsReadBack(_ bulk: LeaderboardBulkFill, _ store: SQLiteTrackingStore) async throws {
        for index in [0, 4_242, bulk.count - 1] {
            let component = try await store.component(named: bulk.componentName(index))
            let row = bulk.row(index)
            #expect(component.trials == [bulk.trialName(index)])
            #expect(component.status == TrialComponentStatus(.completed))
            #expect(component.parameters["method"] == .string(row.method))
            #expect(component.parameters["n_clusters"] == .number(Double(row.clusters)))
            #expect(component.metrics["silhouette"]?.last == row.silhouette)
            #expect(try await store.metricSeries(component: bulk.componentName(index), metric: "seconds").map(\.value) == [row.seconds])
        }
        let components = try await store.search("experiment = \"\(bulk.experiment)\"", target: .components)
        #expect(components.count == bulk.count)
    }

    static func configuration(server: LiveServer, record: DashboardStore, store: SQLiteTrackingStore,
                              report: String?) async throws -> BrowserConfiguration {
        let experiment = DashboardStore.experiment
        func search(_ query: String) async throws -> BrowserConfiguration.Search {
            let scoped = "experiment = \"\(experiment)\" and (\(query))"
            return .init(query: query, trials: try await store.search(scoped, target: .trials).count,
                         components: try await store.search(scoped, target: .components).count)
        }
        let searches = [try await search("params.method = \"kmeans\""), try await search("params.n_clusters >= 8")]
        let badQuery = "metrics.silhouette_own_space > and status = \"Completed\""
        var column = 0
        do { _ = try await store.search(badQuery, target: .trials) } catch let error as SearchError { column = error.column }
        #expect(column > 0, "\(badQuery) should be a search error")
        func user(_ name: String) -> BrowserConfiguration.User { .init(name: name, token: server.user(name).token) }
        return BrowserConfiguration(
            baseUrl: server.baseURL.absoluteString, screenshots: BrowserCheck.screenshots.path,
            users: ["admin": user("ada"), "editor": user("ana"), "viewer": user("acme")],
            experiment: experiment, hiddenExperiments: [DashboardStore.segmentsExperiment, record.bulk.experiment],
            trials: record.rankedTrials, compareTrials: Array(record.rankedTrials.prefix(3)),
            component: record.winnerComponent, job: record.jobComponent,
            sweep: .init(experiment: experiment, name: record.quickstartSweep),
            segments: .init(component: record.segmentsComponent, count: DashboardStore.segmentsRows),
            searches: searches, badQuery: .init(query: badQuery, column: column), sortColumn: "davies_bouldin",
            bulk: .init(experiment: record.bulk.experiment, sortColumn: "davies_bouldin",
                        query: "params.method = \"dbscan\" and metrics.silhouette > 0.5"),
            report: report)
    }
}
