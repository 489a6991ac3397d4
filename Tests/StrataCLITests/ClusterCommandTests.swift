import Foundation
import StrataClustering
import StrataData
import StrataNeighbors
import Testing

/// `strata cluster hdbscan|gmm|minibatch-kmeans` through the real binary: the labels file has one
/// parsable row per input row with its id, and the labels are the library's (or the reference
/// package's) for the same options.
@Suite struct ClusterCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/cli")

    struct NestedCase: Decodable {
        struct Parameters: Decodable {
            let minClusterSize: Int
            let minSamples: Int
            let maxClusterSize: Int?
            let alpha: Double?
        }
        let name: String
        let parameters: Parameters
        let labels: [Int]

        var arguments: [String] {
            let p = parameters
            return ["--min-cluster-size", "\(p.minClusterSize)", "--min-samples", "\(p.minSamples)"]
                + (p.maxClusterSize.map { ["--max-cluster-size", "\($0)"] } ?? []) + (p.alpha.map { ["--alpha", "\($0)"] } ?? [])
        }
    }

    /// `--max-cluster-size` and `--alpha` give the hdbscan package's labels
    /// (Tests/Fixtures/cli/make_cli_hdbscan.py): two groups of two blobs, split by the size cap.
    @Test func hdbscanMaxClusterSizeAndAlphaMatchTheHdbscanPackage() throws {
        struct Fixture: Decodable { let cases: [NestedCase] }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let fixture = try decoder.decode(Fixture.self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("hdbscan_nested.json")))
        let data = Self.fixtures.appendingPathComponent("hdbscan_nested.csv").path
        let ids = try SmallTable.read(data).ids
        var outcomes: [String: [Int]] = [:]
        for reference in fixture.cases {
            let cli = try CLIRunner()
            let run = try cli.run(["cluster", "hdbscan", data, "--out", "l.csv", "--details-out", "details.csv"] + reference.arguments)
            #expect(run.code == 0, "\(reference.name): \(run.stderr)")
            let labels = try SmallTable.labels(cli.path("l.csv"), ids: ids)
            #expect(SmallTable.samePartition(labels, reference.labels), "\(reference.name)")
            let clusters = Set(reference.labels.filter { $0 >= 0 }).count
            #expect(run.stdout.contains("hdbscan: \(clusters) cluster(s)"), "\(run.stdout)")
            let details = try SmallTable.read(cli.path("details.csv"))
            #expect(details.columnNames == ["label", "probability", "outlier_score"] && details.ids == ids)
            #expect((0..<details.rowCount).allSatisfy { Int(details.matrix[$0, 0]) == labels[$0] && (0...1).contains(details.matrix[$0, 1]) })
            outcomes[reference.name] = labels
        }
        // The fixture is only a test of the options if they change the answer.
        #expect(Set(outcomes.values).count == fixture.cases.count)
    }

    @Test func gmmLabelsAndCriteriaMatchTheLibrary() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 150, dimensions: 3))
        let run = try cli.run(["cluster", "gmm", "d.csv", "--n-components", "3", "--covariance-type", "diag", "--seed", "2", "--out", "g.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let model = try GaussianMixture(componentCount: 3, covarianceType: .diagonal, seed: 2).fit(data.matrix)
        #expect(try SmallTable.labels(cli.path("g.csv"), ids: data.ids) == model.labels)
        #expect(run.stdout.contains("gmm: 3 cluster(s)"))
        #expect(SmallTable.number(after: "BIC", in: run.stdout) == (try model.bic(data.matrix)), "\(run.stdout)")
    }

    @Test func miniBatchKMeansLabelsAndInertiaMatchTheLibrary() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 300, dimensions: 3))
        let run = try cli.run(["cluster", "minibatch-kmeans", "d.csv", "--n-clusters", "3", "--batch-size", "64", "--seed", "4",
                               "--out", "m.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let model = try MiniBatchKMeans(clusterCount: 3, batchSize: 64, seed: 4).fit(data.matrix)
        #expect(try SmallTable.labels(cli.path("m.csv"), ids: data.ids) == model.labels)
        #expect(SmallTable.number(after: "inertia", in: run.stdout) == model.inertia, "\(run.stdout)")
        // Three well-separated blobs in row order 0, 1, 2, 0, …: each found whole.
        #expect(SmallTable.samePartition(model.labels, (0..<300).map { $0 % 3 }))
    }

    /// `--eps knee` takes the k-distance knee at k = min-samples (the library's), and `auto` is
    /// the same on this verb: identical labels and the same printed eps.
    @Test func dbscanEpsKneeIsTheLibrarysKneeAndAutoIsTheSame() throws {
        let cli = try CLIRunner()
        #expect(try cli.run(["generate", "customers", "--rows", "800", "--seed", "2", "--out", "c.csv"]).code == 0)
        let knee = try cli.run(["cluster", "dbscan", "c.csv", "--eps", "knee", "--min-samples", "6", "--out", "knee.csv"])
        let auto = try cli.run(["cluster", "dbscan", "c.csv", "--eps", "auto", "--min-samples", "6", "--out", "auto.csv"])
        #expect(knee.code == 0 && auto.code == 0, "\(knee.stderr) \(auto.stderr)")
        let table = try CSVReader().read(URL(fileURLWithPath: cli.path("c.csv")))
        let expected = try #require(try KDistance(k: 6).knee(table.matrix).value)
        #expect(knee.stdout.contains("k-distance knee (k = 6): eps = \(expected)"), "\(knee.stdout)")
        #expect(try String(contentsOfFile: cli.path("knee.csv"), encoding: .utf8) == String(contentsOfFile: cli.path("auto.csv"), encoding: .utf8))
    }
}
