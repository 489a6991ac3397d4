import Foundation
import StrataData
import Testing

/// `strata preprocess scale|correlate|select` through the real binary.
@Suite struct PreprocessCommandTests {
    /// Columns a and b correlate strongly, c is independent noise.
    static func correlated() -> String {
        var lines = ["id,a,b,c"]
        for i in 0..<40 {
            let a = Double(i % 13) + 0.25 * Double(i % 3)
            let b = 2 * a + Double((i * 7) % 5) - 2
            let c = Double((i * 11) % 17)
            lines.append("r\(i),\(a),\(b),\(c)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Pair: Decodable, Equatable { let a: String; let b: String; let r: Double }

    func pairs(_ cli: CLIRunner, threshold: Double) throws -> [Pair] {
        let run = try cli.run(["preprocess", "correlate", "d.csv", "--threshold", "\(threshold)", "--json"])
        #expect(run.code == 0, "\(run.stderr)")
        return try JSONDecoder().decode([Pair].self, from: Data(run.stdout.utf8))
    }

    func kept(_ cli: CLIRunner, threshold: Double) throws -> [String] {
        let run = try cli.run(["preprocess", "select", "d.csv", "--correlation-threshold", "\(threshold)", "--out", "s.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        return try SmallTable.read(cli.path("s.csv")).columnNames
    }

    /// A pair exactly at the threshold is not above it: `correlate` does not list it and `select`
    /// keeps both columns; just below the threshold `correlate` lists it and `select` drops b.
    @Test func correlateAndSelectAgreeAtTheThreshold() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", Self.correlated())
        let ab = try #require(try pairs(cli, threshold: 0).first { $0.a == "a" && $0.b == "b" })
        let r = abs(ab.r)
        #expect(r > 0.8 && r < 1)
        // The matrix of the library, in-process, has the same value.
        let data = try SmallTable.read(cli.path("d.csv"))
        #expect(try CorrelationMatrix(data.matrix)[0, 1] == ab.r)

        #expect(try pairs(cli, threshold: r).isEmpty)
        #expect(try kept(cli, threshold: r) == ["a", "b", "c"])
        #expect(try pairs(cli, threshold: r.nextDown) == [ab])
        #expect(try kept(cli, threshold: r.nextDown) == ["a", "c"])
    }

    @Test func scaleAppliesTheChosenScalerAfterLog1pOnNamedColumns() throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", Self.correlated())
        let run = try cli.run(["preprocess", "scale", "d.csv", "--method", "minmax", "--log1p", "a, c", "--out", "s.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        #expect(run.stdout.contains("minmax scaling after log1p on 2 column(s)"), "\(run.stdout)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let logged = try Log1pTransform(columns: [0, 2]).transform(data)
        let expected = try MinMaxScaler().fit(logged.matrix).transform(logged)
        let written = try SmallTable.read(cli.path("s.csv"))
        #expect(written.ids == data.ids && written.columnNames == ["a", "b", "c"])
        #expect(SmallTable.maxDifference(written.matrix, expected.matrix) == 0)
        let unknown = try cli.run(["preprocess", "scale", "d.csv", "--log1p", "a,zz", "--out", "s.csv"])
        #expect(unknown.code == 1 && unknown.stderr.contains("zz"), "\(unknown.stderr)")
    }
}
