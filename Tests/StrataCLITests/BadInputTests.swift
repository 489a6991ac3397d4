import Foundation
import Testing

/// Bad input files give exit code 1 and one sentence naming the file, line and column.
@Suite struct BadInputTests {
    func cluster(_ csv: String) throws -> CLIRunner.Outcome {
        let cli = try CLIRunner()
        try cli.write("bad.csv", csv)
        return try cli.run(["cluster", "kmeans", "bad.csv", "--n-clusters", "2", "--out", "l.csv"])
    }

    @Test func raggedRowNamesTheLine() throws {
        let outcome = try cluster("id,a,b\n1,0,0\n2,1\n3,2,2\n")
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("bad.csv"))
        #expect(outcome.stderr.contains("line 3"))
    }

    @Test func nonNumericCellNamesLineAndColumn() throws {
        let outcome = try cluster("id,a,b\n1,0,0\n2,1,oops\n3,2,2\n")
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("line 3"))
        #expect(outcome.stderr.contains("'b'") || outcome.stderr.contains("column 3"))
    }

    @Test func emptyFileIsNamed() throws {
        let outcome = try cluster("")
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("bad.csv"))
    }

    @Test func missingFileIsNamed() throws {
        let outcome = try CLIRunner().run(["cluster", "dbscan", "nowhere.csv", "--eps", "0.5"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("nowhere.csv"))
    }

    @Test func missingCellIsAnErrorUnlessImputed() throws {
        let cli = try CLIRunner()
        try cli.write("gap.csv", "id,a,b\n1,0,0\n2,,1\n3,2,2\n4,3,3\n")
        let refused = try cli.run(["cluster", "kmeans", "gap.csv", "--n-clusters", "2"])
        #expect(refused.code == 1)
        #expect(refused.stderr.contains("line 3"))
        let imputed = try cli.run(["cluster", "kmeans", "gap.csv", "--n-clusters", "2", "--impute", "mean"])
        #expect(imputed.code == 0, "\(imputed.stderr)")
    }

    @Test func badOptionValueIsAUserError() throws {
        let cli = try CLIRunner()
        try cli.write("ok.csv", "id,a\n1,0\n2,1\n3,5\n")
        let outcome = try cli.run(["cluster", "dbscan", "ok.csv", "--eps", "-1"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("--eps"))
    }

    @Test func searchSyntaxErrorPointsAtTheColumn() throws {
        let cli = try CLIRunner()
        let outcome = try cli.run(["search", "metrics.silhouette >> 1", "--store", "sqlite:\(cli.path("s.sqlite"))"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("column 21"))
    }
}
