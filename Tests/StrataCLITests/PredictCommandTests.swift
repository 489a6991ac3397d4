import Foundation
import Testing

/// `strata predict` through the real binary: a fitted pipeline's model assigns the rows it was
/// fitted on exactly as the fit did (KMeans), to a file, standard output or a device; mistakes
/// name the user's path or column.
@Suite struct PredictCommandTests {
    /// Generated customers, a KMeans pipeline run with its labels and model written.
    func fitted() throws -> (cli: CLIRunner, ids: [String]) {
        let cli = try CLIRunner()
        #expect(try cli.run(["generate", "customers", "--rows", "1500", "--seed", "3", "--out", "customers.csv"]).code == 0)
        try cli.write("pipeline.yaml", """
        name: predict
        data: {path: customers.csv}
        steps:
          - scale: {method: standard, log1p: skewed}
          - cluster: {method: kmeans, n_clusters: 4, seed: 0}
        """)
        let run = try cli.run(["run", "pipeline.yaml", "--store", "sqlite:\(cli.path("s.sqlite"))",
                               "--labels-out", "fit.csv", "--model-out", "m.strata-model"])
        #expect(run.code == 0, "\(run.stderr)")
        let lines = try String(contentsOfFile: cli.path("customers.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        return (cli, lines.map { String($0.prefix { $0 != "," }) })
    }

    @Test func predictingTheFittedRowsGivesTheFittedLabelsToAFileAndToStandardOutput() throws {
        let (cli, ids) = try fitted()
        let predicted = try cli.run(["predict", "m.strata-model", "customers.csv", "--out", "p.csv"])
        #expect(predicted.code == 0, "\(predicted.stderr)")
        let fit = try SmallTable.labels(cli.path("fit.csv"), ids: ids)
        #expect(try SmallTable.labels(cli.path("p.csv"), ids: ids) == fit)
        #expect(Set(fit).count == 4)
        let toStandardOutput = try cli.run(["predict", "m.strata-model", "customers.csv"])
        #expect(toStandardOutput.code == 0)
        #expect(toStandardOutput.stdout == (try String(contentsOfFile: cli.path("p.csv"), encoding: .utf8)))
    }

    @Test func aDeviceIsWrittenToNotReplaced() throws {
        let (cli, _) = try fitted()
        let outcome = try cli.run(["predict", "m.strata-model", "customers.csv", "--out", "/dev/null"])
        #expect(outcome.code == 0, "\(outcome.stderr)")
        let type = try FileManager.default.attributesOfItem(atPath: "/dev/null")[.type] as? FileAttributeType
        #expect(type == .typeCharacterSpecial)
    }

    @Test func mistakesNameTheUsersPathOrColumn() throws {
        let (cli, _) = try fitted()
        let noFolder = try cli.run(["predict", "m.strata-model", "customers.csv", "--out", "missing-folder/p.csv"])
        #expect(noFolder.code != 0)
        #expect(noFolder.stderr.contains("missing-folder/p.csv") && !noFolder.stderr.contains(".strata-predict"), "\(noFolder.stderr)")
        try cli.write("short.csv", "id,recency_days\nc1,3\n")
        let missingColumn = try cli.run(["predict", "m.strata-model", "short.csv"])
        #expect(missingColumn.code != 0)
        #expect(missingColumn.stderr.contains("frequency"), "\(missingColumn.stderr)")
    }
}
