import Foundation
import StrataData
import StrataTransforms
import Testing

/// `strata transform` with the models `reduce pca` and `reduce umap` save.
@Suite struct TransformCommandTests {
    @Test func pcaModelProjectsNewRowsByColumnName() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 100, dimensions: 4))
        #expect(try cli.run(["reduce", "pca", "d.csv", "--n-components", "2", "--out", "p.csv", "--model-out", "pca.json"]).code == 0)
        // New rows with the columns in another order and one extra column: matched by name.
        let fresh = SmallTable.blobs(rows: 30, dimensions: 5, seed: 11).split(separator: "\n").map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return [f[0], f[5], f[3], f[1], f[2], f[4]].joined(separator: ",")
        }
        try cli.write("new.csv", fresh.joined(separator: "\n") + "\n")
        let run = try cli.run(["transform", "pca.json", "new.csv", "--out", "t.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout.contains("placed 30 rows"))
        let model = try JSONDecoder().decode(PCA.Model.self, from: Data(contentsOf: URL(fileURLWithPath: cli.path("pca.json"))))
        let new = try CSVReader(columns: ["f1", "f2", "f3", "f4"]).read(URL(fileURLWithPath: cli.path("new.csv")))
        let written = try SmallTable.read(cli.path("t.csv"))
        #expect(written.columnNames == ["pc1", "pc2"] && written.ids == new.ids)
        #expect(SmallTable.maxDifference(written.matrix, try model.transform(new.matrix)) == 0)
        // The training rows land where `reduce pca` put them.
        #expect(try cli.run(["transform", "pca.json", "d.csv", "--out", "again.csv"]).code == 0)
        #expect(SmallTable.maxDifference(try SmallTable.read(cli.path("again.csv")).matrix,
                                         try SmallTable.read(cli.path("p.csv")).matrix) < 1e-5)
    }

    @Test func umapModelPlacesNewRowsAsTheLibraryDoes() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 120))
        try cli.write("new.csv", SmallTable.blobs(rows: 20, seed: 5))
        let fit = try cli.run(["reduce", "umap", "d.csv", "--n-neighbors", "10", "--n-epochs", "40", "--seed", "2", "--out", "e.csv",
                               "--model-out", "u.model", "--trustworthiness-neighbors", "0"])
        #expect(fit.code == 0, "\(fit.stderr)")
        let run = try cli.run(["transform", "u.model", "new.csv", "--out", "t.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        let model = try UMAP.Model.read(from: URL(fileURLWithPath: cli.path("u.model")))
        let new = try SmallTable.read(cli.path("new.csv"))
        let written = try SmallTable.read(cli.path("t.csv"))
        #expect(written.columnNames == ["umap1", "umap2"] && written.ids == new.ids)
        #expect(SmallTable.maxDifference(written.matrix, try model.transform(new.matrix)) == 0)
    }

    @Test func compactOrForeignModelIsAClearError() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 60))
        #expect(try cli.run(["reduce", "umap", "d.csv", "--n-epochs", "10", "--out", "e.csv", "--model-out", "c.model",
                             "--compact-model", "--trustworthiness-neighbors", "0"]).code == 0)
        let compact = try cli.run(["transform", "c.model", "d.csv", "--out", "t.csv"])
        #expect(compact.code == 1 && compact.stderr.contains("c.model was saved compactly"), "\(compact.stderr)")
        try cli.write("bad.json", "{\"mean\": [1]}")
        let foreign = try cli.run(["transform", "bad.json", "d.csv", "--out", "t.csv"])
        #expect(foreign.code == 1 && foreign.stderr.contains("bad.json is not a Strata PCA model file"), "\(foreign.stderr)")
    }
}
