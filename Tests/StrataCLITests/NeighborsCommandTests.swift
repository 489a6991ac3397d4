import Foundation
import StrataData
import StrataNeighbors
import Testing

/// `strata neighbors k-distance` through the real binary, against the library in-process.
@Suite struct NeighborsCommandTests {
    @Test(arguments: [1.0, 4.0])
    func kneeAndCurveMatchTheLibrary(sensitivity: Double) throws {
        let cli = try CLIRunner()
        try cli.write("d.csv", SmallTable.blobs(rows: 200, dimensions: 3, spread: 0.5))
        let run = try cli.run(["neighbors", "k-distance", "d.csv", "--k", "6", "--sensitivity", "\(sensitivity)", "--curve-out", "c.csv"])
        #expect(run.code == 0, "\(run.stderr)")
        let data = try SmallTable.read(cli.path("d.csv"))
        let expected = try KDistance(k: 6, sensitivity: sensitivity).knee(data.matrix)
        let curve = try CSVReader(idColumn: .named("rank")).read(URL(fileURLWithPath: cli.path("c.csv")))
        #expect(curve.columnNames == ["distance"] && curve.matrix.storage == expected.curve)
        let value = try #require(expected.value, "the blobs' curve has a knee")
        #expect(SmallTable.number(after: "eps", in: run.stdout).map(Float.init) == value, "\(run.stdout)")
        #expect(run.stdout.contains("knee at rank \(try #require(expected.kneeIndex)) of 200, k = 6"), "\(run.stdout)")
    }
}
