import Foundation
import Testing

/// `strata quickstart` at its smallest size: generate, sweep with a worker process, leaderboard,
/// winner, model — then the model predicts the generated customers.
@Suite struct QuickstartCommandTests {
    @Test func smallestQuickstartRecordsItsAttemptsAndWritesAUsableModel() throws {
        let cli = try CLIRunner()
        let store = ["--store", "sqlite:\(cli.path("q.sqlite"))"]
        let run = try cli.run(["quickstart", "--rows", "1000", "--trials", "2", "--workers", "1", "--dir", "qs"] + store)
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 attempts recorded in experiment 'quickstart'"), "\(run.stdout)")
        #expect(run.stdout.contains("the winner's agreement with the hidden segments (ARI): "), "\(run.stdout)")
        let customers = try String(contentsOfFile: cli.path("qs/customers.csv"), encoding: .utf8).split(separator: "\n")
        #expect(customers.count == 1001)
        for file in ["segments.csv", "pipeline.yaml", "segments.strata-model"] {
            #expect(FileManager.default.fileExists(atPath: cli.path("qs/\(file)")), "\(file)")
        }
        let trials = try cli.run(["trials", "list", "--experiment", "quickstart", "--json"] + store)
        #expect(trials.code == 0, "\(trials.stderr)")
        let listed = try JSONSerialization.jsonObject(with: Data(trials.stdout.utf8)) as? [Any]
        #expect(listed?.count == 2, "\(trials.stdout)")
        let predicted = try cli.run(["predict", "qs/segments.strata-model", "qs/customers.csv", "--out", "p.csv"])
        #expect(predicted.code == 0, "\(predicted.stderr)")
        let labels = try SmallTable.labels(cli.path("p.csv"), ids: customers.dropFirst().map { String($0.prefix { $0 != "," }) })
        #expect(labels.count == 1000 && labels.contains { $0 >= 0 })
    }

    @Test func tooFewRowsIsRefusedNamingTheOption() throws {
        let outcome = try CLIRunner().run(["quickstart", "--rows", "10"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("--rows must be at least 1,000"), "\(outcome.stderr)")
    }
}
