import Foundation
import StrataData
import StrataTransforms
import Testing

/// `strata reduce umap` through the real binary: every option reaches the library (the embedding
/// equals an in-process fit with the same settings, and differs from one with the defaults).
@Suite struct UMAPCommandTests {
    static let options = ["--n-neighbors", "8", "--n-components", "2", "--n-epochs", "60", "--min-dist", "0.2",
                          "--set-op-mix-ratio", "0.6", "--local-connectivity", "1.5", "--repulsion-strength", "0.7",
                          "--init", "random", "--seed", "3", "--trustworthiness-neighbors", "5"]
    static let configuration = UMAP(neighborCount: 8, componentCount: 2, minimumDistance: 0.2, epochCount: 60,
                                    repulsionStrength: 0.7, setOpMixRatio: 0.6, localConnectivity: 1.5,
                                    initialization: .random, seed: 3)

    @Test func embeddingMatchesTheLibraryWithEveryOption() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 150))
        let run = try cli.run(["reduce", "umap", "d.csv", "--out", "e.csv"] + Self.options)
        #expect(run.code == 0, "\(run.stderr)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let expected = try Self.configuration.fit(data.matrix).embedding
        let written = try SmallTable.read(cli.path("e.csv"))
        #expect(written.columnNames == ["umap1", "umap2"])
        #expect(written.ids == data.ids)
        #expect(SmallTable.maxDifference(written.matrix, expected) == 0)
        var defaults = Self.configuration
        (defaults.setOpMixRatio, defaults.localConnectivity, defaults.repulsionStrength) = (1, 1, 1)
        #expect(SmallTable.maxDifference(try defaults.fit(data.matrix).embedding, expected) > 1e-3)
        #expect(run.stdout.contains("trustworthiness (5 neighbours) 0."), "\(run.stdout)")
    }

    @Test func outOfRangeOptionIsRefusedBeforeReadingTheInput() throws {
        let outcome = try CLIRunner().run(["reduce", "umap", "absent.csv", "--out", "e.csv", "--set-op-mix-ratio", "1.5"])
        #expect(outcome.code == 1)
        #expect(outcome.stderr.contains("--set-op-mix-ratio must be in [0, 1], got 1.5"), "\(outcome.stderr)")
        #expect(!outcome.stderr.contains("no such file"))
    }
}
