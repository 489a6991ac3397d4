import Foundation
import Testing

/// How verbs read their CSV: `--header auto|yes|no` and the table cache (`--no-cache`).
@Suite struct CSVInputTests {
    static let rows = (0..<40).map { "\(Double($0 % 7) + 0.5),\($0 % 3),\($0 / 10)" }.joined(separator: "\n") + "\n"

    func entries(_ directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".table") }
    }

    @Test func numericHeaderNeedsHeaderYes() throws {
        let cli = try CLIRunner()
        try cli.write("frame.csv", "0,1,2\n" + Self.rows)
        let refused = try cli.run(["cluster", "kmeans", "frame.csv", "--n-clusters", "2", "--out", "l.csv"])
        #expect(refused.code == 1 && refused.stderr.contains("frame.csv") && refused.stderr.contains("--header yes"))
        let read = try cli.run(["cluster", "kmeans", "frame.csv", "--n-clusters", "2", "--out", "l.csv", "--header", "yes"])
        #expect(read.code == 0, "\(read.stderr)")
        let picked = try cli.run(["cluster", "kmeans", "frame.csv", "--n-clusters", "2", "--out", "l.csv",
                                  "--header", "yes", "--columns", "0,2"])
        #expect(picked.code == 0, "\(picked.stderr)")
    }

    @Test func noHeaderNamesColumnsByPosition() throws {
        let cli = try CLIRunner()
        try cli.write("bare.csv", Self.rows)
        let read = try cli.run(["cluster", "kmeans", "bare.csv", "--n-clusters", "2", "--out", "l.csv",
                                "--header", "no", "--columns", "column1,column3"])
        #expect(read.code == 0, "\(read.stderr)")
        let labels = try String(contentsOfFile: cli.path("l.csv"), encoding: .utf8)
        #expect(labels.split(separator: "\n").count == 41)
        #expect(try cli.run(["cluster", "kmeans", "bare.csv", "--n-clusters", "2", "--header", "maybe"]).code != 0)
    }

    @Test func secondRunReadsTheCacheWithTheSameResult() throws {
        let cli = try CLIRunner()
        try cli.write("data.csv", "a,b,c\n" + Self.rows)
        let args = ["cluster", "kmeans", "data.csv", "--n-clusters", "3", "--seed", "1"]
        #expect(try cli.run(args + ["--out", "first.csv"]).code == 0)
        let cacheDirectory = cli.directory.appendingPathComponent(".strata/cache/csv")
        #expect(entries(cacheDirectory).count == 1)
        #expect(try cli.run(args + ["--out", "second.csv"]).code == 0)
        #expect(try cli.run(args + ["--out", "fresh.csv", "--no-cache"]).code == 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: cli.path("first.csv")))
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("second.csv"))) == first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: cli.path("fresh.csv"))) == first)
    }

    @Test func noCacheWritesNothingAndTheEnvironmentMovesTheCache() throws {
        let cli = try CLIRunner()
        try cli.write("data.csv", "a,b,c\n" + Self.rows)
        let args = ["cluster", "kmeans", "data.csv", "--n-clusters", "2", "--out", "l.csv"]
        #expect(try cli.run(args + ["--no-cache"]).code == 0)
        #expect(!FileManager.default.fileExists(atPath: cli.path(".strata/cache")))
        let elsewhere = cli.directory.appendingPathComponent("elsewhere")
        #expect(try cli.run(args, environment: ["STRATA_CACHE_DIR": elsewhere.path]).code == 0)
        #expect(entries(elsewhere).count == 1)
        #expect(!FileManager.default.fileExists(atPath: cli.path(".strata/cache")))
    }
}
