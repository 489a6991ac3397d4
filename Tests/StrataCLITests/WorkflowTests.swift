import Foundation
import Testing

/// The verbs chained as a user would: generate → scale → cluster (recorded) → score → search →
/// export → delete, through the real binary and a real SQLite file.
@Suite struct WorkflowTests {
    @Test func recordedClusteringIsSearchableAndExportable() throws {
        let cli = try CLIRunner()
        let store = ["--store", "sqlite:\(cli.path("record.sqlite"))"]
        #expect(try cli.run(["generate", "customers", "--rows", "1500", "--seed", "3", "--out", "c.csv", "--labels-out", "seg.csv"]).code == 0)
        let scaled = try cli.run(["preprocess", "scale", "c.csv", "--log1p", "skewed", "--out", "s.csv"])
        #expect(scaled.code == 0, "\(scaled.stderr)")
        for k in [3, 5] {
            let run = try cli.run(["cluster", "kmeans", "s.csv", "--n-clusters", "\(k)", "--seed", "1", "--out", "k\(k).csv",
                                   "--experiment", "wf", "--trial", "km-\(k)"] + store)
            #expect(run.code == 0, "\(run.stderr)")
            #expect(run.stdout.contains("kmeans: \(k) cluster(s)"))
            let score = try cli.run(["score", "silhouette", "s.csv", "--labels", "k\(k).csv", "--experiment", "wf", "--trial", "km-\(k)"] + store)
            #expect(score.code == 0, "\(score.stderr)")
        }
        // The labels file has one row per customer and the customers' ids.
        let labels = try String(contentsOfFile: cli.path("k3.csv"), encoding: .utf8).split(separator: "\n")
        #expect(labels.count == 1501)
        #expect(labels.first == "id,label")
        #expect(labels[1].hasPrefix("C00000001,"))

        let found = try cli.run(["search", "params.n_clusters = 5", "--json"] + store)
        #expect(found.code == 0)
        #expect(found.stdout.contains("km-5-kmeans") && !found.stdout.contains("km-3-kmeans"))
        let trials = try cli.run(["search", "metrics.silhouette > -1 order by metrics.silhouette desc", "--trials"] + store)
        #expect(trials.stdout.contains("km-3") && trials.stdout.contains("km-5"))

        let export = try cli.run(["export", "--experiment", "wf", "--trials", "--out", "lb.csv"] + store)
        #expect(export.code == 0, "\(export.stderr)")
        let csv = try String(contentsOfFile: cli.path("lb.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("name,"))
        #expect(csv.contains("metrics.silhouette.last"))
        #expect(csv.split(whereSeparator: \.isNewline).count == 3)

        let compare = try cli.run(["trials", "compare", "km-3", "km-5"] + store)
        #expect(compare.code == 0)
        #expect(compare.stdout.contains("kmeans.params.n_clusters"))

        // An experiment with trials is only deleted with --cascade.
        let refused = try cli.run(["experiments", "delete", "wf"] + store)
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("cascade"))
        #expect(try cli.run(["experiments", "delete", "wf", "--cascade"] + store).code == 0)
    }

    @Test func failedRunIsRecordedAsFailed() throws {
        let cli = try CLIRunner()
        let store = ["--store", "sqlite:\(cli.path("record.sqlite"))"]
        try cli.write("tiny.csv", "id,a,b\nx,0,0\ny,1,1\n")
        let run = try cli.run(["cluster", "kmeans", "tiny.csv", "--n-clusters", "5", "--experiment", "wf", "--trial", "too-many"] + store)
        #expect(run.code == 1)
        let shown = try cli.run(["components", "show", "too-many-kmeans", "--json"] + store)
        #expect(shown.stdout.contains("Failed"))
    }
}
