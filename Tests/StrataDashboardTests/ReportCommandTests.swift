import Foundation
import StrataDashboard
import StrataSQLite
import Testing
import _StrataTestSupport

/// `strata report` as a user runs it, on a SQLite store and through a running `strata serve`.
@Suite struct ReportCommandTests {
    @Test func theSameReportFromTheFileAndFromTheServer() async throws {
        let server = try await LiveServer.start()
        defer { _ = server.stop() }
        let store = try openSQLiteTrackingStore(url: server.storeURL)
        try await ReportSizeTests.recordExperiment(rows: 3_000, curvePoints: 3_000, silhouetteSample: 1_000, in: store, scratch: server.directory)

        var blocks: [ReportData] = []
        for (name, url) in [("local.html", server.storeURL), ("remote.html", server.baseURL.absoluteString)] {
            let run = try LiveServer.runStrata(["report", "--experiment", "generated", "--out", name, "--points", "500", "--store", url],
                                               in: server.directory)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("trial big"))
            let html = try String(contentsOf: server.directory.appendingPathComponent(name), encoding: .utf8)
            var data = try ReportBuilderTests.data(in: html)
            data.generatedAt = Date(timeIntervalSince1970: 0)
            blocks.append(data)
        }
        #expect(blocks[0].embedding?.count == 500)
        #expect(blocks[0].embedding == blocks[1].embedding)
        #expect(blocks[0].segmentation == blocks[1].segmentation)
        #expect(blocks[0].kDistance == blocks[1].kDistance)
        #expect(blocks[0].silhouette == blocks[1].silhouette)
    }

    @Test func unknownNamesFailWithTheirName() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("strata-report-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = "sqlite:\(directory.appendingPathComponent("s.sqlite").path)"
        let missing = try LiveServer.runStrata(["report", "--experiment", "absent", "--out", "r.html", "--store", store], in: directory)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("experiment \"absent\""))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("r.html").path))
    }
}
