import Foundation
import StrataData
import StrataTransforms
import Testing

/// `strata reduce pca` through the real binary, checked against the library called in-process.
@Suite struct PCACommandTests {
    @Test func projectionAndLoadingsMatchTheLibrary() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 120, dimensions: 5))
        let run = try cli.run(["reduce", "pca", "d.csv", "--n-components", "3", "--out", "p.csv", "--loadings-out", "l.csv",
                               "--model-out", "pca.json"])
        #expect(run.code == 0, "\(run.stderr)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let (model, projection) = try PCA(componentCount: .count(3)).fitTransform(data.matrix, featureNames: data.columnNames)
        let written = try SmallTable.read(cli.path("p.csv"))
        #expect(written.columnNames == ["pc1", "pc2", "pc3"])
        #expect(written.ids == data.ids)
        #expect(SmallTable.maxDifference(written.matrix, projection) == 0)
        // The loadings file: one row per feature, one column per component.
        let loadings = try CSVReader(idColumn: .named("feature")).read(URL(fileURLWithPath: cli.path("l.csv")))
        #expect(loadings.ids == data.columnNames)
        #expect(loadings.matrix.rows == 5 && loadings.matrix.columns == 3)
        #expect(abs(loadings.matrix[2, 1] - Float(model.loadings[1][2])) < 1e-6)
        // The printed ratio of the first component is the library's.
        #expect(run.stdout.contains(String(format: "%.4f", model.explainedVarianceRatio[0])), "\(run.stdout)")
        // The saved model is the fitted one.
        let saved = try JSONDecoder().decode(PCA.Model.self, from: Data(contentsOf: URL(fileURLWithPath: cli.path("pca.json"))))
        #expect(saved.components == model.components && saved.featureNames == data.columnNames)
    }

    @Test func aFractionKeepsThatShareOfVariance() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 90, dimensions: 6))
        let run = try cli.run(["reduce", "pca", "d.csv", "--n-components", "0.8", "--svd-solver", "exact", "--out", "p.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let model = try PCA(componentCount: .varianceFraction(0.8), solver: .exact).fit(data.matrix)
        #expect(try SmallTable.read(cli.path("p.csv")).matrix.columns == model.componentCount)
        #expect(model.componentCount < 6)
    }
}
