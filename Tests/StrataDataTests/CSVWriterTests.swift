import Foundation
import StrataCore
import StrataData
import Testing

@Suite struct CSVWriterTests {
    @Test func tableRoundTripsExactly() throws {
        var rng = SeededGenerator(seed: 3)
        let rows = 70_000
        var values = [Float]()
        for r in 0..<(rows * 3) {
            switch r % 3 {
            case 0: values.append(Float(rng.nextGaussian()) * 1e6)
            case 1: values.append(Float(rng.nextInt(below: 100)))
            default: values.append(Float(rng.nextUnit()) * 1e-7)
            }
        }
        let table = try FeatureTable(columnNames: ["x", "count, total", "tiny"], ids: (0..<rows).map { "id \"\($0)\"" },
                                     matrix: Matrix(rows: rows, columns: 3, values: values))
        let url = temporaryDirectory().appendingPathComponent("out.csv")
        try CSVWriter().write(table, to: url, idColumn: "customer")
        let back = try CSVReader(idColumn: "customer").read(url)
        #expect(back == table)
    }

    @Test func matrixWithHeaderAndNoIds() throws {
        let m = try Matrix(rows: 2, columns: 2, values: [1, 2.5, -3, 0.1])
        let url = temporaryDirectory().appendingPathComponent("m.csv")
        try CSVWriter().write(m, columnNames: ["a", "b"], to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "a,b\n1,2.5\n-3,0.1\n")
    }

    @Test func labels() throws {
        let url = temporaryDirectory().appendingPathComponent("labels.csv")
        try CSVWriter().writeLabels([0, -1, 12], ids: ["a", "b,c", "d"], to: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "id,label\na,0\n\"b,c\",-1\nd,12\n")
        try CSVWriter().writeLabels([3, 4], to: url, labelColumn: "segment")
        #expect(try String(contentsOf: url, encoding: .utf8) == "id,segment\n0,3\n1,4\n")
    }

    @Test func shapeErrors() throws {
        let m = Matrix(rows: 2, columns: 2)
        let url = temporaryDirectory().appendingPathComponent("x.csv")
        #expect(throws: DataError.self) { try CSVWriter().write(m, columnNames: ["a"], to: url) }
        #expect(throws: DataError.self) { try CSVWriter().writeLabels([1], ids: ["a", "b"], to: url) }
        #expect(throws: DataError.self) { try CSVWriter().write(m, columnNames: ["a", "b"], to: URL(fileURLWithPath: "/nonexistent/dir/x.csv")) }
    }
}
